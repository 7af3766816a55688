// The text views: show and stats line by line on a fixture recording, the
// live view of record --show, and show's agreement with strace on real
// commands.
import assert from "node:assert/strict";
import { TextView } from "../src/view/text.ts";
import { scratchDir, systape } from "./helpers.ts";
import { compareWithStrace } from "./strace_text.ts";

const SAMPLE = new URL("./fixtures/show_sample.ndjson", import.meta.url)
  .pathname;

function cli(args: string[], env: Record<string, string> = {}) {
  return systape(args, { env });
}

Deno.test("show prints a fixture recording as strace would, line by line", async () => {
  const { code, stdout } = await cli(["show", SAMPLE]);
  assert.equal(code, 0);
  assert.deepEqual(stdout.split("\n"), [
    'execve("/bin/demo", ["demo", "-x"], 0x7ffd00001000 /* 3 vars */) = 0',
    'openat(AT_FDCWD, "/etc/demo.conf", O_RDONLY|O_CLOEXEC) = 3',
    'read(3, "key=value\\n", 4096)            = 10',
    'read(3, "\\0\\1\\2\\3\\37712"..., 100)       = 100',
    'openat(AT_FDCWD, "/nonexistent", O_RDONLY) = -1 ENOENT (No such file or directory)',
    'newfstatat(3, "", {st_mode=S_IFREG|0644, st_size=10, ...}, AT_EMPTY_PATH) = 0',
    "membarrier(0x10, 0, 0)                  = 0",
    "syscall_0x186a0(0x1, 0x2, 0x3, 0, 0, 0xffffffffffffffff) = -1 ENOSYS (Function not implemented)",
    "[pid   100] clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f0000000a10) = 101",
    '[pid   101] write(1, "hi\\n", 3)         = 3',
    "[pid   100] wait4(-1, 0x7ffd00002000, 0, NULL) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)",
    "[pid   100] --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=101} ---",
    "[pid   101] +++ exited with 0 +++",
    "wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 101",
    "exit_group(0)                           = ?",
    "+++ exited with 0 +++",
    "",
  ]);
});

Deno.test("show -y --pids prints fd targets and the pid column of strace -f -o", async () => {
  const { stdout } = await cli(["show", "-y", "--pids", SAMPLE]);
  assert.deepEqual(stdout.split("\n").slice(1, 4), [
    '100   openat(AT_FDCWD, "/etc/demo.conf", O_RDONLY|O_CLOEXEC) = 3</etc/demo.conf>',
    '100   read(3</etc/demo.conf>, "key=value\\n", 4096) = 10',
    '100   read(3</etc/demo.conf>, "\\0\\1\\2\\3\\37712"..., 100) = 100',
  ]);
  assert.match(stdout, /\n101 {3}write\(1<\/dev\/pts\/0>, "hi\\n", 3\) += 3\n/);
});

Deno.test("stats prints the strace -c table and per-process totals, line by line", async () => {
  const { code, stdout } = await cli(["stats", SAMPLE]);
  assert.equal(code, 0);
  assert.deepEqual(stdout.split("\n"), [
    "% time     seconds  usecs/call     calls    errors syscall",
    "------ ----------- ----------- --------- --------- ----------------",
    " 64.68    0.000500         500         1           execve",
    " 15.52    0.000120          60         2         1 wait4",
    "  7.76    0.000060          60         1           clone",
    "  5.17    0.000040          40         1           write",
    "  3.49    0.000027          13         2         1 openat",
    "  2.59    0.000020          10         2           read",
    "  0.39    0.000003           3         1           newfstatat",
    "  0.26    0.000002           2         1           membarrier",
    "  0.13    0.000001           1         1         1 syscall_100000",
    "  0.00    0.000000           0         1           exit_group",
    "------ ----------- ----------- --------- --------- ----------------",
    "100.00    0.000773          59        13         3 total",
    "",
    "    pid     seconds     calls    errors program",
    "------- ----------- --------- --------- ----------------",
    "    100    0.000733        12         3 /bin/demo",
    "    101    0.000040         1           /bin/demo",
    "",
  ]);
});

Deno.test("show is plain when piped, and the text view paints only when asked", async () => {
  const { stdout } = await cli(["show", SAMPLE], { NO_COLOR: "1" });
  assert.ok(!stdout.includes("\x1b["));

  const exit = {
    type: "exit",
    t: 0,
    pid: 1,
    tid: 1,
    process: true,
    code: 0,
    signal: null,
    core: false,
  } as const;
  assert.deepEqual(new TextView({ colour: true }).lines(exit), [
    "\x1b[36m+++ exited with 0 +++\x1b[0m",
  ]);
});

Deno.test("record --show prints the syscalls to stderr while the recording is written", async () => {
  const file = `${await scratchDir()}/show-live.ndjson`;
  const { code, stdout, stderr } = await cli([
    "record",
    "-q",
    "--show",
    "-o",
    file,
    "--",
    "sh",
    "-c",
    "echo hi; cat /nonexistent-show-live",
  ], { NO_COLOR: "1" });
  assert.equal(code, 1);
  assert.equal(stdout, "hi\n");
  assert.match(stderr, /^execve\("[^"]*\/sh", \["sh", "-c", /m);
  assert.match(
    stderr,
    /\[pid +\d+\] openat\(AT_FDCWD, "\/nonexistent-show-live", O_RDONLY\) = -1 ENOENT \(No such file or directory\)/,
  );
  assert.match(stderr, /^\+\+\+ exited with 1 \+\+\+$/m);
  const recorded = await Deno.readTextFile(file);
  assert.match(recorded, /"nonexistent-show-live"|nonexistent-show-live/);
});

/**
 * The done-criterion of decoding: on three everyday commands, show prints
 * the same line as strace (after the normalisation tests/strace_text.ts
 * describes) for at least 95% of strace's syscall lines.
 */
async function assertAgreement(argv: string[], cwd?: string) {
  const result = await compareWithStrace(argv, { cwd });
  const percent = (100 * result.matched) / result.total;
  console.log(
    `${argv.join(" ")}: ${result.matched} of ${result.total} strace lines ` +
      `matched (${percent.toFixed(1)}%)`,
  );
  assert.ok(
    percent >= 95,
    `${percent.toFixed(1)}%; first lines strace printed and show did not:\n` +
      result.missing.slice(0, 20).join("\n"),
  );
}

Deno.test("show matches strace on ls -la / for at least 95% of syscall lines", async () => {
  await assertAgreement(["ls", "-la", "/"]);
});

Deno.test("show matches strace on git status in a fresh repository for at least 95% of syscall lines", async () => {
  const repository = await Deno.makeTempDir({ dir: await scratchDir() });
  const init = await new Deno.Command("git", {
    args: ["init", "-q", repository],
  }).output();
  assert.ok(init.success);
  await assertAgreement(["git", "status"], repository);
});

Deno.test("show matches strace on python3 -c 'print(1)' for at least 95% of syscall lines", async () => {
  await assertAgreement(["python3", "-c", "print(1)"]);
});
