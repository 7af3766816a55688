// Decoded arguments, checked against strace on the same runs of small C
// fixtures: what the recording holds, and how `show` renders it.
import assert from "node:assert/strict";
import { bytesOf, bytesValue } from "../src/decode/bytes.ts";
import type {
  DecodedBytes,
  DecodedValue,
  SyscallEvent,
} from "../src/recording/events.ts";
import { fixture, scratchDir, syscalls } from "./helpers.ts";
import {
  agreement,
  joinStrace,
  normalise,
  recordWith,
  showLines,
  straceText,
  unpadded,
} from "./strace_text.ts";

/** The recorded text of decoded bytes. */
function text(value: DecodedValue | undefined): string {
  assert.ok(value && typeof value === "object" && !Array.isArray(value));
  return new TextDecoder().decode(bytesOf(value as DecodedBytes));
}

function named(events: SyscallEvent[], name: string): SyscallEvent[] {
  return events.filter((event) => event.name === name);
}

Deno.test("bytesValue() keeps text as a string and anything else as base64, losslessly", () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  assert.deepEqual(bytesValue(new TextEncoder().encode("héllo\n")), {
    str: "héllo\n",
  });
  assert.ok("b64" in bytesValue(all));
  assert.deepEqual(bytesOf(bytesValue(all)), all);
  assert.deepEqual(bytesValue(new Uint8Array([0xff, 0xfe]), 10), {
    b64: "//4=",
    len: 10,
  });
});

Deno.test("the decode tables are what tools/gen_decode_tables.ts generates from the headers", async () => {
  const { generate } = await import("../tools/gen_decode_tables.ts");
  const committed = await Deno.readTextFile(
    new URL("../src/decode/xlat_tables.ts", import.meta.url),
  );
  assert.equal(committed, await generate());
});

Deno.test("show renders paths, flags, structs, fds, signals and errnos of a C fixture as strace does", async () => {
  const program = await fixture("decode_calls");
  const dir = await Deno.makeTempDir({ dir: await scratchDir() });
  const strace = joinStrace(await straceText([program, dir], { cwd: dir }));
  await Deno.remove(dir, { recursive: true });
  await Deno.mkdir(dir, { mode: 0o700 });
  const recorded = await recordWith([program, dir], { cwd: dir });
  assert.equal(recorded.status, 0, recorded.stderr);

  // The fixture's own calls, after the dynamic loader's, but not the
  // children's: whether a killed child ran a syscall first is a race.
  const start = strace.findIndex((line) => / chdir\(/.test(line));
  const parent = strace[start].split(" ")[0];
  const expected = normalise(
    strace.slice(start).filter((line) => line.startsWith(`${parent} `)),
    strace,
  );
  const shown = normalise(await showLines(recorded.file, { pidColumn: true }));
  const { missing } = agreement(expected, shown);
  assert.deepEqual(missing, []);
  assert.ok(expected.length >= 50, `only ${expected.length} lines compared`);
});

Deno.test("show's signal lines hold what strace shows of the siginfo the recording keeps", async () => {
  const program = await fixture("decode_calls");
  const dir = await Deno.makeTempDir({ dir: await scratchDir() });
  const strace = (await straceText([program, dir], { cwd: dir }))
    .split("\n").filter((line) => line.includes("--- SIG"))
    .map((line) =>
      line.replace(/^\d+\s+/, "").replace(/, si_uid=.*\} ---$/, "} ---")
        .replace(/si_pid=\d+/, "si_pid=PID")
    );
  await Deno.remove(dir, { recursive: true });
  await Deno.mkdir(dir, { mode: 0o700 });
  const recorded = await recordWith([program, dir], { cwd: dir });
  const shown = (await showLines(recorded.file))
    .filter((line) => line.includes("--- SIG"))
    .map((line) =>
      line.replace(/^\[pid +\d+\] /, "").replace(/si_pid=\d+/, "si_pid=PID")
    );
  assert.deepEqual(shown, strace);
});

Deno.test("record() decodes int 0x80 getpid and write with the i386 table", async () => {
  const { events, file } = await recordWith([await fixture("int80")]);
  const i386 = syscalls(events).filter((event) => event.abi === "i386");
  assert.deepEqual(
    i386.map(({ name, nr }) => ({ name, nr })),
    [{ name: "getpid", nr: 20 }, { name: "write", nr: 4 }],
  );
  assert.equal(text(i386[1].decoded?.args[1]), "hello from int 0x80\n");
  const lines = (await showLines(file)).map(unpadded);
  assert.ok(lines.includes('write(1, "hello from int 0x80\\n", 20) = 20'));
});

Deno.test("bytes 0 to 255 written to /dev/null round-trip exactly through the recording", async () => {
  const program = await fixture("bytes256");
  const { events, file } = await recordWith([program], { stringLimit: 256 });
  const write = named(syscalls(events), "write").at(-1)!;
  const buffer = write.decoded?.args[1] as DecodedBytes;
  assert.deepEqual(
    bytesOf(buffer),
    Uint8Array.from({ length: 256 }, (_, i) => i),
  );
  assert.equal(buffer.len, undefined);

  const strace = joinStrace(await straceText([program], { stringLimit: 256 }))
    .filter((line) => / write\(3,/.test(line));
  const shown = (await showLines(file, { pidColumn: true }))
    .filter((line) => / write\(3,/.test(line));
  assert.deepEqual(normalise(shown), normalise(strace));
});

Deno.test("env PATH=/nope:/usr/bin true shows the failed execve of /nope/true, then the one that runs", async () => {
  const { file } = await recordWith(["env", "PATH=/nope:/usr/bin", "true"]);
  const execs = (await showLines(file)).map(unpadded).filter((line) =>
    line.startsWith("execve(")
  ).map((line) => line.replace(/0x[0-9a-f]+ \/\* \d+ vars \*\//, "ENVP"));
  assert.deepEqual(execs.slice(-2), [
    'execve("/nope/true", ["true"], ENVP) = -1 ENOENT (No such file or directory)',
    'execve("/usr/bin/true", ["true"], ENVP) = 0',
  ]);
});

Deno.test("a 100 KB argv string is cut at the string limit, its length kept, and kept whole with -s", async () => {
  const long = "a".repeat(100 * 1024);
  const cut = await recordWith(["true", long]);
  const argv = named(syscalls(cut.events), "execve")[0].decoded
    ?.args[1] as DecodedBytes[];
  assert.deepEqual(argv[1], { str: "a".repeat(32), len: long.length });
  const line = (await showLines(cut.file)).find((l) => l.startsWith("execve"));
  assert.match(line!, new RegExp(`\\["true", "${"a".repeat(32)}"\\.\\.\\.\\]`));

  const whole = await recordWith(["true", long], { stringLimit: 200_000 });
  const full = named(syscalls(whole.events), "execve")[0].decoded
    ?.args[1] as DecodedBytes[];
  assert.deepEqual(full[1], { str: long });
});

Deno.test("a 4000-byte path is recorded and shown whole, as strace shows it", async () => {
  const program = await fixture("long_path");
  const { events, file } = await recordWith([program]);
  const open = named(syscalls(events), "openat").at(-1)!;
  assert.equal(text(open.decoded?.args[1]).length, 4000);

  const strace = joinStrace(await straceText([program]))
    .filter((line) => line.includes('"/bcd'));
  const shown = (await showLines(file, { pidColumn: true }))
    .filter((line) => line.includes('"/bcd'));
  assert.equal(shown.length, 1);
  assert.deepEqual(normalise(shown), normalise(strace));
});

Deno.test("syscall(-1) and syscall(100000) are recorded raw with ENOSYS, and tracing goes on", async () => {
  const { events, status } = await recordWith([await fixture("unknown_nr")]);
  assert.equal(status, 0);
  const calls = syscalls(events);
  const unknown = calls.filter((event) => event.name.startsWith("syscall_"));
  assert.deepEqual(
    unknown.map(({ nr, errno, decoded }) => ({ nr, errno, decoded })),
    [
      { nr: -1, errno: "ENOSYS", decoded: undefined },
      { nr: 100000, errno: "ENOSYS", decoded: undefined },
    ],
  );
  const after = calls.slice(calls.indexOf(unknown[1]) + 1).map((e) => e.name);
  assert.ok(after.includes("getpid"), after.join(" "));
});

Deno.test("with only read,write selected, fds changed by unrecorded dup2, fcntl, close and open still show what they refer to now", async () => {
  const program = await fixture("fd_replaced");
  const { file, events } = await recordWith([program], { trace: "read,write" });
  const lines = (await showLines(file, { fdPaths: true })).map(unpadded);

  // The fixture's own calls, in order; the dynamic loader's reads come first.
  const own = lines.slice(
    lines.findIndex((line) => line.includes("/dev/null>")),
  );
  assert.deepEqual(own.map((line) => line.replace(/\[\d+\]/, "[N]")), [
    'read(3</dev/null>, "", 1) = 0',
    'write(5<pipe:[N]>, "x", 1) = 1',
    'read(3<pipe:[N]>, "x", 1) = 1',
    'write(40<pipe:[N]>, "y", 1) = 1',
    'read(3</dev/zero>, "\\0", 1) = 1',
    "+++ exited with 0 +++",
  ]);
  const recorded = new Set(syscalls(events).map((event) => event.name));
  assert.deepEqual([...recorded].sort(), ["read", "write"]);
});

Deno.test("fds are shown with what they refer to: files, duplicates, pipes, inherited fds", async () => {
  const program = await fixture("decode_calls");
  const dir = await Deno.makeTempDir({ dir: await scratchDir() });
  const { file } = await recordWith([program, dir], { cwd: dir });
  const lines = (await showLines(file, { fdPaths: true })).map(unpadded);
  const has = (pattern: RegExp) =>
    assert.ok(lines.some((line) => pattern.test(line)), String(pattern));

  has(new RegExp(`^read\\(3<${dir}/decode-file.txt>, "hello`));
  has(new RegExp(`^dup2\\(3<${dir}/decode-file.txt>, 20\\) = 20<${dir}/`));
  // F_DUPFD_CLOEXEC gives the lowest free fd from 10 up: 10, or higher
  // where the environment passes fd 10 down (some CI shells do).
  has(/^close\(1\d<.*decode-file.txt>\)/);
  has(/^write\(4<pipe:\[\d+\]>, "x", 1\) = 1$/);
  has(/^socket\(AF_UNIX, .*\) = 3<socket:\[\d+\]>$/);
});
