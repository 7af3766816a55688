// The seccomp filter compiler, checked by running its programs through a
// small classic-BPF interpreter over every syscall number of interest.
import assert from "node:assert/strict";
import { hostArch } from "../src/arch/arch.ts";
import type { Instruction } from "../src/seccomp/bpf.ts";
import { compileFilter } from "../src/seccomp/filter.ts";
import { parseSelection, rulesFor } from "../src/seccomp/selection.ts";
import { SystapeError } from "../src/errors.ts";

const AUDIT_ARCH_X86_64 = 0xc000003e;
const AUDIT_ARCH_I386 = 0x40000003;
const X32_BIT = 0x40000000;
const ALLOW = 0x7fff0000;
const TRACE = 0x7ff00000;

/** Runs a filter over seccomp_data {nr, arch}, as the kernel would. */
function run(program: Instruction[], nr: number, arch: number): number {
  let a = 0;
  for (let pc = 0; pc < program.length; pc++) {
    const { code, jt, jf, k } = program[pc];
    if (code === 0x20) a = k === 0 ? nr >>> 0 : k === 4 ? arch >>> 0 : 0;
    else if (code === 0x06) return k >>> 0;
    else if (code === 0x05) pc += k;
    else if (code === 0x15) pc += a === k >>> 0 ? jt : jf;
    else if (code === 0x35) pc += a >= k >>> 0 ? jt : jf;
    else if (code === 0x45) pc += (a & k) !== 0 ? jt : jf;
    else throw new Error(`unexpected opcode ${code}`);
  }
  throw new Error("fell off the end of the program");
}

const arch = hostArch();

Deno.test("compileFilter() stops exactly the selected x86_64 syscalls", () => {
  const program = compileFilter(rulesFor(arch, ["openat", "close", "read"]));
  const selected = new Set([0, 3, 257]);
  for (let nr = 0; nr < 600; nr++) {
    const verdict = run(program, nr, AUDIT_ARCH_X86_64);
    if (selected.has(nr)) assert.equal(verdict, TRACE | 1, `nr ${nr}`);
    // execve, execveat, clone and clone3 always stop for bookkeeping.
    else if ([59, 322, 56, 435].includes(nr)) assert.equal(verdict, TRACE | 2);
    else assert.equal(verdict, ALLOW, `nr ${nr}`);
  }
});

Deno.test("compileFilter() selects by name in the i386 and x32 tables too", () => {
  const program = compileFilter(rulesFor(arch, ["write", "getpid"]));
  assert.equal(run(program, 4, AUDIT_ARCH_I386), TRACE | 1); // i386 write
  assert.equal(run(program, 20, AUDIT_ARCH_I386), TRACE | 1); // i386 getpid
  assert.equal(run(program, 1, AUDIT_ARCH_I386), ALLOW); // i386 exit
  assert.equal(run(program, X32_BIT | 1, AUDIT_ARCH_X86_64), TRACE | 1);
  assert.equal(run(program, X32_BIT | 0, AUDIT_ARCH_X86_64), ALLOW);
});

Deno.test("compileFilter() with everything selected stops unknown numbers", () => {
  const program = compileFilter(rulesFor(arch, "all"));
  for (const nr of [0, 257, 100000, 0xffffffff]) {
    assert.equal(run(program, nr, AUDIT_ARCH_X86_64), TRACE | 1);
  }
  assert.equal(run(program, 20, AUDIT_ARCH_I386), TRACE | 1);
  assert.equal(run(program, 0, 0x12345678), TRACE | 1);
});

Deno.test("compileFilter() stays a tree: a large selection costs few comparisons", () => {
  const every = arch.native.names.filter((name, nr) => name && nr % 2 === 0);
  const program = compileFilter(rulesFor(arch, every));
  // A binary search over ~450 alternating ranges: well under the 4096
  // instruction limit of seccomp, and each run takes about log2 steps.
  assert.ok(program.length < 4096, `${program.length} instructions`);
  for (let nr = 0; nr < 460; nr++) {
    const name = arch.native.names[nr];
    const expected = every.includes(name)
      ? TRACE | 1
      : ["execve", "execveat", "clone", "clone3"].includes(name)
      ? TRACE | 2
      : ALLOW;
    assert.equal(run(program, nr, AUDIT_ARCH_X86_64), expected, `nr ${nr}`);
  }
});

Deno.test("parseSelection() rejects an unknown name and suggests near ones", () => {
  assert.throws(() => parseSelection("opnat", arch), (error: unknown) => {
    assert.ok(error instanceof SystapeError);
    assert.match(error.line(), /unknown syscall name 'opnat'.*openat/);
    return true;
  });
  assert.equal(parseSelection(undefined, arch), "all");
  assert.deepEqual(parseSelection("read,read,write", arch), ["read", "write"]);
});
