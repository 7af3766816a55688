import assert from "node:assert/strict";
import { align } from "../src/diff/align.ts";
import { diffRecordings, type StreamDiff } from "../src/diff/diff.ts";
import { compareStreams } from "../src/diff/hunks.ts";
import { Normalizer } from "../src/diff/normalize.ts";
import { resolveDiffOptions } from "../src/diff/options.ts";
import { type StoredEvent, StreamStore } from "../src/diff/store.ts";
import { shortCommand, shortLabelOf } from "../src/diff/labels.ts";
import { maskTempNames } from "../src/diff/temp_names.ts";
import { ProcessTree } from "../src/diff/tree.ts";
import { syscallText } from "../src/view/line.ts";
import type { RecordingEvent, SyscallEvent } from "../src/recording/events.ts";
import {
  fixture,
  recordCli,
  type RecordOptions,
  scratchDir,
  syscalls,
  systape as runSystape,
} from "./helpers.ts";

/** Leaves out execve's argv, for runs that differ only in how they were started. */
const IGNORE_ARGV = ["--ignore-arg", "execve:1"];
/** A path argument: masked, or the string when the recording decodes it. */
const PATH = String.raw`(<ptr>|"[^"]*")`;

/** Runs `systape ARGS` without colour. */
function systape(args: string[]) {
  return runSystape(args, { env: { NO_COLOR: "1" } });
}

/** Records `argv` and returns the recording's path. */
async function recorded(argv: string[], options: RecordOptions = {}) {
  const recording = await recordCli(argv, options);
  assert.ok(recording.status < 126, recording.stderr);
  return recording;
}

/** The `--json` lines of `systape diff ARGS`. */
async function jsonDiff(args: string[]) {
  const { code, stdout, stderr } = await systape(["diff", "--json", ...args]);
  const lines = stdout.trim().split("\n").map((line) => JSON.parse(line));
  const streams: StreamDiff[] = lines.filter((line) => line.type === "stream");
  return { code, stderr, streams, summary: lines.at(-1) };
}

/** The rows of all hunks of the streams that differ. */
function changedRows(streams: StreamDiff[]) {
  return streams.flatMap((stream) =>
    stream.hunks.flatMap((hunk) => hunk.rows.filter((row) => row.op !== "same"))
  );
}

Deno.test("align() shows one extra element as one insertion, not a cascade", () => {
  const a = [1, 2, 3, 4, 5, 6, 7, 8];
  const b = [1, 2, 3, 9, 4, 5, 6, 7, 8];
  assert.deepEqual(align(a, b), [
    { a: 0, b: 0, length: 3 },
    { a: 3, b: 4, length: 5 },
  ]);
});

Deno.test("align() finds a longest common subsequence on random sequences", () => {
  const lcs = (a: number[], b: number[]) => {
    let row = new Array(b.length + 1).fill(0);
    for (const x of a) {
      const next = [0];
      for (let j = 1; j <= b.length; j++) {
        next[j] = x === b[j - 1]
          ? row[j - 1] + 1
          : Math.max(row[j], next[j - 1]);
      }
      row = next;
    }
    return row[b.length];
  };
  for (let round = 0; round < 2000; round++) {
    const sequence = () =>
      Array.from(
        { length: Math.floor(Math.random() * 40) },
        () => Math.floor(Math.random() * 4),
      );
    const [a, b] = [sequence(), sequence()];
    const matches = align(a, b);
    let total = 0;
    for (const match of matches) {
      for (let i = 0; i < match.length; i++) {
        assert.equal(a[match.a + i], b[match.b + i]);
      }
      total += match.length;
    }
    assert.equal(total, lcs(a, b), `${a} / ${b}`);
  }
});

Deno.test("compareStreams() marks a call whose result changed, with context around it", async () => {
  const event = (line: string): StoredEvent => ({
    line,
    key: line.split(" = ")[0],
    syscall: true,
    failed: line.includes("ENOENT"),
    source: 1,
  });
  const a = ["a() = 0", "b() = 0", "c() = 0", "d() = 0", "e() = 0"];
  const b = ["a() = 0", "b() = 0", "c() = -1 ENOENT", "d() = 0", "e() = 0"];
  const { hunks, counts } = await compareStreams(
    a.map(event),
    b.map(event),
    1,
  );

  assert.equal(hunks.length, 1);
  assert.deepEqual(hunks[0].rows.map((row) => row.op), [
    "same",
    "changed",
    "same",
  ]);
  assert.equal(counts.syscallsChanged, 1);
  assert.equal(counts.newFailures, 1);
});

Deno.test("compareStreams() joins changes up to twice the context apart into one hunk", async () => {
  const event = (line: string): StoredEvent => ({
    line,
    key: line.split(" = ")[0],
    syscall: true,
    failed: false,
    source: 1,
  });
  const a = Array.from({ length: 20 }, (_, index) => `c${index}() = 0`);
  const b = a.map((line, index) =>
    [3, 8, 14].includes(index) ? line.replace("= 0", "= 1") : line
  );
  b.splice(17, 0, "extra() = 0");
  const ranges = async (context: number) => {
    const { hunks } = await compareStreams(a.map(event), b.map(event), context);
    return hunks.map(({ rows: _, ...range }) => range);
  };

  assert.deepEqual(await ranges(2), [
    { aStart: 2, aCount: 10, bStart: 2, bCount: 10 },
    { aStart: 13, aCount: 7, bStart: 13, bCount: 8 },
  ]);
  assert.deepEqual(await ranges(0), [
    { aStart: 4, aCount: 1, bStart: 4, bCount: 1 },
    { aStart: 9, aCount: 1, bStart: 9, bCount: 1 },
    { aStart: 15, aCount: 1, bStart: 15, bCount: 1 },
    { aStart: 18, aCount: 0, bStart: 18, bCount: 1 },
  ]);
});

Deno.test("StreamStore reads a stream back in order, as often as asked, from its spill file and memory", async () => {
  // Two-byte and three-byte characters: some fall across the file's reads.
  const events = Array.from({ length: 5000 }, (_, index): StoredEvent => {
    const key = `write(fd#1, "ü€${index}", ${index})`;
    return {
      key: index % 3 === 0 ? key.replace("ü", "<buf>") : key,
      line: `${key} = ${index % 5 === 0 ? "-1 EIO" : index}`,
      syscall: index % 7 !== 0,
      failed: index % 5 === 0,
      source: index + 2,
    };
  });
  await using store = new StreamStore(1024, await scratchDir());
  for (const [index, event] of events.entries()) {
    store.add("a", 0, event);
    if (index === 3000) await store.spillIfOver();
  }

  const stream = store.stream("a", 0);
  assert.equal(stream.length, events.length);
  assert.deepEqual(await Array.fromAsync(stream), events);
  assert.deepEqual(await Array.fromAsync(stream), events);
  assert.equal(store.stream("b", 0).length, 0);
});

/** Normalises events through a tree built from them, as diff does. */
function normalizeAll(events: RecordingEvent[], options = {}) {
  const tree = new ProcessTree();
  events.forEach((event, index) => tree.add(event, index + 1));
  tree.finish();
  const normalizer = new Normalizer(tree, resolveDiffOptions(options));
  const normals = events.flatMap((event, index) =>
    normalizer.normalize(event, index + 1)
  );
  return [...normals, ...normalizer.finish()].map((normal) =>
    `${tree.lives[normal.life].id} ${normal.line}`
  );
}

function call(
  pid: number,
  name: string,
  args: (number | string)[],
  ret: number | string,
  extra: Partial<SyscallEvent> = {},
): SyscallEvent {
  const padded = [...args, 0, 0, 0, 0, 0, 0].slice(0, 6);
  return {
    type: "syscall",
    t: 1,
    pid,
    tid: pid,
    name,
    nr: 0,
    args: padded,
    ret,
    errno: null,
    dur: 1,
    ...extra,
  };
}

Deno.test("Normalizer names pids by place in the tree, fds by lowest free name, masks pointers", () => {
  const lines = normalizeAll([
    call(700, "openat", [4294967196, 0x7f00_0000_1000, 0x80000, 0], 5),
    call(700, "dup2", [5, 9], 9),
    {
      type: "spawn",
      t: 2,
      pid: 700,
      tid: 700,
      kind: "fork",
      child: 701,
      childPid: 701,
    },
    call(700, "clone", [0x1200011, 0, 0, 0x7fff_0000_0000, 0], 701),
    call(701, "read", [9, 0x5555_0000_0000, 4096], 12),
    call(701, "getppid", [], 700),
    call(700, "close", [5], 0),
    call(700, "openat", [4294967196, 0x7f00_0000_2000, 0, 0], 6),
    call(700, "mmap", [0, 4096, 3, 34, 4294967295, 0], 0x7f12_3456_7000),
  ]);

  assert.deepEqual(lines, [
    "p1 openat(AT_FDCWD, <ptr>, 0x80000, 0) = fd#1",
    "p1 dup2(fd#1, 9) = fd#2",
    "p1 spawn fork p1.1",
    "p1 clone(0x1200011, NULL, NULL, <ptr>, NULL) = p1.1",
    "p1.1 read(fd#2, <ptr>, 4096) = 12",
    "p1.1 getppid() = p1",
    "p1 close(fd#1) = 0",
    "p1 openat(AT_FDCWD, <ptr>, 0, 0) = fd#1",
    "p1 mmap(NULL, 4096, 0x3, 0x22, -1, 0) = <ptr>",
  ]);
});

Deno.test("Normalizer shows decoded strings with temporary names masked", () => {
  const decoded = {
    args: ["AT_FDCWD", { str: "/tmp/tmp.k3Jd9aQ0zX/out" }, "O_RDONLY"],
    ret: { fd: 3, path: "/tmp/tmp.k3Jd9aQ0zX/out" },
  };
  const event = call(5, "openat", [4294967196, 0x7f00_0000_1000, 0, 0], 3, {
    decoded,
  } as Partial<SyscallEvent>);
  assert.deepEqual(normalizeAll([event]), [
    'p1 openat(AT_FDCWD, "/tmp/tmp.XXXXXX/out", O_RDONLY, 0) = fd#1<"/tmp/tmp.XXXXXX/out">',
  ]);
  assert.equal(maskTempNames("/etc/hostname"), "/etc/hostname");
  assert.equal(maskTempNames("/tmp/build.12345/a"), "/tmp/build.XXXXXX/a");
  // Python's tempfile: underscores belong to the random part, which may
  // have no digit at all.
  assert.equal(maskTempNames("/tmp/tmpab12_x9z"), "/tmp/tmpXXXXXX");
  assert.equal(maskTempNames("/tmp/tmpab_cdxyz/f"), "/tmp/tmpXXXXXX/f");
  assert.equal(maskTempNames("/tmp/run_3f9a2b7c.log"), "/tmp/XXXXXX.log");
});

Deno.test("Normalizer masks random bytes, inode numbers of pipes and pids in /proc paths", () => {
  const lines = normalizeAll([
    call(40, "getrandom", [0x7f00_0000_1000, 8, 1], 8, {
      decoded: { args: [{ b64: "EBNNJGV+9Aw=" }, 8, "GRND_NONBLOCK"] },
    } as Partial<SyscallEvent>),
    call(40, "dup", [1], 3, {
      decoded: { args: [{ fd: 1 }], ret: { fd: 3, path: "pipe:[123632]" } },
    } as Partial<SyscallEvent>),
    call(40, "openat", [4294967196, 0x7f00_0000_1000, 0, 0], 4, {
      decoded: { args: ["AT_FDCWD", { str: "/proc/40/status" }, "O_RDONLY"] },
    } as Partial<SyscallEvent>),
  ]);
  assert.deepEqual(lines, [
    "p1 getrandom(<random>, 8, GRND_NONBLOCK) = 8",
    'p1 dup(1) = fd#1<"pipe:[*]">',
    'p1 openat(AT_FDCWD, "/proc/p1/status", O_RDONLY, 0) = fd#2',
  ]);
});

Deno.test("Normalizer quotes bytes exactly as show does, equal bytes alike, cut data marked", () => {
  const binary = { b64: "ziKHFWNgwwZCtQuV+D5AkGGhXcI=", len: 64 };
  const text = { str: 'caf\u00e9 "x"\n' };
  const write = (data: object, ret: number) =>
    call(9, "write", [1, 0x5555_0000_1000, ret], ret, {
      decoded: { args: [{ fd: 1 }, data, ret] },
    } as Partial<SyscallEvent>);
  const events = [write(binary, 64), write(text, 9)];
  const lines = normalizeAll(events);

  const shown = events.map((event) => syscallText(event).call);
  assert.deepEqual(lines, [`p1 ${shown[0]} = 64`, `p1 ${shown[1]} = 9`]);
  assert.match(lines[0], /"\\316\\"\\207\\25c.*"\.\.\., 64\)/);
  assert.ok(!lines.join("").includes("base64"));

  const again = normalizeAll([write({ ...binary }, 64)]);
  assert.deepEqual(again, lines.slice(0, 1));
  const whole = normalizeAll([write({ b64: binary.b64 }, 64)]);
  assert.notDeepEqual(whole, lines.slice(0, 1));
});

/** rt_sigaction(signo, {sa_handler=HANDLER, sa_flags=FLAGS}, NULL, 8). */
function sigaction(pid: number, signo: number, handler: string, flags = "0") {
  const action = { struct: { sa_handler: handler, sa_flags: flags } };
  return call(pid, "rt_sigaction", [signo, 0x7ffc_0000_1000, 0, 8], 0, {
    decoded: { args: ["SIGCHLD", action, "NULL", 8] },
  } as Partial<SyscallEvent>);
}

function sigchld(pid: number, child: number): RecordingEvent {
  return {
    type: "signal",
    t: 1,
    pid,
    tid: pid,
    signal: "SIGCHLD",
    signo: 17,
    code: 1,
    sender: child,
  };
}

/** What bash's SIGCHLD handler does: reap until ECHILD, then return. */
function reaping(pid: number): SyscallEvent[] {
  return [
    call(pid, "wait4", [-1, 0x7ffc_0000_2000, 1, 0], -10, { errno: "ECHILD" }),
    call(pid, "rt_sigreturn", [], 0),
  ];
}

Deno.test("Normalizer leaves out an async signal's handler: its calls up to its rt_sigreturn", () => {
  const events = [
    sigaction(30, 17, "0x55d0c7a2e040"),
    call(30, "read", [0, 0x7ffc_0000_3000, 16], 0),
    sigchld(30, 31),
    ...reaping(30),
    call(30, "close", [0], 0),
  ];
  assert.deepEqual(normalizeAll(events), [
    "p1 rt_sigaction(17, <ptr>, NULL, 8) = 0",
    "p1 read(0, <ptr>, 16) = 0",
    "p1 close(0) = 0",
  ]);

  const kept = normalizeAll(events, { normalize: { asyncSignals: false } });
  assert.equal(kept.length, 6);
  assert.match(kept[2], /--- SIGCHLD/);
  assert.match(kept[4], /rt_sigreturn/);
});

Deno.test("Normalizer keeps a handler's calls when no handler is known to be installed", () => {
  for (const installed of [[], [sigaction(30, 17, "SIG_DFL")]]) {
    const lines = normalizeAll([
      ...installed,
      sigchld(30, 31),
      ...reaping(30),
    ]);
    assert.deepEqual(lines.slice(installed.length), [
      "p1 wait4(-1, <ptr>, 0x1, NULL) = -1 ECHILD",
      "p1 rt_sigreturn() = *",
    ]);
  }
});

Deno.test("Normalizer gives back a handler's calls, in order, when it never returns", () => {
  const exited: RecordingEvent = {
    type: "exit",
    t: 1,
    pid: 30,
    tid: 30,
    process: true,
    code: 3,
    signal: null,
    core: false,
  };
  const wait = call(30, "wait4", [-1, 0, 1, 0], 31);
  const lines = normalizeAll([
    sigaction(30, 17, "0x55d0c7a2e040"),
    sigchld(30, 31),
    wait,
    call(30, "exit_group", [3], "?" as unknown as number, { ret: null }),
    exited,
  ]);
  assert.deepEqual(lines.slice(1), [
    "p1 wait4(-1, NULL, 0x1, NULL) = <pid>",
    "p1 exit_group(3) = ?",
    "p1 +++ exited with 3 +++",
  ]);

  // Cut short inside the handler: given back at the end.
  const cut = normalizeAll([
    sigaction(30, 17, "0x1000"),
    sigchld(30, 31),
    wait,
  ]);
  assert.deepEqual(cut.slice(1), ["p1 wait4(-1, NULL, 0x1, NULL) = <pid>"]);
});

Deno.test("Normalizer follows handlers across fork, exec and SA_RESETHAND", () => {
  const spawn: RecordingEvent = {
    type: "spawn",
    t: 1,
    pid: 30,
    tid: 30,
    kind: "fork",
    child: 32,
    childPid: 32,
  };
  const exec: RecordingEvent = {
    type: "exec",
    t: 1,
    pid: 32,
    tid: 32,
    filename: "/bin/true",
    exe: "/bin/true",
  };
  const lines = normalizeAll([
    sigaction(30, 17, "0x1000", "SA_RESTORER|SA_RESETHAND"),
    spawn,
    // The child inherits the handler...
    sigchld(32, 33),
    ...reaping(32),
    exec,
    // ...which its exec resets to SIG_DFL.
    sigchld(32, 34),
    ...reaping(32),
    // The parent's one-shot handler runs once.
    sigchld(30, 32),
    ...reaping(30),
    sigchld(30, 32),
    ...reaping(30),
  ]);
  assert.deepEqual(lines, [
    "p1 rt_sigaction(17, <ptr>, NULL, 8) = 0",
    "p1 spawn fork p1.1",
    'p1.1 exec "/bin/true"',
    "p1.1 wait4(-1, <ptr>, 0x1, NULL) = -1 ECHILD",
    "p1.1 rt_sigreturn() = *",
    "p1 wait4(-1, <ptr>, 0x1, NULL) = -1 ECHILD",
    "p1 rt_sigreturn() = *",
  ]);
});

Deno.test("Normalizer leaves out bash's real SIGCHLD handler, keeping its blocking wait4", async () => {
  // The child outlives the fork by 50 ms, so bash is in its blocking wait4
  // when it ends, even on a loaded machine (with /bin/true, the handler
  // could reap it first, and there was no blocking wait4 to keep).
  const run = await recorded(["bash", "-c", "/bin/sleep 0.05; /bin/true"]);
  const handler = (line: string) =>
    /^p1 (wait4\(.*WNOHANG.*ECHILD$|rt_sigreturn)/.test(line);
  const waited = (line: string) =>
    /^p1 wait4\(-1, <ptr>, 0, NULL\) = p1\.1$/.test(line);

  const off = normalizeAll(run.events, { normalize: { asyncSignals: false } });
  assert.ok(off.some(handler), off.join("\n"));
  const lines = normalizeAll(run.events);
  assert.deepEqual(lines.filter(handler), []);
  assert.ok(lines.some(waited), lines.join("\n"));
});

Deno.test("Normalizer masks address ranges read from /proc/PID/maps, only there", () => {
  const read = (path: string, text: string) =>
    call(50, "read", [3, 0x7ffc_0000_1000, 1024], text.length, {
      decoded: { args: [{ fd: 3, path }, { str: text, len: 900 }, 1024] },
    } as Partial<SyscallEvent>);
  const maps = "55d0c7a2b000-55d0c7a2d000 r--p 00000000 08:01 1234";
  const lines = normalizeAll([
    read("/proc/self/maps", maps),
    read("/proc/50/task/50/smaps", `${maps}\n7ffd1-7ffd2 rw-p`),
    read("/tmp/notes", maps),
  ]);
  const data = (line: string) => line.match(/"(.*)"/)![1];
  assert.deepEqual(lines.map(data), [
    "<ptr>-<ptr> r--p 00000000 08:01 1234",
    "<ptr>-<ptr> r--p 00000000 08:01 1234\\n<ptr>-<ptr> rw-p",
    maps,
  ]);

  const raw = normalizeAll([read("/proc/self/maps", maps)], {
    normalize: { addresses: false },
  });
  assert.ok(raw[0].includes(maps), raw[0]);
});

Deno.test("Normalizer can be switched off one normalisation at a time", () => {
  const events = [call(700, "openat", [4294967196, 0x7f00_0000_1000, 0, 0], 5)];
  assert.deepEqual(normalizeAll(events, { normalize: { fds: false } }), [
    "p1 openat(AT_FDCWD, <ptr>, 0, 0) = 5",
  ]);
  assert.deepEqual(normalizeAll(events, { normalize: { addresses: false } }), [
    "p1 openat(AT_FDCWD, 0x7f0000001000, 0, 0) = fd#1",
  ]);
});

Deno.test("diff: two runs of cat /etc/hostname are the same despite other pids, fds, addresses and times", async () => {
  const a = await recorded(["cat", "/etc/hostname"]);
  // fd 3 already open: the second run's files get other numbers.
  const b = await recorded(["cat", "/etc/hostname"], {
    launcher: ["sh", "-c", 'exec 3</dev/null; exec "$@"', "sh"],
  });

  const opened = (events: RecordingEvent[]) =>
    syscalls(events).find((event) => event.name === "openat")!;
  assert.notEqual(opened(a.events).pid, opened(b.events).pid);
  assert.notEqual(opened(a.events).ret, opened(b.events).ret);
  assert.notEqual(opened(a.events).args[1], opened(b.events).args[1]);

  const { code, stdout } = await systape(["diff", a.file, b.file]);
  assert.equal(code, 0, stdout);
  assert.match(stdout, /summary: no differences \(1 process\)/);
});

Deno.test("diff: one extra file opened shows as exactly one openat and one close added", async () => {
  const program = await fixture("diff_variants");
  const a = await recorded([program, "plain"]);
  const b = await recorded([program, "extra"]);

  // The runs differ in argv too; execve's argv is left out of the compare.
  const { code, streams, summary } = await jsonDiff([
    ...IGNORE_ARGV,
    a.file,
    b.file,
  ]);
  assert.equal(code, 1);
  const rows = changedRows(streams);
  assert.deepEqual(rows.map((row) => row.op), ["added", "added"]);
  const added = rows.map((row) => row.b!.line.replace(/\(.*/, "")).sort();
  assert.deepEqual(added, ["close", "openat"]);
  assert.equal(summary.syscallsAdded, 2);
  assert.equal(summary.syscallsRemoved + summary.syscallsChanged, 0);
});

Deno.test("diff: a different errno shows as one changed call, a new failure", async () => {
  const program = await fixture("diff_variants");
  const path = `${await scratchDir()}/comes-and-goes`;
  await Deno.writeTextFile(path, "");
  const a = await recorded([program, "access", path]);
  await Deno.remove(path);
  const b = await recorded([program, "access", path]);

  const { code, streams, summary } = await jsonDiff([a.file, b.file]);
  assert.equal(code, 1);
  const rows = changedRows(streams);
  assert.equal(rows.length, 1);
  assert.equal(rows[0].op, "changed");
  assert.match(rows[0].a!.line, new RegExp(`^access\\(${PATH}, F_OK\\) = 0$`));
  assert.match(
    rows[0].b!.line,
    new RegExp(`^access\\(${PATH}, F_OK\\) = -1 ENOENT$`),
  );
  assert.equal(summary.newFailures, 1);

  const text = await systape(["diff", "-U", "1", a.file, b.file]);
  assert.match(
    text.stdout,
    /@@ p1 \(.*diff_variants access .*\) -\d+,3 \+\d+,3 @@/,
  );
  // A changed call is a -~/+~ pair, not a removed and an added line.
  assert.match(
    text.stdout,
    new RegExp(
      `^-~access\\(${PATH}, F_OK\\) = 0\n\\+~access\\(${PATH}, F_OK\\) = -1 ENOENT$`,
      "m",
    ),
  );
  assert.match(text.stdout, /1 changed \(same call, other result: -~\/\+~\)/);
  assert.ok(!text.stdout.includes("\x1b["), "no colour when piped");
});

Deno.test("diff: children forked in another order still pair with their like", async () => {
  const program = await fixture("fork_order");
  const a = await recorded([program, "hp"]);
  const b = await recorded([program, "ph"]);

  const { code, streams, summary } = await jsonDiff([
    ...IGNORE_ARGV,
    a.file,
    b.file,
  ]);
  assert.equal(code, 0, JSON.stringify(changedRows(streams)));
  assert.equal(summary.reordered, 2);
  const pairs = streams.map((stream) =>
    `${stream.id}=${stream.idB ?? stream.id}`
  );
  assert.deepEqual(pairs, ["p1=p1", "p1.1=p1.2", "p1.2=p1.1"]);

  const byOrder = await jsonDiff([
    "--no-match-reordered",
    ...IGNORE_ARGV,
    a.file,
    b.file,
  ]);
  assert.equal(byOrder.code, 1);
});

Deno.test("diff: rules ignore syscalls and arguments, and rewrite lines", async () => {
  const program = await fixture("diff_variants");
  const path = `${await scratchDir()}/rule-target`;
  await Deno.writeTextFile(path, "");
  const a = await recorded([program, "access", path]);
  await Deno.remove(path);
  const b = await recorded([program, "access", path]);

  const ignored = await systape([
    "diff",
    "--ignore-syscall",
    "access",
    a.file,
    b.file,
  ]);
  assert.equal(ignored.code, 0, ignored.stdout);

  const replaced = await systape([
    "diff",
    "--replace",
    " = (0|-1 ENOENT)$= RESULT",
    a.file,
    b.file,
  ]);
  assert.equal(replaced.code, 0, replaced.stdout);

  const badRule = await systape([
    "diff",
    "--ignore-arg",
    "read",
    a.file,
    b.file,
  ]);
  assert.equal(badRule.code, 2);
  assert.match(
    badRule.stderr,
    /^systape: --ignore-arg read: expected NAME:INDEX/,
  );
});

Deno.test("diff --stat and --json summarise; streams spill to disk under a small budget", async () => {
  const program = await fixture("diff_variants");
  const a = await recorded([program, "plain"]);
  const b = await recorded([program, "extra"]);

  const stat = await systape([
    "diff",
    "--stat",
    ...IGNORE_ARGV,
    a.file,
    b.file,
  ]);
  assert.equal(stat.code, 1);
  assert.match(stat.stdout, /^p1 \(diff_variants plain\): 2 added$/m);

  const tempDir = await Deno.makeTempDir({ dir: await scratchDir() });
  const diff = await diffRecordings(a.file, b.file, {
    memoryBudget: 1,
    tempDir,
    rules: { ignoreArgs: [{ name: "execve", index: 1 }] },
  });
  const statuses = [];
  for await (const stream of diff) statuses.push(stream.status);
  assert.deepEqual(statuses, ["changed"]);
  assert.equal(diff.summary.syscallsAdded, 2);
  assert.deepEqual([...Deno.readDirSync(tempDir)], []);
});

Deno.test("diff: a truncated or corrupt recording is one error line naming file and line, exit 2", async () => {
  const a = await recorded(["cat", "/etc/hostname"]);
  const lines = a.text.split("\n");
  const truncated = `${await scratchDir()}/truncated.ndjson`;
  await Deno.writeTextFile(truncated, lines.slice(0, 20).join("\n") + "\n");
  const corrupt = `${await scratchDir()}/corrupt.ndjson`;
  lines[7] = lines[7].slice(0, 25);
  await Deno.writeTextFile(corrupt, lines.join("\n"));

  const cut = await systape(["diff", a.file, truncated]);
  assert.equal(cut.code, 2);
  assert.equal(
    cut.stderr.trim(),
    `systape: ${truncated}:20: cut short: the recording has no end line (the recorder was stopped early; --allow-incomplete reads it)`,
  );

  const broken = await systape(["diff", corrupt, a.file]);
  assert.equal(broken.code, 2);
  assert.match(
    broken.stderr,
    new RegExp(`^systape: ${corrupt}:8: not valid JSON`),
  );
  assert.equal(broken.stderr.trim().split("\n").length, 1);

  const allowed = await systape([
    "diff",
    "--allow-incomplete",
    a.file,
    truncated,
  ]);
  assert.equal(allowed.code, 1);
  assert.match(allowed.stdout, /cut short/);
});

Deno.test("diff: wrong usage exits 2 with one line", async () => {
  const result = await systape(["diff", "only-one.ndjson"]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^systape: diff needs two recordings/);

  const help = await systape(["diff", "--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Examples:/);
  assert.match(help.stdout, /'-~' then '\+~' a changed call/);
  assert.match(help.stdout, /'p1\/t3 \[b: p1\/t4\]' is thread 3 of process p1/);
});

Deno.test("shortLabelOf() names the file executed when the decoded argv[0] was cut", () => {
  const python = "/root/.pyenv/versions/3.11.7/bin/python3";
  const execve = call(7, "execve", [0x1000, 0x2000, 0x3000], 0, {
    decoded: {
      args: [{ str: python }, [{ str: python.slice(0, 32), len: 41 }, {
        str: "-c",
      }, { str: "print(1)" }], "0x3000"],
    },
  } as Partial<SyscallEvent>);
  const exec = (filename: string): RecordingEvent => ({
    type: "exec",
    t: 1,
    pid: 7,
    tid: 7,
    filename,
    exe: filename,
  });
  const tree = new ProcessTree();
  [exec("/usr/bin/bash"), execve, exec(python)].forEach((event, index) =>
    tree.add(event, index + 1)
  );
  tree.finish();
  assert.equal(shortLabelOf(tree, tree.lives[0]), "python3 -c 'print(1)'");
});

Deno.test("shortCommand() names the program by basename and cuts the label at 40 characters", () => {
  assert.equal(
    shortCommand(["/usr/bin/python3", "-c", "print(1)"]),
    "python3 -c 'print(1)'",
  );
  const node = [
    "/home/user/.nvm/versions/node/v22.3.0/bin/node",
    "/home/user/project/node_modules/.bin/vite",
    "build",
    "--mode",
    "production",
  ];
  const label = shortCommand(node);
  assert.equal(label, "node /home/user/project/node_modules/.b…");
  assert.equal([...label].length, 40);
  assert.equal(shortCommand([]), "");
});
