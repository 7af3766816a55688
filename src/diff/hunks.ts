/**
 * Compares two aligned streams: rows of equal, removed, added and changed
 * events (a changed event is the same call with another result), grouped
 * into hunks with context like a unified diff, and counted. Each stream is
 * read twice, for its keys and then for the rows, so that what is held is
 * a number per event and the rows shown, never the streams' text.
 *
 * @module
 */

import { align, type Match } from "./align.ts";
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
 * A stream's events as {@linkcode compareStreams} takes them: iterated
 * twice, once for the keys to align and once for the rows, so that no
 * more than the rows shown is ever held.
 *
 * @example An array is one; so is a stored stream
 * ```ts
 * import type { EventSource } from "./hunks.ts";
 * const events: EventSource = [{
 *   key: "getppid()",
 *   line: "getppid() = p0",
 *   syscall: true,
 *   failed: false,
 *   source: 3,
 * }];
 * ```
 */
export type EventSource =
  & (Iterable<StoredEvent> | AsyncIterable<StoredEvent>)
  & { readonly length: number };

/**
 * Aligns two streams on their keys and groups the differences into hunks
 * with `context` equal rows around each.
 *
 * @example
 * ```ts ignore
 * import { compareStreams } from "./hunks.ts";
 * const { hunks, counts } = await compareStreams(eventsA, eventsB, 3);
 * ```
 */
export async function compareStreams(
  a: EventSource,
  b: EventSource,
  context: number,
): Promise<StreamComparison> {
  const keys = await internKeys(a, b);
  const matches = align(keys.a, keys.b);

  const grouper = new HunkGrouper(context);
  await walkRows(a, b, matches, (row) => grouper.add(row));
  return { hunks: grouper.hunks, counts: grouper.counts };
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

/** Each stream's keys as numbers, equal where the keys are equal. */
async function internKeys(
  a: EventSource,
  b: EventSource,
): Promise<{ a: Int32Array; b: Int32Array }> {
  const ids = new Map<string, number>();
  const intern = async (events: EventSource) => {
    const keys = new Int32Array(events.length);
    let index = 0;
    for await (const { key } of events) {
      let id = ids.get(key);
      if (id === undefined) ids.set(key, id = ids.size);
      keys[index++] = id;
    }
    return keys;
  };
  return { a: await intern(a), b: await intern(b) };
}

/**
 * Reads both streams once more, side by side along the alignment, and
 * passes on each row: an event between matches is removed or added, a
 * matched pair is the same or, with another line, changed.
 */
async function walkRows(
  a: EventSource,
  b: EventSource,
  matches: readonly Match[],
  use: (row: Row) => void,
) {
  const eventsA = iterate(a);
  const eventsB = iterate(b);

  try {
    let i = 0;
    let j = 0;
    for (const match of [...matches, { a: a.length, b: b.length, length: 0 }]) {
      for (; i < match.a; i++) {
        const eventA: StoredEvent = (await eventsA.next()).value;
        use({ op: "removed", a: eventA, b: null });
      }
      for (; j < match.b; j++) {
        const eventB: StoredEvent = (await eventsB.next()).value;
        use({ op: "added", a: null, b: eventB });
      }
      for (let n = 0; n < match.length; n++, i++, j++) {
        const eventA: StoredEvent = (await eventsA.next()).value;
        const eventB: StoredEvent = (await eventsB.next()).value;
        const op = eventA.line === eventB.line ? "same" : "changed";
        use({ op, a: eventA, b: eventB });
      }
    }
  } finally {
    // Both are read to their last event, not past it: ending them closes
    // a spill file that is still open.
    await eventsA.return?.();
    await eventsB.return?.();
  }
}

type AnyIterator = Iterator<StoredEvent> | AsyncIterator<StoredEvent>;

function iterate(events: EventSource): AnyIterator {
  return Symbol.asyncIterator in events
    ? events[Symbol.asyncIterator]()
    : events[Symbol.iterator]();
}

/** A row held back: the context a change that follows would show. */
interface Waiting {
  row: Row;
  /** Its index among the rows. */
  index: number;
  /** Events of each stream before it. */
  aPosition: number;
  bPosition: number;
}

/**
 * Groups rows, as they come, into hunks: each change with the `context`
 * rows before and after it, hunks that touch or overlap joined. Counts
 * the rows too. Holds the hunks and the last `context` rows that no hunk
 * shows yet, never the whole streams.
 */
class HunkGrouper {
  readonly hunks: Hunk[] = [];
  readonly counts: Counts = noCounts();
  #current: Hunk | null = null;
  #lastShown = -1;
  #lastChange = -Infinity;
  #waiting: Waiting[] = [];
  #index = 0;
  #aPosition = 0;
  #bPosition = 0;

  constructor(readonly context: number) {}

  add(row: Row) {
    countRow(this.counts, row);

    if (row.op !== "same") this.#change(row);
    else if (this.#index - this.#lastChange <= this.context) this.#show(row);
    else this.#wait(row);

    this.#index++;
    if (row.a) this.#aPosition++;
    if (row.b) this.#bPosition++;
  }

  #change(row: Row) {
    const before = this.#waiting.slice(
      Math.max(0, this.#waiting.length - this.context),
    );
    this.#waiting = [];
    const first = before[0] ?? this.#here(row);
    if (!this.#current || this.#lastShown !== first.index - 1) {
      this.#current = startHunk(this.hunks, first.aPosition, first.bPosition);
    }

    for (const waiting of before) this.#show(waiting.row, waiting.index);
    this.#show(row);
    this.#lastChange = this.#index;
  }

  #wait(row: Row) {
    if (this.context === 0) return;

    this.#waiting.push(this.#here(row));
    // Trimmed in bulk: a shift per row would copy `context` rows each time.
    if (this.#waiting.length >= 2 * this.context) {
      this.#waiting.splice(0, this.context);
    }
  }

  #show(row: Row, index = this.#index) {
    addRow(this.#current!, row);
    this.#lastShown = index;
  }

  #here(row: Row): Waiting {
    return {
      row,
      index: this.#index,
      aPosition: this.#aPosition,
      bPosition: this.#bPosition,
    };
  }
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

function countRow(counts: Counts, { op, a, b }: Row) {
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
