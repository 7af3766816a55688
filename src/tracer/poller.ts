/**
 * When the tracer should poll waitpid instead of blocking in it.
 *
 * A blocked tracer costs a wake-up of a halted CPU per stop, which on
 * virtual machines takes longer than most syscalls; polling for a few tens
 * of microseconds avoids it, and made `find /usr` traced several times
 * faster here. But a polling tracer never sleeps, so when the tracees keep
 * every CPU busy and the tracer cannot be given a higher priority (see
 * favourThisThread: it needs root), the scheduler stops favouring it and
 * each stop waits a whole time slice. So polling pauses for a while after a
 * run of polls that found nothing.
 *
 * @module
 */

/** How long one poll lasts, in milliseconds. */
export const POLL_MILLISECONDS = 0.05;
const MISSES_BEFORE_PAUSE = 8;
const WAITS_PAUSED = 64;

/**
 * Decides, wait by wait, whether to poll first.
 *
 * @example
 * ```ts
 * import { PollPolicy } from "./poller.ts";
 * const policy = new PollPolicy();
 * if (policy.shouldPoll()) policy.record(false);
 * ```
 */
export class PollPolicy {
  #misses = 0;
  #paused = 0;

  /** Whether the next wait should poll before it blocks. */
  shouldPoll(): boolean {
    if (this.#paused === 0) return true;
    this.#paused--;
    return false;
  }

  /** Reports whether a poll found a stop. */
  record(hit: boolean) {
    if (hit) {
      this.#misses = 0;
      return;
    }
    this.#misses++;
    if (this.#misses < MISSES_BEFORE_PAUSE) return;
    this.#misses = 0;
    this.#paused = WAITS_PAUSED;
  }
}
