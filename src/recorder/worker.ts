/**
 * The tracer's thread. A recording runs here, in a Worker, so that the
 * thread that seized the tracees makes every ptrace request (ptrace(2)
 * accepts them from no other thread) while the caller's thread stays free
 * to handle signals and to consume events.
 *
 * The messages it exchanges with its caller are in ./protocol.ts.
 *
 * @module
 */

import { signalName } from "../arch/names.ts";
import { SystapeError } from "../errors.ts";
import type { SignalEvent } from "../recording/events.ts";
import type { RecordRequest } from "./request.ts";
import { SHARED, type WorkerMessage } from "./protocol.ts";
import { runRecording } from "./run.ts";

/**
 * The parts of the worker's global scope used here, typed locally: a
 * `/// <reference lib="deno.worker" />` would change the globals of every
 * module that imports this package.
 */
interface WorkerScope {
  onmessage: ((message: MessageEvent) => void) | null;
  postMessage(data: WorkerMessage): void;
  close(): void;
}

const scope = globalThis as unknown as WorkerScope;

scope.onmessage = (message: MessageEvent) => {
  nameThisThread();
  const { request, shared } = message.data as {
    request: RecordRequest;
    shared: SharedArrayBuffer;
  };
  const flags = new Int32Array(shared);
  const post = (data: WorkerMessage) => scope.postMessage(data);

  try {
    const result = runRecording(request, {
      started: (pid, waker) => post({ type: "started", pid, waker }),
      events: (events) => post({ type: "events", events }),
      signal: (event) => countTerminalInterrupt(event, flags),
      abortReason: () => {
        if (Atomics.load(flags, SHARED.ABORT) === 0) return null;
        const signal = Atomics.load(flags, SHARED.INTERRUPT);
        return signal ? `interrupted by ${signalName(signal)}` : "aborted";
      },
    });
    post({ type: "done", result });
  } catch (error) {
    const failure = error instanceof SystapeError
      ? error
      : new SystapeError(String((error as Error)?.stack ?? error));
    post({
      type: "failed",
      message: failure.message,
      hint: failure.hint,
      exitCode: failure.exitCode,
    });
  }
  scope.close();
};

/**
 * Names the tracer's thread, so that `top -H`, `ps -L` and perf tell it
 * from Deno's own threads. Only a convenience: a failure changes nothing.
 */
function nameThisThread() {
  try {
    Deno.writeTextFileSync("/proc/thread-self/comm", "systape-tracer");
  } catch {
    // The thread keeps Deno's name for it (worker-N).
  }
}

/**
 * Counts SIGINT, SIGQUIT and SIGHUP that the terminal sent to a tracee
 * (si_code SI_KERNEL): the caller got the same signal, and must then leave
 * it to the program instead of passing it on a second time.
 */
function countTerminalInterrupt(event: SignalEvent, flags: Int32Array) {
  const SI_KERNEL = 0x80;
  const fromTerminal = ["SIGINT", "SIGQUIT", "SIGHUP"];
  if (event.code === SI_KERNEL && fromTerminal.includes(event.signal)) {
    Atomics.add(flags, SHARED.TERMINAL_INTERRUPTS, 1);
  }
}
