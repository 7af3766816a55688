import assert from "node:assert/strict";
import { SystapeError } from "../src/errors.ts";
import type { RecordingEvent } from "../src/recording/events.ts";
import { readRecording } from "../src/recording/reader.ts";
import { recordCli, scratchDir } from "./helpers.ts";

/** A real recording, made once per run: `cat /etc/hostname`. */
let real: Promise<string> | null = null;
function realRecording(): Promise<string> {
  real ??= recordCli(["cat", "/etc/hostname"]).then((recording) => {
    assert.deepEqual(recording.status, 0, recording.stderr);
    return recording.text;
  });
  return real;
}

let files = 0;
async function writeRecording(content: string | Uint8Array): Promise<string> {
  const path = `${await scratchDir()}/reader-${++files}.ndjson`;
  if (typeof content === "string") await Deno.writeTextFile(path, content);
  else await Deno.writeFile(path, content);
  return path;
}

async function readAll(
  path: string,
  options = {},
): Promise<RecordingEvent[]> {
  const events: RecordingEvent[] = [];
  for await (const event of readRecording(path, options)) events.push(event);
  return events;
}

/** Reads `content` and returns the SystapeError it must cause. */
async function problemWith(
  content: string | Uint8Array,
  options = {},
): Promise<SystapeError> {
  const path = await writeRecording(content);
  const error = await failure(() => readAll(path, options));
  assert.equal(error.exitCode, 2);
  assert.ok(error.message.startsWith(path), error.message);
  return error;
}

/** The SystapeError `run` rejects with; fails the test otherwise. */
async function failure(
  run: () => Promise<unknown>,
  where = "",
): Promise<SystapeError> {
  try {
    await run();
  } catch (error) {
    assert.ok(error instanceof SystapeError, `${where} ${error}`);
    return error;
  }
  throw new Error(`expected a SystapeError ${where}`);
}

const HEADER = JSON.stringify({
  type: "header",
  format: "systape/1",
  tool: { name: "systape", version: "0.1.0" },
  argv: ["true"],
  cwd: "/",
  arch: "x86_64",
  kernel: "6.1.0",
  selection: "all",
  start: "2026-01-01T00:00:00.000Z",
  env: [],
  redacted: [],
});
const SYSCALL = JSON.stringify({
  type: "syscall",
  t: 5,
  pid: 10,
  tid: 10,
  name: "getpid",
  nr: 39,
  args: [0, 0, 0, 0, 0, "18446744073709551615"],
  ret: 10,
  errno: null,
  dur: 1,
});
const END = JSON.stringify({
  type: "end",
  t: 9,
  code: 0,
  signal: null,
  exitStatus: 0,
  syscalls: 1,
});

/** A recording whose line 2 is `line`. */
function withLine(line: string): string {
  return [HEADER, line, END].join("\n") + "\n";
}

Deno.test("readRecording() yields a real recording header first and end last", async () => {
  const text = await realRecording();
  const events = await readAll(await writeRecording(text));

  assert.deepEqual(events.length, text.trimEnd().split("\n").length);
  assert.deepEqual(events[0].type, "header");
  assert.deepEqual(events.at(-1)!.type, "end");
  assert.ok(events.some((event) => event.type === "syscall"));
});

Deno.test("readRecording() accepts 64-bit values written as decimal strings", async () => {
  const events = await readAll(await writeRecording(withLine(SYSCALL)));
  const syscall = events[1] as RecordingEvent & { type: "syscall" };
  assert.deepEqual(syscall.args[5], "18446744073709551615");
});

Deno.test("readRecording() names file and line of a line that is not JSON", async () => {
  const error = await problemWith(withLine("{not json"));
  assert.match(error.message, /:2: not valid JSON$/);
});

Deno.test("readRecording() refuses an empty file with a hint to record one", async () => {
  const error = await problemWith("");
  assert.match(error.message, /:1: empty file, not a systape recording$/);
  assert.deepEqual(error.hint, "record one with systape record");
});

Deno.test("readRecording() refuses another format version", async () => {
  const header = HEADER.replace("systape/1", "systape/2");
  const error = await problemWith([header, END].join("\n"));
  assert.match(error.message, /:1: format "systape\/2" is not supported/);
});

Deno.test("readRecording() refuses a first line that is not a header", async () => {
  const error = await problemWith([SYSCALL, END].join("\n"));
  assert.match(error.message, /:1: starts with a syscall line, not a header/);
});

Deno.test("readRecording() refuses lines that are not objects", async () => {
  for (const line of ["[1,2]", "42", '"text"', "null", "true"]) {
    const error = await problemWith(withLine(line));
    assert.match(error.message, /:2: not an object but /);
  }
});

Deno.test("readRecording() refuses unknown event types and missing fields", async () => {
  const unknown = await problemWith(withLine('{"type":"teleport","t":1}'));
  assert.match(unknown.message, /:2: unknown event type "teleport"/);

  const missing = SYSCALL.replace(',"errno":null', "");
  const error = await problemWith(withLine(missing));
  assert.match(error.message, /:2: syscall event: missing field "errno"/);

  const wrong = SYSCALL.replace('"name":"getpid"', '"name":39');
  const typed = await problemWith(withLine(wrong));
  assert.match(
    typed.message,
    /:2: syscall event: field "name" should be a string/,
  );
});

Deno.test("readRecording() refuses numbers that are not safe integers", async () => {
  const cases = [
    SYSCALL.replace('"t":5', '"t":1e400'),
    SYSCALL.replace('"t":5', '"t":-1'),
    SYSCALL.replace('"ret":10', '"ret":18446744073709551615'),
    SYSCALL.replace('"ret":10', '"ret":"99999999999999999999999"'),
    SYSCALL.replace('"ret":10', '"ret":0.5'),
  ];
  for (const line of cases) {
    const error = await problemWith(withLine(line));
    assert.match(error.message, /:2: syscall event: field "(t|ret)" /);
  }
});

Deno.test("readRecording() refuses __proto__ and constructor keys anywhere", async () => {
  const top = SYSCALL.replace('"t":5', '"__proto__":{"polluted":1},"t":5');
  assert.match(
    (await problemWith(withLine(top))).message,
    /forbidden key "__proto__"/,
  );

  const nested = SYSCALL.replace(
    '"t":5',
    '"decoded":{"args":[{"constructor":1}]},"t":5',
  );
  assert.match(
    (await problemWith(withLine(nested))).message,
    /forbidden key "constructor"/,
  );
  assert.deepEqual(({} as Record<string, unknown>).polluted, undefined);
});

Deno.test("readRecording() refuses deep nesting before parsing it", async () => {
  const deep = "[".repeat(1_000_000) + "]".repeat(1_000_000);
  const error = await problemWith(withLine(deep));
  assert.match(error.message, /:2: nested deeper than 64 levels/);
});

Deno.test("readRecording() refuses a line over the limit without reading it all", async () => {
  const long = `{"type":"continue","pad":"${"x".repeat(5000)}"}`;
  const error = await problemWith(withLine(long), { lineLimit: 1024 });
  assert.match(error.message, /:2: line longer than/);
});

Deno.test("readRecording() refuses a line over the 16 MiB default", async () => {
  const long = `{"type":"continue","pad":"${"x".repeat(17 * 1024 * 1024)}"}`;
  const error = await problemWith(withLine(long));
  assert.match(error.message, /:2: line longer than 16 MiB/);
});

Deno.test("readRecording() refuses bytes that are not UTF-8", async () => {
  const bytes = new TextEncoder().encode(withLine(SYSCALL));
  bytes[HEADER.length + 10] = 0xff;
  const error = await problemWith(bytes);
  assert.match(error.message, /:2: not valid UTF-8/);
});

Deno.test("readRecording() refuses lines after the end and a second header", async () => {
  const after = await problemWith([HEADER, END, SYSCALL].join("\n"));
  assert.match(after.message, /:3: a line after the end line/);

  const second = await problemWith(withLine(HEADER));
  assert.match(second.message, /:2: a second header line/);
});

Deno.test("readRecording() reports a recording without an end line as cut short", async () => {
  const error = await problemWith([HEADER, SYSCALL].join("\n") + "\n");
  assert.match(error.message, /:2: cut short: the recording has no end line/);
  assert.match(error.hint!, /--allow-incomplete/);
});

Deno.test("readRecording() reports a last line cut mid-way as cut short, naming --allow-incomplete", async () => {
  const cut = [HEADER, SYSCALL, SYSCALL.slice(0, 30)].join("\n");
  const error = await problemWith(cut);
  assert.match(error.message, /:3: cut short: the file ends mid-line$/);
  assert.match(error.hint!, /--allow-incomplete reads it/);
  assert.equal(error.line().split("(").length, 2, error.line());
});

Deno.test("readRecording() takes an unterminated first line that is not JSON for no recording", async () => {
  const error = await problemWith("hello");
  assert.match(error.message, /:1: not valid JSON$/);
  assert.deepEqual(error.hint, "is this a systape recording?");
});

Deno.test("readRecording() with allowIncomplete ends a cut-short recording without an end event", async () => {
  const cut = [HEADER, SYSCALL, SYSCALL.slice(0, 30)].join("\n");
  const events = await readAll(await writeRecording(cut), {
    allowIncomplete: true,
  });
  assert.deepEqual(events.map((event) => event.type), ["header", "syscall"]);
});

Deno.test("readRecording() names a missing file without a stack trace", async () => {
  const path = `${await scratchDir()}/missing.ndjson`;
  const error = await failure(() => readAll(path));
  assert.deepEqual(
    error.message,
    `cannot read ${path}: No such file or directory`,
  );
});

/** A small deterministic generator (mulberry32), so a failure can be rerun. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One random damage: truncation, flipped bytes, lost or repeated lines. */
function mutate(bytes: Uint8Array, next: () => number): Uint8Array {
  const pick = (n: number) => Math.floor(next() * n);
  const lines = new TextDecoder().decode(bytes).split("\n");
  const joined = (parts: string[]) =>
    new TextEncoder().encode(parts.join("\n"));

  switch (pick(6)) {
    case 0:
      return bytes.slice(0, pick(bytes.length));
    case 1: {
      const copy = bytes.slice();
      for (let flips = 1 + pick(4); flips > 0; flips--) {
        copy[pick(copy.length)] ^= 1 << pick(8);
      }
      return copy;
    }
    case 2:
      lines.splice(pick(lines.length), 1 + pick(3));
      return joined(lines);
    case 3: {
      const at = pick(lines.length);
      lines.splice(at, 0, lines[at]);
      return joined(lines);
    }
    case 4: {
      const [i, j] = [pick(lines.length), pick(lines.length)];
      [lines[i], lines[j]] = [lines[j], lines[i]];
      return joined(lines);
    }
    default: {
      const copy = bytes.slice();
      copy[pick(copy.length)] = '{}[]":,0\\'[pick(9)].charCodeAt(0);
      return copy;
    }
  }
}

Deno.test("readRecording() fuzzed with 3000 damaged recordings: success or a SystapeError naming file:line", async () => {
  const original = new TextEncoder().encode(await realRecording());
  const path = `${await scratchDir()}/fuzz.ndjson`;
  const seed = Date.now() % 100000;
  const next = random(seed);
  const outcomes = { ok: 0, refused: 0 };

  for (let round = 0; round < 3000; round++) {
    await Deno.writeFile(path, mutate(original, next));
    try {
      await readAll(path);
      outcomes.ok++;
    } catch (caught) {
      const where = `seed ${seed}, round ${round}`;
      assert.ok(caught instanceof SystapeError, `${where}: ${caught}`);
      const error = caught;
      assert.ok(
        error.message.startsWith(`${path}:`) &&
          /^:\d+: /.test(error.message.slice(path.length)),
        `${where}: ${error.message}`,
      );
      assert.ok(!error.message.includes("\n"), `${where}: not one line`);
      outcomes.refused++;
    }
  }
  assert.ok(outcomes.refused > 1000, JSON.stringify(outcomes));
});
