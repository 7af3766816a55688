/**
 * Shared machinery of the recorder's tests: C fixtures compiled once per
 * test run, the `record` command run as a real subprocess, and `strace -f`
 * run on the same command with its output parsed, so that a test can set
 * what the recorder wrote beside what strace and the kernel say.
 *
 * @module
 */

import type { RecordingEvent, SyscallEvent } from "../src/recording/events.ts";

const REPO_ROOT = new URL("../", import.meta.url);
const MOD_TS = new URL("mod.ts", REPO_ROOT).pathname;
const FIXTURES = new URL("tests/fixtures/", REPO_ROOT).pathname;

/** Longest a single recorder or strace run may take before it is killed. */
const RUN_LIMIT_MS = 30_000;

let scratch: Promise<string> | null = null;
const compiled = new Map<string, Promise<string>>();
let recordings = 0;

/**
 * The temporary directory of this test run, made on first use and removed
 * when the test module unloads.
 *
 * @example
 * ```ts ignore
 * import { scratchDir } from "./helpers.ts";
 * const file = `${await scratchDir()}/notes.txt`;
 * ```
 */
export function scratchDir(): Promise<string> {
  scratch ??= Deno.makeTempDir({ prefix: "systape-test-" }).then((dir) => {
    globalThis.addEventListener("unload", () => {
      try {
        Deno.removeSync(dir, { recursive: true });
      } catch {
        // Already gone; nothing to clean.
      }
    });
    return dir;
  });
  return scratch;
}

/**
 * Compiles tests/fixtures/NAME.c with `cc -O0 -pthread` into the scratch
 * directory, once per test run, and resolves with the executable's path.
 *
 * @example
 * ```ts ignore
 * import { fixture } from "./helpers.ts";
 * const program = await fixture("open_enoent");
 * ```
 */
export function fixture(name: string): Promise<string> {
  let path = compiled.get(name);
  if (!path) {
    path = compile(name);
    compiled.set(name, path);
  }
  return path;
}

async function compile(name: string): Promise<string> {
  const output = `${await scratchDir()}/${name}`;
  const source = `${FIXTURES}${name}.c`;
  const result = await new Deno.Command("cc", {
    args: ["-O0", "-pthread", "-o", output, source],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!result.success) {
    const message = new TextDecoder().decode(result.stderr);
    throw new Error(`cc failed on ${source}:\n${message}`);
  }
  return output;
}

/** A finished `systape record` run. */
export interface Recording {
  /** The recorder's exit status (128+N when it was killed by signal N). */
  status: number;
  /** The recording's lines, parsed, in file order. */
  events: RecordingEvent[];
  /** The recording file exactly as written. */
  text: string;
  /** Where the recording was written. */
  file: string;
  /** The recorder's standard error (the program's too: they share it). */
  stderr: string;
  /** The program's standard output, passed through the recorder. */
  stdout: string;
}

/** How to run the recorder. */
export interface RecordOptions {
  /** `-e LIST`: the syscalls to record; all when absent. */
  trace?: string;
  /** The recorder's (so the program's) stdin: /dev/null or a pipe. */
  stdin?: "null" | "piped";
  /**
   * A command that runs the recorder, given the recorder's argv after its
   * own, e.g. `["sh", "-c", "exec 3</dev/null; exec \"$@\"", "sh"]` to
   * start it with fd 3 open. Default: none.
   */
  launcher?: string[];
}

/**
 * A recorder still running: the program's output lines as they arrive,
 * its stdin when piped, and a way to wait for the end.
 */
export interface RunningRecorder {
  /** The recorder process. */
  process: Deno.ChildProcess;
  /** Lines the program has written to stdout so far (growing). */
  lines: string[];
  /** Writes to the program's stdin, when it was piped. */
  stdin: WritableStreamDefaultWriter<Uint8Array> | null;
  /** Resolves once `lines` holds at least `count` lines; rejects after `ms`. */
  waitForLines(count: number, ms?: number): Promise<void>;
  /** Closes stdin, waits for the recorder to exit and reads the recording. */
  finish(): Promise<Recording>;
  /**
   * Kills the recorder (PTRACE_O_EXITKILL takes the program with it) and
   * waits for it, so that a failed test leaves no process behind.
   */
  abort(): Promise<void>;
}

/** A child's output as it arrives: stdout by lines, and both in full at the end. */
export interface CollectedOutput {
  /** Lines written to stdout so far (growing). */
  lines: string[];
  /** Whether stdout has closed. */
  closed(): boolean;
  /** The child's stdin, when it was piped. */
  stdin: WritableStreamDefaultWriter<Uint8Array> | null;
  /** All of stdout and stderr, once both have closed. */
  drained: Promise<{ stdout: string; stderr: string }>;
}

/**
 * Collects a spawned child's piped stdout (line by line, as it comes) and
 * stderr, and takes the writer of its stdin when `stdinPiped`.
 *
 * @example
 * ```ts ignore
 * import { collectOutput } from "./helpers.ts";
 * const child = new Deno.Command("ls", { stdout: "piped", stderr: "piped" }).spawn();
 * const { drained } = collectOutput(child, false);
 * console.log((await drained).stdout);
 * ```
 */
export function collectOutput(
  child: Deno.ChildProcess,
  stdinPiped: boolean,
): CollectedOutput {
  const lines: string[] = [];
  let stdout = "";
  let partial = "";
  let closed = false;
  const pump = (async () => {
    const decoder = new TextDecoderStream();
    for await (const chunk of child.stdout.pipeThrough(decoder)) {
      stdout += chunk;
      const parts = (partial + chunk).split("\n");
      partial = parts.pop()!;
      lines.push(...parts);
    }
  })().finally(() => closed = true);
  const stderr = new Response(child.stderr).text();
  return {
    lines,
    closed: () => closed,
    stdin: stdinPiped ? child.stdin.getWriter() : null,
    drained: pump.then(async () => ({ stdout, stderr: await stderr })),
  };
}

/**
 * Starts `systape record -q -o FILE [-e LIST] -- ARGV` as a subprocess and
 * returns at once, so that the test can act on the program while it runs.
 *
 * @example Kill a program once it has printed its pid
 * ```ts ignore
 * import { fixture, spawnRecorder } from "./helpers.ts";
 * const recorder = await spawnRecorder([await fixture("read_block")], {
 *   stdin: "piped",
 * });
 * try {
 *   await recorder.waitForLines(1);
 *   Deno.kill(Number(recorder.lines[0]), "SIGKILL");
 * } catch (error) {
 *   await recorder.abort();
 *   throw error;
 * }
 * const { status } = await recorder.finish(); // 137
 * ```
 */
export async function spawnRecorder(
  argv: string[],
  options: RecordOptions = {},
): Promise<RunningRecorder> {
  const file = `${await scratchDir()}/recording-${++recordings}.ndjson`;
  const trace = options.trace === undefined ? [] : ["-e", options.trace];
  const recorder = [Deno.execPath(), "run", "-A", MOD_TS, "record", "-q"]
    .concat("-o", file, trace, "--", argv);
  const [command, ...args] = (options.launcher ?? []).concat(recorder);
  const process = new Deno.Command(command, {
    args,
    stdin: options.stdin ?? "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();

  const output = collectOutput(process, options.stdin === "piped");
  const { lines, stdin } = output;
  const killer = setTimeout(() => process.kill("SIGKILL"), RUN_LIMIT_MS);

  const finish = async (): Promise<Recording> => {
    if (stdin) await stdin.close().catch(() => {});
    const { code } = await process.status;
    clearTimeout(killer);
    const { stdout, stderr } = await output.drained;
    const text = await Deno.readTextFile(file).catch(() => "");
    return {
      status: code,
      events: parseRecording(text),
      text,
      file,
      stderr,
      stdout,
    };
  };

  return {
    process,
    lines,
    stdin,
    async waitForLines(count: number, ms = 10_000) {
      const deadline = Date.now() + ms;
      while (lines.length < count) {
        if (output.closed()) {
          throw new Error(
            `the program's stdout closed after ${lines.length} of ${count} lines`,
          );
        }
        if (Date.now() > deadline) {
          throw new Error(
            `expected ${count} lines of program output within ${ms} ms, got ${lines.length}`,
          );
        }
        await sleep(10);
      }
    },
    finish,
    async abort() {
      try {
        process.kill("SIGKILL");
      } catch {
        // It has already exited.
      }
      // A recording cut by SIGKILL may end mid-line; the test's own error
      // is the one to report.
      await finish().catch(() => {});
    },
  };
}

/** What a run of the command line printed, and its exit status. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `systape ARGS` as a user does (`deno run -A mod.ts ARGS`), with
 * standard input from /dev/null, so with no terminal to ask on. `env` adds
 * to the environment, or with `clearEnv` is the whole of it.
 *
 * @example
 * ```ts ignore
 * import { systape } from "./helpers.ts";
 * const { code, stdout } = await systape(["--version"]);
 * ```
 */
export async function systape(
  args: string[],
  options: { env?: Record<string, string>; clearEnv?: boolean } = {},
): Promise<CliRun> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MOD_TS, ...args],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: options.env,
    clearEnv: options.clearEnv,
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

/**
 * Runs `systape record -q -o FILE [-e LIST] -- ARGV` to the end (stdin from
 * /dev/null unless asked otherwise) and returns its status and recording.
 *
 * @example
 * ```ts ignore
 * import { recordCli } from "./helpers.ts";
 * const { status, events } = await recordCli(["sh", "-c", "exit 3"]);
 * // status === 3; events[0].type === "header"
 * ```
 */
export async function recordCli(
  argv: string[],
  options: RecordOptions = {},
): Promise<Recording> {
  const recorder = await spawnRecorder(argv, options);
  return recorder.finish();
}

/**
 * Parses NDJSON text, one event per non-empty line; throws on a line that
 * is not JSON, naming its number.
 *
 * @example
 * ```ts ignore
 * import { parseRecording } from "./helpers.ts";
 * parseRecording('{"type":"continue","t":0,"pid":1,"tid":1}\n');
 * ```
 */
export function parseRecording(text: string): RecordingEvent[] {
  return text.split("\n").filter((line) => line !== "").map((line, index) => {
    try {
      return JSON.parse(line) as RecordingEvent;
    } catch (error) {
      throw new Error(`line ${index + 1} is not JSON: ${line}`, {
        cause: error,
      });
    }
  });
}

/**
 * The events of one type, typed accordingly.
 *
 * @example
 * ```ts ignore
 * import { eventsOf } from "./helpers.ts";
 * const spawns = eventsOf(recording.events, "spawn");
 * spawns.filter((spawn) => spawn.kind === "thread").length;
 * ```
 */
export function eventsOf<T extends RecordingEvent["type"]>(
  events: readonly RecordingEvent[],
  type: T,
): Extract<RecordingEvent, { type: T }>[] {
  return events.filter((event): event is Extract<RecordingEvent, { type: T }> =>
    event.type === type
  );
}

/** One syscall as `strace -f` printed it. */
export interface StraceCall {
  /** The thread id strace prefixed the line with (the pid, unthreaded). */
  pid: number;
  /** The syscall name. */
  name: string;
  /** The return value; null when strace printed `?` (it never returned). */
  ret: number | null;
  /** The errno name when it failed (`-1 ENOENT (...)`), else null. */
  errno: string | null;
  /** The argument text as printed, joined across `<unfinished ...>` splits. */
  args: string;
}

/** A finished `strace -f` run. */
export interface StraceRun {
  /** strace's exit status, which is the traced command's. */
  status: number;
  /** The syscalls in completion order, as the recorder writes them. */
  calls: StraceCall[];
  /** The command's standard output. */
  stdout: string;
}

/**
 * Runs `strace -f -qq -o FILE -- ARGV` (stdin from /dev/null, stdout piped,
 * as {@linkcode recordCli} runs the recorder) and parses FILE.
 *
 * @example
 * ```ts ignore
 * import { straceRun } from "./helpers.ts";
 * const { calls } = await straceRun(["ls", "/"]);
 * calls.filter((call) => call.errno === "ENOENT").length;
 * ```
 */
export async function straceRun(argv: string[]): Promise<StraceRun> {
  const file = `${await scratchDir()}/strace-${++recordings}.txt`;
  const output = await new Deno.Command("strace", {
    args: ["-f", "-qq", "-o", file, "--", ...argv],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(RUN_LIMIT_MS),
  }).output();
  return {
    status: output.code,
    calls: parseStrace(await Deno.readTextFile(file)),
    stdout: new TextDecoder().decode(output.stdout),
  };
}

const CALL_LINE = /^(\d+)\s+([a-z_0-9]+)\((.*)$/;
const RESUMED_LINE = /^(\d+)\s+<\.\.\. ([a-z_0-9]+) resumed>(.*)$/;
const UNFINISHED = " <unfinished ...>";
const RESULT = /\)\s+= (-?\d+|0x[0-9a-f]+|\?)(?: (E[A-Z0-9]+) \(.*)?.*$/;

/**
 * Parses the text `strace -f -o FILE` writes into syscalls, joining each
 * `<unfinished ...>` line with its `<... NAME resumed>` line; a call never
 * resumed (its thread died in it) gets ret null. Signal (`---`) and exit
 * (`+++`) lines are skipped.
 *
 * @example
 * ```ts ignore
 * import { parseStrace } from "./helpers.ts";
 * parseStrace('12  openat(AT_FDCWD, "/x", O_RDONLY) = -1 ENOENT (No such)\n');
 * // [{ pid: 12, name: "openat", ret: -1, errno: "ENOENT", args: ... }]
 * ```
 */
export function parseStrace(text: string): StraceCall[] {
  const calls: StraceCall[] = [];
  const pending = new Map<number, { name: string; args: string }>();

  for (const line of text.split("\n")) {
    const resumed = RESUMED_LINE.exec(line);
    if (resumed) {
      const pid = Number(resumed[1]);
      const started = pending.get(pid);
      pending.delete(pid);
      const args = (started?.args ?? "") + resumed[3];
      calls.push(completed(pid, resumed[2], args));
      continue;
    }

    const call = CALL_LINE.exec(line);
    if (!call) continue;
    const pid = Number(call[1]);
    if (call[3].endsWith(UNFINISHED)) {
      pending.set(pid, {
        name: call[2],
        args: call[3].slice(0, -UNFINISHED.length),
      });
      continue;
    }
    calls.push(completed(pid, call[2], call[3]));
  }

  for (const [pid, { name, args }] of pending) {
    calls.push({ pid, name, ret: null, errno: null, args });
  }
  return calls;
}

function completed(pid: number, name: string, text: string): StraceCall {
  const result = RESULT.exec(text);
  if (!result) return { pid, name, ret: null, errno: null, args: text };
  const ret = result[1] === "?" ? null : Number(result[1]);
  return {
    pid,
    name,
    ret,
    errno: result[2] ?? null,
    args: text.slice(0, result.index),
  };
}

/**
 * How a syscall ended, in one word for comparisons: "ok" (ret >= 0), the
 * errno name, or "?" when it never returned.
 *
 * @example
 * ```ts ignore
 * import { outcome } from "./helpers.ts";
 * outcome({ ret: -2, errno: "ENOENT" }); // "ENOENT"
 * ```
 */
export function outcome(
  call: { ret: number | string | null; errno: string | null },
): string {
  if (call.errno) return call.errno;
  if (call.ret === null) return "?";
  return "ok";
}

/**
 * The syscalls of a recording, in file order.
 *
 * @example
 * ```ts ignore
 * import { syscalls } from "./helpers.ts";
 * syscalls(recording.events).map((call) => call.name);
 * ```
 */
export function syscalls(events: readonly RecordingEvent[]): SyscallEvent[] {
  return eventsOf(events, "syscall");
}

/**
 * Counts items by key: a multiset as a sorted plain object, which
 * assert.deepEqual compares and prints readably.
 *
 * @example
 * ```ts ignore
 * import { tally } from "./helpers.ts";
 * tally(["read", "read", "close"], (name) => name); // { close: 1, read: 2 }
 * ```
 */
export function tally<T>(
  items: Iterable<T>,
  key: (item: T) => string,
): Record<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const name = key(item);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return Object.fromEntries(
    [...counts].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0),
  );
}

/**
 * Polls `check` every 10 ms until it returns true (resolves true) or `ms`
 * have passed (resolves false).
 *
 * @example
 * ```ts ignore
 * import { eventually, processState } from "./helpers.ts";
 * const gone = await eventually(() => processState(pid) === null, 2000);
 * ```
 */
export async function eventually(
  check: () => boolean,
  ms = 10_000,
): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await sleep(10);
  }
  return true;
}

/**
 * Polls until `check` returns true; rejects with `what` after `ms`.
 *
 * @example
 * ```ts ignore
 * import { until } from "./helpers.ts";
 * await until("the program to block in read", () => inRead(pid));
 * ```
 */
export async function until(
  what: string,
  check: () => boolean,
  ms = 10_000,
): Promise<void> {
  if (!await eventually(check, ms)) {
    throw new Error(`timed out waiting for ${what}`);
  }
}

/**
 * Resolves after `ms` milliseconds.
 *
 * @example
 * ```ts ignore
 * import { sleep } from "./helpers.ts";
 * await sleep(300);
 * ```
 */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The state letter of /proc/PID/stat ("R", "S", "T", "t", "Z"...), or null
 * when the process is gone.
 *
 * @example
 * ```ts ignore
 * import { processState } from "./helpers.ts";
 * processState(Deno.pid); // "R" or "S"
 * ```
 */
export function processState(pid: number): string | null {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0];
  } catch {
    return null;
  }
}

const STOPPED_STATES = ["T", "t"];

/**
 * Sends SIGSTOP to `pid` and checks that it stays stopped: its state holds
 * at T or t (a syscall stop shows as t for a moment too, so only a state
 * held over five looks 10 ms apart counts) and its output, `lines`, does
 * not grow for a second. Returns the count of lines printed before.
 *
 * @example
 * ```ts ignore
 * import { stopAndCheckStopped } from "./helpers.ts";
 * const printed = await stopAndCheckStopped(pid, recorder.lines);
 * Deno.kill(pid, "SIGCONT");
 * await recorder.waitForLines(printed + 3);
 * ```
 */
export async function stopAndCheckStopped(
  pid: number,
  lines: string[],
): Promise<number> {
  const stoppedNow = () => STOPPED_STATES.includes(processState(pid) ?? "");
  const before = lines.length;
  Deno.kill(pid, "SIGSTOP");
  let streak = 0;
  const held = await eventually(() => {
    streak = stoppedNow() ? streak + 1 : 0;
    return streak >= 5;
  }, 3000);
  if (!held) {
    throw new Error(
      `not stopped 3 s after SIGSTOP: state ${processState(pid)}, ` +
        `${lines.length - before} lines printed since`,
    );
  }

  // A line already in the pipe may still arrive; after that, nothing.
  await sleep(200);
  const whileStopped = lines.length;
  await sleep(1000);
  if (lines.length !== whileStopped) {
    throw new Error("the program printed while it should have been stopped");
  }
  if (!stoppedNow()) throw new Error(`no longer stopped: ${processState(pid)}`);
  return whileStopped;
}
