/**
 * One recording, start to end, on the calling thread: resolve the command,
 * compile the filter, launch, trace, and write header, events and end line.
 *
 * @module
 */

import { hostArch } from "../arch/arch.ts";
import { createDecoder } from "../decode/decoder.ts";
import { errnoMessage, signalName } from "../arch/names.ts";
import { SystapeError } from "../errors.ts";
import type {
  RecordingEvent,
  SignalEvent,
  TraceEvent,
} from "../recording/events.ts";
import { buildHeader } from "../recording/header.ts";
import { NdjsonWriter, openRecordingFile } from "../recording/writer.ts";
import { encode } from "../seccomp/bpf.ts";
import { type ArchRules, compileFilter } from "../seccomp/filter.ts";
import { parseSelection, rulesFor } from "../seccomp/selection.ts";
import { exitStatusForExecError, resolveCommand } from "../tracer/command.ts";
import { favourThisThread } from "../libc/scheduling.ts";
import { attachTo } from "../tracer/attach.ts";
import { launch } from "../tracer/launch.ts";
import type { Tracees } from "../tracer/tracees.ts";
import { trace, type TraceOutcome } from "../tracer/tracer.ts";
import type { RecordRequest, RecordResult } from "./request.ts";
import { parseStatus, statusOf, type SyscallStatus } from "./status.ts";

/** Hooks between the recording and whoever runs it. */
export interface RunHooks {
  /** Called once the tracees are seized: the first pid, and the waker. */
  started(pid: number, waker: number): void;
  /** Receives events when the request asked for a stream. */
  events(batch: RecordingEvent[]): void;
  /** Sees every signal event, streamed or not. */
  signal(event: SignalEvent): void;
  /** Polled after each stop: a reason to end early, or null. */
  abortReason(): string | null;
}

const STREAM_BATCH = 512;

/**
 * Records `request.argv` and returns how it ended. Throws a SystapeError
 * when the recording cannot start; once the program runs, failures are
 * reported in the result instead, after every traced process is gone.
 *
 * @example
 * ```ts ignore
 * import { runRecording } from "./run.ts";
 * const result = runRecording({ argv: ["true"], output: "-" }, hooks);
 * ```
 */
export function runRecording(
  request: RecordRequest,
  hooks: RunHooks,
): RecordResult {
  const arch = hostArch();
  const selection = parseSelection(request.trace, arch);
  const statuses = parseStatus(request.status);
  const attach = request.attach ?? [];
  const target = attach.length ? describeProcess(attach[0]) : {
    argv: request.argv,
    cwd: request.cwd ?? Deno.cwd(),
    env: request.env ?? currentEnvironment(),
  };
  const writer = openWriter(request.output);

  const start = new Date();
  const clockOrigin = performance.now();
  const clock = () => Math.round((performance.now() - clockOrigin) * 1000);
  const output = new Output(writer, hooks, request.stream ?? false, statuses);
  output.write(buildHeader({
    ...target,
    arch: arch.name,
    kernel: Deno.osRelease(),
    selection,
    keepSecrets: request.keepSecrets ?? false,
    start,
  }));

  const decoder = createDecoder({
    stringLimit: request.stringLimit,
    selection,
  });
  const rules = rulesFor(arch, selection, decoder.bookkeeping);
  let tracees: Tracees;
  try {
    tracees = attach.length
      ? attachTo(attach)
      : launchCommand(request, target.env, rules);
  } catch (error) {
    output.discard(request.output);
    throw error;
  }
  hooks.started(tracees.rootPid, tracees.waker);
  favourThisThread();

  let reason: string | null = null;
  const outcome = trace(tracees, {
    arch,
    selects: selection === "all" ? undefined : selectsFrom(selection),
    sink: output,
    clock,
    decoder,
    control: {
      aborted: () => {
        reason ??= output.failure?.message ?? hooks.abortReason();
        return output.failure !== null || hooks.abortReason() !== null;
      },
    },
  });
  if (tracees.mode === "attached" && outcome.code === null) {
    reason ??= "detached";
  }
  return finish(request, output, outcome, clock(), reason);
}

function launchCommand(
  request: RecordRequest,
  env: string[],
  rules: ArchRules[],
): Tracees {
  const arch = hostArch();
  const path = env.find((entry) => entry.startsWith("PATH="))?.slice(5) ?? "";
  return launch(arch, {
    candidates: resolveCommand(request.argv[0], path).candidates,
    argv: request.argv,
    env,
    filter: encode(compileFilter(rules)),
    cwd: request.cwd,
    ignoredSignals: request.ignoredSignals,
  });
}

function selectsFrom(names: readonly string[]): (name: string) => boolean {
  const selected = new Set(names);
  return (name) => selected.has(name);
}

/** The command line, directory and environment of a running process. */
function describeProcess(pid: number) {
  const read = (name: string) => {
    try {
      return Deno.readTextFileSync(`/proc/${pid}/${name}`);
    } catch {
      throw new SystapeError(`no process ${pid}`, {
        hint: "check the pid with ps",
      });
    }
  };
  const list = (text: string) => text.split("\0").filter(Boolean);
  return {
    argv: list(read("cmdline")),
    cwd: Deno.readLinkSync(`/proc/${pid}/cwd`),
    env: list(read("environ")),
  };
}

function finish(
  request: RecordRequest,
  output: Output,
  outcome: TraceOutcome,
  t: number,
  reason: string | null,
): RecordResult {
  const execError = outcome.execErrno === null
    ? null
    : errnoMessage(outcome.execErrno);
  const result: RecordResult = {
    exitStatus: exitStatusOf(outcome),
    code: outcome.code,
    signal: outcome.signal === null ? null : signalName(outcome.signal),
    syscalls: outcome.syscalls - output.dropped,
    output: request.output,
    execError,
    reason: reason ?? (execError ? "exec failed" : null),
    notes: [...output.notes],
  };

  output.write({
    type: "end",
    t,
    code: result.code,
    signal: result.signal,
    exitStatus: result.exitStatus,
    syscalls: result.syscalls,
    ...(result.reason ? { reason: result.reason } : {}),
  });
  output.close();
  if (output.failure) throw output.failure;
  return result;
}

/** The status a shell would report: 127/126 when the command could not run. */
function exitStatusOf(outcome: TraceOutcome): number {
  // A command that could not run exits 127 or 126 itself, as a shell's
  // child does; exitStatusForExecError covers it being killed first.
  if (outcome.code !== null) return outcome.code;
  if (outcome.execErrno !== null) {
    return exitStatusForExecError(outcome.execErrno);
  }
  if (outcome.signal !== null) return 128 + outcome.signal;
  return 0; // detached from processes that live on
}

function openWriter(output: string | null): NdjsonWriter | null {
  if (output === null) return null;
  if (output === "-") {
    // Standard output stays open for the rest of the process.
    const stdout = {
      writeSync: (b: Uint8Array) => Deno.stdout.writeSync(b),
      close() {},
    };
    return new NdjsonWriter(stdout, "standard output");
  }
  return new NdjsonWriter(openRecordingFile(output), output);
}

/**
 * This process's environment in the order it was given, as a shell would
 * pass it on: Deno.env has the current values but hashes their order, so
 * the order comes from /proc/self/environ (the environment at exec), and
 * variables set since then follow.
 */
function currentEnvironment(): string[] {
  const values = Deno.env.toObject();
  const names = new Set(initialOrder().filter((name) => name in values));
  for (const name of Object.keys(values)) names.add(name);
  return [...names].map((name) => `${name}=${values[name]}`);
}

function initialOrder(): string[] {
  try {
    return Deno.readTextFileSync("/proc/self/environ").split("\0")
      .filter(Boolean)
      .map((entry) => entry.slice(0, entry.indexOf("=")));
  } catch {
    return [];
  }
}

/**
 * The tracer's event sink: the file writer and, when asked, the stream to
 * the caller. It never throws into the tracer loop: a write failure is kept
 * and ends the recording through the loop's abort check.
 */
class Output {
  failure: SystapeError | null = null;
  readonly notes = new Set<string>();
  /** Syscall events left out by --status. */
  dropped = 0;
  #batch: RecordingEvent[] = [];

  constructor(
    readonly writer: NdjsonWriter | null,
    readonly hooks: RunHooks,
    readonly stream: boolean,
    readonly statuses?: ReadonlySet<SyscallStatus>,
  ) {}

  write(event: RecordingEvent) {
    if (
      event.type === "syscall" && this.statuses &&
      !this.statuses.has(statusOf(event))
    ) {
      this.dropped++;
      return;
    }
    if (event.type === "signal") this.hooks.signal(event);
    if (event.type === "exec" && event.exe) this.#notePrivileged(event.exe);
    if (this.stream) {
      this.#batch.push(event);
      if (this.#batch.length >= STREAM_BATCH) this.#sendBatch();
    }
    if (!this.writer || this.failure) return;
    try {
      this.writer.write(event);
    } catch (error) {
      this.failure = asSystapeError(error);
    }
  }

  emit(event: TraceEvent) {
    this.write(event);
  }

  idle() {
    this.#sendBatch();
    if (!this.writer || this.failure) return;
    try {
      this.writer.flush();
    } catch (error) {
      this.failure = asSystapeError(error);
    }
  }

  /** The recording could not start: remove the file it had begun. */
  discard(path: string | null) {
    try {
      this.writer?.sink.close();
      if (path && path !== "-") Deno.removeSync(path);
    } catch {
      // Nothing was recorded; a file that cannot be removed holds a header only.
    }
  }

  close() {
    this.#sendBatch();
    if (!this.writer) return;
    try {
      if (this.failure) this.writer.sink.close();
      else this.writer.close();
    } catch (error) {
      this.failure ??= asSystapeError(error);
    }
  }

  /**
   * A set-user-ID or set-group-ID program runs without its privileges under
   * no_new_privs, which the seccomp filter requires; say so, since it may
   * then fail where it would succeed untraced.
   */
  #notePrivileged(exe: string) {
    try {
      const mode = Deno.statSync(exe).mode ?? 0;
      const SETUID_OR_SETGID = 0o6000;
      if ((mode & SETUID_OR_SETGID) === 0) return;
      this.notes.add(
        `${exe} is set-user-ID or set-group-ID: under systape it runs without gaining privileges (no_new_privs), and may fail where it would succeed untraced`,
      );
    } catch {
      // Gone already: nothing to say about it.
    }
  }

  #sendBatch() {
    if (!this.stream || this.#batch.length === 0) return;
    this.hooks.events(this.#batch);
    this.#batch = [];
  }
}

function asSystapeError(error: unknown): SystapeError {
  return error instanceof SystapeError
    ? error
    : new SystapeError(String(error), { cause: error });
}
