/**
 * The seam between the tracer and argument decoding. The tracer calls a
 * {@linkcode SyscallDecoder} at the two stops of each selected syscall and
 * tells it of process lifecycle changes, so that a decoder can read tracee
 * memory at the only moment it holds the data (write buffers and execve's
 * argv before the call, read buffers after it) and can keep per-process
 * state such as the fd table. The tracer knows nothing of what is decoded.
 *
 * @module
 */

import type { DecodedSyscall } from "../recording/events.ts";
import type { InFlightSyscall } from "./threads.ts";

/** Decodes syscalls as the tracer sees them. */
export interface SyscallDecoder {
  /**
   * Syscalls to pass to entry() and exit() even when they are not
   * recorded, because they change the decoder's state; the filter must
   * stop at them.
   */
  readonly bookkeeping: readonly string[];
  /**
   * At the seccomp stop, before the syscall runs: keep on `call.entry`
   * whatever must be read now.
   */
  entry(tid: number, pid: number, call: InFlightSyscall): void;
  /**
   * At the syscall-exit-stop: the decoded form for the syscall's line, or
   * undefined to write raw values only. `ret` is null when the syscall never
   * returned (the line is marked unfinished).
   */
  exit(
    tid: number,
    pid: number,
    call: InFlightSyscall,
    ret: number | string | null,
    isError: boolean,
  ): DecodedSyscall | undefined;
  /** A new process: `sharesFiles` when made with CLONE_FILES (one fd table). */
  spawn(parentPid: number, childPid: number, sharesFiles: boolean): void;
  /** A process ran execve: close-on-exec fds are gone. */
  exec(pid: number): void;
  /** A process ended. */
  processExit(pid: number): void;
}
