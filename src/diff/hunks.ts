/**
 * Compares two aligned streams: rows of equal, removed, added and changed
 * events (a changed event is the same call with another result), grouped
 * into hunks with context like a unified diff, and counted.
 *
 * @module
 */

import { align } from "./align.ts";
import type { StoredEvent } from "./store.ts";

/**
 * What happened to one event between the two recordings.
 *
 * @example The marks `systape diff` starts a row's lines with
 * ```ts
 * import type { RowOp } from "./hunks.ts";
 * const marks: Record<RowOp, string[]> = {
 *   same: ["  "],
 *   removed: ["- "],
 *   added: ["+ "],
 *   changed: ["-~", "+~"], // the first run's line, then the second's
 * };
 * ```
 */
export type RowOp = "same" | "removed" | "added" | "changed";

/**
 * One row of a diff.
 *
 * @example Print the calls that returned something else the second time
 * ```ts ignore
 * import { diffRecordings } from "./diff.ts";
 * const diff = await diffRecordings("run1.ndjson", "run2.ndjson");
 * for await (const stream of diff) {
 *   const rows = stream.hunks.flatMap((hunk) => hunk.rows);
 *   for (const row of rows.filter((row) => row.op === "changed")) {
 *     console.log(`-~${row.a!.line}\n+~${row.b!.line}`);
 *   }
 * }
 * ```
 */
export interface Row {
  /** What happened. */
  op: RowOp;
  /** The event in the first recording (absent when added). */
  a: StoredEvent | null;
  /** The event in the second recording (absent when removed). */
  b: StoredEvent | null;
}

/**
 * A run of changes with context around it.
 *
 * @example Print where each hunk is, e.g. `p1 -106,16 +106,15`
 * ```ts ignore
 * import { diffRecordings } from "./diff.ts";
 * const diff = await diffRecordings("run1.ndjson", "run2.ndjson");
 * for await (const stream of diff) {
 *   for (const { aStart, aCount, bStart, bCount } of stream.hunks) {
 *     console.log(`${stream.id} -${aStart},${aCount} +${bStart},${bCount}`);
 *   }
 * }
 * ```
 */
export interface Hunk {
  /** 1-based position of its first event in the first stream. */
  aStart: number;
  /** How many events of the first stream it shows. */
  aCount: number;
  /** 1-based position of its first event in the second stream. */
  bStart: number;
  /** How many events of the second stream it shows. */
  bCount: number;
  /** The rows, context included. */
  rows: Row[];
}

/**
 * Counts of differences.
 *
 * @example Count the syscalls added and removed in each thread
 * ```ts ignore
 * import { diffRecordings } from "./diff.ts";
 * const diff = await diffRecordings("run1.ndjson", "run2.ndjson");
 * for await (const { id, counts } of diff) {
 *   const { syscallsAdded, syscallsRemoved, newFailures } = counts;
 *   console.log(`${id}: +${syscallsAdded} -${syscallsRemoved}`);
 *   if (newFailures > 0) console.log(`${id}: ${newFailures} new failures`);
 * }
 * ```
 */
export interface Counts {
  /** Syscalls only in the second recording. */
  syscallsAdded: number;
  /** Syscalls only in the first. */
  syscallsRemoved: number;
  /** Syscalls in both with another result. */
  syscallsChanged: number;
  /** Other events (exec, signal, exit...) only in the second. */
  eventsAdded: number;
  /** Other events only in the first. */
  eventsRemoved: number;
  /** Other events that differ. */
  eventsChanged: number;
  /** Syscalls that fail in the second recording but did not in the first. */
  newFailures: number;
}

/** The outcome of comparing two streams. */
export interface StreamComparison {
  /** The hunks, empty when the streams are equal. */
  hunks: Hunk[];
  /** What differs, counted. */
  counts: Counts;
}

/**
 * Aligns two streams on their keys and groups the differences into hunks
 * with `context` equal rows around each.
 *
 * @example
 * ```ts ignore
 * import { compareStreams } from "./hunks.ts";
 * const { hunks, counts } = compareStreams(eventsA, eventsB, 3);
 * ```
 */
export function compareStreams(
  a: readonly StoredEvent[],
  b: readonly StoredEvent[],
  context: number,
): StreamComparison {
  const rows = toRows(a, b);
  return { hunks: toHunks(rows, context), counts: count(rows) };
}

/**
 * Zero counts, to add into.
 *
 * @example
 * ```ts
 * import { noCounts } from "./hunks.ts";
 * noCounts().syscallsAdded; // 0
 * ```
 */
export function noCounts(): Counts {
  return {
    syscallsAdded: 0,
    syscallsRemoved: 0,
    syscallsChanged: 0,
    eventsAdded: 0,
    eventsRemoved: 0,
    eventsChanged: 0,
    newFailures: 0,
  };
}

/**
 * Adds `more` into `total`.
 *
 * @example
 * ```ts
 * import { addCounts, noCounts } from "./hunks.ts";
 * const total = noCounts();
 * addCounts(total, { ...noCounts(), syscallsAdded: 1 });
 * ```
 */
export function addCounts(total: Counts, more: Counts) {
  for (const key of Object.keys(more) as (keyof Counts)[]) {
    total[key] += more[key];
  }
}

function toRows(a: readonly StoredEvent[], b: readonly StoredEvent[]): Row[] {
  const ids = new Map<string, number>();
  const intern = (event: StoredEvent) => {
    let id = ids.get(event.key);
    if (id === undefined) ids.set(event.key, id = ids.size);
    return id;
  };
  const matches = align(Int32Array.from(a, intern), Int32Array.from(b, intern));

  const rows: Row[] = [];
  let i = 0;
  let j = 0;
  for (const match of [...matches, { a: a.length, b: b.length, length: 0 }]) {
    for (; i < match.a; i++) rows.push({ op: "removed", a: a[i], b: null });
    for (; j < match.b; j++) rows.push({ op: "added", a: null, b: b[j] });
    for (let n = 0; n < match.length; n++, i++, j++) {
      const op = a[i].line === b[j].line ? "same" : "changed";
      rows.push({ op, a: a[i], b: b[j] });
    }
  }
  return rows;
}

function toHunks(rows: readonly Row[], context: number): Hunk[] {
  const hunks: Hunk[] = [];
  let aPosition = 0;
  let bPosition = 0;
  let current: Hunk | null = null;
  let lastChange = -Infinity;
  const nextChange = nextChanges(rows);

  for (let index = 0; index < rows.length; index++) {
    const row = rows[index];
    const near = index - lastChange <= context ||
      nextChange[index] - index <= context;

    if (near) {
      current ??= startHunk(hunks, aPosition, bPosition);
      addRow(current, row);
    } else current = null;

    if (row.op !== "same") lastChange = index;
    if (row.a) aPosition++;
    if (row.b) bPosition++;
  }
  return hunks;
}

/** For each row, the index of the first row at or after it that differs. */
function nextChanges(rows: readonly Row[]): Float64Array {
  const next = new Float64Array(rows.length);
  let change = Infinity;
  for (let index = rows.length - 1; index >= 0; index--) {
    if (rows[index].op !== "same") change = index;
    next[index] = change;
  }
  return next;
}

function startHunk(hunks: Hunk[], a: number, b: number): Hunk {
  const hunk = { aStart: a + 1, aCount: 0, bStart: b + 1, bCount: 0, rows: [] };
  hunks.push(hunk);
  return hunk;
}

function addRow(hunk: Hunk, row: Row) {
  hunk.rows.push(row);
  if (row.a) hunk.aCount++;
  if (row.b) hunk.bCount++;
}

function count(rows: readonly Row[]): Counts {
  const counts = noCounts();
  for (const { op, a, b } of rows) {
    const event = (b ?? a)!;
    if (op === "added" && event.syscall) counts.syscallsAdded++;
    if (op === "added" && !event.syscall) counts.eventsAdded++;
    if (op === "removed" && event.syscall) counts.syscallsRemoved++;
    if (op === "removed" && !event.syscall) counts.eventsRemoved++;
    if (op === "changed" && event.syscall) counts.syscallsChanged++;
    if (op === "changed" && !event.syscall) counts.eventsChanged++;

    const newlyFailing = b?.failed && !(op === "changed" && a?.failed);
    if ((op === "added" || op === "changed") && newlyFailing) {
      counts.newFailures++;
    }
  }
  return counts;
}
