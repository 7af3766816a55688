/**
 * The recording is well-formed NDJSON in format systape/1, and `-e`
 * records the selected syscalls only, without stopping on the others.
 *
 * @module
 */

import assert from "node:assert/strict";
import type { SyscallEvent } from "../src/recording/events.ts";
import { eventsOf, fixture, recordCli, syscalls } from "./helpers.ts";

const EVENT_TYPES = [
  "header",
  "syscall",
  "spawn",
  "exec",
  "signal",
  "stop",
  "continue",
  "exit",
  "end",
];

function isWord(value: unknown): boolean {
  if (typeof value === "string") return /^\d+$/.test(value);
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function checkSyscall(call: SyscallEvent, line: number) {
  const where = `line ${line}: ${JSON.stringify(call)}`;
  for (
    const key of [
      "pid",
      "tid",
      "name",
      "nr",
      "args",
      "ret",
      "errno",
      "t",
      "dur",
    ]
  ) {
    assert.ok(key in call, `${where} lacks ${key}`);
  }
  assert.ok(Number.isSafeInteger(call.pid) && call.pid > 0, where);
  assert.ok(Number.isSafeInteger(call.tid) && call.tid > 0, where);
  assert.match(call.name, /^[a-z_0-9]+$/, where);
  assert.ok(Number.isSafeInteger(call.nr) && call.nr >= 0, where);
  assert.ok(Array.isArray(call.args) && call.args.length === 6, where);
  assert.ok(call.args.every(isWord), where);
  assert.ok(Number.isSafeInteger(call.t) && call.t >= 0, where);

  if (call.unfinished) {
    assert.deepEqual([call.ret, call.errno, call.dur], [null, null, null]);
    return;
  }
  assert.ok(typeof call.ret === "number" || /^-?\d+$/.test(call.ret!), where);
  assert.ok(Number.isSafeInteger(call.dur) && call.dur! >= 0, where);
  const failed = typeof call.ret === "number" && call.ret < 0 &&
    call.ret >= -4095;
  if (failed) assert.match(call.errno ?? "", /^E[A-Z0-9]+$/, where);
  else assert.equal(call.errno, null, where);
}

Deno.test("record() writes a well-formed systape/1 recording, mode 0600", async () => {
  const { status, text, file, events } = await recordCli([
    "sh",
    "-c",
    "ls / | wc -l; ls /nonexistent 2>/dev/null; true",
  ]);

  assert.equal(status, 0);
  assert.equal((await Deno.stat(file)).mode! & 0o777, 0o600);
  assert.ok(text.endsWith("}\n"), "the last line is complete");
  const lines = text.slice(0, -1).split("\n");
  assert.equal(lines.length, events.length, "no blank lines");
  for (const [index, line] of lines.entries()) {
    const value = JSON.parse(line);
    assert.equal(typeof value, "object", `line ${index + 1}`);
    assert.ok(EVENT_TYPES.includes(value.type), `line ${index + 1}: ${line}`);
  }

  const header = events[0];
  assert.equal(header.type, "header");
  assert.equal(header.format, "systape/1");
  assert.deepEqual(header.argv, [
    "sh",
    "-c",
    "ls / | wc -l; ls /nonexistent 2>/dev/null; true",
  ]);
  assert.equal(header.selection, "all");
  const end = events.at(-1)!;
  assert.equal(end.type, "end");
  assert.equal(eventsOf(events, "header").length, 1);
  assert.equal(eventsOf(events, "end").length, 1);

  const calls = syscalls(events);
  assert.ok(calls.length > 100);
  assert.equal(end.syscalls, calls.length);
  calls.forEach((call) => checkSyscall(call, events.indexOf(call) + 1));
  assert.ok(calls.some((call) => call.errno === "ENOENT"));
  for (const event of events.slice(1)) {
    if ("t" in event) assert.ok(event.t <= end.t, JSON.stringify(event));
  }
});

Deno.test("record() -e openat records no getppid and never stops on it", async () => {
  const { status, events, stdout } = await recordCli(
    [await fixture("getppid_loop")],
    { trace: "openat" },
  );

  assert.equal(status, 0);
  const header = events[0];
  assert.equal(header.type, "header");
  assert.deepEqual(header.selection, ["openat"]);
  const names = new Set(syscalls(events).map((call) => call.name));
  assert.deepEqual([...names], ["openat"], "only the selected syscall");

  // The fixture counts its voluntary context switches over the loop; a
  // ptrace stop is one, so a loop that never stopped has almost none.
  const switches = Number(stdout.trim());
  assert.ok(switches < 1000, `${switches} context switches in the loop`);
});

Deno.test("record() -e getppid records every one of 100000 getppid calls", async () => {
  const { status, events, stdout } = await recordCli(
    [await fixture("getppid_loop")],
    { trace: "getppid" },
  );

  assert.equal(status, 0);
  const calls = syscalls(events);
  assert.ok(calls.every((call) => call.name === "getppid"));
  assert.ok(calls.length >= 100_000, `${calls.length} getppid lines`);
  assert.ok(calls.every((call) => call.errno === null && Number(call.ret) > 0));
  // The measurement the test above relies on: here every call stopped.
  assert.ok(Number(stdout.trim()) >= 100_000, stdout);
});
