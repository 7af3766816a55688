// -e/--trace selection with strace's syntax (names, %classes, negation,
// /regex) and --status, on the parser and on real recordings.
import assert from "node:assert/strict";
import { hostArch } from "../src/arch/arch.ts";
import { namesInClass } from "../src/arch/syscall_traits.ts";
import { SystapeError } from "../src/errors.ts";
import { parseSelection } from "../src/seccomp/selection.ts";
import { eventsOf, syscalls } from "./helpers.ts";
import { recordWith } from "./strace_text.ts";

const arch = hostArch();

function selected(list: string): string[] {
  const selection = parseSelection(list, arch);
  assert.ok(selection !== "all");
  return [...selection];
}

function rejects(list: string, pattern: RegExp) {
  assert.throws(() => parseSelection(list, arch), (error: unknown) => {
    assert.ok(error instanceof SystapeError);
    assert.match(error.line(), pattern);
    return true;
  });
}

Deno.test("parseSelection() keeps names in order, once each", () => {
  assert.deepEqual(selected("openat,read,openat"), ["openat", "read"]);
  assert.equal(parseSelection(undefined, arch), "all");
  assert.equal(parseSelection("all", arch), "all");
  assert.deepEqual(selected("none"), []);
});

Deno.test("parseSelection() expands strace's classes from its syscall tables", () => {
  const file = selected("%file");
  assert.ok(file.includes("openat") && file.includes("execve"));
  assert.ok(!file.includes("read") && !file.includes("close"));
  const desc = selected("%desc");
  assert.ok(desc.includes("read") && desc.includes("close"));
  assert.deepEqual(selected("%net").sort(), selected("%network").sort());
  assert.ok(selected("%process").includes("clone3"));
  assert.ok(selected("%signal").includes("rt_sigaction"));
  assert.ok(selected("%memory").includes("mmap"));
  assert.ok(selected("%ipc").includes("shmget"));
  assert.ok(selected("%creds").includes("setresuid"));
  assert.ok(selected("%clock").includes("clock_gettime"));
  assert.deepEqual(selected("%stat").sort(), ["oldstat", "stat", "stat64"]);
  assert.ok(selected("%lstat").includes("lstat"));
  assert.ok(selected("%fstat").includes("newfstatat"));
  assert.ok(selected("%%stat").includes("statx"));
  assert.ok(selected("%statfs").includes("statfs"));
  assert.ok(selected("%fstatfs").includes("fstatfs"));
  assert.ok(selected("%%statfs").includes("ustat"));
  assert.ok(selected("%pure").includes("getpid"));
  assert.ok(!selected("%pure").includes("getcwd"));
});

Deno.test("parseSelection() takes strace's trace= qualifier before the list", () => {
  assert.deepEqual(selected("trace=openat"), ["openat"]);
  assert.deepEqual(selected("trace=openat,close"), ["openat", "close"]);
  assert.deepEqual(selected("trace=%file"), selected("%file"));
  assert.deepEqual(selected("trace=!read"), selected("!read"));
  assert.equal(parseSelection("trace=all", arch), "all");
});

Deno.test("parseSelection() refuses an empty list, saying to leave -e out for all", () => {
  for (const list of ["", " ", ",", "trace="]) {
    rejects(
      list,
      /^systape: empty --trace list names no syscall \(leave -e out to record every syscall\)$/,
    );
  }
});

Deno.test("parseSelection() refuses strace's other -e qualifiers by name", () => {
  rejects("status=failed", /-e status= is not supported \(.*--status/);
  rejects("signal=SIGCHLD", /-e signal= is not supported/);
});

Deno.test("parseSelection() negates a list that starts with !, as strace does", () => {
  const all = selected("!read,write");
  assert.ok(!all.includes("read") && !all.includes("write"));
  assert.ok(all.includes("openat") && all.includes("close"));
  const notFile = selected("!%file");
  assert.ok(!notFile.includes("openat") && notFile.includes("read"));
});

Deno.test("parseSelection() removes a later !item from what came before it", () => {
  const file = selected("%file,!openat,!execve");
  assert.ok(file.includes("open") && !file.includes("openat"));
  assert.ok(!file.includes("execve"));
});

Deno.test("parseSelection() selects by regular expression", () => {
  const names = selected("/^getp");
  assert.ok(names.includes("getpid") && names.includes("getppid"));
  assert.ok(names.every((name) => name.startsWith("getp")));
});

Deno.test("parseSelection() names the mistake: unknown name, class, bad or empty regex", () => {
  rejects("opnat", /unknown syscall name 'opnat'.*did you mean openat/);
  rejects("%fiel", /unknown syscall class '%fiel'.*%file/);
  rejects("/(", /invalid regular expression/);
  rejects("/^zzz", /matches no syscall/);
});

Deno.test("record -e %file records only syscalls of strace's %file class", async () => {
  const { events, status } = await recordWith(["cat", "/etc/hostname"], {
    trace: "%file",
  });
  assert.equal(status, 0);
  const file = new Set(namesInClass("file"));
  const names = syscalls(events).map((event) => event.name);
  assert.ok(names.includes("openat"), names.join(" "));
  assert.deepEqual(names.filter((name) => !file.has(name)), []);
});

Deno.test("record -e trace=openat records openat as strace would; -e '' is an error", async () => {
  const { events, status } = await recordWith(["cat", "/etc/hostname"], {
    trace: "trace=openat",
  });
  assert.equal(status, 0);
  const names = new Set(syscalls(events).map((event) => event.name));
  assert.ok(names.has("openat"), [...names].join(" "));
  // execve and clone are recorded for bookkeeping whatever is selected.
  assert.deepEqual([...names].filter((name) => name !== "execve"), [
    "openat",
  ]);

  const empty = await recordWith(["true"], { trace: "" });
  assert.equal(empty.status, 2);
  assert.match(empty.stderr, /^systape: empty --trace list/);
});

Deno.test("record --status failed writes only the syscalls that failed, and counts them", async () => {
  const { events } = await recordWith(["cat", "/nonexistent-status"], {
    status: "failed",
  });
  const calls = syscalls(events);
  assert.ok(calls.length > 0);
  assert.deepEqual(calls.filter((event) => event.errno === null), []);
  assert.equal(eventsOf(events, "end")[0].syscalls, calls.length);
});

Deno.test("record --status successful,unfinished leaves out every failure", async () => {
  const { events } = await recordWith(["cat", "/nonexistent-status"], {
    status: "successful,unfinished",
  });
  const calls = syscalls(events);
  assert.deepEqual(calls.filter((event) => event.errno !== null), []);
  assert.ok(calls.some((event) => event.unfinished));
});

Deno.test("record --status rejects an unknown status with the accepted ones", async () => {
  const { status, stderr } = await recordWith(["true"], { status: "broken" });
  assert.equal(status, 2);
  assert.match(stderr, /unknown status 'broken'.*successful, failed/);
});
