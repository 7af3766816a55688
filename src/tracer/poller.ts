/**
 * When the tracer should poll waitpid instead of blocking in it.
 *
 * A blocked tracer costs a wake-up of a halted CPU per stop, which on
 * virtual machines takes longer than most syscalls; polling for a few tens
 * of microseconds avoids it, and made `find /usr` traced several times
 * faster here. But a polling tracer never sleeps, so when the tracees keep
 * every CPU busy and the tracer cannot be given a higher priority (see
 * favourThisThread: it needs root), the scheduler stops favouring it and
 * each stop waits a whole time slice. So polling pauses for a while when
 * too many polls find nothing.
 *
 * @module
 */

/** How long one poll lasts, in milliseconds. */
export const POLL_MILLISECONDS = 0.05;
const FULL_CONFIDENCE = 8;
const CONFIDENCE_PER_MISS = 4;
const WAITS_PAUSED = 64;

/**
 * Decides, wait by wait, whether to poll first. Each poll that finds a
 * stop adds to a confidence score (up to 8) and each miss takes 4 from it;
 * at zero, polling pauses for 64 waits, then tries again. So polling goes
 * on while at most about one poll in five misses. That is the case for one
 * busy program on an idle machine, where polling pays most; it pauses when
 * the programs are slower to come back than a poll lasts (new processes
 * being forked and reaped) or when the CPUs are shared with other work,
 * where a polling tracer holds the CPU the tracees need: under such load,
 * pausing after 8 misses in a row, as systape did before, cost 20-40%
 * (find, tar and 64 threads), while on an idle machine the two rules
 * measured the same.
 *
 * @example
 * ```ts
 * import { PollPolicy } from "./poller.ts";
 * const policy = new PollPolicy();
 * for (let i = 0; i < 4; i++) policy.record(true); // confidence 8
 * policy.record(false);
 * policy.shouldPoll(); // true: one miss in five is tolerated
 * policy.record(false);
 * policy.shouldPoll(); // false: a second miss pauses polling
 * ```
 */
export class PollPolicy {
  #confidence = CONFIDENCE_PER_MISS;
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
      this.#confidence = Math.min(this.#confidence + 1, FULL_CONFIDENCE);
      return;
    }
    this.#confidence -= CONFIDENCE_PER_MISS;
    if (this.#confidence > 0) return;
    this.#confidence = CONFIDENCE_PER_MISS;
    this.#paused = WAITS_PAUSED;
  }
}
