// The benchmark's reading of its profiles: which reason a missed record
// target is given, from strace's own profile (numbers from bench/RESULTS.md).
import assert from "node:assert/strict";
import { type Profile, whyMissed } from "../bench/profile.ts";

function profile(kernel: number, user: number, other = 0): Profile {
  return {
    tracerKernelUs: kernel,
    tracerUserUs: user,
    otherThreadsUs: other,
    programUs: 5,
    calls: { ptrace: 4, wait4: 2, process_vm_readv: 0.34 },
  };
}

Deno.test("a missed target is put down to the kernel, to waiting, or to systape's own CPU", () => {
  const systape = profile(16, 4, 3.4);
  // threads64: strace's tracer spends 11.7 of 11.9 us in the kernel.
  assert.match(
    whyMissed("threads64", 1.54, { strace: profile(11.7, 1.3), systape }, 11.9),
    /In the way: the kernel's work\..*8\.3 µs that 0\.7x allows/,
  );
  // fork1000: strace's tracer is on a CPU 10% of the time.
  assert.match(
    whyMissed("fork1000", 1.53, { strace: profile(5.5, 1), systape }, 62.8),
    /In the way: waiting\. strace's tracer was on a CPU for 10%/,
  );
  // git-status: busy but under 0.7x in the kernel.
  assert.match(
    whyMissed(
      "git-status",
      1.58,
      { strace: profile(18.4, 2.1), systape },
      29.5,
    ),
    /In the way: systape's own CPU\..*7\.4 µs a syscall against strace's 2\.1 µs/,
  );
  assert.match(
    whyMissed("tar", 1.2, { systape }, 10),
    /not profiled/,
  );
});
