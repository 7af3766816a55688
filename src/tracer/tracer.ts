/**
 * The tracer loop: waits for ptrace stops of every traced thread, turns each
 * into events, and resumes the thread, until no traced thread is left.
 *
 * The stops it handles, as ptrace(2) names them:
 * - seccomp stop (PTRACE_EVENT_SECCOMP): a selected syscall is entering.
 *   Its number and arguments are read, and the thread is resumed with
 *   PTRACE_SYSCALL so that it stops again at the syscall's exit.
 * - syscall-exit-stop: the return value is read there, since the seccomp
 *   stop happens before the syscall runs (PTRACE_GETEVENTMSG at a seccomp
 *   stop yields the filter's SECCOMP_RET_DATA, never a result). The thread
 *   resumes with PTRACE_CONT, so unselected syscalls never stop.
 * - syscall-entry-stop: on kernels before 4.8 the seccomp stop comes first
 *   and PTRACE_SYSCALL then stops at entry too. PTRACE_GET_SYSCALL_INFO tells
 *   entry from exit, so the loop needs no toggle that a missed stop would
 *   invert.
 * - PTRACE_EVENT_FORK/VFORK/CLONE: a new process or thread, traced from its
 *   first instruction (auto-attach). Its own first stop may be reported
 *   before this event.
 * - PTRACE_EVENT_EXEC: a successful execve; from a non-leader thread, the
 *   thread takes the leader's tid and the old leader vanishes unreported.
 * - PTRACE_EVENT_STOP: group-stop (PTRACE_GETSIGINFO fails with EINVAL), or
 *   the stop of a new child or of a group-stopped thread woken by SIGCONT.
 *   A group-stopped thread is resumed with PTRACE_LISTEN, so it stays
 *   stopped as it would untraced, yet reports SIGCONT.
 * - signal-delivery-stop: recorded, and the signal is delivered by passing
 *   its own number to the resume.
 *
 * @module
 */

import { abiOf, type Arch, tableIndex } from "../arch/arch.ts";
import { errnoName, signalName } from "../arch/names.ts";
import {
  CLONE,
  ERRNO,
  PTRACE,
  PTRACE_EVENT,
  SIG,
  SYSCALL_INFO_OP,
} from "../libc/constants.ts";
import { libc } from "../libc/libc.ts";
import { readBytes, readCString } from "../libc/memory.ts";
import {
  coreDumped,
  eventMessage,
  exitCode,
  request,
  requestWord,
  signalInfo,
  stopEvent,
  stopSignal,
  type SyscallInfo,
  syscallInfo,
  termSignal,
  waitAny,
} from "../libc/ptrace.ts";
import type { TraceEvent, Word } from "../recording/events.ts";
import { DATA_SELECTED } from "../seccomp/filter.ts";
import { exitStatusForExecError } from "./command.ts";
import type { SyscallDecoder } from "./decoder.ts";
import type { Tracees } from "./tracees.ts";
import { POLL_MILLISECONDS, PollPolicy } from "./poller.ts";
import { stopWaker } from "./waker.ts";
import { type InFlightSyscall, type Thread, ThreadTable } from "./threads.ts";

/** Where the tracer sends what it sees. */
export interface EventSink {
  /** Receives each event as it happens. */
  emit(event: TraceEvent): void;
  /** Called when no stop is pending, before the tracer blocks (flush here). */
  idle(): void;
}

/**
 * Lets code outside the loop end a recording early. Once `aborted()` returns
 * true, a launched program and its descendants are killed with SIGKILL (a
 * program left running would find its selected syscalls failing with ENOSYS,
 * as its seccomp filter cannot be removed), and attached processes are
 * detached, left running as before. Nothing is left stopped.
 */
export interface TraceControl {
  /** Polled after each stop. */
  aborted(): boolean;
}

/** How the traced command ended. */
export interface TraceOutcome {
  /** The first process's exit status, when it exited. */
  code: number | null;
  /** The first process's killing signal, when killed. */
  signal: number | null;
  /** When the command could not be executed: the last execve errno. */
  execErrno: number | null;
  /** Syscall events emitted. */
  syscalls: number;
}

const SYSCALL_STOP = SIG.TRAP | 0x80;
const GROUP_STOP_SIGNALS: ReadonlySet<number> = new Set([
  SIG.STOP,
  SIG.TSTP,
  SIG.TTIN,
  SIG.TTOU,
]);
const PATH_LIMIT = 1 << 16;

/**
 * Traces the tracees and their descendants until all have ended (or, when
 * attached, until the recording is ended and they are detached).
 *
 * @example
 * ```ts ignore
 * import { trace } from "./tracer.ts";
 * const outcome = trace(launch(arch, spec), {
 *   arch,
 *   sink: { emit: (event) => console.log(event), idle: () => {} },
 *   clock: () => 0,
 * });
 * ```
 */
export function trace(tracees: Tracees, options: TraceOptions): TraceOutcome {
  const tracer = new Tracer(tracees, options);
  try {
    return tracer.run();
  } finally {
    stopWaker(tracees.waker);
  }
}

/** What {@linkcode trace} works with besides the launched program. */
export interface TraceOptions {
  /** The machine's architecture. */
  arch: Arch;
  /** Receives the events. */
  sink: EventSink;
  /** Microseconds since the recording started. */
  clock: () => number;
  /** Ends the recording early when it says so. */
  control?: TraceControl;
  /** Decodes arguments; raw values only when absent. */
  decoder?: SyscallDecoder;
  /**
   * Which syscalls to record when attached (no filter selects them there);
   * all when absent.
   */
  selects?: (name: string) => boolean;
}

class Tracer {
  readonly #threads = new ThreadTable();
  readonly #outcome: TraceOutcome = {
    code: null,
    signal: null,
    execErrno: null,
    syscalls: 0,
  };
  #rootExecuted = false;
  #ending = false;
  readonly #poll = new PollPolicy();
  readonly #decoderBookkeeping: ReadonlySet<string>;

  readonly arch: Arch;
  readonly sink: EventSink;
  readonly clock: () => number;
  readonly control: TraceControl;
  readonly decoder: SyscallDecoder | undefined;
  readonly selects: (name: string) => boolean;
  readonly attached: boolean;

  constructor(readonly tracees: Tracees, options: TraceOptions) {
    this.arch = options.arch;
    this.sink = options.sink;
    this.clock = options.clock;
    this.control = options.control ?? { aborted: () => false };
    this.decoder = options.decoder;
    this.#decoderBookkeeping = new Set(this.decoder?.bookkeeping);
    this.selects = options.selects ?? (() => true);
    this.attached = tracees.mode === "attached";
  }

  run(): TraceOutcome {
    for (const { tid, pid } of this.tracees.threads) {
      this.#threads.add(tid, pid);
    }
    // A launched program waits to be resumed into its execve; attached
    // threads were interrupted and report a stop of their own.
    if (!this.attached) {
      this.#resume(this.#threads.get(this.tracees.rootPid)!, 0);
    }

    while (this.#threads.size > 0) {
      const result = this.#nextStop();
      const isWaker = result.tid === this.tracees.waker;
      if (result.tid > 0 && !isWaker) this.#dispatch(result.tid, result.status);
      else if (result.tid < 0 && result.errno !== ERRNO.EINTR) break;
      if (!this.#ending && this.control.aborted()) this.#end();
    }
    return this.#outcome;
  }

  #end() {
    this.#ending = true;
    if (this.attached) return this.#detachAll();

    for (const thread of this.#threads.all()) libc().kill(thread.pid, SIG.KILL);
  }

  /**
   * Detaches from every attached thread. PTRACE_DETACH needs the thread in
   * a ptrace-stop, so each is interrupted first; a signal it was about to
   * receive is passed along with the detach, so none is lost.
   */
  #detachAll() {
    for (const thread of this.#threads.all()) {
      request(PTRACE.INTERRUPT, thread.tid, 0);
    }

    while (this.#threads.size > 0) {
      const { tid, status } = waitAny(false);
      if (tid === -1) break;
      const thread = this.#threads.get(tid);
      if (!thread) continue;
      if (exitCode(status) !== null || termSignal(status) !== null) {
        this.#onExit(thread, status);
        continue;
      }

      const signal = stopSignal(status)!;
      const pending = stopEvent(status) === 0 && signal !== SYSCALL_STOP;
      this.#abandon(thread);
      request(PTRACE.DETACH, tid, pending ? signal : 0);
      this.#threads.remove(tid);
    }
  }

  /** The next stop: polled for briefly when the policy says it pays. */
  #nextStop() {
    let result = waitAny(true);
    if (result.tid !== 0) return result;

    if (this.#poll.shouldPoll()) {
      const deadline = performance.now() + POLL_MILLISECONDS;
      while (result.tid === 0 && performance.now() < deadline) {
        result = waitAny(true);
      }
      this.#poll.record(result.tid !== 0);
      if (result.tid !== 0) return result;
    }

    this.sink.idle();
    return waitAny(false);
  }

  #dispatch(tid: number, status: number) {
    const exited = exitCode(status) !== null || termSignal(status) !== null;
    const known = this.#threads.get(tid);
    // waitpid(-1) also reaps children the recorder had before it traced
    // anything (`sh -c 'true & exec systape ...'`): a tracee always reports
    // a stop before its exit, so an unknown tid that exits is not ours.
    if (!known && exited) return;

    const thread = known ?? this.#adopt(tid);
    if (exited) return this.#onExit(thread, status);

    const signal = stopSignal(status);
    if (signal === SYSCALL_STOP) return this.#onSyscallStop(thread);

    switch (stopEvent(status)) {
      case PTRACE_EVENT.SECCOMP:
        return this.#onSeccompStop(thread);
      case PTRACE_EVENT.FORK:
        return this.#onSpawn(thread, "fork");
      case PTRACE_EVENT.VFORK:
        return this.#onSpawn(thread, "vfork");
      case PTRACE_EVENT.CLONE:
        return this.#onSpawn(thread, "clone");
      case PTRACE_EVENT.EXEC:
        return this.#onExec(thread);
      case PTRACE_EVENT.STOP:
        return this.#onEventStop(thread, signal!);
      case 0:
        return this.#onSignal(thread, signal!);
      default:
        return this.#resume(thread, 0);
    }
  }

  /**
   * A stop from a tid not seen before: a new child whose first stop arrived
   * before its parent's fork event. Its tgid comes from /proc until the
   * event names its parent.
   */
  #adopt(tid: number): Thread {
    return this.#threads.add(tid, threadGroupOf(tid) ?? tid);
  }

  #onSeccompStop(thread: Thread) {
    const info = syscallInfo(thread.tid);
    if (!info) return;

    this.#beginSyscall(
      thread,
      info,
      () => info.retData === DATA_SELECTED,
    );
    this.#resume(thread, 0);
  }

  /** A syscall enters: remember it until its syscall-exit-stop. */
  #beginSyscall(
    thread: Thread,
    info: SyscallInfo,
    selects: (name: string) => boolean,
  ) {
    const abi = abiOf(this.arch, info.arch, info.nr);
    const name = abi?.names[tableIndex(abi, info.nr)] || `syscall_${info.nr}`;
    const call: InFlightSyscall = {
      t: this.clock(),
      nr: info.nr,
      name,
      args: info.args,
      selected: !thread.hidden && selects(name),
    };
    if (abi && abi !== this.arch.native) call.abi = abi.name;
    if (name === "execve" || name === "execveat") {
      call.filename = this.#readPath(
        thread.tid,
        info.args[name === "execve" ? 0 : 1],
      );
    }
    if (name === "clone" || name === "clone3") this.#keepTraced(thread, call);
    if (call.selected || this.#bookkept(thread, name)) {
      this.decoder?.entry(thread.tid, thread.pid, call);
    }
    thread.syscall = call;
  }

  /**
   * A child made with CLONE_UNTRACED escapes auto-attach, and under the
   * filter its selected syscalls would fail with ENOSYS (seccomp(2):
   * SECCOMP_RET_TRACE with no tracer). ptrace(2) lets a tracer change a
   * syscall's arguments at entry, so the flag is cleared there; the line
   * keeps the arguments as the program passed them.
   */
  #keepTraced(thread: Thread, call: InFlightSyscall) {
    const UNTRACED = BigInt(CLONE.UNTRACED);
    if (call.name === "clone") {
      const flags = BigInt(call.args[0]);
      if ((flags & UNTRACED) === 0n) return;
      const offset = this.arch.argumentOffsets[0];
      requestWord(PTRACE.POKEUSER, thread.tid, offset, flags & ~UNTRACED);
      return;
    }

    // clone3(struct clone_args *args, size): flags is the first u64.
    const address = Number(call.args[0]);
    const bytes = readBytes(thread.tid, address, 8);
    if (bytes.length < 8) return;
    const flags = new DataView(bytes.buffer).getBigUint64(0, true);
    if ((flags & UNTRACED) === 0n) return;
    requestWord(PTRACE.POKEDATA, thread.tid, address, flags & ~UNTRACED);
    call.restore = { address, word: flags };
  }

  #onSyscallStop(thread: Thread) {
    const info = syscallInfo(thread.tid);
    if (info?.op === SYSCALL_INFO_OP.ENTRY && this.attached) {
      this.#beginSyscall(thread, info, this.selects);
      return this.#resume(thread, 0);
    }

    // A syscall-entry-stop of a launched program comes only on kernels
    // before 4.8, after the seccomp stop; an exit with nothing in flight
    // ends a call that was under way when we attached.
    const call = thread.syscall;
    if (!info || info.op !== SYSCALL_INFO_OP.EXIT || !call) {
      return this.#resume(thread, 0);
    }

    thread.syscall = null;
    if (call.restore) {
      const { address, word } = call.restore;
      requestWord(PTRACE.POKEDATA, thread.tid, address, word);
    }
    this.#complete(thread, call, info.rval, info.isError);
    if (call.name === "execve" && !this.#rootExecuted && info.isError) {
      return this.#onLaunchFailure(thread, -Number(info.rval));
    }
    this.#resume(thread, 0);
  }

  #complete(
    thread: Thread,
    call: InFlightSyscall,
    rval: Word,
    isError: boolean,
  ) {
    if (call.selected) this.#emitSyscall(thread, call, rval, isError);
    else if (call.entry !== undefined) {
      this.decoder?.exit(thread.tid, thread.pid, call, rval, isError);
    }
  }

  /** A syscall the decoder must see though it is not recorded. */
  #bookkept(thread: Thread, name: string): boolean {
    return !thread.hidden && this.#decoderBookkeeping.has(name);
  }

  /** The thread's syscall will never return: record it as unfinished. */
  #abandon(thread: Thread) {
    const call = thread.syscall;
    thread.syscall = null;
    if (call?.selected) this.#emitSyscall(thread, call, null, false);
  }

  #emitSyscall(
    thread: Thread,
    call: InFlightSyscall,
    rval: Word | null,
    isError: boolean,
  ) {
    const finished = rval !== null;
    this.#outcome.syscalls++;
    this.sink.emit({
      type: "syscall",
      t: call.t,
      pid: thread.pid,
      tid: thread.tid,
      name: call.name,
      nr: call.nr,
      ...(call.abi ? { abi: call.abi } : {}),
      args: call.args,
      ret: rval,
      errno: isError ? errnoName(-Number(rval)) : null,
      dur: finished ? this.clock() - call.t : null,
      ...(finished ? {} : { unfinished: true as const }),
      ...this.#decode(thread, call, rval, isError),
    });
  }

  #decode(
    thread: Thread,
    call: InFlightSyscall,
    rval: Word | null,
    isError: boolean,
  ) {
    const decoded = this.decoder?.exit(
      thread.tid,
      thread.pid,
      call,
      rval,
      isError,
    );
    return decoded ? { decoded } : {};
  }

  /** The first execve of the command failed: try the next PATH entry, or give up. */
  #onLaunchFailure(thread: Thread, errno: number) {
    this.#outcome.execErrno = errno;
    if (this.tracees.retryExec()) return this.#resume(thread, 0);

    // Nothing is left to run: the child would return into the copy of the
    // recorder's code it was cloned from, so it exits as a shell's child
    // does when it cannot run a command.
    this.tracees.exitWith(exitStatusForExecError(errno));
    thread.hidden = true;
    this.#resume(thread, 0);
  }

  #onSpawn(parent: Thread, how: "fork" | "vfork" | "clone") {
    const childTid = eventMessage(parent.tid);
    if (childTid <= 0) return this.#resume(parent, 0);

    const flags = how === "clone" ? this.#cloneFlags(parent) : 0;
    const isThread = (flags & CLONE.THREAD) !== 0;
    const childPid = isThread ? parent.pid : childTid;
    if (!isThread) {
      this.decoder?.spawn(parent.pid, childPid, (flags & CLONE.FILES) !== 0);
    }
    const child = this.#threads.get(childTid);
    if (!child) this.#threads.add(childTid, childPid);
    else if (child.pid !== childPid) this.#threads.move(child, childPid);

    this.sink.emit({
      type: "spawn",
      t: this.clock(),
      pid: parent.pid,
      tid: parent.tid,
      kind: isThread ? "thread" : how,
      child: childTid,
      childPid,
    });
    this.#resume(parent, 0);
  }

  /** The flags of the clone/clone3 the thread is in. */
  #cloneFlags(thread: Thread): number {
    const call = thread.syscall;
    if (call?.name === "clone") {
      return Number(BigInt(call.args[0]) & 0xffffffffn);
    }
    if (call?.name === "clone3") {
      // struct clone_args starts with the u64 flags.
      const bytes = readBytes(thread.tid, Number(call.args[0]), 8);
      if (bytes.length === 8) {
        return new DataView(bytes.buffer).getUint32(0, true);
      }
    }
    return CLONE.THREAD;
  }

  #onExec(thread: Thread) {
    const formerTid = eventMessage(thread.tid);
    let current = thread;
    if (formerTid > 0 && formerTid !== thread.tid) {
      // ptrace(2), "execve(2) under ptrace": the leader is gone, with any
      // syscall it was in; the execing thread now carries the leader's tid.
      this.#abandon(thread);
      current = this.#threads.renumber(formerTid, thread.tid) ?? thread;
    }
    this.decoder?.exec(current.pid);
    if (current.pid === this.tracees.rootPid) {
      this.#rootExecuted = true;
      this.#outcome.execErrno = null;
    }

    this.sink.emit({
      type: "exec",
      t: this.clock(),
      pid: current.pid,
      tid: current.tid,
      filename: current.syscall?.filename ?? null,
      exe: readLink(`/proc/${current.tid}/exe`),
      ...(formerTid > 0 && formerTid !== current.tid ? { formerTid } : {}),
    });
    this.#resume(current, 0);
  }

  #onEventStop(thread: Thread, signal: number) {
    // ptrace(2): for a seized tracee, PTRACE_EVENT_STOP with a stopping
    // signal is a group-stop; with SIGTRAP it is an interrupt or a new
    // child's first stop. (PTRACE_GETSIGINFO is no test: recent kernels
    // answer it at group-stops too.)
    if (GROUP_STOP_SIGNALS.has(signal)) {
      // Group-stop: record it once, and keep the thread stopped.
      if (!thread.groupStopped) {
        thread.groupStopped = true;
        this.sink.emit({
          type: "stop",
          t: this.clock(),
          pid: thread.pid,
          tid: thread.tid,
          signal: signalName(signal),
        });
      }
      request(PTRACE.LISTEN, thread.tid, 0);
      return;
    }

    if (thread.groupStopped) {
      thread.groupStopped = false;
      this.sink.emit({
        type: "continue",
        t: this.clock(),
        pid: thread.pid,
        tid: thread.tid,
      });
    }
    this.#resume(thread, 0);
  }

  #onSignal(thread: Thread, signo: number) {
    const info = signalInfo(thread.tid);
    this.sink.emit({
      type: "signal",
      t: this.clock(),
      pid: thread.pid,
      tid: thread.tid,
      signal: signalName(signo),
      signo,
      code: info?.code ?? 0,
      sender: info && hasSender(info.code, signo) ? info.senderPid : null,
    });
    this.#resume(thread, signo);
  }

  #onExit(thread: Thread, status: number) {
    this.#abandon(thread);
    const processEnded = this.#threads.remove(thread.tid);
    const code = exitCode(status);
    const signal = termSignal(status);

    this.sink.emit({
      type: "exit",
      t: this.clock(),
      pid: thread.pid,
      tid: thread.tid,
      process: processEnded,
      code,
      signal: signal === null ? null : signalName(signal),
      core: coreDumped(status),
    });
    if (processEnded) this.decoder?.processExit(thread.pid);
    if (processEnded && thread.pid === this.tracees.rootPid) {
      this.#outcome.code = code;
      this.#outcome.signal = signal;
    }
  }

  /**
   * Resumes a thread: with PTRACE_SYSCALL while it is inside a syscall, so
   * the syscall-exit-stop is reported, else with PTRACE_CONT; attached
   * threads, having no filter, always with PTRACE_SYSCALL. ESRCH is ignored:
   * the thread died, and its exit is reported by wait.
   */
  #resume(thread: Thread, signal: number) {
    const op = thread.syscall || this.attached ? PTRACE.SYSCALL : PTRACE.CONT;
    request(op, thread.tid, signal);
  }

  #readPath(tid: number, address: Word): string {
    const { bytes } = readCString(tid, Number(address), PATH_LIMIT);
    return new TextDecoder().decode(bytes);
  }
}

/** Whether si_pid is meaningful for this si_code (SI_USER, SI_TKILL, SI_QUEUE, CLD_*). */
function hasSender(code: number, signo: number): boolean {
  const SI_USER = 0;
  const SI_QUEUE = -1;
  const SI_TKILL = -6;
  if (code === SI_USER || code === SI_QUEUE || code === SI_TKILL) return true;
  return signo === SIG.CHLD && code > 0;
}

function threadGroupOf(tid: number): number | undefined {
  try {
    const status = Deno.readTextFileSync(`/proc/${tid}/status`);
    const match = /^Tgid:\s+(\d+)$/m.exec(status);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

function readLink(path: string): string | null {
  try {
    return Deno.readLinkSync(path);
  } catch {
    return null;
  }
}
