/**
 * A child process that stops itself as soon as it exists, made without
 * fork(): a forked copy of the Deno runtime dies before it runs anything.
 *
 * @module
 */

import { SIG, WAIT } from "../libc/constants.ts";
import { libc, NativeBuffer, symbolAddress, u64 } from "../libc/libc.ts";
import { stopSignal, waitFor } from "../libc/ptrace.ts";
import { SystapeError } from "../errors.ts";

const STACK_SIZE = 256 * 1024;

/**
 * clone(raise, stack, SIGCHLD, SIGSTOP): the child runs raise(SIGSTOP) on a
 * stack of its own and stops; it holds a copy of this process's memory. The
 * stop is reaped here, so the child waits in group-stop for a tracer.
 *
 * @example
 * ```ts ignore
 * import { cloneStoppedChild } from "./stopped_child.ts";
 * const pid = cloneStoppedChild();
 * ```
 */
export function cloneStoppedChild(): number {
  const stack = new NativeBuffer(STACK_SIZE);
  // Addresses exceed 32 bits, so no bitwise operators: align down to 16.
  const end = stack.address + STACK_SIZE - 64;
  const stackTop = end - (end % 16);
  const pid = libc().clone(
    symbolAddress("raise"),
    u64(stackTop),
    SIG.CHLD,
    u64(SIG.STOP),
  );
  if (pid === -1) {
    throw new SystapeError("cannot start a process: clone() failed", {
      hint: "check the process limit (ulimit -u)",
    });
  }

  const { status } = waitFor(pid, WAIT.UNTRACED);
  if (stopSignal(status) !== SIG.STOP) {
    throw new SystapeError(
      `a cloned child did not stop as expected (wait status ${status})`,
      { hint: "this is a systape bug; please report it" },
    );
  }
  return pid;
}
