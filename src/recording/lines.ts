/**
 * Splits a file into lines with bounded memory: the file is read in chunks,
 * and a line longer than the limit is rejected as soon as it passes the
 * limit, without buffering the rest of it.
 *
 * @module
 */

import { SystapeError } from "../errors.ts";

/** One line of a file, without its newline. */
export interface Line {
  /** 1-based line number. */
  number: number;
  /** The text, decoded as UTF-8. */
  text: string;
  /** False for a last line that the file ends without a newline. */
  terminated: boolean;
}

/** Options of {@linkcode readLines}. */
export interface ReadLinesOptions {
  /** Longest line accepted, in bytes. */
  limit: number;
  /** Names the file in errors. */
  name: string;
  /** Bytes per read; 64 KiB unless said otherwise. */
  chunk?: number;
}

const NEWLINE = 0x0a;

/**
 * Yields the lines of an open file. Throws a SystapeError naming
 * `name:line` for a line over the limit, for bytes that are not UTF-8 and
 * when the file cannot be read. Closes nothing: the caller owns the file.
 *
 * @example
 * ```ts ignore
 * import { readLines } from "./lines.ts";
 * using file = await Deno.open("rec.ndjson");
 * for await (const line of readLines(file, { limit: 1 << 24, name: "rec" })) {
 *   console.log(line.number, line.text.length);
 * }
 * ```
 */
export async function* readLines(
  file: Deno.FsFile,
  options: ReadLinesOptions,
): AsyncGenerator<Line> {
  const buffer = new Uint8Array(options.chunk ?? 64 * 1024);
  const pending = new LineBuffer(options);

  for (;;) {
    const count = await readChunk(file, buffer, options.name, pending.number);
    if (count === null) break;

    let start = 0;
    const bytes = buffer.subarray(0, count);
    for (let end = bytes.indexOf(NEWLINE); end >= 0;) {
      yield pending.finish(bytes.subarray(start, end), true);
      start = end + 1;
      end = bytes.indexOf(NEWLINE, start);
    }
    pending.add(bytes.subarray(start));
  }

  if (!pending.empty) yield pending.finish(new Uint8Array(), false);
}

/** The bytes of the line being read, kept under the limit. */
class LineBuffer {
  #parts: Uint8Array[] = [];
  #length = 0;
  #number = 1;
  readonly #decoder = new TextDecoder("utf-8", { fatal: true });

  constructor(readonly options: ReadLinesOptions) {}

  /** The number of the line being read. */
  get number(): number {
    return this.#number;
  }

  get empty(): boolean {
    return this.#length === 0;
  }

  add(bytes: Uint8Array) {
    if (bytes.length === 0) return;

    this.#check(bytes.length);
    // A copy: the caller reuses its buffer for the next read.
    this.#parts.push(bytes.slice());
    this.#length += bytes.length;
  }

  finish(last: Uint8Array, terminated: boolean): Line {
    this.#check(last.length);
    const bytes = this.#join(last);
    const line = {
      number: this.#number,
      text: this.#decode(bytes),
      terminated,
    };

    this.#parts = [];
    this.#length = 0;
    this.#number++;
    return line;
  }

  #check(more: number) {
    if (this.#length + more <= this.options.limit) return;

    const mib = Math.round(this.options.limit / (1024 * 1024));
    throw new SystapeError(
      `${this.options.name}:${this.#number}: line longer than ${mib} MiB`,
      { hint: "is this a systape recording?" },
    );
  }

  #join(last: Uint8Array): Uint8Array {
    if (this.#parts.length === 0) return last;

    const bytes = new Uint8Array(this.#length + last.length);
    let offset = 0;
    for (const part of [...this.#parts, last]) {
      bytes.set(part, offset);
      offset += part.length;
    }
    return bytes;
  }

  #decode(bytes: Uint8Array): string {
    try {
      return this.#decoder.decode(bytes);
    } catch {
      throw new SystapeError(
        `${this.options.name}:${this.#number}: not valid UTF-8`,
        { hint: "is this a systape recording?" },
      );
    }
  }
}

async function readChunk(
  file: Deno.FsFile,
  buffer: Uint8Array,
  name: string,
  line: number,
): Promise<number | null> {
  try {
    return await file.read(buffer);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SystapeError(`${name}:${line}: cannot read: ${reason}`, {
      cause: error,
    });
  }
}
