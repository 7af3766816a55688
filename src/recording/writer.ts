/**
 * Writes events as NDJSON: one JSON object per line, each line written
 * whole, in batches, so that a recording cut short by a crash is still a
 * sequence of complete lines.
 *
 * @module
 */

import { SystapeError } from "../errors.ts";
import type { RecordingEvent } from "./events.ts";

/** Where bytes go: a file, or standard output. */
export interface ByteSink {
  /** Writes some of the bytes, returning how many. */
  writeSync(bytes: Uint8Array): number;
  /** Releases the sink. */
  close(): void;
  /** Cuts a file back to `length` bytes, where the sink is a file. */
  truncateSync?(length: number): void;
}

const BATCH_BYTES = 64 * 1024;
const encoder = new TextEncoder();

/**
 * A buffered NDJSON writer.
 *
 * @example
 * ```ts ignore
 * import { NdjsonWriter, openRecordingFile } from "./writer.ts";
 * const writer = new NdjsonWriter(openRecordingFile("out.ndjson"), "out.ndjson");
 * writer.write({ type: "continue", t: 0, pid: 1, tid: 1 });
 * writer.close();
 * ```
 */
export class NdjsonWriter {
  #pending: string[] = [];
  #pendingBytes = 0;
  #written = 0;

  /** Wraps `sink`; `name` names it in errors. */
  constructor(readonly sink: ByteSink, readonly name: string) {}

  /** Queues one event as one line, flushing when the batch is full. */
  write(event: RecordingEvent) {
    const line = JSON.stringify(event) + "\n";
    this.#pending.push(line);
    this.#pendingBytes += line.length;
    if (this.#pendingBytes >= BATCH_BYTES) this.flush();
  }

  /** Writes out everything queued; throws a SystapeError if it cannot. */
  flush() {
    if (this.#pending.length === 0) return;

    const bytes = encoder.encode(this.#pending.join(""));
    this.#pending = [];
    this.#pendingBytes = 0;
    let offset = 0;
    try {
      while (offset < bytes.length) {
        offset += this.sink.writeSync(bytes.subarray(offset));
      }
      this.#written += bytes.length;
    } catch (error) {
      this.#dropTornLine(bytes.subarray(0, offset));
      const gone = error instanceof Deno.errors.BrokenPipe;
      throw new SystapeError(
        `cannot write the recording to ${this.name}: ${describe(error)}`,
        {
          hint: gone
            ? "the reader of the output went away; the traced programs were stopped"
            : "free space or choose another place with -o",
          cause: error,
        },
      );
    }
  }

  /**
   * A write that failed part-way (a full disk) may have left half a line:
   * cut the file back to the last whole line, so what was written stays a
   * valid recording prefix.
   */
  #dropTornLine(written: Uint8Array) {
    const NEWLINE = 10;
    const whole = written.lastIndexOf(NEWLINE) + 1;
    try {
      this.sink.truncateSync?.(this.#written + whole);
      this.#written += whole;
    } catch {
      // The file cannot be cut: its last line is torn, as after a crash.
    }
  }

  /** Flushes and closes the sink. */
  close() {
    try {
      this.flush();
    } finally {
      this.sink.close();
    }
  }
}

/**
 * Creates a new recording file: mode 0600 (recordings may hold file contents
 * and environment values), and never through an existing file or a symlink
 * planted at the path (O_CREAT|O_EXCL).
 *
 * @example
 * ```ts ignore
 * import { openRecordingFile } from "./writer.ts";
 * const file = openRecordingFile("recordings/ls.ndjson");
 * ```
 */
export function openRecordingFile(path: string): Deno.FsFile {
  try {
    return Deno.openSync(path, { write: true, createNew: true, mode: 0o600 });
  } catch (error) {
    if (error instanceof Deno.errors.AlreadyExists) {
      throw new SystapeError(`${path} already exists${whatIsThere(path)}`, {
        hint:
          "recordings are never overwritten and never written through a symlink; remove it or choose another -o",
      });
    }
    const hint = error instanceof Deno.errors.NotFound
      ? "create its directory first, or choose another -o"
      : "check that the directory is writable";
    throw new SystapeError(`cannot create ${path}: ${describe(error)}`, {
      hint,
    });
  }
}

/** The OS's reason alone: Deno's messages read "Reason (os error N): op 'path'". */
function whatIsThere(path: string): string {
  try {
    const info = Deno.lstatSync(path);
    if (info.isSymlink) return " as a symlink";
    if (info.isDirectory) return " as a directory";
    return "";
  } catch {
    return "";
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.message.replace(/ \(os error \d+\).*$/s, "");
}
