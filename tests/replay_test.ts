import assert from "node:assert/strict";
import type { StreamDiff } from "../src/diff/diff.ts";
import { readRecording } from "../src/recording/reader.ts";
import type { HeaderEvent } from "../src/recording/events.ts";
import { scratchDir, systape as runSystape } from "./helpers.ts";

/**
 * Runs `systape ARGS` with stdin from /dev/null (no terminal) and, when
 * given, exactly the environment `env` (plus PATH and HOME).
 */
async function systape(args: string[], env?: Record<string, string>) {
  const base = {
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    HOME: Deno.env.get("HOME") ?? "/",
    NO_COLOR: "1",
  };
  return await runSystape(args, {
    env: { ...base, ...env },
    clearEnv: env !== undefined,
  });
}

/** A fresh directory for one test, with nothing beside its recordings. */
async function workDir(): Promise<string> {
  return await Deno.makeTempDir({ dir: await scratchDir(), prefix: "replay-" });
}

async function record(
  output: string,
  argv: string[],
  options: { env?: Record<string, string>; trace?: string } = {},
) {
  const trace = options.trace ? ["-e", options.trace] : [];
  const result = await systape(
    ["record", "-q", "-o", output, ...trace, "--", ...argv],
    options.env,
  );
  assert.equal(result.code, 0, result.stderr);
}

async function headerOf(path: string): Promise<HeaderEvent> {
  for await (const event of readRecording(path)) {
    if (event.type === "header") return event;
  }
  throw new Error("no header");
}

function replays(dir: string): string[] {
  return [...Deno.readDirSync(dir)].map((entry) => entry.name)
    .filter((name) => name.includes(".replay-")).sort();
}

Deno.test("replay --yes of cat FILE after FILE grew reports the changed read, saved beside the recording", async () => {
  const dir = await workDir();
  const file = `${dir}/data.txt`;
  const recording = `${dir}/cat.ndjson`;
  await Deno.writeTextFile(file, "hello\n");
  await record(recording, ["cat", file]);
  await Deno.writeTextFile(file, "hello, world\n");

  const result = await systape(["replay", "--yes", "--json", recording]);
  assert.equal(result.code, 1, result.stderr);
  assert.match(
    result.stderr,
    /replay will run: cat \/tmp\/.*data\.txt\n {2}in: /,
  );

  const lines = result.stdout.trim().split("\n").filter((line) =>
    line.startsWith("{")
  ).map((line) => JSON.parse(line));
  const streams: StreamDiff[] = lines.filter((line) => line.type === "stream");
  const rows = streams.flatMap((stream) =>
    stream.hunks.flatMap((hunk) => hunk.rows.filter((row) => row.op !== "same"))
  );
  // The read returns more; with stdout a pipe, cat then writes more too.
  const changed = rows.filter((row) => row.op === "changed");
  assert.equal(changed.length, 1, JSON.stringify(rows));
  assert.match(changed[0].a!.line, /^(read|copy_file_range)\(.* = 6$/);
  assert.match(changed[0].b!.line, /^(read|copy_file_range)\(.* = 13$/);
  const others = rows.filter((row) => row.op !== "changed");
  for (const row of others) {
    assert.match(
      (row.a ?? row.b)!.line,
      /^write\(1, (<ptr>|"hello[^"]*"), (6|13)\) = (6|13)$/,
    );
  }

  const saved = replays(dir);
  assert.equal(saved.length, 1);
  assert.match(saved[0], /^cat\.replay-\d{8}-\d{6}\.ndjson$/);
});

/** A recording of `cat /etc/hostname`, which replays the same. */
async function unchangingRecording(): Promise<
  { dir: string; recording: string }
> {
  const dir = await workDir();
  const recording = `${dir}/host.ndjson`;
  await record(recording, ["cat", "/etc/hostname"]);
  return { dir, recording };
}

Deno.test("replay of an unchanged run exits 0 and with --no-save keeps nothing", async () => {
  const { dir, recording } = await unchangingRecording();
  const result = await systape(["replay", "--yes", "--no-save", recording]);
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /summary: no differences/);
  assert.deepEqual(replays(dir), []);
});

Deno.test("replay --yes -q prints nothing of its own: the program's output and the exit status only", async () => {
  const { recording } = await unchangingRecording();
  const result = await systape(["replay", "--yes", "-q", recording]);
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.equal(result.stderr, "");
  assert.equal(result.stdout, await Deno.readTextFile("/etc/hostname"));
});

Deno.test("replay without --yes and without a terminal runs nothing and exits 2", async () => {
  const dir = await workDir();
  const marker = `${dir}/ran`;
  const recording = `${dir}/mark.ndjson`;
  await record(recording, ["sh", "-c", `echo ran >> ${marker}`]);

  const result = await systape(["replay", recording]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /replay will run: sh -c 'echo ran >> .*ran'/);
  assert.match(
    result.stderr,
    /^systape: replay runs the recorded command \(pass --yes/m,
  );
  assert.equal(await Deno.readTextFile(marker), "ran\n");
  assert.deepEqual(replays(dir), []);
});

Deno.test("replay takes redacted variables from this environment, or leaves them out", async () => {
  const dir = await workDir();
  const out = `${dir}/token`;
  const recording = `${dir}/token.ndjson`;
  const script = `printf '%s' "\${API_TOKEN-unset}" > ${out}`;
  await record(recording, ["sh", "-c", script], {
    env: { API_TOKEN: "recorded-secret", KEPT: "kept" },
  });
  const header = await headerOf(recording);
  assert.deepEqual(header.redacted, ["API_TOKEN"]);
  assert.ok(!JSON.stringify(header).includes("recorded-secret"));

  const given = await systape(["replay", "-y", "--no-save", recording], {
    API_TOKEN: "current-secret",
  });
  assert.match(given.stderr, /from this shell: API_TOKEN/);
  assert.equal(await Deno.readTextFile(out), "current-secret");

  const absent = await systape(["replay", "-y", "--no-save", recording], {});
  assert.match(absent.stderr, /left out \(redacted, not set here\): API_TOKEN/);
  assert.equal(await Deno.readTextFile(out), "unset");
});

Deno.test("replay records the same syscall selection as the recording", async () => {
  const dir = await workDir();
  const recording = `${dir}/some.ndjson`;
  await record(recording, ["cat", "/etc/hostname"], { trace: "openat,read" });

  const result = await systape(["replay", "-y", recording]);
  assert.equal(result.code, 0, result.stdout + result.stderr);
  const [saved] = replays(dir);
  assert.deepEqual((await headerOf(`${dir}/${saved}`)).selection, [
    "openat",
    "read",
  ]);
});

Deno.test("replay of a recording made with -e none selects none again", async () => {
  const dir = await workDir();
  const recording = `${dir}/none.ndjson`;
  await record(recording, ["true"], { trace: "none" });
  assert.deepEqual((await headerOf(recording)).selection, []);

  const result = await systape(["replay", "-y", recording]);
  assert.equal(result.code, 0, result.stdout + result.stderr);
  const [saved] = replays(dir);
  assert.deepEqual((await headerOf(`${dir}/${saved}`)).selection, []);
});

Deno.test("replay of a truncated recording is one error naming file and line, and runs nothing", async () => {
  const dir = await workDir();
  const recording = `${dir}/cut.ndjson`;
  await record(recording, ["cat", "/etc/hostname"]);
  const text = await Deno.readTextFile(recording);
  await Deno.writeTextFile(recording, text.slice(0, text.length - 40));

  const result = await systape(["replay", "--yes", recording]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, new RegExp(`^systape: ${recording}:\\d+: `));
  assert.equal(result.stderr.trim().split("\n").length, 1);
  assert.deepEqual(replays(dir), []);
});
