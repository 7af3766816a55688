/**
 * Typed wrappers around ptrace(2) and waitpid(2), with the kernel's
 * structures decoded into plain numbers.
 *
 * Each wrapper returns the kernel's answer instead of throwing: a tracee can
 * die between two requests (ptrace(2), "the tracee may be killed at any
 * moment"), and ESRCH then means "gone", which the tracer handles as an
 * ordinary event.
 *
 * @module
 */

import { PTRACE, WAIT } from "./constants.ts";
import { errno, libc, NativeBuffer, u64 } from "./libc.ts";

/** A 64-bit value as JSON can hold it losslessly: a safe integer, or a decimal string. */
export type Word = number | string;

/** What waitpid(2) reported: the thread and its raw status. */
export interface WaitResult {
  /** The thread id, or -1 with `errno` set. */
  tid: number;
  /** The raw wait status; decode with the `status*` helpers. */
  status: number;
  /** errno when tid is -1 (ECHILD when no tracee is left, EINTR on a signal). */
  errno: number;
}

/** struct ptrace_syscall_info, decoded; the fields that `op` makes valid. */
export interface SyscallInfo {
  /** SYSCALL_INFO_OP: entry, exit, seccomp, or none (not a syscall stop). */
  op: number;
  /** The AUDIT_ARCH_* of the syscall, telling which table names it. */
  arch: number;
  /** Syscall number (entry and seccomp stops). */
  nr: number;
  /** The six raw arguments (entry and seccomp stops). */
  args: Word[];
  /** The return value (exit stops). */
  rval: Word;
  /** Whether rval is an error, -errno (exit stops). */
  isError: boolean;
  /** SECCOMP_RET_DATA of the filter rule that stopped it (seccomp stops). */
  retData: number;
}

const statusBuffer = new NativeBuffer(8);
const statusView = new Int32Array(statusBuffer.bytes.buffer, 0, 1);
const infoBuffer = new NativeBuffer(88);
const messageBuffer = new NativeBuffer(8);
const siginfoBuffer = new NativeBuffer(128);
const TWO_32 = 2 ** 32;
// Made once: the request at every stop allocates no bigint (see u64).
const INFO_SIZE = u64(infoBuffer.bytes.length);
const INFO_ADDRESS = u64(infoBuffer.address);

/**
 * Waits for any traced thread (waitpid(-1, __WALL)); with `noHang`, returns
 * tid 0 at once when none has anything to report.
 *
 * @example
 * ```ts
 * import { waitAny } from "./ptrace.ts";
 * const { tid, status } = waitAny(false);
 * ```
 */
export function waitAny(noHang: boolean): WaitResult {
  const flags = WAIT.ALL | (noHang ? WAIT.NOHANG : 0);
  const tid = libc().waitpid(-1, statusBuffer.bytes, flags);
  return { tid, status: statusView[0], errno: tid === -1 ? errno() : 0 };
}

/**
 * Waits for one child, blocking; `flags` are WAIT values.
 *
 * @example
 * ```ts
 * import { WAIT } from "./constants.ts";
 * import { waitFor } from "./ptrace.ts";
 * const { status } = waitFor(1234, WAIT.UNTRACED);
 * ```
 */
export function waitFor(pid: number, flags: number): WaitResult {
  const tid = libc().waitpid(pid, statusBuffer.bytes, flags);
  return { tid, status: statusView[0], errno: tid === -1 ? errno() : 0 };
}

/**
 * Issues a ptrace request whose data is a number (a signal, options);
 * returns 0, or -errno.
 *
 * @example Resume a tracee, delivering no signal
 * ```ts
 * import { PTRACE } from "./constants.ts";
 * import { request } from "./ptrace.ts";
 * request(PTRACE.CONT, 1234, 0);
 * ```
 */
export function request(op: number, tid: number, data: number): number {
  return libc().ptrace(op, tid, u64(0), u64(data)) === -1 ? -errno() : 0;
}

/**
 * Issues a ptrace request with an address and data pointer; returns the
 * kernel's result, or -errno.
 *
 * @example
 * ```ts
 * import { PTRACE } from "./constants.ts";
 * import { NativeBuffer } from "./libc.ts";
 * import { requestAt } from "./ptrace.ts";
 * const regs = new NativeBuffer(216);
 * requestAt(PTRACE.GETREGS, 1234, 0, regs.address);
 * ```
 */
export function requestAt(
  op: number,
  tid: number,
  address: number,
  data: number,
): number {
  const result = libc().ptrace(op, tid, u64(address), u64(data));
  return result === -1 ? -errno() : result;
}

/**
 * Issues a ptrace request whose data is a full 64-bit word (PTRACE_POKEDATA,
 * PTRACE_POKEUSER); returns 0, or -errno.
 *
 * @example Write a word into the tracee's registers
 * ```ts
 * import { PTRACE } from "./constants.ts";
 * import { requestWord } from "./ptrace.ts";
 * requestWord(PTRACE.POKEUSER, 1234, 112, 0n);
 * ```
 */
export function requestWord(
  op: number,
  tid: number,
  address: number,
  data: bigint,
): number {
  return libc().ptrace(op, tid, u64(address), data) === -1 ? -errno() : 0;
}

/**
 * Reads the stop's syscall information with PTRACE_GET_SYSCALL_INFO (one
 * request per stop gives number, arguments or return value, and arch).
 * Returns null when the thread is gone. The object is reused by the next call.
 *
 * @example
 * ```ts
 * import { syscallInfo } from "./ptrace.ts";
 * const info = syscallInfo(1234);
 * if (info?.op === 3) console.log(info.nr, info.args);
 * ```
 */
export function syscallInfo(tid: number): SyscallInfo | null {
  const op = PTRACE.GET_SYSCALL_INFO;
  if (libc().ptrace(op, tid, INFO_SIZE, INFO_ADDRESS) === -1) return null;

  return decodeSyscallInfo(infoBuffer.view, sharedInfo);
}

const sharedInfo: SyscallInfo = {
  op: 0,
  arch: 0,
  nr: 0,
  args: [0, 0, 0, 0, 0, 0],
  rval: 0,
  isError: false,
  retData: 0,
};

function decodeSyscallInfo(view: DataView, info: SyscallInfo): SyscallInfo {
  info.op = view.getUint8(0);
  info.arch = view.getUint32(4, true);
  if (info.op === 2) {
    info.rval = signedWord(view, 24);
    info.isError = view.getUint8(32) !== 0;
    return info;
  }

  info.nr = view.getUint32(24, true) + view.getInt32(28, true) * TWO_32;
  info.args = [
    unsignedWord(view, 32),
    unsignedWord(view, 40),
    unsignedWord(view, 48),
    unsignedWord(view, 56),
    unsignedWord(view, 64),
    unsignedWord(view, 72),
  ];
  info.retData = view.getUint32(80, true) & 0xffff;
  return info;
}

/**
 * Reads an unsigned 64-bit little-endian value as a {@linkcode Word}.
 *
 * @example
 * ```ts
 * import { unsignedWord } from "./ptrace.ts";
 * unsignedWord(new DataView(new ArrayBuffer(8)), 0); // 0
 * ```
 */
export function unsignedWord(view: DataView, offset: number): Word {
  const low = view.getUint32(offset, true);
  const high = view.getUint32(offset + 4, true);
  if (high < 0x200000) return high * TWO_32 + low;
  return view.getBigUint64(offset, true).toString();
}

/**
 * Reads a signed 64-bit little-endian value as a {@linkcode Word}.
 *
 * @example
 * ```ts
 * import { signedWord } from "./ptrace.ts";
 * signedWord(new DataView(new ArrayBuffer(8)), 0); // 0
 * ```
 */
export function signedWord(view: DataView, offset: number): Word {
  const low = view.getUint32(offset, true);
  const high = view.getInt32(offset + 4, true);
  if (high >= -0x200000 && high < 0x200000) return high * TWO_32 + low;
  return view.getBigInt64(offset, true).toString();
}

/**
 * PTRACE_GETEVENTMSG: the new thread's tid at a fork/clone event, the former
 * tid at an exec event, the filter's data at a seccomp stop. -1 when gone.
 *
 * @example
 * ```ts
 * import { eventMessage } from "./ptrace.ts";
 * const child = eventMessage(1234);
 * ```
 */
export function eventMessage(tid: number): number {
  const result = requestAt(PTRACE.GETEVENTMSG, tid, 0, messageBuffer.address);
  if (result < 0) return -1;
  return messageBuffer.view.getUint32(0, true);
}

/** The parts of siginfo_t that the recording keeps. */
export interface SignalInfo {
  /** si_signo */
  signo: number;
  /** si_code: SI_USER (0), SI_KERNEL (0x80), SI_TKILL (-6), CLD_*, ... */
  code: number;
  /** si_pid of the sender, when si_code says a process sent it. */
  senderPid: number;
}

/**
 * PTRACE_GETSIGINFO. Returns null when the stop is a group-stop (the kernel
 * answers EINVAL there, which is how ptrace(2) tells the two apart) or the
 * thread is gone.
 *
 * @example
 * ```ts
 * import { signalInfo } from "./ptrace.ts";
 * const isGroupStop = signalInfo(1234) === null;
 * ```
 */
export function signalInfo(tid: number): SignalInfo | null {
  const result = requestAt(PTRACE.GETSIGINFO, tid, 0, siginfoBuffer.address);
  if (result < 0) return null;

  const view = siginfoBuffer.view;
  return {
    signo: view.getInt32(0, true),
    code: view.getInt32(8, true),
    senderPid: view.getInt32(16, true),
  };
}

/**
 * Decodes a wait status: exited normally, with its exit code.
 *
 * @example
 * ```ts
 * import { exitCode } from "./ptrace.ts";
 * exitCode(0x0300); // 3
 * exitCode(0x0009); // null (killed by SIGKILL)
 * ```
 */
export function exitCode(status: number): number | null {
  return (status & 0x7f) === 0 ? (status >> 8) & 0xff : null;
}

/**
 * Decodes a wait status: killed by a signal, with its number.
 *
 * @example
 * ```ts
 * import { termSignal } from "./ptrace.ts";
 * termSignal(0x0009); // 9
 * ```
 */
export function termSignal(status: number): number | null {
  const signal = status & 0x7f;
  return signal !== 0 && signal !== 0x7f ? signal : null;
}

/**
 * Decodes a wait status: whether a core was dumped along with the signal.
 *
 * @example
 * ```ts
 * import { coreDumped } from "./ptrace.ts";
 * coreDumped(0x008b); // true
 * ```
 */
export function coreDumped(status: number): boolean {
  return termSignal(status) !== null && (status & 0x80) !== 0;
}

/**
 * Decodes a wait status: stopped, with the stop signal (bits 8-15, which
 * carry 0x80 on syscall-stops under PTRACE_O_TRACESYSGOOD).
 *
 * @example
 * ```ts
 * import { stopSignal } from "./ptrace.ts";
 * stopSignal(0x857f); // 0x85, a syscall-stop
 * ```
 */
export function stopSignal(status: number): number | null {
  return (status & 0xff) === 0x7f ? (status >> 8) & 0xff : null;
}

/**
 * Decodes a wait status: the PTRACE_EVENT_* of a ptrace-stop, 0 for none.
 *
 * @example
 * ```ts
 * import { stopEvent } from "./ptrace.ts";
 * stopEvent(0x0705_7f); // 7, PTRACE_EVENT_SECCOMP
 * ```
 */
export function stopEvent(status: number): number {
  return (status >>> 16) & 0xff;
}
