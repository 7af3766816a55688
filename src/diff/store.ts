/**
 * Holds the normalised streams of both recordings between reading and
 * aligning. Each stream is kept as UTF-8 records, one line per event, in
 * memory up to a budget and in one temporary file per stream beyond it;
 * aligning reads a stream back in order, as often as it needs, without
 * ever holding it whole as objects.
 *
 * @module
 */

/**
 * A stream's event, as stored: what alignment and rendering need.
 *
 * @example A failed `openat`, as a diff's row holds it
 * ```ts
 * import type { StoredEvent } from "./store.ts";
 * const event: StoredEvent = {
 *   key: 'openat(AT_FDCWD, "x", O_RDONLY, 0)',
 *   line: 'openat(AT_FDCWD, "x", O_RDONLY, 0) = -1 ENOENT',
 *   syscall: true,
 *   failed: true,
 *   source: 110,
 * };
 * ```
 */
export interface StoredEvent {
  /** What alignment matches on: a syscall without its result. */
  key: string;
  /** The whole line shown: the key and, for a syscall, ` = result`. */
  line: string;
  /** A syscall (rather than a signal, exec, exit...). */
  syscall: boolean;
  /** A syscall that failed with an errno. */
  failed: boolean;
  /** Its line number in the recording. */
  source: number;
}

/**
 * A stream's events in order, read afresh each time it is iterated: from
 * its temporary file, then from memory.
 *
 * @example Count a stream's failed calls without holding its events
 * ```ts ignore
 * import { StreamStore } from "./store.ts";
 * const events = store.stream("a", 0);
 * let failed = 0;
 * for await (const event of events) if (event.failed) failed++;
 * console.log(`${failed} of ${events.length} failed`);
 * ```
 */
export interface StoredStream extends AsyncIterable<StoredEvent> {
  /** How many events it holds. */
  readonly length: number;
}

/** Which recording a stream comes from. */
export type Side = "a" | "b";

const SYSCALL = 1;
const FAILED = 2;
// Records are encoded this many characters at a time: one string per
// record would cost the heap several times the record's length.
const BATCH_CHARACTERS = 16 * 1024;
const encoder = new TextEncoder();

/**
 * Per-stream append-only storage with a memory budget.
 *
 * @example
 * ```ts ignore
 * import { StreamStore } from "./store.ts";
 * await using store = new StreamStore(32 << 20);
 * store.add("a", 0, event);
 * await store.spillIfOver();
 * for await (const event of store.stream("a", 0)) console.log(event.line);
 * ```
 */
export class StreamStore {
  #pending = new Map<string, PendingRecords>();
  #pendingBytes = 0;
  #directory: string | null = null;
  readonly #lengths = new Map<string, number>();
  readonly #spilled = new Set<string>();

  /** Keeps about `budget` bytes in memory; spills under `tempDir`. */
  constructor(readonly budget: number, readonly tempDir?: string) {}

  /** Appends an event to the stream of `life` on `side`. */
  add(side: Side, life: number, event: StoredEvent) {
    const name = `${side}${life}`;
    const record = encode(event);
    let pending = this.#pending.get(name);
    if (!pending) this.#pending.set(name, pending = new PendingRecords());

    pending.add(record);
    this.#pendingBytes += record.length + 1;
    this.#lengths.set(name, (this.#lengths.get(name) ?? 0) + 1);
  }

  /** Writes the streams held in memory out once they pass the budget. */
  async spillIfOver() {
    if (this.#pendingBytes <= this.budget) return;

    this.#directory ??= await Deno.makeTempDir({
      dir: this.tempDir,
      prefix: "systape-diff-",
    });
    for (const [name, pending] of this.#pending) {
      await Deno.writeFile(
        this.#path(name),
        ReadableStream.from(pending.blocks()),
        { append: true, mode: 0o600 },
      );
      this.#spilled.add(name);
    }
    this.#pending = new Map();
    this.#pendingBytes = 0;
  }

  /** The stream of `life` on `side`; empty if none. */
  stream(side: Side, life: number): StoredStream {
    const name = `${side}${life}`;
    const path = this.#spilled.has(name) ? this.#path(name) : null;
    const pending = this.#pending.get(name);
    return {
      length: this.#lengths.get(name) ?? 0,
      [Symbol.asyncIterator]: () => readStream(path, pending),
    };
  }

  /** Removes the temporary files. */
  async [Symbol.asyncDispose]() {
    this.#pending = new Map();
    if (this.#directory === null) return;

    const directory = this.#directory;
    this.#directory = null;
    await Deno.remove(directory, { recursive: true }).catch(() => {});
  }

  #path(name: string): string {
    return `${this.#directory}/${name}.ndjson`;
  }
}

/** A stream's records not spilled yet, as UTF-8 blocks of lines. */
class PendingRecords {
  #batch: string[] = [];
  #batchCharacters = 0;
  readonly #blocks: Uint8Array[] = [];

  add(record: string) {
    this.#batch.push(record);
    this.#batchCharacters += record.length + 1;
    if (this.#batchCharacters >= BATCH_CHARACTERS) this.#seal();
  }

  /** Every record so far, as blocks of whole lines. */
  blocks(): Uint8Array[] {
    this.#seal();
    return this.#blocks;
  }

  #seal() {
    if (this.#batch.length === 0) return;

    this.#blocks.push(encoder.encode(this.#batch.join("\n") + "\n"));
    this.#batch = [];
    this.#batchCharacters = 0;
  }
}

/**
 * The events of a spill file, then of the records still in memory. A
 * block may end inside a line, or inside a character: the decoder keeps a
 * character's first bytes until the rest arrive, and the part line waits
 * for the next block.
 */
async function* readStream(
  path: string | null,
  pending: PendingRecords | undefined,
): AsyncGenerator<StoredEvent> {
  const decoder = new TextDecoder();
  let partial = "";
  for await (const block of blocksOf(path, pending)) {
    const lines = (partial + decoder.decode(block, { stream: true }))
      .split("\n");
    partial = lines.pop()!;
    for (const line of lines) yield decode(line);
  }
}

async function* blocksOf(
  path: string | null,
  pending: PendingRecords | undefined,
): AsyncGenerator<Uint8Array> {
  if (path !== null) yield* (await Deno.open(path)).readable;
  if (pending) yield* pending.blocks();
}

function encode(event: StoredEvent): string {
  const flags = (event.syscall ? SYSCALL : 0) | (event.failed ? FAILED : 0);
  // The key is usually the line's start; store its length, not a copy.
  const key = event.line.startsWith(event.key) ? event.key.length : event.key;
  return JSON.stringify([event.line, key, flags, event.source]);
}

function decode(record: string): StoredEvent {
  const [line, key, flags, source] = JSON.parse(record);
  return {
    line,
    key: typeof key === "number" ? line.slice(0, key) : key,
    syscall: (flags & SYSCALL) !== 0,
    failed: (flags & FAILED) !== 0,
    source,
  };
}
