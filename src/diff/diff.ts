/**
 * Compares two recordings: reads each twice (once for the process tree,
 * once to normalise every event into its thread's stream), pairs the
 * threads, then aligns one pair at a time as the caller iterates.
 *
 * @module
 */

import type { EndEvent, HeaderEvent } from "../recording/events.ts";
import { readRecording } from "../recording/reader.ts";
import {
  addCounts,
  compareStreams,
  type Counts,
  type Hunk,
  noCounts,
} from "./hunks.ts";
import { identityOf, labelOf, shortLabelOf } from "./labels.ts";
import { type LifeTraits, matchTrees, type StreamPair } from "./match.ts";
import { type NormalEvent, Normalizer } from "./normalize.ts";
import {
  type DiffOptions,
  type ResolvedDiffOptions,
  resolveDiffOptions,
} from "./options.ts";
import { type Side, StreamStore } from "./store.ts";
import { ProcessTree } from "./tree.ts";

/**
 * What was read of one recording.
 *
 * @example Describe the first recording without comparing further
 * ```ts ignore
 * import { diffRecordings } from "./diff.ts";
 * const diff = await diffRecordings("run1.ndjson", "run2.ndjson");
 * const { header, end, processes } = diff.a;
 * console.log(header.argv, processes, end?.exitStatus ?? "cut short");
 * await diff.close();
 * ```
 */
export interface RecordingInfo {
  /** The path it was read from. */
  path: string;
  /** Its header. */
  header: HeaderEvent;
  /** Its end line; null when the recording was cut short. */
  end: EndEvent | null;
  /** Processes it shows. */
  processes: number;
  /** Threads it shows, processes' first threads included. */
  threads: number;
}

/**
 * What happened to a thread between the two recordings.
 *
 * @example List the processes that ran in only one of the recordings
 * ```ts ignore
 * import { diffRecordings } from "./diff.ts";
 * const diff = await diffRecordings("run1.ndjson", "run2.ndjson");
 * for await (const stream of diff) {
 *   if (stream.status === "added") console.log(`new: ${stream.label}`);
 *   if (stream.status === "removed") console.log(`gone: ${stream.label}`);
 * }
 * ```
 */
export type StreamStatus = "same" | "changed" | "added" | "removed";

/**
 * The comparison of one thread's stream.
 *
 * @example Report each thread that changed, e.g. `process p1 (cat x)`
 * ```ts ignore
 * import { diffRecordings } from "./diff.ts";
 * const diff = await diffRecordings("run1.ndjson", "run2.ndjson");
 * for await (const stream of diff) {
 *   if (stream.status !== "changed") continue;
 *   console.log(`${stream.kind} ${stream.id} (${stream.shortLabel})`);
 *   console.log(`${stream.lengths.a} events, then ${stream.lengths.b}`);
 * }
 * ```
 */
export interface StreamDiff {
  /** A process's first thread, or another thread. */
  kind: "process" | "thread";
  /** Its logical id in the first recording (the second's when only there). */
  id: string;
  /** Its logical id in the second recording when that differs. */
  idB: string | null;
  /** What its process runs, e.g. `ls /tmp`. */
  label: string;
  /** The label cut short for text headers, e.g. `node server.js --po…`. */
  shortLabel: string;
  /** What happened to it. */
  status: StreamStatus;
  /** Events in each recording's stream. */
  lengths: { a: number; b: number };
  /** The differences with context; empty when the same. */
  hunks: Hunk[];
  /** The differences counted. */
  counts: Counts;
}

/**
 * Counts of streams by what happened to them.
 *
 * @example Count the processes by status once every pair is compared
 * ```ts ignore
 * import { diffRecordings } from "./diff.ts";
 * const diff = await diffRecordings("run1.ndjson", "run2.ndjson");
 * for await (const _stream of diff) continue;
 * const { changed, added, removed } = diff.summary.processes;
 * console.log(`${changed} changed, ${added} added, ${removed} removed`);
 * ```
 */
export interface StatusCounts {
  /** Equal in both. */
  same: number;
  /** In both, different. */
  changed: number;
  /** Only in the second recording. */
  added: number;
  /** Only in the first. */
  removed: number;
}

/**
 * Totals over a whole comparison.
 *
 * @example Say how a second run differs, once every pair is compared
 * ```ts ignore
 * import { diffRecordings } from "./diff.ts";
 * const diff = await diffRecordings("run1.ndjson", "run2.ndjson");
 * for await (const _stream of diff) continue;
 * const { equal, newFailures, exitStatus } = diff.summary;
 * if (!equal) console.log(`${newFailures} new failures`);
 * console.log(`exit status ${exitStatus.a} -> ${exitStatus.b}`);
 * ```
 */
export interface DiffSummary extends Counts {
  /** Whether the recordings compare equal. */
  equal: boolean;
  /** Processes (their first threads) by status. */
  processes: StatusCounts;
  /** Other threads by status. */
  threads: StatusCounts;
  /** Pairs whose logical ids differ: children matched out of spawn order. */
  reordered: number;
  /** Each recording's exit status; null when cut short. */
  exitStatus: { a: number | null; b: number | null };
}

/**
 * A comparison in progress: both recordings have been read; iterating
 * aligns one thread pair at a time, in tree order, so that memory holds
 * one pair's keys and the rows it shows. Iterate once. The temporary files
 * go when the iteration ends, or on `close()`.
 *
 * @example Stop at the first thread that differs
 * ```ts ignore
 * import { diffRecordings } from "./diff.ts";
 * const diff = await diffRecordings("run1.ndjson", "run2.ndjson");
 * for await (const stream of diff) {
 *   if (stream.status === "same") continue;
 *   console.log(`first difference: ${stream.id} (${stream.label})`);
 *   break; // leaving the loop removes the temporary files too
 * }
 * ```
 */
export interface RecordingDiff extends AsyncIterable<StreamDiff> {
  /** The first recording. */
  readonly a: RecordingInfo;
  /** The second recording. */
  readonly b: RecordingInfo;
  /** Totals over the pairs iterated so far: complete after iteration. */
  readonly summary: DiffSummary;
  /** Releases the temporary files without iterating further. */
  close(): Promise<void>;
}

const PROFILE_BUCKETS = 64;
const SPILL_CHECK_EVERY = 4096;

/**
 * Compares recording `a` with recording `b` under the normalisations and
 * rules of `options`. Rejects with a SystapeError (exit code 2) when
 * either cannot be read.
 *
 * @example Print what changed between two runs
 * ```ts ignore
 * import { diffRecordings } from "@systape/systape";
 * const diff = await diffRecordings("run1.ndjson", "run2.ndjson");
 * for await (const stream of diff) {
 *   if (stream.status !== "same") console.log(stream.id, stream.status);
 * }
 * console.log(diff.summary.equal ? "same" : "different");
 * ```
 */
export async function diffRecordings(
  a: string,
  b: string,
  options: DiffOptions = {},
): Promise<RecordingDiff> {
  const resolved = resolveDiffOptions(options);
  const scanA = await scan(a, resolved);
  const scanB = await scan(b, resolved);

  const store = new StreamStore(resolved.memoryBudget, resolved.tempDir);
  const profiles = new Map<string, Uint32Array>();
  try {
    await normalize(a, "a", scanA.tree, resolved, store, profiles);
    await normalize(b, "b", scanB.tree, resolved, store, profiles);
  } catch (error) {
    await store[Symbol.asyncDispose]();
    throw error;
  }

  const traits = lifeTraits(scanA.tree, scanB.tree, profiles, resolved);
  const pairs = matchTrees(
    scanA.tree,
    scanB.tree,
    traits,
    resolved.normalize.reorderedChildren,
  );
  return new Comparison(scanA, scanB, pairs, store, resolved);
}

interface Scan {
  info: RecordingInfo;
  tree: ProcessTree;
}

/** The first pass: the header, the end line and the process tree. */
async function scan(path: string, options: ResolvedDiffOptions): Promise<Scan> {
  const tree = new ProcessTree();
  let header: HeaderEvent | null = null;
  let end: EndEvent | null = null;
  let line = 0;

  for await (const event of read(path, options)) {
    tree.add(event, ++line);
    if (event.type === "header") header = event;
    if (event.type === "end") end = event;
  }
  tree.finish();

  const processes = tree.lives.filter((life) => !life.thread).length;
  return {
    tree,
    info: { path, header: header!, end, processes, threads: tree.lives.length },
  };
}

/** The second pass: every event normalised into its thread's stream. */
async function normalize(
  path: string,
  side: Side,
  tree: ProcessTree,
  options: ResolvedDiffOptions,
  store: StreamStore,
  profiles: Map<string, Uint32Array>,
) {
  const normalizer = new Normalizer(tree, options);
  let line = 0;

  const add = (normal: NormalEvent) => {
    store.add(side, normal.life, normal);
    profile(profiles, `${side}${normal.life}`, normal.line);
  };
  for await (const event of read(path, options)) {
    normalizer.normalize(event, ++line).forEach(add);
    if (line % SPILL_CHECK_EVERY === 0) await store.spillIfOver();
  }
  normalizer.finish().forEach(add);
}

function read(path: string, options: ResolvedDiffOptions) {
  return readRecording(path, { allowIncomplete: options.allowIncomplete });
}

/** Counts a line into its stream's profile: a few buckets of line hashes. */
function profile(
  profiles: Map<string, Uint32Array>,
  name: string,
  line: string,
) {
  let counts = profiles.get(name);
  if (!counts) profiles.set(name, counts = new Uint32Array(PROFILE_BUCKETS));
  counts[hash(line) % PROFILE_BUCKETS]++;
}

/** FNV-1a over the UTF-16 code units. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193);
  }
  return value >>> 0;
}

function lifeTraits(
  treeA: ProcessTree,
  treeB: ProcessTree,
  profiles: Map<string, Uint32Array>,
  options: ResolvedDiffOptions,
): LifeTraits {
  const empty = new Uint32Array(PROFILE_BUCKETS);
  const mask = options.normalize.tempNames;
  return {
    identity: (side, life) =>
      identityOf(side === "a" ? treeA : treeB, life, mask),
    profile: (side, life) => profiles.get(`${side}${life.index}`) ?? empty,
  };
}

class Comparison implements RecordingDiff {
  readonly summary: DiffSummary;

  constructor(
    readonly scanA: Scan,
    readonly scanB: Scan,
    readonly pairs: StreamPair[],
    readonly store: StreamStore,
    readonly options: ResolvedDiffOptions,
  ) {
    const statuses = () => ({ same: 0, changed: 0, added: 0, removed: 0 });
    const exitA = scanA.info.end?.exitStatus ?? null;
    const exitB = scanB.info.end?.exitStatus ?? null;
    this.summary = {
      ...noCounts(),
      equal: exitA === exitB,
      processes: statuses(),
      threads: statuses(),
      reordered: 0,
      exitStatus: { a: exitA, b: exitB },
    };
  }

  get a(): RecordingInfo {
    return this.scanA.info;
  }

  get b(): RecordingInfo {
    return this.scanB.info;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<StreamDiff> {
    try {
      for (const pair of this.pairs) {
        const diff = await this.#compare(pair);
        this.#count(diff, pair);
        yield diff;
      }
    } finally {
      await this.close();
    }
  }

  close(): Promise<void> {
    return this.store[Symbol.asyncDispose]();
  }

  async #compare({ a, b }: StreamPair): Promise<StreamDiff> {
    const eventsA = a ? this.store.stream("a", a.index) : [];
    const eventsB = b ? this.store.stream("b", b.index) : [];
    const { hunks, counts } = await compareStreams(
      eventsA,
      eventsB,
      this.options.context,
    );

    const status = !a
      ? "added"
      : !b
      ? "removed"
      : hunks.length
      ? "changed"
      : "same";
    const tree = a ? this.scanA.tree : this.scanB.tree;
    const life = (a ?? b)!;
    return {
      kind: life.thread ? "thread" : "process",
      id: life.id,
      idB: a && b && a.id !== b.id ? b.id : null,
      label: labelOf(tree, life),
      shortLabel: shortLabelOf(tree, life),
      status,
      lengths: { a: eventsA.length, b: eventsB.length },
      hunks,
      counts,
    };
  }

  #count(diff: StreamDiff, pair: StreamPair) {
    const summary = this.summary;
    addCounts(summary, diff.counts);
    (diff.kind === "process" ? summary.processes : summary.threads)[
      diff.status
    ]++;
    if (diff.status !== "same") summary.equal = false;
    if (pair.a && pair.b && pair.a.id !== pair.b.id) summary.reordered++;
  }
}
