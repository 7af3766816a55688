/**
 * What the recorder's worker and its caller exchange: the messages the
 * worker posts, and the slots of the memory they share. Kept apart from
 * worker.ts so that the caller's thread does not load the tracer.
 *
 * @module
 */

import type { RecordingEvent } from "../recording/events.ts";
import type { RecordResult } from "./request.ts";

/**
 * A message from the worker to its caller.
 *
 * @example
 * ```ts
 * import type { WorkerMessage } from "./protocol.ts";
 * const message: WorkerMessage = { type: "started", pid: 1234, waker: 1235 };
 * ```
 */
export type WorkerMessage =
  | { type: "started"; pid: number; waker: number }
  | { type: "events"; events: RecordingEvent[] }
  | { type: "done"; result: RecordResult }
  | { type: "failed"; message: string; hint?: string; exitCode: number };

/**
 * Slots of the Int32Array shared with the caller.
 *
 * @example Ask the worker to end the recording
 * ```ts
 * import { SHARED } from "./protocol.ts";
 * const flags = new Int32Array(new SharedArrayBuffer(SHARED.LENGTH * 4));
 * Atomics.store(flags, SHARED.ABORT, 1);
 * ```
 */
export const SHARED = {
  /** Non-zero: end the recording, killing what is traced. */
  ABORT: 0,
  /** The signal the caller was interrupted by, for the end line's reason. */
  INTERRUPT: 1,
  /** Count of SIGINT/SIGQUIT the tracees got from the terminal (si_code SI_KERNEL). */
  TERMINAL_INTERRUPTS: 2,
  /** Slots in all. */
  LENGTH: 4,
} as const;
