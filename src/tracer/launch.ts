/**
 * Starts a program as a tracee with the seccomp filter installed, without a
 * trampoline process showing in the recording.
 *
 * Deno cannot fork(): a forked copy of the runtime dies before it runs any
 * JavaScript. So the child is made with libc clone() running raise(SIGSTOP):
 * it stops itself at once, holding a copy of the recorder's memory, in which
 * the filter, argv and envp prepared before clone() sit at the same
 * addresses. The tracer seizes it and makes it run syscalls on its behalf by
 * pointing the registers at the syscall instruction raise() just returned
 * through: restore what a shell would give the program (signal mask,
 * SIGPIPE, fds closed on exec), prctl(PR_SET_NO_NEW_PRIVS), seccomp(), and
 * last execve, which the tracer loop resumes and records like any syscall.
 *
 * @module
 */

import type { Arch } from "../arch/arch.ts";
import {
  PTRACE,
  PTRACE_EVENT,
  PTRACE_O,
  SECCOMP,
  SIG,
  SYSCALL_INFO_OP,
  WAIT,
} from "../libc/constants.ts";
import { cString, libc, NativeBuffer } from "../libc/libc.ts";
import {
  exitCode,
  request,
  requestAt,
  stopEvent,
  stopSignal,
  syscallInfo,
  termSignal,
  waitFor,
} from "../libc/ptrace.ts";
import { SystapeError } from "../errors.ts";
import { cloneStoppedChild } from "./stopped_child.ts";
import type { Tracees } from "./tracees.ts";
import { startWaker } from "./waker.ts";

/** ptrace options for every tracee; children inherit them. */
export const TRACE_OPTIONS = PTRACE_O.TRACESYSGOOD | PTRACE_O.TRACEFORK |
  PTRACE_O.TRACEVFORK | PTRACE_O.TRACECLONE | PTRACE_O.TRACEEXEC |
  PTRACE_O.TRACESECCOMP | PTRACE_O.EXITKILL;

/** What to start. */
export interface LaunchSpec {
  /** Paths to execve, tried in order until one succeeds. */
  candidates: readonly string[];
  /** argv, argv[0] included. */
  argv: readonly string[];
  /** Environment as NAME=value strings. */
  env: readonly string[];
  /** The encoded BPF program (struct sock_filter[]). */
  filter: Uint8Array;
  /** The directory to run in; the recorder's own when absent. */
  cwd?: string;
  /** Signals to start ignored: those the recorder itself was started with ignored. */
  ignoredSignals?: readonly number[];
}

/** Native memory that must outlive the clone() call, in one place. */
interface LaunchMemory {
  filterProgram: NativeBuffer;
  paths: NativeBuffer[];
  argv: NativeBuffer;
  env: NativeBuffer;
  keepAlive: NativeBuffer[];
  emptySigset: NativeBuffer;
  defaultAction: NativeBuffer;
  ignoreAction: NativeBuffer;
  cwd: NativeBuffer | null;
}

/**
 * Launches the program stopped before its execve, attached with
 * PTRACE_SEIZE and the seccomp filter in place: resuming it with
 * PTRACE_CONT runs the execve through the filter.
 *
 * @example
 * ```ts ignore
 * import { hostArch } from "../arch/arch.ts";
 * import { launch } from "./launch.ts";
 * const launched = launch(hostArch(), {
 *   candidates: ["/bin/true"], argv: ["true"], env: [], filter,
 * });
 * ```
 */
export function launch(arch: Arch, spec: LaunchSpec): Tracees {
  const memory = prepareMemory(spec);
  const pid = cloneStoppedChild();
  const registers = new NativeBuffer(arch.registersSize);

  try {
    attach(pid);
    const syscallAddress = findSyscallInstruction(arch, pid, registers);
    const inject = (name: string, args: number[]) =>
      injectSyscall(arch, pid, registers, syscallAddress, name, args);
    restoreShellState(inject, memory, spec.ignoredSignals ?? []);
    if (memory.cwd) changeDirectory(inject, memory.cwd, spec.cwd!);
    installFilter(inject, memory);

    // The next syscall the child runs when resumed: set up, not injected,
    // so that the tracer loop sees it through the filter like any other.
    const prepare = (name: string, args: number[]) => {
      requestAt(PTRACE.GETREGS, pid, 0, registers.address);
      const nr = syscallNumber(arch, name);
      arch.prepareSyscall(registers.view, syscallAddress, nr, args);
      requestAt(PTRACE.SETREGS, pid, 0, registers.address);
    };
    let attempt = 0;
    const prepareExec = () =>
      prepare("execve", [
        memory.paths[attempt].address,
        memory.argv.address,
        memory.env.address,
      ]);
    prepareExec();
    return {
      mode: "launched",
      rootPid: pid,
      threads: [{ tid: pid, pid }],
      waker: startWaker(),
      retryExec() {
        if (attempt + 1 >= memory.paths.length) return false;
        attempt++;
        prepareExec();
        return true;
      },
      exitWith: (status) => prepare("exit_group", [status]),
    };
  } catch (error) {
    libc().kill(pid, SIG.KILL);
    waitFor(pid, WAIT.ALL);
    throw error;
  }
}

function prepareMemory(spec: LaunchSpec): LaunchMemory {
  const keepAlive: NativeBuffer[] = [];
  const filter = new NativeBuffer(spec.filter.length);
  filter.bytes.set(spec.filter);
  keepAlive.push(filter);

  // struct sock_fprog { unsigned short len; struct sock_filter *filter; }
  const filterProgram = new NativeBuffer(16);
  filterProgram.view.setUint16(0, spec.filter.length / 8, true);
  filterProgram.view.setBigUint64(8, BigInt(filter.address), true);

  return {
    filterProgram,
    paths: spec.candidates.map(nativeString),
    argv: pointerArray(spec.argv, keepAlive),
    env: pointerArray(spec.env, keepAlive),
    keepAlive,
    emptySigset: new NativeBuffer(8),
    // The kernel's struct sigaction, all zero: SIG_DFL, no flags, empty mask.
    defaultAction: new NativeBuffer(32),
    ignoreAction: sigIgnAction(),
    cwd: spec.cwd === undefined ? null : nativeString(spec.cwd),
  };
}

function nativeString(text: string): NativeBuffer {
  const bytes = cString(text);
  const buffer = new NativeBuffer(bytes.length);
  buffer.bytes.set(bytes);
  return buffer;
}

/** A NULL-terminated array of C string pointers, as execve takes argv. */
function pointerArray(
  strings: readonly string[],
  keepAlive: NativeBuffer[],
): NativeBuffer {
  const array = new NativeBuffer((strings.length + 1) * 8);
  strings.forEach((text, index) => {
    const string = nativeString(text);
    keepAlive.push(string);
    array.view.setBigUint64(index * 8, BigInt(string.address), true);
  });
  return array;
}

function attach(pid: number) {
  const seized = request(PTRACE.SEIZE, pid, TRACE_OPTIONS);
  if (seized < 0) {
    throw new SystapeError(
      `cannot trace the program: ptrace(PTRACE_SEIZE) failed with errno ${-seized}`,
      {
        hint:
          "ptrace may be forbidden here (a container without CAP_SYS_PTRACE, or a seccomp policy)",
      },
    );
  }

  // The child stopped itself with SIGSTOP, which left its thread group
  // marked as stopped by job control. Until a SIGCONT clears that mark, the
  // kernel reports every new thread's first stop with SIGSTOP, as if it were
  // a group-stop, and the parent would see the child as stopped. The
  // SIGCONT reaches the child as a signal-delivery-stop, which the
  // injection loop suppresses.
  libc().kill(pid, SIG.CONT);
  request(PTRACE.INTERRUPT, pid, 0);
  waitForStop(pid, (status) => stopEvent(status) === PTRACE_EVENT.STOP);
}

/**
 * Waits until `pid` reports a stop for which `wanted` holds, resuming it
 * past any other stop (such as the second PTRACE_EVENT_STOP that follows the
 * first resume of a task seized while in group-stop).
 */
function waitForStop(pid: number, wanted: (status: number) => boolean) {
  for (;;) {
    const { status, tid } = waitFor(pid, WAIT.ALL);
    if (
      tid === -1 || exitCode(status) !== null || termSignal(status) !== null
    ) {
      throw new SystapeError("the launched child died before its execve", {
        hint: "this is a systape bug; please report it",
      });
    }
    if (wanted(status)) return status;
    request(PTRACE.SYSCALL, pid, 0);
  }
}

function findSyscallInstruction(
  arch: Arch,
  pid: number,
  registers: NativeBuffer,
): number {
  requestAt(PTRACE.GETREGS, pid, 0, registers.address);
  const length = arch.syscallInstruction.length;
  return arch.instructionPointer(registers.view) - length;
}

type Inject = (name: string, args: number[]) => number;

function injectSyscall(
  arch: Arch,
  pid: number,
  registers: NativeBuffer,
  address: number,
  name: string,
  args: number[],
): number {
  arch.prepareSyscall(registers.view, address, syscallNumber(arch, name), args);
  requestAt(PTRACE.SETREGS, pid, 0, registers.address);
  request(PTRACE.SYSCALL, pid, 0);

  waitForStop(pid, (status) =>
    stopSignal(status) === (SIG.TRAP | 0x80) &&
    syscallInfo(pid)?.op === SYSCALL_INFO_OP.EXIT);
  requestAt(PTRACE.GETREGS, pid, 0, registers.address);
  return arch.syscallResult(registers.view);
}

/** The kernel's struct sigaction for SIG_IGN: sa_handler = 1, the rest zero. */
function sigIgnAction(): NativeBuffer {
  const action = new NativeBuffer(32);
  action.view.setUint8(0, 1);
  return action;
}

function restoreShellState(
  inject: Inject,
  memory: LaunchMemory,
  ignoredSignals: readonly number[],
) {
  const SIG_SETMASK = 2;
  const SIGSET_SIZE = 8;
  inject("rt_sigprocmask", [
    SIG_SETMASK,
    memory.emptySigset.address,
    0,
    SIGSET_SIZE,
  ]);

  // Deno ignores SIGPIPE; a program started from a shell gets the default,
  // and dies of a write to a closed pipe. Deno also catches SIGINT, SIGHUP
  // and SIGTERM once any signal listener exists, and execve resets caught
  // signals to the default, so the signals systape was started with ignored
  // (nohup, `trap '' INT`) are ignored again here.
  const setAction = (signal: number, action: NativeBuffer) =>
    inject("rt_sigaction", [signal, action.address, 0, SIGSET_SIZE]);
  setAction(SIG.PIPE, memory.defaultAction);
  for (const signal of ignoredSignals) setAction(signal, memory.ignoreAction);

  // No fd is closed: every fd the runtime opens for itself (its epoll, its
  // caches, the recording) carries O_CLOEXEC and vanishes at the execve,
  // while an fd without it was inherited by systape (a shell's `3<file`)
  // and passes on to the program, as a shell or strace would pass it.
}

function changeDirectory(inject: Inject, path: NativeBuffer, name: string) {
  const result = inject("chdir", [path.address]);
  if (result < 0) {
    throw new SystapeError(
      `cannot run in ${name}: chdir failed with errno ${-result}`,
      {
        hint: "check that the directory exists",
      },
    );
  }
}

function installFilter(inject: Inject, memory: LaunchMemory) {
  // seccomp(2): an unprivileged task may only install a filter under
  // no_new_privs, which also keeps setuid programs from gaining privileges.
  const noNewPrivs = inject("prctl", [SECCOMP.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0]);
  if (noNewPrivs < 0) {
    throw new SystapeError(
      `prctl(PR_SET_NO_NEW_PRIVS) failed with errno ${-noNewPrivs}`,
      {
        hint: "the kernel must support no_new_privs (Linux 3.5 or later)",
      },
    );
  }

  const installed = inject("seccomp", [
    SECCOMP.SET_MODE_FILTER,
    0,
    memory.filterProgram.address,
  ]);
  if (installed < 0) {
    throw new SystapeError(
      `seccomp(SECCOMP_SET_MODE_FILTER) failed with errno ${-installed}`,
      {
        hint: "the kernel must have CONFIG_SECCOMP_FILTER",
      },
    );
  }
}

function syscallNumber(arch: Arch, name: string): number {
  const nr = arch.native.names.indexOf(name);
  if (nr < 0) throw new Error(`no syscall ${name} on ${arch.name}`);
  return nr;
}
