/**
 * Comparing `systape show` with strace's own text: runs of the recorder
 * and of `strace -f -qq -o FILE` on the same command, and the
 * normalisation under which their lines should be equal.
 *
 * Normalisation, applied to both sides: the thread id that starts each
 * line is dropped; strace's `<unfinished ...>`/`<... resumed>` halves are
 * joined; the padding before ` = ` is collapsed; addresses (hex numbers of
 * five digits or more) become 0xADDR; the pids and tids of the run, and
 * the parent pid getppid() returns (strace's or the recorder's), become
 * PID; times (tv_sec, tv_nsec, tv_usec) become N; getrandom's random bytes
 * become RANDOM. Only syscall lines are compared; signal and exit lines
 * are not, as the recording keeps less of the siginfo than strace shows.
 *
 * @module
 */

import { readRecording } from "../src/recording/reader.ts";
import type { RecordingEvent } from "../src/recording/events.ts";
import { type TextOptions, TextView } from "../src/view/text.ts";
import { parseRecording, scratchDir } from "./helpers.ts";

const MOD_TS = new URL("../mod.ts", import.meta.url).pathname;
const RUN_LIMIT_MS = 60_000;
let runs = 0;

/** How to run a command under strace or the recorder. */
export interface RunOptions {
  /** `-s N`. */
  stringLimit?: number;
  /** Working directory. */
  cwd?: string;
  /** `-e LIST` (recorder only). */
  trace?: string;
  /** `--status LIST` (recorder only). */
  status?: string;
}

/**
 * Runs `strace -f -qq [-s N] -o FILE -- ARGV` and returns FILE's text.
 *
 * @example
 * ```ts ignore
 * const text = await straceText(["ls", "/"]);
 * ```
 */
export async function straceText(
  argv: string[],
  options: RunOptions = {},
): Promise<string> {
  const file = `${await scratchDir()}/strace-text-${++runs}.txt`;
  const limit = options.stringLimit === undefined
    ? []
    : ["-s", String(options.stringLimit)];
  await new Deno.Command("strace", {
    args: ["-f", "-qq", ...limit, "-o", file, "--", ...argv],
    cwd: options.cwd,
    stdin: "null",
    stdout: "null",
    stderr: "null",
    signal: AbortSignal.timeout(RUN_LIMIT_MS),
  }).output();
  return await Deno.readTextFile(file);
}

/** A finished recording. */
export interface Recorded {
  /** The recorder's exit status. */
  status: number;
  /** Where the recording is. */
  file: string;
  /** Its events, parsed without the reader's checks. */
  events: RecordingEvent[];
  /** What the recorder wrote to stderr. */
  stderr: string;
}

/**
 * Runs `systape record -q -o FILE [options] -- ARGV`.
 *
 * @example
 * ```ts ignore
 * const { events } = await recordWith(["true"], { stringLimit: 64 });
 * ```
 */
export async function recordWith(
  argv: string[],
  options: RunOptions = {},
): Promise<Recorded> {
  const file = `${await scratchDir()}/text-recording-${++runs}.ndjson`;
  const extra = [
    ...(options.stringLimit === undefined
      ? []
      : ["-s", String(options.stringLimit)]),
    ...(options.trace === undefined ? [] : ["-e", options.trace]),
    ...(options.status === undefined ? [] : ["--status", options.status]),
  ];
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MOD_TS, "record", "-q", "-o", file, ...extra, "--"]
      .concat(argv),
    cwd: options.cwd,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
    signal: AbortSignal.timeout(RUN_LIMIT_MS),
  }).output();
  const text = await Deno.readTextFile(file).catch(() => "");
  return {
    status: output.code,
    file,
    events: parseRecording(text),
    stderr: new TextDecoder().decode(output.stderr),
  };
}

/**
 * The lines `systape show` prints for a recording, through the reader and
 * the text view, as the CLI does.
 *
 * @example
 * ```ts ignore
 * const lines = await showLines(file, { pidColumn: true });
 * ```
 */
export async function showLines(
  file: string,
  options: TextOptions = {},
): Promise<string[]> {
  const view = new TextView(options);
  const lines: string[] = [];
  for await (const event of readRecording(file)) {
    lines.push(...view.lines(event));
  }
  return lines;
}

/**
 * A line without the padding strace puts before ` = `.
 *
 * @example
 * ```ts
 * import { unpadded } from "./strace_text.ts";
 * unpadded("close(3)      = 0"); // "close(3) = 0"
 * ```
 */
export function unpadded(line: string): string {
  return line.replace(/\)\s+= /, ") = ");
}

/**
 * strace -f -o text as one line per syscall, unfinished halves joined,
 * each line still starting with its tid.
 *
 * @example
 * ```ts
 * import { joinStrace } from "./strace_text.ts";
 * joinStrace("1 read(0,  <unfinished ...>\n1 <... read resumed>\"\", 1) = 0\n");
 * // ["1 read(0, \"\", 1) = 0"]
 * ```
 */
export function joinStrace(text: string): string[] {
  const lines: string[] = [];
  const pending = new Map<string, string>();
  for (const line of text.split("\n")) {
    const match = /^(\d+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const [, tid, rest] = match;
    if (rest.endsWith(" <unfinished ...>")) {
      pending.set(tid, rest.slice(0, -" <unfinished ...>".length).trimEnd());
      continue;
    }
    const resumed = /^<\.\.\. [a-z0-9_]+ resumed>\s*(.*)$/.exec(rest);
    if (resumed) {
      const start = pending.get(tid) ?? "";
      pending.delete(tid);
      const tight = start.endsWith("(") || /^[),]/.test(resumed[1]);
      lines.push(`${tid} ${start}${tight ? "" : " "}${resumed[1]}`);
      continue;
    }
    lines.push(`${tid} ${rest}`);
  }
  return lines;
}

/**
 * Lines that start with a tid, normalised as the module describes; only
 * syscall lines are kept. The pids to hide are those of `runLines`, all
 * the lines of the run, when `lines` are only some of them.
 *
 * @example
 * ```ts
 * import { normalise } from "./strace_text.ts";
 * normalise(["42 brk(NULL)       = 0x5581e000"]); // ["brk(NULL) = 0xADDR"]
 * ```
 */
export function normalise(
  lines: string[],
  runLines: string[] = lines,
): string[] {
  const pids = new Set(runLines.map((line) => line.split(" ")[0]));
  for (const line of runLines) {
    const parent = /^\d+\s+getppid\(\)\s+= (\d+)/.exec(line);
    if (parent) pids.add(parent[1]);
  }
  return lines.map((line) =>
    line.replace(/^\d+\s+/, "")
      .replace(/\)\s+= /, ") = ")
      .replace(/0x[0-9a-f]{5,}/g, "0xADDR")
      .replace(/\b\d+\b/g, (digits) => pids.has(digits) ? "PID" : digits)
      .replace(/\b(tv_sec|tv_nsec|tv_usec)=\d+/g, "$1=N")
      .replace(/^getrandom\("[^"]*"/, 'getrandom("RANDOM"')
  ).filter((line) => /^[a-z_0-9]+\(/.test(line));
}

/** How many of strace's lines show printed too. */
export interface Agreement {
  /** strace's syscall lines. */
  total: number;
  /** Of those, the ones show printed the same (each matched once). */
  matched: number;
  /** strace's lines show has no match for. */
  missing: string[];
  /** show's lines strace has no match for. */
  extra: string[];
}

/**
 * Matches strace's normalised lines with show's, one to one, regardless
 * of order: two runs of the same command interleave processes differently.
 *
 * @example
 * ```ts
 * import { agreement } from "./strace_text.ts";
 * agreement(["close(3) = 0"], ["close(3) = 0"]).matched; // 1
 * ```
 */
export function agreement(strace: string[], show: string[]): Agreement {
  const counts = new Map<string, number>();
  for (const line of show) counts.set(line, (counts.get(line) ?? 0) + 1);
  const missing: string[] = [];
  for (const line of strace) {
    const count = counts.get(line) ?? 0;
    if (count > 0) counts.set(line, count - 1);
    else missing.push(line);
  }
  const extra = [...counts].flatMap(([line, count]) =>
    Array<string>(count).fill(line)
  );
  return {
    total: strace.length,
    matched: strace.length - missing.length,
    missing,
    extra,
  };
}

/**
 * Records and straces `argv` (each once), and measures how many of
 * strace's syscall lines `systape show --pids` prints identically.
 *
 * @example
 * ```ts ignore
 * const { matched, total } = await compareWithStrace(["ls", "-la", "/"]);
 * ```
 */
export async function compareWithStrace(
  argv: string[],
  options: RunOptions = {},
): Promise<Agreement & { recorded: Recorded }> {
  const strace = normalise(joinStrace(await straceText(argv, options)));
  const recorded = await recordWith(argv, options);
  const shown = normalise(await showLines(recorded.file, { pidColumn: true }));
  return { ...agreement(strace, shown), recorded };
}
