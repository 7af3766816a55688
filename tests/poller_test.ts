// The tracer's rule for polling waitpid before blocking in it.
import assert from "node:assert/strict";
import { PollPolicy } from "../src/tracer/poller.ts";

/** Feeds `pattern` (true: a poll that found a stop) in a loop; counts pauses. */
function waitsNotPolled(pattern: boolean[], waits: number): number {
  const policy = new PollPolicy();
  let skipped = 0;
  for (let wait = 0; wait < waits; wait++) {
    if (!policy.shouldPoll()) {
      skipped++;
      continue;
    }
    policy.record(pattern[wait % pattern.length]);
  }
  return skipped;
}

Deno.test("polling goes on while at most one poll in five misses", () => {
  assert.equal(waitsNotPolled([true], 1000), 0);
  assert.equal(waitsNotPolled([true, true, true, true, false], 1000), 0);
});

Deno.test("polling pauses for 64 waits when polls miss more often, then tries again", () => {
  const skipped = waitsNotPolled([true, true, false], 1000);
  assert.ok(skipped > 500, `only ${skipped} of 1000 waits skipped polling`);
  assert.ok(skipped < 1000, "polling never resumed");
  // Every poll misses: one poll, then 64 waits without, over and over.
  assert.equal(waitsNotPolled([false], 650), 640);
});
