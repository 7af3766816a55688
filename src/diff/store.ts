/**
 * Holds the normalised streams of both recordings between reading and
 * aligning. Aligning needs a stream whole, but only one pair at a time, so
 * the streams stay in memory up to a budget and spill to one temporary
 * file each beyond it: memory is then bounded by the largest stream, not
 * by the recordings.
 *
 * @module
 */

import { readLines } from "../recording/lines.ts";

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

/** Which recording a stream comes from. */
export type Side = "a" | "b";

const SYSCALL = 1;
const LINE_LIMIT = 1 << 26;
const FAILED = 2;

/**
 * Per-stream append-only storage with a memory budget.
 *
 * @example
 * ```ts ignore
 * import { StreamStore } from "./store.ts";
 * await using store = new StreamStore(32 << 20);
 * store.add("a", 0, event);
 * await store.spillIfOver();
 * const events = await store.read("a", 0);
 * ```
 */
export class StreamStore {
  #pending = new Map<string, string[]>();
  #pendingBytes = 0;
  #directory: string | null = null;
  readonly #spilled = new Set<string>();

  /** Keeps up to `budget` bytes in memory; spills under `tempDir`. */
  constructor(readonly budget: number, readonly tempDir?: string) {}

  /** Appends an event to the stream of `life` on `side`. */
  add(side: Side, life: number, event: StoredEvent) {
    const name = `${side}${life}`;
    const record = encode(event);
    const pending = this.#pending.get(name);
    if (pending) pending.push(record);
    else this.#pending.set(name, [record]);
    this.#pendingBytes += record.length * 2;
  }

  /** Writes the streams held in memory out once they pass the budget. */
  async spillIfOver() {
    if (this.#pendingBytes <= this.budget) return;

    this.#directory ??= await Deno.makeTempDir({
      dir: this.tempDir,
      prefix: "systape-diff-",
    });
    for (const [name, records] of this.#pending) {
      await Deno.writeTextFile(this.#path(name), records.join("\n") + "\n", {
        append: true,
        mode: 0o600,
      });
      this.#spilled.add(name);
    }
    this.#pending = new Map();
    this.#pendingBytes = 0;
  }

  /** The whole stream of `life` on `side`, in order; empty if none. */
  async read(side: Side, life: number): Promise<StoredEvent[]> {
    const name = `${side}${life}`;
    const events: StoredEvent[] = [];
    // Line by line: the whole spill file as one string, and then as an
    // array of records, would hold the stream three times over at once.
    if (this.#spilled.has(name)) {
      const path = this.#path(name);
      using file = await Deno.open(path);
      for await (
        const { text } of readLines(file, { limit: LINE_LIMIT, name: path })
      ) {
        events.push(decode(text));
      }
    }
    for (const record of this.#pending.get(name) ?? []) {
      events.push(decode(record));
    }
    return events;
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
