/**
 * What the tracer loop starts from: threads already seized, either a
 * program systape launched or processes it attached to, and the waker.
 *
 * @module
 */

/** The seized threads a recording starts with. */
export interface Tracees {
  /**
   * "launched": systape started the program with its seccomp filter; only
   * selected syscalls stop. "attached": running processes seized with
   * `record -p`; no filter can be installed (it could never be removed
   * after detaching), so every syscall stops and selection happens here.
   */
  mode: "launched" | "attached";
  /** The first process: its end decides the recording's outcome. */
  rootPid: number;
  /** The threads seized so far, each with its thread-group id. */
  threads: readonly { tid: number; pid: number }[];
  /**
   * A stopped child that exists to be killed: its death wakes the tracer
   * from waitpid when another thread asks it to end the recording.
   */
  waker: number;
  /**
   * Rewinds the launched program, stopped at the exit of a failed first
   * execve, to try the next candidate path; false when none is left.
   */
  retryExec(): boolean;
  /**
   * Makes the launched program, stopped after its last failed execve, exit
   * with `status` when resumed, as a shell's child does when it cannot run
   * the command (127, 126).
   */
  exitWith(status: number): void;
}
