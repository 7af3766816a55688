/**
 * The recording API: record a command on a worker thread, while this thread
 * handles signals and, when asked, receives the events as they happen.
 *
 * @module
 */

import { SystapeError } from "../errors.ts";
import { SIG } from "../libc/constants.ts";
import { wakeTracer } from "../tracer/waker.ts";
import { libc } from "../libc/libc.ts";
import { ignoreSignal } from "../libc/signals.ts";
import type { RecordingEvent } from "../recording/events.ts";
import type { RecordRequest, RecordResult } from "./request.ts";
import { SHARED, type WorkerMessage } from "./protocol.ts";

/**
 * Options of {@linkcode record} and {@linkcode recordEvents}.
 *
 * @example Record only some syscalls of a command run in another directory
 * ```ts ignore
 * import { record } from "./record.ts";
 * const result = await record(["ls", "-l"], {
 *   output: "ls.ndjson",
 *   cwd: "/tmp",
 *   trace: ["openat", "getdents64", "write"],
 *   stringLimit: 64,
 * });
 * ```
 */
export interface RecordOptions {
  /**
   * Attach to these running processes (all their threads) instead of
   * starting `argv`, which must then be empty. They are detached, running as
   * before, when they exit or the recording is ended (a signal with
   * `handleSignals`).
   */
  attach?: readonly number[];
  /** File to write; "-" for standard output; null for none. Default: none. */
  output?: string | null;
  /** Syscall names to record, comma-separated or as a list; default all. */
  trace?: string | readonly string[];
  /** The program's environment; default this process's. */
  env?: Record<string, string>;
  /** The program's working directory; default this process's. */
  cwd?: string;
  /** Keep secret-looking environment values in the header (default false). */
  keepSecrets?: boolean;
  /** Bytes of strings and buffers kept in decoded arguments (default 32). */
  stringLimit?: number;
  /** Keep only syscalls that ended so: "successful", "failed", "unfinished", comma-separated. */
  status?: string;
  /**
   * Handle SIGINT, SIGTERM and SIGHUP sent to this process as a recorder
   * does: pass them on to the program unless the terminal already sent it
   * the same; on a second one, kill the traced processes. Default false, as
   * listening changes how the calling program reacts to these signals.
   */
  handleSignals?: boolean;
}

/**
 * Records a command to a file (or standard output) and resolves with how it
 * ended. Rejects with a SystapeError when the recording cannot start.
 *
 * @example Record `ls /` into a file
 * ```ts ignore
 * import { record } from "@systape/systape";
 * const result = await record(["ls", "/"], { output: "ls.ndjson" });
 * console.log(result.exitStatus, result.syscalls);
 * ```
 */
export function record(
  argv: readonly string[],
  options: RecordOptions = {},
): Promise<RecordResult> {
  return startWorker(toRequest(argv, options, false), options, () => {}).result;
}

/**
 * A running recording whose events arrive as they happen.
 *
 * @example Print each program run, then how the recording ended
 * ```ts ignore
 * import { recordEvents } from "./record.ts";
 * const stream = recordEvents(["sh", "-c", "ls /"]);
 * for await (const event of stream) {
 *   if (event.type === "exec") console.log(event.pid, event.filename);
 * }
 * console.log((await stream.result).exitStatus);
 * ```
 */
export interface RecordingStream extends AsyncIterable<RecordingEvent> {
  /** How the recording ended; rejects when it could not start. */
  readonly result: Promise<RecordResult>;
}

/**
 * Records a command and yields its events, header first and end last, as
 * typed objects. Events queue in memory until consumed.
 *
 * @example Count the failed syscalls of `ls /nonexistent`
 * ```ts ignore
 * import { recordEvents } from "@systape/systape";
 * let failed = 0;
 * for await (const event of recordEvents(["ls", "/nonexistent"])) {
 *   if (event.type === "syscall" && event.errno) failed++;
 * }
 * ```
 */
export function recordEvents(
  argv: readonly string[],
  options: RecordOptions = {},
): RecordingStream {
  const queue: RecordingEvent[] = [];
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  const running = startWorker(
    toRequest(argv, options, true),
    options,
    (events) => {
      queue.push(...events);
      notify();
    },
  );
  let finished = false;
  running.result.finally(() => {
    finished = true;
    notify();
  }).catch(() => {});

  return {
    result: running.result,
    async *[Symbol.asyncIterator]() {
      for (;;) {
        while (queue.length) yield queue.shift()!;
        if (finished) break;
        await new Promise<void>((resolve) => wake = resolve);
      }
      await running.result;
    },
  };
}

function toRequest(
  argv: readonly string[],
  options: RecordOptions,
  stream: boolean,
): RecordRequest {
  const attach = options.attach ?? [];
  if (argv.length === 0 && attach.length === 0) {
    throw new SystapeError("no command to record", {
      hint: "give the command after --, e.g. record -- ls /",
    });
  }
  if (argv.length > 0 && attach.length > 0) {
    throw new SystapeError(
      "give a command or processes to attach to, not both",
      {
        hint: "record -p PID, or record -- CMD",
      },
    );
  }
  const trace = typeof options.trace === "string"
    ? options.trace
    : options.trace?.join(",");
  return {
    argv: [...argv],
    attach: [...attach],
    env: options.env
      ? Object.entries(options.env).map(([name, value]) => `${name}=${value}`)
      : undefined,
    cwd: options.cwd,
    trace,
    output: options.output ?? null,
    keepSecrets: options.keepSecrets,
    stringLimit: options.stringLimit,
    status: options.status,
    ignoredSignals: IGNORED_AT_START,
    stream,
  };
}

function startWorker(
  request: RecordRequest,
  options: RecordOptions,
  onEvents: (events: RecordingEvent[]) => void,
): { result: Promise<RecordResult> } {
  const worker = new Worker(new URL("./worker.ts", import.meta.url).href, {
    type: "module",
  });
  const shared = new SharedArrayBuffer(SHARED.LENGTH * 4);
  const flags = new Int32Array(shared);
  const interrupts = options.handleSignals
    ? new InterruptPolicy(flags, (options.attach ?? []).length > 0)
    : null;

  const result = new Promise<RecordResult>((resolve, reject) => {
    worker.onmessage = (message: MessageEvent<WorkerMessage>) => {
      const data = message.data;
      if (data.type === "started") interrupts?.started(data.pid, data.waker);
      else if (data.type === "events") onEvents(data.events);
      else if (data.type === "done") resolve(data.result);
      else {
        reject(
          new SystapeError(data.message, {
            hint: data.hint,
            exitCode: data.exitCode,
          }),
        );
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      reject(
        new SystapeError(`the recorder's worker failed: ${event.message}`),
      );
    };
  }).finally(() => {
    interrupts?.dispose();
    worker.terminate();
  });

  worker.postMessage({ request, shared });
  return { result };
}

/**
 * The signals this process was started with ignored, read when this module
 * loads, before any listener changes them (SigIgn of /proc/self/status, bit
 * N-1 for signal N). SIGPIPE is left out: Deno ignores it itself, so whether
 * it was inherited ignored cannot be told; the program gets the default.
 * Signals 32 and 33 are left out too: glibc claims them before this runs.
 */
const IGNORED_AT_START = readIgnoredSignals();

function readIgnoredSignals(): number[] {
  let mask = 0n;
  try {
    const status = Deno.readTextFileSync("/proc/self/status");
    mask = BigInt("0x" + (/^SigIgn:\s+([0-9a-f]+)$/m.exec(status)?.[1] ?? "0"));
  } catch {
    // No /proc: nothing known to be ignored.
  }
  const ignored: number[] = [];
  for (let signal = 1; signal <= 64; signal++) {
    const reserved = signal === SIG.PIPE || signal === 32 || signal === 33;
    if (!reserved && (mask >> BigInt(signal - 1)) & 1n) ignored.push(signal);
  }
  return ignored;
}

/**
 * What a recorder does with SIGINT, SIGTERM and SIGHUP sent to it.
 *
 * Attached to running processes, it detaches and finishes the recording.
 *
 * With a program it started: a Ctrl-C at the terminal reaches the recorder
 * and the program alike (they share the foreground process group); the
 * program then decides what it means, as it would untraced, and the
 * recording goes on until the program ends. A signal sent to the recorder
 * alone (kill PID) is passed on to the program, like strace does for the
 * program it started. A second such signal means "stop now": every traced
 * process is killed and the recording is finished.
 */
class InterruptPolicy {
  #pid = 0;
  #waker = 0;
  #forwarded = false;
  #terminalSeen = 0;
  readonly #listeners: [Deno.Signal, () => void][] = [];

  constructor(readonly flags: Int32Array, readonly attached: boolean) {
    const signals: [Deno.Signal, number][] = [
      ["SIGINT", SIG.INT],
      ["SIGTERM", SIG.TERM],
      ["SIGHUP", SIG.HUP],
    ];
    for (const [name, number] of signals) {
      // A signal systape was started with ignored (nohup, `trap '' INT`,
      // a background job) stays ignored, by systape and by the program.
      if (IGNORED_AT_START.includes(number)) continue;
      const listener = () => this.#received(number);
      Deno.addSignalListener(name, listener);
      this.#listeners.push([name, listener]);
    }

    // Adding any listener makes Deno catch SIGINT, SIGHUP and SIGTERM all
    // together; put back those this process was started with ignored.
    for (const signal of IGNORED_AT_START) ignoreSignal(signal);
  }

  started(pid: number, waker: number) {
    this.#pid = pid;
    this.#waker = waker;
  }

  dispose() {
    for (const [name, listener] of this.#listeners) {
      Deno.removeSignalListener(name, listener);
    }
  }

  #received(signal: number) {
    if (this.attached || this.#forwarded || this.#pid === 0) {
      return this.#abort(signal);
    }

    // The tracer sees the program's copy of a terminal signal within
    // microseconds of ours; give it a moment to show up before deciding.
    setTimeout(() => {
      const seen = Atomics.load(this.flags, SHARED.TERMINAL_INTERRUPTS);
      if (seen > this.#terminalSeen) {
        this.#terminalSeen = seen;
        return;
      }
      this.#forwarded = true;
      Atomics.store(this.flags, SHARED.INTERRUPT, signal);
      libc().kill(this.#pid, signal);
    }, 100);
  }

  #abort(signal: number) {
    Atomics.store(this.flags, SHARED.INTERRUPT, signal);
    Atomics.store(this.flags, SHARED.ABORT, 1);
    // The tracer checks the flag after each stop; if every tracee sits
    // blocked, no stop comes, so wake it.
    if (this.#waker !== 0) wakeTracer(this.#waker);
  }
}
