/**
 * Pairs the processes and threads of two recordings. The first processes
 * pair up; below a pair, children pair by logical id (spawn order) — or,
 * when children were started in another order, by what they executed and
 * did, so that `make -j` style runs still compare child with child.
 *
 * @module
 */

import type { Life, ProcessTree } from "./tree.ts";

/** Two threads to compare; one side is null when only the other has it. */
export interface StreamPair {
  /** The thread in the first recording. */
  a: Life | null;
  /** The thread in the second recording. */
  b: Life | null;
}

/** What the matcher knows of each life beyond the tree. */
export interface LifeTraits {
  /** What it executed; equal identities pair first. */
  identity(side: "a" | "b", life: Life): string;
  /** Its stream's profile, for {@linkcode similarity}. */
  profile(side: "a" | "b", life: Life): Uint32Array;
}

/** Lowest {@linkcode similarity} at which two siblings of different identity pair. */
export const SIMILAR = 0.5;

// Above this many sibling pairs to score, pair by identity and order only.
const SCORING_LIMIT = 250_000;

/**
 * The pairs to compare, leaders before their threads, parents before
 * children (pre-order), a recording's unmatched processes with all their
 * descendants as one-sided pairs.
 *
 * @example
 * ```ts ignore
 * import { matchTrees } from "./match.ts";
 * for (const { a, b } of matchTrees(treeA, treeB, traits, true)) {
 *   console.log(a?.id ?? "-", b?.id ?? "-");
 * }
 * ```
 */
export function matchTrees(
  treeA: ProcessTree,
  treeB: ProcessTree,
  traits: LifeTraits,
  byContent: boolean,
): StreamPair[] {
  const pairs: StreamPair[] = [];
  const pending: [Life | null, Life | null][] = [];
  const roots = pairSiblings(
    treeA.roots.map((index) => treeA.lives[index]),
    treeB.roots.map((index) => treeB.lives[index]),
    traits,
    byContent,
    true,
  );
  for (const pair of roots.reverse()) pending.push(pair);

  while (pending.length > 0) {
    const [a, b] = pending.pop()!;
    pairs.push({ a, b });

    const threads = pairSiblings(
      lives(treeA, a?.threads),
      lives(treeB, b?.threads),
      traits,
      byContent,
    );
    for (const [a, b] of threads) pairs.push({ a, b });

    const children = pairSiblings(
      lives(treeA, a?.children),
      lives(treeB, b?.children),
      traits,
      byContent,
    );
    for (const pair of children.reverse()) pending.push(pair);
  }
  return pairs;
}

/**
 * How alike two streams' profiles are, from 0 to 1: the weighted Jaccard
 * index of their buckets (sum of minimums over sum of maximums).
 *
 * @example
 * ```ts
 * import { similarity } from "./match.ts";
 * similarity(new Uint32Array([2, 1]), new Uint32Array([2, 1])); // 1
 * ```
 */
export function similarity(x: Uint32Array, y: Uint32Array): number {
  let shared = 0;
  let total = 0;
  for (let index = 0; index < x.length; index++) {
    shared += Math.min(x[index], y[index]);
    total += Math.max(x[index], y[index]);
  }
  return total === 0 ? 1 : shared / total;
}

function lives(tree: ProcessTree, indexes: number[] | undefined): Life[] {
  return (indexes ?? []).map((index) => tree.lives[index]);
}

/**
 * Pairs two lists of siblings. By content: a child pairs with the one at
 * its place in spawn order when both ran the same programs and their
 * streams are {@linkcode SIMILAR}; the others are scored (same identity
 * first, then similarity, then nearness in spawn order) and the best pairs
 * taken greedily, each sharing its identity or being similar. Without
 * content, or for the first processes, by order alone.
 */
function pairSiblings(
  as: Life[],
  bs: Life[],
  traits: LifeTraits,
  byContent: boolean,
  firstByOrder = false,
): [Life | null, Life | null][] {
  const partner = new Map<number, number>();
  if (firstByOrder && as.length > 0 && bs.length > 0) partner.set(0, 0);

  if (!byContent) {
    for (let i = 0; i < Math.min(as.length, bs.length); i++) partner.set(i, i);
    return assemble(as, bs, partner);
  }

  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    if (alike(as[i], bs[i], traits) >= SIMILAR) partner.set(i, i);
  }
  if (as.length * bs.length <= SCORING_LIMIT) {
    pairByScore(as, bs, traits, partner);
  } else pairByIdentity(as, bs, traits, partner);
  return assemble(as, bs, partner);
}

/** Similarity of two siblings' streams; 0 when they ran other programs. */
function alike(a: Life, b: Life, traits: LifeTraits): number {
  if (traits.identity("a", a) !== traits.identity("b", b)) return 0;
  return similarity(traits.profile("a", a), traits.profile("b", b));
}

function pairByScore(
  as: Life[],
  bs: Life[],
  traits: LifeTraits,
  partner: Map<number, number>,
) {
  const taken = new Set(partner.values());
  const candidates: { i: number; j: number; score: number }[] = [];
  const span = Math.max(as.length, bs.length);
  for (let i = 0; i < as.length; i++) {
    if (partner.has(i)) continue;
    for (let j = 0; j < bs.length; j++) {
      if (taken.has(j)) continue;
      const sameIdentity =
        traits.identity("a", as[i]) === traits.identity("b", bs[j]);
      const alike = similarity(
        traits.profile("a", as[i]),
        traits.profile("b", bs[j]),
      );
      if (!sameIdentity && alike < SIMILAR) continue;

      const near = Math.abs(i - j) / span / 100;
      candidates.push({ i, j, score: (sameIdentity ? 2 : 0) + alike - near });
    }
  }

  candidates.sort((x, y) => y.score - x.score || x.i - y.i);
  for (const { i, j } of candidates) {
    if (partner.has(i) || taken.has(j)) continue;
    partner.set(i, j);
    taken.add(j);
  }
}

/** For very many siblings: equal identities in order, then the rest in order. */
function pairByIdentity(
  as: Life[],
  bs: Life[],
  traits: LifeTraits,
  partner: Map<number, number>,
) {
  // Each identity's siblings, latest first: pop() takes the earliest.
  const waiting = new Map<string, number[]>();
  for (let j = bs.length - 1; j >= 0; j--) {
    const identity = traits.identity("b", bs[j]);
    const stack = waiting.get(identity);
    if (stack) stack.push(j);
    else waiting.set(identity, [j]);
  }

  const taken = new Set(partner.values());
  as.forEach((a, i) => {
    if (partner.has(i)) return;
    const stack = waiting.get(traits.identity("a", a)) ?? [];
    let j = stack.pop();
    while (j !== undefined && taken.has(j)) j = stack.pop();
    if (j === undefined) return;
    partner.set(i, j);
    taken.add(j);
  });
}

/** A's siblings in order with their partners, then B's unpaired ones. */
function assemble(
  as: Life[],
  bs: Life[],
  partner: Map<number, number>,
): [Life | null, Life | null][] {
  const paired = new Set(partner.values());
  return [
    ...as.map((a, i): [Life | null, Life | null] => {
      const j = partner.get(i);
      return [a, j === undefined ? null : bs[j]];
    }),
    ...bs.flatMap((b, j): [Life | null, Life | null][] =>
      paired.has(j) ? [] : [[null, b]]
    ),
  ];
}
