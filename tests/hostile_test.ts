/**
 * The recorder under hostile conditions (issue 5): signals aimed at the
 * recorder or the program at awkward moments, floods of threads and
 * processes, a leader that leaves early, a child that asks not to be traced,
 * a recorder that is killed or cannot write, attaching to running processes,
 * and set-user-ID programs. Each test runs a small C fixture or a shell
 * command under the real `systape record` command.
 *
 * Stress mode: `SYSTAPE_STRESS=N deno test -A tests/hostile_test.ts` runs
 * each test N times in a row (a loop inside the test), to shake out races.
 * A failure names the run it happened in.
 *
 * @module
 */

import assert from "node:assert/strict";
import type { RecordingEvent, SyscallEvent } from "../src/recording/events.ts";
import {
  collectOutput,
  eventsOf,
  eventually,
  fixture,
  parseRecording,
  processState,
  recordCli,
  scratchDir,
  sleep,
  spawnRecorder,
  stopAndCheckStopped,
  syscalls,
  tally,
  until,
} from "./helpers.ts";

const MOD_TS = new URL("../mod.ts", import.meta.url).pathname;

/** How many times each test runs: SYSTAPE_STRESS, default 1. */
const STRESS = stressRuns();

function stressRuns(): number {
  const text = Deno.env.get("SYSTAPE_STRESS");
  if (text === undefined || text === "") return 1;
  const runs = Number(text);
  if (!Number.isInteger(runs) || runs < 1) {
    throw new Error(`SYSTAPE_STRESS must be a positive integer, not '${text}'`);
  }
  return runs;
}

/** Registers a test whose body runs STRESS times, naming the failing run. */
function test(name: string, body: () => Promise<void>) {
  Deno.test(name, async () => {
    for (let run = 1; run <= STRESS; run++) {
      try {
        await body();
      } catch (error) {
        if (STRESS === 1) throw error;
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`run ${run} of ${STRESS}: ${message}`, {
          cause: error,
        });
      }
    }
  });
}

/** /proc state letters of a stopped task: group-stop, or a ptrace stop. */
const STOPPED = ["T", "t"];

/** What a recorder or program run as a subprocess left when it ended. */
interface Ended {
  /** Exit status; 128+N when killed by signal N. */
  status: number;
  /** Everything written to standard output. */
  stdout: string;
  /** Everything written to standard error. */
  stderr: string;
  /** performance.now() when the process ended. */
  endedAt: number;
}

/** A subprocess with its output collected as it arrives. */
interface Running {
  /** Its pid. */
  pid: number;
  /** Standard output lines so far (growing). */
  lines: string[];
  /** Its standard input, when piped. */
  stdin: WritableStreamDefaultWriter<Uint8Array> | null;
  /** Resolves when it has ended and its output is drained. */
  ended: Promise<Ended>;
  /** SIGKILLs it if still running and waits for it: for `finally` blocks. */
  stop(): Promise<Ended>;
}

/** Starts `command args` with stdout and stderr piped and collected. */
function start(
  command: string,
  args: string[],
  options: { stdin?: "null" | "piped"; env?: Record<string, string> } = {},
): Running {
  const child = new Deno.Command(command, {
    args,
    env: options.env,
    stdin: options.stdin ?? "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const output = collectOutput(child, options.stdin === "piped");
  const { lines, stdin } = output;
  const status = child.status.then((status) => ({
    status,
    endedAt: performance.now(),
  }));
  const ended = (async () => {
    const { status: { code }, endedAt } = await status;
    const { stdout, stderr } = await output.drained;
    if (stdin) await stdin.close().catch(() => {});
    return { status: code, stdout, stderr, endedAt };
  })();

  return {
    pid: child.pid,
    lines,
    stdin,
    ended,
    async stop() {
      try {
        child.kill("SIGKILL");
      } catch {
        // Already ended.
      }
      return await ended;
    },
  };
}

/** Starts `systape record ARGS` (the recorder's own arguments). */
function startRecorder(
  args: string[],
  options: { stdin?: "null" | "piped" } = {},
): Running {
  return start(Deno.execPath(), ["run", "-A", MOD_TS, "record", ...args], {
    stdin: options.stdin,
  });
}

/** Resolves with `promise`, or rejects naming `what` after `ms`. */
async function within<T>(
  promise: Promise<T>,
  ms: number,
  what: string,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} took longer than ${ms} ms`)),
      ms,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves once `lines` holds a line equal to `line`; rejects after `ms`. */
function lineArrives(lines: string[], line: string, ms = 5000): Promise<void> {
  return until(`the line '${line}'`, () => lines.includes(line), ms);
}

/** A file in the scratch directory that no other test uses. */
let files = 0;
async function scratchFile(name: string): Promise<string> {
  return `${await scratchDir()}/hostile-${++files}-${name}`;
}

/** One process of /proc, as far as it could be read. */
interface ProcEntry {
  pid: number;
  state: string;
  ppid: number;
  exe: string | null;
  cmdline: string;
}

/** Every process /proc lists now (those that vanish while read are skipped). */
function processes(): ProcEntry[] {
  const entries: ProcEntry[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const stat = Deno.readTextFileSync(`/proc/${entry.name}/stat`);
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      let exe: string | null = null;
      try {
        exe = Deno.readLinkSync(`/proc/${entry.name}/exe`);
      } catch {
        // A zombie or a kernel thread has none.
      }
      entries.push({
        pid: Number(entry.name),
        state: fields[0],
        ppid: Number(fields[1]),
        exe,
        cmdline: Deno.readTextFileSync(`/proc/${entry.name}/cmdline`),
      });
    } catch {
      // Gone while we looked.
    }
  }
  return entries;
}

/** "PID STATE EXE" of the processes that match, for assertion messages. */
function describe(entries: ProcEntry[]): string {
  return entries.map((entry) => `${entry.pid} ${entry.state} ${entry.exe}`)
    .join(", ");
}

/** Whether a process is gone or a zombie, neither running nor stopped. */
function gone(pid: number): boolean {
  const state = processState(pid);
  return state === null || state === "Z";
}

/** A field of /proc/PID/status, or null when the process is gone. */
function statusField(pid: number, field: string): string | null {
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    return new RegExp(`^${field}:\\s+(.*)$`, "m").exec(status)?.[1] ?? null;
  } catch {
    return null;
  }
}

/** The thread ids of a process. */
function threadsOf(pid: number): number[] {
  try {
    return [...Deno.readDirSync(`/proc/${pid}/task`)].map((entry) =>
      Number(entry.name)
    );
  } catch {
    return [];
  }
}

/**
 * The process tracing `pid`, or 0. TracerPid names the tracing thread (a
 * recorder traces from a worker thread), so its thread-group id is taken.
 */
function tracerOf(pid: number): number {
  const tracer = Number(statusField(pid, "TracerPid") ?? 0);
  if (tracer === 0) return 0;
  return Number(statusField(tracer, "Tgid") ?? tracer);
}

/** Whether every thread of `pid` is traced by the process `tracer`. */
function tracedBy(pid: number, tracer: number): boolean {
  const tids = threadsOf(pid);
  return tids.length > 0 && tids.every((tid) => tracerOf(tid) === tracer);
}

/**
 * Checks that a recording is a valid NDJSON prefix: complete lines only,
 * each JSON, the header first. Returns the events.
 */
function assertWholeLines(text: string, where: string): RecordingEvent[] {
  assert.ok(
    text === "" || text.endsWith("\n"),
    `${where} ends in a torn line: ${JSON.stringify(text.slice(-200))}`,
  );
  const events = parseRecording(text);
  if (events.length > 0) assert.equal(events[0].type, "header", where);
  return events;
}

/** The recording's last line, parsed; it must be the end line. */
function assertEnds(text: string) {
  assert.ok(text.endsWith("\n"), `torn last line: ${text.slice(-200)}`);
  const last = text.slice(0, -1).split("\n").at(-1)!;
  let event: RecordingEvent;
  try {
    event = JSON.parse(last);
  } catch {
    throw new assert.AssertionError({
      message: `the last line is not JSON: ${last}`,
    });
  }
  assert.equal(event.type, "end", `the last line is not the end: ${last}`);
  return event as Extract<RecordingEvent, { type: "end" }>;
}

function brief(call: SyscallEvent): string {
  return `${call.tid} ${call.name}=${call.ret}${
    call.errno ? ` ${call.errno}` : ""
  }${call.unfinished ? " unfinished" : ""}`;
}

// 1. A signal to the recorder while vfork children come and go.

test("record() ends within 2 s of a SIGINT sent to it during a vfork loop, leaving nothing stopped", async () => {
  const program = await fixture("vfork_loop");
  const started = performance.now();
  const recorder = await spawnRecorder([program]);
  try {
    await recorder.waitForLines(1);
    await sleep(1000 - (performance.now() - started));
    Deno.kill(recorder.process.pid, "SIGINT");
    await within(recorder.process.status, 2000, "ending after SIGINT");
  } catch (error) {
    await recorder.abort();
    throw error;
  }
  const { status, text, events } = await recorder.finish();

  const root = Number(recorder.lines[0]);
  const ours = new Set([
    root,
    ...eventsOf(events, "spawn").map((spawn) => spawn.child),
  ]);
  const stopped = () =>
    processes().filter((entry) =>
      STOPPED.includes(entry.state) &&
      (ours.has(entry.pid) || entry.ppid === root || entry.exe === program)
    );
  assert.ok(
    await eventually(() => stopped().length === 0, 1000),
    `left stopped: ${describe(stopped())}`,
  );
  assert.ok(eventsOf(events, "spawn").length > 0, "no vfork was recorded");
  const end = assertEnds(text);
  assert.equal(status, 130, "the SIGINT is passed on to the program");
  assert.equal(end.exitStatus, 130);
  assert.equal(end.signal, "SIGINT");
});

test("record() started with SIGINT and SIGHUP ignored (a background job, nohup) is not killed by them", async () => {
  // README: a signal systape was started with ignored stays ignored.
  const launcher = ["sh", "-c", 'trap "" INT HUP; exec "$@"', "sh"];
  const recorder = await spawnRecorder([await fixture("vfork_loop")], {
    launcher,
  });
  try {
    await recorder.waitForLines(1);
    await sleep(1000);
    for (const signal of ["SIGINT", "SIGHUP"] as const) {
      Deno.kill(recorder.process.pid, signal);
      await sleep(500);
      assert.ok(
        !gone(recorder.process.pid),
        `the recorder died of a ${signal} it was started with ignored`,
      );
    }
    Deno.kill(recorder.process.pid, "SIGTERM");
    await within(recorder.process.status, 2000, "ending after SIGTERM");
  } catch (error) {
    await recorder.abort();
    throw error;
  }
  const { status, text } = await recorder.finish();

  const end = assertEnds(text);
  assert.equal(status, 143, "SIGTERM is passed on to the program");
  assert.equal(end.signal, "SIGTERM");
});

// 2. A SIGCHLD kept blocked, then taken in sigsuspend.

test("record() records a blocked SIGCHLD once, when sigsuspend takes it", async () => {
  const { status, events } = await recordCli([
    await fixture("sigchld_suspend"),
  ]);

  assert.equal(status, 0);
  const pid = eventsOf(events, "exec")[0].pid;
  assert.deepEqual(
    eventsOf(events, "signal").map(({ pid, signal }) => ({ pid, signal })),
    [{ pid, signal: "SIGCHLD" }],
  );
});

// 3. Many threads spinning without syscalls.

test("record() sees 300 spinning threads each write once, from 300 tids", async () => {
  const file = await scratchFile("threads300.ndjson");
  const started = performance.now();
  const recorder = startRecorder([
    "-q",
    "-o",
    file,
    "--",
    await fixture("threads300"),
  ]);
  let ended: Ended;
  try {
    ended = await within(recorder.ended, 60_000, "300 spinning threads");
  } finally {
    await recorder.stop();
  }

  assert.equal(ended.status, 0, ended.stderr);
  const events = parseRecording(await Deno.readTextFile(file));
  const pid = eventsOf(events, "exec")[0].pid;
  const writes = syscalls(events).filter((call) => call.name === "write");
  assert.equal(writes.length, 300, `took ${ended.endedAt - started} ms`);
  for (const write of writes) {
    assert.equal(write.ret, 1, brief(write));
    assert.equal(write.pid, pid);
  }
  const tids = new Set(writes.map((write) => write.tid));
  assert.equal(tids.size, 300, "the writes came from fewer than 300 tids");
  assert.ok(!tids.has(pid), "the main thread wrote");
});

// 4. A flood of short-lived children.

test("record() follows 2000 background children of a shell, each with its parent, exec and exit", async () => {
  const loop =
    "i=0; while [ $i -lt 2000 ]; do /bin/true & i=$((i+1)); done; wait";
  const { status, events } = await recordCli(["sh", "-c", loop]);

  assert.equal(status, 0);
  const shell = eventsOf(events, "exec")[0].pid;
  const spawns = eventsOf(events, "spawn");
  assert.equal(spawns.length, 2000);
  for (const spawn of spawns) {
    assert.equal(spawn.pid, shell, JSON.stringify(spawn));
    assert.equal(spawn.childPid, spawn.child);
  }
  const children = new Set(spawns.map((spawn) => spawn.child));
  assert.equal(children.size, 2000, "child pids repeat");

  const exits = eventsOf(events, "exit").filter((exit) =>
    children.has(exit.pid)
  );
  assert.equal(exits.length, 2000, "not every child has an exit");
  for (const exit of exits) {
    assert.equal(exit.process, true);
    assert.equal(exit.code, 0, JSON.stringify(exit));
  }
  const execs = eventsOf(events, "exec").filter((exec) =>
    children.has(exec.pid)
  );
  assert.equal(execs.length, 2000, "not every child has an exec event");

  const calls = syscalls(events);
  const end = events.at(-1)!;
  assert.equal(end.type, "end");
  assert.equal(end.syscalls, calls.length);
  const keys = new Set(
    calls.map((call) => `${call.tid} ${call.t} ${call.nr}`),
  );
  assert.equal(keys.size, calls.length, "a syscall line is duplicated");
  for (const call of calls) {
    const complete = call.ret !== null && call.dur !== null &&
      !call.unfinished;
    const unfinished = call.ret === null && call.unfinished === true;
    assert.ok(
      complete || unfinished,
      `neither complete nor unfinished: ${brief(call)}`,
    );
    if (unfinished) {
      assert.equal(call.name, "exit_group", `unfinished: ${brief(call)}`);
    }
  }

  // Every child runs the same code, so sees the same syscalls.
  const perChild = new Map<number, SyscallEvent[]>();
  for (const call of calls) {
    if (!children.has(call.pid)) continue;
    perChild.set(call.pid, [...perChild.get(call.pid) ?? [], call]);
  }
  const outcome = (call: SyscallEvent) =>
    `${call.name} ${call.unfinished ? "?" : call.errno ?? "ok"}`;
  const reference = tally(perChild.get(spawns[0].child) ?? [], outcome);
  for (const child of children) {
    const own = perChild.get(child) ?? [];
    const execve = own.filter((call) =>
      call.name === "execve" && call.errno === null
    );
    assert.equal(execve.length, 1, `child ${child}: ${execve.length} execve`);
    assert.deepEqual(tally(own, outcome), reference, `child ${child}`);
  }
});

// 5. A sleep stopped and continued halfway.

test("record() shows a nanosleep interrupted by SIGSTOP, the stop, the continue and restart_syscall", async () => {
  const recorder = await spawnRecorder([await fixture("nanosleep_stop")]);
  try {
    await recorder.waitForLines(1);
    const pid = Number(recorder.lines[0]);
    await sleep(500);
    Deno.kill(pid, "SIGSTOP");
    await sleep(200);
    Deno.kill(pid, "SIGCONT");
  } catch (error) {
    await recorder.abort();
    throw error;
  }
  const { status, events, stdout } = await recorder.finish();

  assert.equal(status, 0, stdout);
  const report = /^ret (-?\d+) elapsed (\d+)$/m.exec(stdout);
  assert.ok(report, stdout);
  assert.equal(Number(report[1]), 0, "the program saw nanosleep fail");
  const elapsed = Number(report[2]);
  assert.ok(elapsed >= 1800 && elapsed <= 4000, `slept ${elapsed} ms`);

  const pid = eventsOf(events, "exec")[0].pid;
  const calls = syscalls(events);
  const interrupted = calls.find((call) => call.name === "nanosleep");
  assert.ok(interrupted, "no nanosleep line");
  assert.match(interrupted.errno ?? "", /^ERESTART/, brief(interrupted));
  const restarted = calls.find((call) => call.name === "restart_syscall");
  assert.ok(restarted, "no restart_syscall line");
  assert.equal(restarted.ret, 0, brief(restarted));
  assert.equal(restarted.tid, pid);

  const stop = eventsOf(events, "stop");
  const resumed = eventsOf(events, "continue");
  assert.deepEqual(stop.map(({ tid, signal }) => ({ tid, signal })), [
    { tid: pid, signal: "SIGSTOP" },
  ]);
  assert.deepEqual(resumed.map(({ tid }) => tid), [pid]);
  const order = [interrupted, stop[0], resumed[0], restarted].map((event) =>
    events.indexOf(event)
  );
  assert.deepEqual(order, [...order].sort((a, b) => a - b), "out of order");
});

// 6. The leader leaves first.

test("record() waits for the thread that outlives a leader gone by SYS_exit, and exits with its exit_group(7)", async () => {
  const started = performance.now();
  const { status, events } = await recordCli([await fixture("leader_exit")]);
  const took = performance.now() - started;

  assert.equal(status, 7);
  assert.ok(took >= 1000, `ended after ${took} ms, before the thread's exit`);
  const end = events.at(-1)!;
  assert.equal(end.type, "end");
  assert.equal(end.code, 7);
  assert.equal(end.exitStatus, 7);
  const pid = eventsOf(events, "exec")[0].pid;
  const exits = eventsOf(events, "exit");
  assert.deepEqual(
    exits.filter((exit) => exit.process).map(({ tid, code }) => ({
      tid,
      code,
    })),
    [{ tid: pid, code: 7 }],
  );
  const leaderExit = syscalls(events).filter((call) =>
    call.tid === pid && call.name === "exit"
  );
  assert.equal(leaderExit.length, 1, "the leader's SYS_exit");
  assert.equal(leaderExit[0].unfinished, true);
});

// 7. Job control on a running loop.

test("record() lets kill -STOP really stop a printing loop, kill -CONT resume it, and a SIGTSTP handler run", async () => {
  const HANDLED = "SIGTSTP handled";
  const recorder = await spawnRecorder([await fixture("tstp_loop")], {
    stdin: "piped",
  });
  try {
    await recorder.waitForLines(3);
    const pid = Number(recorder.lines[0]);

    const whileStopped = await stopAndCheckStopped(pid, recorder.lines);
    Deno.kill(pid, "SIGCONT");
    await recorder.waitForLines(whileStopped + 3, 3000);

    Deno.kill(pid, "SIGTSTP");
    await lineArrives(recorder.lines, HANDLED, 3000);
    const afterHandler = recorder.lines.length;
    await recorder.waitForLines(afterHandler + 3, 3000);
  } catch (error) {
    await recorder.abort();
    throw error;
  }
  const { status, events } = await recorder.finish();

  assert.equal(status, 0);
  const pid = eventsOf(events, "exec")[0].pid;
  assert.deepEqual(
    eventsOf(events, "stop").map(({ tid, signal }) => ({ tid, signal })),
    [{ tid: pid, signal: "SIGSTOP" }],
    "only SIGSTOP stops; SIGTSTP is handled",
  );
  assert.equal(eventsOf(events, "continue").length, 1);
  const tstp = eventsOf(events, "signal").find((signal) =>
    signal.signal === "SIGTSTP"
  );
  assert.ok(tstp, "no SIGTSTP signal event");
  const handlerWrite = syscalls(events).find((call) =>
    call.name === "write" && call.tid === tstp.tid && call.t > tstp.t &&
    call.args[0] === 1 && call.ret === HANDLED.length + 1
  );
  assert.ok(handlerWrite, "the handler's write is not recorded");
});

// 8. A child that asks not to be traced.

for (const how of ["clone", "clone3"]) {
  test(`record() traces a child made by ${how} with CLONE_UNTRACED: its openat works`, async () => {
    const { status, events } = await recordCli([
      await fixture("clone_untraced"),
      how,
    ]);

    const calls = syscalls(events);
    assert.equal(
      calls.filter((call) => call.errno === "ENOSYS").length,
      0,
      calls.filter((call) => call.errno === "ENOSYS").map(brief).join("; "),
    );
    assert.equal(status, 0, "the child's open failed");
    const parent = eventsOf(events, "exec")[0].pid;
    const made = calls.find((call) => call.pid === parent && call.name === how);
    assert.ok(made, `no ${how} line`);
    const child = Number(made.ret);
    assert.ok(child > 0, brief(made));
    const opens = calls.filter((call) =>
      call.pid === child && call.name === "openat"
    );
    assert.equal(opens.length, 1, `the child's openat: ${opens.map(brief)}`);
    assert.ok(Number(opens[0].ret) >= 0, brief(opens[0]));
  });
}

// 9. The recorder killed outright.

test("record() killed by SIGKILL takes sleep with it and leaves a valid NDJSON prefix", async () => {
  const file = await scratchFile("killed.ndjson");
  const recorder = startRecorder(["-q", "-o", file, "--", "sleep", "100"]);
  let sleepPid = 0;
  try {
    // The recorder writes out what it has whenever the program goes quiet.
    await until("sleep's exec on disk", () => {
      const exec = readOrEmpty(file).split("\n").find((line) =>
        line.includes('"type":"exec"')
      );
      if (exec) sleepPid = JSON.parse(exec).pid;
      return sleepPid > 0 && processState(sleepPid) === "S";
    });
    Deno.kill(recorder.pid, "SIGKILL");
    const killedAt = performance.now();
    assert.ok(
      await eventually(() => gone(sleepPid), 1000),
      `sleep ${sleepPid} is ${processState(sleepPid)} ${
        performance.now() - killedAt
      } ms after the recorder was killed`,
    );
  } finally {
    await recorder.stop();
    if (sleepPid > 0 && !gone(sleepPid)) Deno.kill(sleepPid, "SIGKILL");
  }
  const { status } = await recorder.ended;

  assert.equal(status, 137);
  const events = assertWholeLines(await Deno.readTextFile(file), file);
  assert.ok(events.some((event) => event.type === "exec"));
  assert.ok(!events.some((event) => event.type === "end"));
});

function readOrEmpty(path: string): string {
  try {
    return Deno.readTextFileSync(path);
  } catch {
    return "";
  }
}

// 10. The recording cannot be written.

test("record() on a full disk says 'No space left' once, exits 2, kills the program and keeps whole lines", async () => {
  const mountPoint = await scratchFile("tmpfs");
  await Deno.mkdir(mountPoint);
  await run("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint]);
  try {
    const file = `${mountPoint}/find.ndjson`;
    const recorder = startRecorder([
      "-q",
      "-o",
      file,
      "--",
      "find",
      "/usr/share/doc",
    ]);
    const { status, stderr } = await within(recorder.ended, 30_000, "find")
      .finally(() => recorder.stop());

    const text = await Deno.readTextFile(file);
    const events = assertWholeLines(text, file);
    const find = eventsOf(events, "exec")[0]?.pid;
    assert.ok(
      find,
      "the exec of find was not written before the disk filled",
    );
    assert.ok(
      await eventually(() => gone(find), 1000),
      `find ${find} is left ${processState(find)}`,
    );
    assert.equal(status, 2, stderr);
    const lines = stderr.trimEnd().split("\n");
    assert.equal(lines.length, 1, stderr);
    assert.match(lines[0], /^systape: /);
    assert.ok(lines[0].includes(file), lines[0]);
    assert.ok(lines[0].includes("No space left"), lines[0]);
  } finally {
    await run("umount", [mountPoint]);
  }
});

test("record -o - into a pipe that closes says so, exits non-zero and leaves no process", async () => {
  // A word no other process has in its argv: find's own, and the recorder's.
  const marker = `systape-hostile-${crypto.randomUUID()}`;
  const statusFile = await scratchFile("pipe-status");
  const script = '{ "$@"; echo $? >"$STATUS"; } | head -1';
  const shell = start("sh", [
    "-c",
    script,
    "sh",
    Deno.execPath(),
    "run",
    "-A",
    MOD_TS,
    "record",
    "-q",
    "-o",
    "-",
    "--",
    "find",
    "/usr/share/doc",
    "!",
    "-name",
    marker,
  ], { env: { STATUS: statusFile } });
  const { stderr } = await within(shell.ended, 30_000, "the pipeline")
    .finally(() => shell.stop());

  const status = Number((await Deno.readTextFile(statusFile)).trim());
  assert.notEqual(status, 0, stderr);
  const ours = stderr.split("\n").filter((line) => line.startsWith("systape:"));
  assert.equal(ours.length, 1, stderr);
  assert.match(ours[0], /standard output.*Broken pipe/, ours[0]);
  const left = () =>
    processes().filter((entry) =>
      entry.state !== "Z" && entry.cmdline.includes(marker)
    );
  assert.ok(
    await eventually(() => left().length === 0, 1000),
    `left: ${describe(left())}`,
  );
});

async function run(command: string, args: string[]) {
  const { code, stderr } = await new Deno.Command(command, {
    args,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (code !== 0) {
    throw new Error(
      `${command} ${args.join(" ")}: ${new TextDecoder().decode(stderr)}`,
    );
  }
}

// 11. The program closes its own stdout.

test("record() records EBADF for a write to a closed stdout, and the recording is whole, to a file or to -o -", async () => {
  const program = await fixture("close_stdout");
  const toFile = await recordCli([program]);
  const toStdout = await within(
    startRecorder(["-q", "-o", "-", "--", program]).ended,
    30_000,
    "record -o -",
  );

  for (
    const [where, status, text] of [
      ["-o FILE", toFile.status, toFile.text],
      ["-o -", toStdout.status, toStdout.stdout],
    ] as const
  ) {
    assert.equal(status, 0, where);
    const end = assertEnds(text);
    assert.equal(end.code, 0, where);
    const events = parseRecording(text);
    const writes = syscalls(events).filter((call) =>
      call.name === "write" && call.args[0] === 1
    );
    assert.deepEqual(writes.map((call) => call.errno), ["EBADF"], where);
  }
});

// 12. What ptrace cannot see.

test("record() invents no calls: 1000 vDSO clock_gettime and one raw one give one line; io_uring calls are named", async () => {
  const { status, events } = await recordCli([
    await fixture("invisible_calls"),
  ]);

  assert.equal(status, 0);
  const calls = syscalls(events);
  const clocks = calls.filter((call) => call.name === "clock_gettime");
  assert.equal(clocks.length, 1, clocks.map(brief).join("; "));
  assert.equal(clocks[0].ret, 0);

  // SYS_io_uring_setup is 425 and SYS_io_uring_enter 426 on x86_64.
  const setup = calls.filter((call) => call.nr === 425);
  assert.deepEqual(setup.map((call) => call.name), ["io_uring_setup"]);
  const enter = calls.filter((call) => call.nr === 426);
  assert.deepEqual(enter.map((call) => call.name), ["io_uring_enter"]);
});

// 13. Attaching to running processes.

test("record -p detaches from sleep within 2 s of SIGINT, leaving it sleeping and untraced", async () => {
  const sleeper = start("sleep", ["30"]);
  const file = await scratchFile("attach-sleep.ndjson");
  const recorder = startRecorder([
    "-q",
    "-o",
    file,
    "-p",
    String(sleeper.pid),
  ]);
  try {
    await until("the attach", () => tracedBy(sleeper.pid, recorder.pid));
    await sleep(200);
    Deno.kill(recorder.pid, "SIGINT");
    const sentAt = performance.now();
    const { status, endedAt } = await within(
      recorder.ended,
      2000,
      "detaching",
    );

    assert.ok(endedAt - sentAt <= 2000);
    assert.equal(status, 0);
    assert.match(processState(sleeper.pid) ?? "gone", /^[SR]$/);
    assert.equal(statusField(sleeper.pid, "TracerPid"), "0");
    assertEnds(await Deno.readTextFile(file));
  } finally {
    await recorder.stop();
    await sleeper.stop();
  }
});

test("record -p follows all 4 threads of a running program, passes its signals on, and detaches leaving it running", async () => {
  const program = start(await fixture("attach_threads"), [], {
    stdin: "piped",
  });
  const file = await scratchFile("attach-threads.ndjson");
  let recorder: Running | null = null;
  try {
    await until("the program's pid", () => program.lines.length > 0);
    const pid = Number(program.lines[0]);
    await until("5 threads", () => threadsOf(pid).length === 5);
    const attached = startRecorder(["-q", "-o", file, "-p", String(pid)]);
    recorder = attached;
    await until("the attach", () => tracedBy(pid, attached.pid));
    await sleep(300);

    for (let sent = 1; sent <= 3; sent++) {
      Deno.kill(pid, "SIGUSR1");
      await until(
        `SIGUSR1 number ${sent} to be handled`,
        () => program.lines.filter((line) => line === "usr1").length === sent,
        3000,
      );
    }

    Deno.kill(attached.pid, "SIGINT");
    const sentAt = performance.now();
    const { status, endedAt, stderr } = await within(
      attached.ended,
      2000,
      "detaching",
    );
    assert.ok(endedAt - sentAt <= 2000);
    assert.equal(status, 0, stderr);

    for (const tid of threadsOf(pid)) {
      assert.match(processState(tid) ?? "gone", /^[SR]$/, `thread ${tid}`);
      assert.equal(statusField(tid, "TracerPid"), "0", `thread ${tid}`);
    }
    await program.stdin!.write(new TextEncoder().encode("count\n"));
    await lineArrives(program.lines, "count 3", 3000);
    await program.stdin!.close();
    const ended = await within(program.ended, 3000, "the program's exit");
    assert.equal(ended.status, 0);

    const text = await Deno.readTextFile(file);
    assertEnds(text);
    const events = parseRecording(text);
    const tids = new Set(
      syscalls(events).filter((call) => call.name === "getppid").map((call) =>
        call.tid
      ),
    );
    assert.ok(tids.size >= 4, `getppid from ${tids.size} tids`);
    const usr1 = eventsOf(events, "signal").filter((signal) =>
      signal.signal === "SIGUSR1"
    );
    assert.equal(usr1.length, 3, "SIGUSR1 signal events");
  } finally {
    await recorder?.stop();
    await program.stop();
  }
});

test("record -p on a process strace traces says 'already traced by process N' and exits 2", async () => {
  const sleeper = start("sleep", ["30"]);
  const strace = start("strace", [
    "-qq",
    "-o",
    "/dev/null",
    "-p",
    `${sleeper.pid}`,
  ]);
  try {
    await until("strace's attach", () => tracedBy(sleeper.pid, strace.pid));
    await expectAttachRefused(sleeper.pid, strace.pid);
  } finally {
    await strace.stop();
    await sleeper.stop();
  }
});

test("record -p on a process another recorder traces names that recorder's process and exits 2", async () => {
  const first = await spawnRecorder(["sleep", "30"]);
  try {
    let pid = 0;
    await until("the first recorder's sleep", () => {
      pid = processes().find((entry) =>
        entry.ppid === first.process.pid && entry.exe === "/usr/bin/sleep"
      )?.pid ?? 0;
      return pid > 0 && tracedBy(pid, first.process.pid);
    });
    await expectAttachRefused(pid, first.process.pid);
  } finally {
    await first.abort();
  }
});

/** Runs `record -p PID`, which must fail with exit 2 and one line: that line. */
async function attachError(pid: number): Promise<string> {
  const file = await scratchFile(`attach-${pid}.ndjson`);
  const { status, stderr } = await within(
    startRecorder(["-q", "-o", file, "-p", String(pid)]).ended,
    10_000,
    "record -p",
  );
  assert.equal(status, 2, stderr);
  const lines = stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, stderr);
  return lines[0];
}

async function expectAttachRefused(pid: number, tracer: number) {
  assert.match(
    await attachError(pid),
    new RegExp(
      `^systape: cannot attach to ${pid}: .*already traced by process ${tracer}\\b`,
    ),
  );
  assert.equal(tracerOf(pid), tracer, "the first tracer lost its tracee");
}

test("record -p of a pid that does not exist says 'no process N' and exits 2", async () => {
  let pid = Number(Deno.readTextFileSync("/proc/sys/kernel/pid_max")) - 1;
  while (processState(pid) !== null) pid--;
  assert.match(
    await attachError(pid),
    new RegExp(`^systape: no process ${pid}\\b`),
  );
});

// 14. A set-user-ID program.

test("record() runs a set-user-ID program without privileges and says so", async () => {
  // The program must be reachable by uid 65534: a 0755 directory of its own.
  const directory = await Deno.makeTempDir({ prefix: "systape-suid-" });
  try {
    await Deno.chmod(directory, 0o755);
    const program = `${directory}/id-suid`;
    await Deno.copyFile("/usr/bin/id", program);
    await Deno.chown(program, 0, 0);
    await Deno.chmod(program, 0o4755);
    const argv = [
      "setpriv",
      "--reuid=65534",
      "--regid=65534",
      "--clear-groups",
      program,
    ];
    const [command, ...args] = argv;
    const untraced = await new Deno.Command(command, { args }).output();
    const control = new TextDecoder().decode(untraced.stdout);
    assert.match(control, /euid=0/, "set-user-ID does not work here at all");

    const { status, stdout, stderr } = await recordCli(argv);

    assert.equal(status, 0, stderr);
    assert.match(stdout, /uid=65534/);
    assert.doesNotMatch(stdout, /euid=0/, "the program gained euid 0");
    const note = stderr.split("\n").find((line) =>
      line.startsWith("systape: note: ")
    );
    assert.ok(note, stderr);
    assert.ok(note.includes(program), note);
    assert.match(note, /set-user-ID.*no_new_privs/);
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});
