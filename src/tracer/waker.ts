/**
 * The waker: a stopped child of the tracer whose death wakes the tracer.
 *
 * The tracer thread blocks in waitpid(-1) when every tracee is busy or
 * blocked. Another thread that wants the recording to end (on Ctrl-C in
 * attach mode, on a second interrupt) cannot interrupt that call: signals
 * go to the process, not to the blocked thread, and Deno restarts the call.
 * But waitpid returns when any child dies, so killing the waker wakes it.
 *
 * @module
 */

import { PTRACE, PTRACE_O, SIG, WAIT } from "../libc/constants.ts";
import { libc } from "../libc/libc.ts";
import { request, waitFor } from "../libc/ptrace.ts";
import { cloneStoppedChild } from "./stopped_child.ts";

/**
 * Starts the waker, seized with PTRACE_O_EXITKILL so that it can never
 * outlive the tracer, even if the recorder is killed.
 *
 * @example
 * ```ts ignore
 * import { startWaker } from "./waker.ts";
 * const waker = startWaker();
 * ```
 */
export function startWaker(): number {
  const pid = cloneStoppedChild();
  request(PTRACE.SEIZE, pid, PTRACE_O.EXITKILL);
  return pid;
}

/**
 * Wakes the tracer (from any thread) by killing the waker.
 *
 * @example
 * ```ts ignore
 * import { wakeTracer } from "./waker.ts";
 * wakeTracer(waker);
 * ```
 */
export function wakeTracer(waker: number) {
  libc().kill(waker, SIG.KILL);
}

/**
 * Kills and reaps the waker when the recording is over.
 *
 * @example
 * ```ts ignore
 * import { stopWaker } from "./waker.ts";
 * stopWaker(waker);
 * ```
 */
export function stopWaker(waker: number) {
  libc().kill(waker, SIG.KILL);
  waitFor(waker, WAIT.ALL);
}
