/**
 * Reads a recording back as typed events, streaming: the header first, then
 * the events in file order, the end line last. Every problem, from a
 * missing file to a hostile line, is a SystapeError naming `file:line`.
 *
 * @module
 */

import { SystapeError } from "../errors.ts";
import { checkEvent, EventProblem } from "./check.ts";
import { FORMAT_VERSION, type RecordingEvent } from "./events.ts";
import { type Line, readLines } from "./lines.ts";

/**
 * Options of {@linkcode readRecording}.
 *
 * @example Read a recording that may be cut short, naming it in errors
 * ```ts ignore
 * import { readRecording } from "./reader.ts";
 * const events = readRecording("/tmp/rec.ndjson", {
 *   allowIncomplete: true,
 *   lineLimit: 1024 * 1024,
 *   name: "rec.ndjson",
 * });
 * for await (const event of events) console.log(event.type);
 * ```
 */
export interface ReadRecordingOptions {
  /**
   * Accept a recording without an end line (the recorder was killed, the
   * disk filled up): iteration then simply ends without an `end` event, and
   * a last line cut off mid-way is dropped. Without this, such a recording
   * is an error. Callers tell the two apart by whether they saw `end`.
   */
  allowIncomplete?: boolean;
  /** Longest line accepted, in bytes; 16 MiB unless said otherwise. */
  lineLimit?: number;
  /** How the file is named in errors; the path unless said otherwise. */
  name?: string;
}

/** Longest line accepted by default: far above any real event. */
export const LINE_LIMIT = 16 * 1024 * 1024;

/**
 * Deepest nesting of arrays and objects accepted. Events nest two levels;
 * decoded arguments may add a few. Checked before parsing, so that a line
 * of a million `[` costs a scan, not a parser's stack.
 */
export const NESTING_LIMIT = 64;

const HINT = "is this a systape recording?";
const CUT_HINT = "the recorder was stopped early; --allow-incomplete reads it";

/**
 * Reads the recording at `path` and yields its events, checked against the
 * format: the header first (format `systape/1`), known event types with
 * their required fields, the end line last. Memory stays bounded by the
 * longest line. Throws a SystapeError (exit code 2) whose message starts
 * with `file:line:`.
 *
 * @example Count the syscalls of a recording
 * ```ts ignore
 * import { readRecording } from "@systape/systape";
 * let syscalls = 0;
 * for await (const event of readRecording("ls.ndjson")) {
 *   if (event.type === "syscall") syscalls++;
 * }
 * ```
 *
 * @example Read a recording that may have been cut short
 * ```ts ignore
 * import { readRecording } from "@systape/systape";
 * let complete = false;
 * for await (const event of readRecording("rec.ndjson", { allowIncomplete: true })) {
 *   if (event.type === "end") complete = true;
 * }
 * ```
 */
export async function* readRecording(
  path: string,
  options: ReadRecordingOptions = {},
): AsyncGenerator<RecordingEvent> {
  const name = options.name ?? path;
  const file = await open(path, name);
  try {
    const lines = readLines(file, {
      limit: options.lineLimit ?? LINE_LIMIT,
      name,
    });
    yield* checkOrder(lines, name, options.allowIncomplete ?? false);
  } finally {
    file.close();
  }
}

async function* checkOrder(
  lines: AsyncIterable<Line>,
  name: string,
  allowIncomplete: boolean,
): AsyncGenerator<RecordingEvent> {
  let last: { number: number; type: string } | null = null;

  for await (const line of lines) {
    if (last?.type === "end") {
      throw problem(name, line.number, "a line after the end line");
    }
    const event = parseLine(line, name, allowIncomplete);
    if (!event) break;

    checkPlace(event, line.number, name);
    last = { number: line.number, type: event.type };
    yield event;
  }

  if (last === null) {
    throw new SystapeError(`${name}:1: empty file, not a systape recording`, {
      hint: "record one with systape record",
    });
  }
  if (last.type !== "end" && !allowIncomplete) {
    throw new SystapeError(
      `${name}:${last.number}: cut short: the recording has no end line`,
      { hint: CUT_HINT },
    );
  }
}

/** The event of a line; null for a cut-off last line that may be dropped. */
function parseLine(
  line: Line,
  name: string,
  allowIncomplete: boolean,
): RecordingEvent | null {
  if (line.text.trim() === "") {
    throw problem(name, line.number, "empty line");
  }
  tooDeep(line, name);

  let value: unknown;
  try {
    value = JSON.parse(line.text);
  } catch {
    // A last line without its newline, after a header, is what a recorder
    // stopped mid-write leaves; a first line like that is no recording.
    const cut = !line.terminated && line.number > 1;
    if (cut && allowIncomplete) return null;
    if (cut) {
      throw new SystapeError(
        `${name}:${line.number}: cut short: the file ends mid-line`,
        { hint: CUT_HINT },
      );
    }
    throw problem(name, line.number, "not valid JSON");
  }

  try {
    return checkEvent(value);
  } catch (error) {
    if (!(error instanceof EventProblem)) throw error;
    throw problem(name, line.number, error.message);
  }
}

function checkPlace(event: RecordingEvent, number: number, name: string) {
  if (number === 1 && event.type !== "header") {
    throw problem(name, 1, `starts with a ${event.type} line, not a header`);
  }
  if (number > 1 && event.type === "header") {
    throw problem(name, number, "a second header line");
  }
  if (event.type === "header" && event.format !== FORMAT_VERSION) {
    throw new SystapeError(
      `${name}:1: format ${
        JSON.stringify(event.format.slice(0, 40))
      } is not supported`,
      { hint: `this systape reads ${FORMAT_VERSION}` },
    );
  }
}

/** Refuses nesting deeper than {@linkcode NESTING_LIMIT}, before parsing. */
function tooDeep(line: Line, name: string) {
  const text = line.text;
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c) index++; // a backslash escapes the next character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) {
      if (++depth > NESTING_LIMIT) {
        throw problem(
          name,
          line.number,
          `nested deeper than ${NESTING_LIMIT} levels`,
        );
      }
    } else if (char === 0x5d || char === 0x7d) depth--;
  }
}

async function open(path: string, name: string): Promise<Deno.FsFile> {
  try {
    const file = await Deno.open(path, { read: true });
    const info = await file.stat();
    if (info.isDirectory) {
      file.close();
      throw new SystapeError(`${name} is a directory, not a recording`);
    }
    return file;
  } catch (error) {
    if (error instanceof SystapeError) throw error;
    throw new SystapeError(`cannot read ${name}: ${reason(error)}`, {
      hint: "check the path",
      cause: error,
    });
  }
}

function problem(name: string, line: number, message: string): SystapeError {
  return new SystapeError(`${name}:${line}: ${message}`, { hint: HINT });
}

function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Deno's messages end with "(os error 2): open '/path'"; the path is ours.
  return error.message.replace(/:? [a-z]+ '.*'$/, "")
    .replace(/,? ?\(os error \d+\)$/, "");
}
