/**
 * Aligns two sequences with Myers' O(ND) difference algorithm, in its
 * linear-space form (E. Myers, "An O(ND) Difference Algorithm and Its
 * Variations", Algorithmica 1986, section 4b): find the middle snake of
 * an optimal path, split there, repeat on both halves. One extra element
 * is one insertion, never a cascade of changes after it.
 *
 * @module
 */

/** A run of equal elements: `a[a + i] === b[b + i]` for i below `length`. */
export interface Match {
  /** Start in the first sequence. */
  a: number;
  /** Start in the second sequence. */
  b: number;
  /** How many elements are equal. */
  length: number;
}

/**
 * How many edits one middle-snake search may explore before it settles for
 * a split at the furthest point its paths reached (GNU diff's heuristic,
 * with its bound): the alignment may then be a little longer than the
 * shortest, but two unrelated streams of a million calls cost seconds
 * instead of hours (N·D).
 */
export const MAX_COST = 4096;

interface Block {
  aLo: number;
  aHi: number;
  bLo: number;
  bHi: number;
}

interface Snake {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * The runs of a longest common subsequence of `a` and `b` (shortest edit
 * script), in order. Elements are compared with `===`; intern strings to
 * numbers first for speed.
 *
 * @example
 * ```ts
 * import { align } from "./align.ts";
 * align([1, 2, 3, 4], [1, 2, 9, 3, 4]);
 * // [{ a: 0, b: 0, length: 2 }, { a: 2, b: 3, length: 2 }]
 * ```
 */
export function align(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  maxCost = MAX_COST,
): Match[] {
  const matches: Match[] = [];
  // A work list rather than recursion: a deep split costs no stack.
  const blocks: Block[] = [{ aLo: 0, aHi: a.length, bLo: 0, bHi: b.length }];

  while (blocks.length > 0) {
    const block = trim(a, b, blocks.pop()!, matches);
    if (block.aLo === block.aHi || block.bLo === block.bHi) continue;

    const snake = middleSnake(a, b, block, maxCost);
    // Never expected; a block that cannot be split is left as different.
    if (!snake || !splits(block, snake)) continue;

    add(matches, snake.x0, snake.y0, snake.x1 - snake.x0);
    blocks.push({ ...block, aHi: snake.x0, bHi: snake.y0 });
    blocks.push({ ...block, aLo: snake.x1, bLo: snake.y1 });
  }

  return merge(matches);
}

/** Takes the common prefix and suffix off a block, as matches. */
function trim(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  block: Block,
  matches: Match[],
): Block {
  let { aLo, aHi, bLo, bHi } = block;

  const start = aLo;
  while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) aLo++, bLo++;
  add(matches, start, bLo - (aLo - start), aLo - start);

  const end = aHi;
  while (aLo < aHi && bLo < bHi && a[aHi - 1] === b[bHi - 1]) aHi--, bHi--;
  add(matches, aHi, bHi, end - aHi);

  return { aLo, aHi, bLo, bHi };
}

/**
 * The middle snake of an optimal path through the block: forward paths
 * from the top left and backward paths from the bottom right, extended by
 * one edit in turn until they overlap. When that takes more than `maxCost`
 * edits, an empty snake at the furthest point a path reached instead.
 */
function middleSnake(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  { aLo, aHi, bLo, bHi }: Block,
  maxCost: number,
): Snake | null {
  const n = aHi - aLo;
  const m = bHi - bLo;
  const delta = n - m;
  const odd = (delta & 1) !== 0;
  const limit = Math.min(Math.ceil((n + m) / 2), maxCost);
  const offset = limit + 1;
  // Furthest x reached on each diagonal k = x - y, forward and backward;
  // backward diagonal k is forward diagonal delta - k.
  const forward = new Int32Array(2 * limit + 3);
  const backward = new Int32Array(2 * limit + 3);

  for (let d = 0; d <= limit; d++) {
    for (let k = -d; k <= d; k += 2) {
      const x0 = next(forward, offset, k, d);
      let x = x0;
      while (x < n && x - k < m && a[aLo + x] === b[bLo + x - k]) x++;
      forward[offset + k] = x;

      const kb = delta - k;
      if (odd && kb >= 1 - d && kb <= d - 1 && x + backward[offset + kb] >= n) {
        return { x0: aLo + x0, y0: bLo + x0 - k, x1: aLo + x, y1: bLo + x - k };
      }
    }
    for (let k = -d; k <= d; k += 2) {
      const x0 = next(backward, offset, k, d);
      let x = x0;
      while (x < n && x - k < m && a[aHi - 1 - x] === b[bHi - 1 - x + k]) x++;
      backward[offset + k] = x;

      const kf = delta - k;
      if (!odd && kf >= -d && kf <= d && x + forward[offset + kf] >= n) {
        return { x0: aHi - x, y0: bHi - x + k, x1: aHi - x0, y1: bHi - x0 + k };
      }
    }
  }
  return furthest(forward, backward, offset, limit, { aLo, aHi, bLo, bHi });
}

/** The point a forward or backward path of `limit` edits got furthest to. */
function furthest(
  forward: Int32Array,
  backward: Int32Array,
  offset: number,
  limit: number,
  { aLo, aHi, bLo, bHi }: Block,
): Snake | null {
  const n = aHi - aLo;
  const m = bHi - bLo;
  let best: { x: number; y: number; progress: number } | null = null;
  for (let k = -limit; k <= limit; k += 2) {
    const x = forward[offset + k];
    const y = x - k;
    if (y >= 0 && y <= m && x <= n && (!best || x + y > best.progress)) {
      best = { x: aLo + x, y: bLo + y, progress: x + y };
    }
    const xb = backward[offset + k];
    const yb = xb - k;
    if (yb >= 0 && yb <= m && xb <= n && (!best || xb + yb > best.progress)) {
      best = { x: aHi - xb, y: bHi - yb, progress: xb + yb };
    }
  }
  return best && { x0: best.x, y0: best.y, x1: best.x, y1: best.y };
}

/** Where a path on diagonal k starts at cost d: down from k+1 or right from k-1. */
function next(v: Int32Array, offset: number, k: number, d: number): number {
  const down = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]);
  return down ? v[offset + k + 1] : v[offset + k - 1] + 1;
}

/** Whether splitting at the snake leaves two strictly smaller blocks. */
function splits(block: Block, snake: Snake): boolean {
  const before = snake.x0 - block.aLo + snake.y0 - block.bLo;
  const after = block.aHi - snake.x1 + block.bHi - snake.y1;
  const size = block.aHi - block.aLo + block.bHi - block.bLo;
  return before < size && after < size;
}

function add(matches: Match[], a: number, b: number, length: number) {
  if (length > 0) matches.push({ a, b, length });
}

/** Sorts the runs and joins the ones that touch. */
function merge(matches: Match[]): Match[] {
  matches.sort((x, y) => x.a - y.a);
  const merged: Match[] = [];
  for (const match of matches) {
    const last = merged[merged.length - 1];
    if (
      last && last.a + last.length === match.a &&
      last.b + last.length === match.b
    ) {
      last.length += match.length;
    } else merged.push({ ...match });
  }
  return merged;
}
