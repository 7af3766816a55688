/**
 * The recorder follows processes and threads: vfork, fork, many threads,
 * execve from a thread that is not the leader, and how the command ends.
 *
 * @module
 */

import assert from "node:assert/strict";
import {
  eventsOf,
  fixture,
  recordCli,
  scratchDir,
  syscalls,
} from "./helpers.ts";

Deno.test("record() follows vfork and the child's exec of /bin/true", async () => {
  const { status, events } = await recordCli([await fixture("vfork_exec")]);

  assert.equal(status, 0);
  const parent = eventsOf(events, "exec")[0].pid;
  const spawns = eventsOf(events, "spawn");
  assert.equal(spawns.length, 1, JSON.stringify(spawns));
  assert.equal(spawns[0].kind, "vfork");
  assert.equal(spawns[0].pid, parent);
  const child = spawns[0].child;
  assert.equal(spawns[0].childPid, child);
  const vfork = syscalls(events).filter((call) => call.name === "vfork");
  assert.deepEqual(vfork.map((call) => call.ret), [child]);

  const childExec = eventsOf(events, "exec").find((exec) => exec.pid === child);
  assert.ok(childExec, "no exec event for the vfork child");
  assert.equal(childExec.filename, "/bin/true");
  assert.equal(childExec.tid, child);

  const exits = eventsOf(events, "exit").filter((exit) => exit.process);
  assert.deepEqual(
    exits.map(({ pid, code, signal }) => ({ pid, code, signal })).sort((a, b) =>
      a.pid - b.pid
    ),
    [
      { pid: parent, code: 0, signal: null },
      { pid: child, code: 0, signal: null },
    ].sort((a, b) => a.pid - b.pid),
  );
});

Deno.test("record() sees 64 threads start and end, each with its own tid", async () => {
  const { status, events } = await recordCli([await fixture("threads64")]);

  assert.equal(status, 0);
  const pid = eventsOf(events, "exec")[0].pid;
  const threads = eventsOf(events, "spawn").filter((spawn) =>
    spawn.kind === "thread"
  );
  assert.equal(threads.length, 64);
  for (const spawn of threads) {
    assert.equal(spawn.pid, pid);
    assert.equal(spawn.childPid, pid);
  }
  const tids = new Set(threads.map((spawn) => spawn.child));
  assert.equal(tids.size, 64, "thread tids are not distinct");
  assert.ok(!tids.has(pid));

  const exits = eventsOf(events, "exit");
  const threadExits = exits.filter((exit) => tids.has(exit.tid));
  assert.equal(threadExits.length, 64);
  for (const exit of threadExits) {
    assert.equal(exit.pid, pid);
    assert.equal(exit.process, false);
    assert.equal(exit.code, 0);
  }
  const last = exits.filter((exit) => exit.process);
  assert.deepEqual(last.map(({ tid, code }) => ({ tid, code })), [
    { tid: pid, code: 0 },
  ]);
});

Deno.test("record() reports an exec from a non-leader thread with its former tid", async () => {
  const { status, events, stdout } = await recordCli([
    await fixture("exec_from_thread"),
  ]);

  assert.equal(status, 0);
  const [first, second] = eventsOf(events, "exec");
  const pid = first.pid;
  const spawned = eventsOf(events, "spawn");
  assert.equal(spawned.length, 1);
  assert.equal(spawned[0].kind, "thread");
  const threadTid = spawned[0].child;
  assert.equal(Number(stdout.trim()), threadTid, "the tid the thread printed");

  assert.ok(second, "no exec event for the thread's execve");
  assert.equal(second.filename, "/bin/true");
  assert.equal(second.formerTid, threadTid);
  assert.equal(second.pid, pid);
  assert.equal(second.tid, pid);

  // After the exec, the process runs /bin/true under the leader's tid.
  const execve = syscalls(events).filter((call) => call.name === "execve");
  assert.equal(execve.at(-1)?.ret, 0);
  assert.equal(execve.at(-1)?.pid, pid);
  const exits = eventsOf(events, "exit").filter((exit) => exit.process);
  assert.deepEqual(exits.map(({ pid, code }) => ({ pid, code })), [
    { pid, code: 0 },
  ]);
});

Deno.test("record() follows 300 forked children and their exit statuses", async () => {
  const { status, events } = await recordCli([await fixture("fork300")]);

  assert.equal(status, 0);
  const parent = eventsOf(events, "exec")[0].pid;
  const forks = eventsOf(events, "spawn");
  assert.equal(forks.length, 300);
  assert.ok(forks.every((spawn) => spawn.kind === "fork"));
  assert.ok(forks.every((spawn) => spawn.pid === parent));

  // The parent forks child i before child i+1, and one thread makes the
  // spawn events in that order.
  const expected = new Map(forks.map((spawn, i) => [spawn.child, i % 256]));
  const exits = eventsOf(events, "exit").filter((exit) =>
    exit.process && exit.pid !== parent
  );
  assert.equal(exits.length, 300);
  for (const exit of exits) {
    assert.equal(exit.code, expected.get(exit.pid), `child ${exit.pid}`);
    assert.equal(exit.signal, null);
  }
  assert.equal(new Set(exits.map((exit) => exit.pid)).size, 300);
});

Deno.test("record() exits with the status of `sh -c 'exit 3'`", async () => {
  const { status, events } = await recordCli(["sh", "-c", "exit 3"]);

  assert.equal(status, 3);
  const end = events.at(-1)!;
  assert.equal(end.type, "end");
  assert.deepEqual(
    { code: end.code, signal: end.signal, exitStatus: end.exitStatus },
    { code: 3, signal: null, exitStatus: 3 },
  );
});

for (
  const [mode, signal, number] of [
    ["segv", "SIGSEGV", 11],
    ["abort", "SIGABRT", 6],
  ] as const
) {
  Deno.test(`record() exits with 128+${number} when the program dies of ${signal}`, async () => {
    const { status, events } = await recordCli([await fixture("crash"), mode]);

    assert.equal(status, 128 + number);
    const pid = eventsOf(events, "exec")[0].pid;
    const delivered = eventsOf(events, "signal").filter((event) =>
      event.pid === pid
    );
    assert.deepEqual(delivered.map((event) => event.signal), [signal]);
    const exits = eventsOf(events, "exit").filter((exit) => exit.process);
    assert.deepEqual(exits.map(({ code, signal }) => ({ code, signal })), [
      { code: null, signal },
    ]);
    const end = events.at(-1)!;
    assert.equal(end.type, "end");
    assert.deepEqual(
      { code: end.code, signal: end.signal, exitStatus: end.exitStatus },
      { code: null, signal, exitStatus: 128 + number },
    );
  });
}

Deno.test("record() exits 127 and records the failed execve for a missing command", async () => {
  const { status, events, stderr } = await recordCli(["/no/such/cmd"]);

  assert.equal(status, 127);
  assert.equal(stderr.trimEnd().split("\n").length, 1, stderr);
  assert.match(stderr, /^systape: .*\/no\/such\/cmd/);
  const execve = syscalls(events).filter((call) => call.name === "execve");
  assert.equal(execve.length, 1);
  assert.equal(execve[0].errno, "ENOENT");
  assert.equal(execve[0].ret, -2);
  assert.equal(eventsOf(events, "exec").length, 0);
  const end = events.at(-1)!;
  assert.equal(end.type, "end");
  assert.equal(end.exitStatus, 127);
});

Deno.test("record() exits 126 and records EACCES for a file that is not executable", async () => {
  const file = `${await scratchDir()}/not-executable`;
  await Deno.writeTextFile(file, "#!/bin/sh\nexit 0\n", { mode: 0o644 });
  await Deno.chmod(file, 0o644);

  const { status, events, stderr } = await recordCli([file]);

  assert.equal(status, 126);
  assert.equal(stderr.trimEnd().split("\n").length, 1, stderr);
  assert.match(stderr, /^systape: /);
  const execve = syscalls(events).filter((call) => call.name === "execve");
  assert.equal(execve.length, 1);
  assert.equal(execve[0].errno, "EACCES");
  const end = events.at(-1)!;
  assert.equal(end.type, "end");
  assert.equal(end.exitStatus, 126);
});

Deno.test("record() reports no exit for a child of the recorder it never traced", async () => {
  // `exec` makes the recorder the parent of the shell's background `true`,
  // as `systape record ... <(cmd)` or `cmd & exec systape ...` do.
  const launcher = ["sh", "-c", 'true & exec "$@"', "sh"];
  const { status, events } = await recordCli(["/bin/true"], { launcher });

  assert.equal(status, 0);
  const traced = new Set([eventsOf(events, "exec")[0].pid]);
  for (const spawn of eventsOf(events, "spawn")) traced.add(spawn.childPid);
  const strangers = eventsOf(events, "exit").filter((exit) =>
    !traced.has(exit.pid)
  );
  assert.deepEqual(strangers, [], "exits of processes that were not traced");
});
