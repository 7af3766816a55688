/**
 * The benchmark runner (issue 6). Each workload runs untraced, under
 * `strace -f` and under `systape record`, the three alternating within every
 * round (in a rotating order) so that the virtual machine's drift reaches
 * all three alike; the medians, the paired ratios and the targets go
 * to bench/RESULTS.md. Workloads with a record target then run once more
 * under each tracer with perf (bench/profile.ts), and the results say from
 * that profile why a target is missed.
 *
 * Run it with `npm run bench -- [--rounds N] [--only NAME]`. A run of every
 * workload rewrites bench/RESULTS.md; a run with `--only` writes
 * bench/out/RESULTS.md instead, so the committed results always come from a
 * full run.
 *
 * @module
 */

import { parseArgs } from "node:util";
import {
  type Profile,
  profileRun,
  profilerUnavailable,
  profileTable,
  whyMissed,
} from "./profile.ts";

const REPO = new URL("../", import.meta.url).pathname;
const MOD_TS = new URL("../mod.ts", import.meta.url).pathname;
const FIXTURES = new URL("fixtures/", import.meta.url).pathname;
const RESULTS = new URL("RESULTS.md", import.meta.url).pathname;
const PARTIAL_RESULTS = new URL("out/RESULTS.md", import.meta.url).pathname;
const DENO = Deno.execPath();
const TIME = "/usr/bin/time";
const MILLION = 1_000_000;
const UNSELECTED_PASSES = 5;

const HELP = `Usage: npm run bench -- [--rounds N] [--only NAME]

Runs the workloads untraced, under strace and under systape record, then
profiles both tracers with perf, and writes bench/RESULTS.md
(bench/out/RESULTS.md with --only). Needs strace, cc and perf (npm run bench
installs them with apt-get as root).

Options:
  --rounds N    rounds per workload (default 5)
  --only NAME   run one workload: WORKLOADS
  -h, --help    show this help
`;

/**
 * The ways a workload runs: the three compared, and for the unselected
 * workload the floor, the program under a one-instruction seccomp filter
 * that allows everything (what any seccomp-based tracer costs at least).
 */
type Tool = "untraced" | "floor" | "strace" | "systape";

/** Syscall names to trace, or every syscall. */
type Selection = readonly string[] | "all";

/** A command to benchmark, and how each tool runs it. */
interface Workload {
  /** The name `--only` takes. */
  name: string;
  /** A heading for the results. */
  title: string;
  /** What RESULTS.md says about it: the selection, any scaling down. */
  notes: string[];
  /** The tools it runs under, in round order. */
  tools: readonly Tool[];
  /** Why it cannot run yet, or null when it can. */
  unavailable?: () => Promise<string | null>;
  /** Builds what the workload needs (programs, a repository, recordings). */
  prepare: (scratch: string) => Promise<Job>;
}

/** A prepared workload: the command line of each tool. */
interface Job {
  /** The argv of `tool`, which writes its trace (if any) to `output`. */
  command(tool: Tool, output: string): string[];
  /** Whether the program prints `loop_ns N`, the duration of its loop. */
  reportsLoop?: boolean;
  /** Exit statuses that count as success (default: 0 only). */
  success?: readonly number[];
}

/** What one run measured. */
interface Run {
  wallMs: number;
  peakKb: number;
  /** Syscalls the tracer reported; null untraced. */
  syscalls: number | null;
  /** The program's own loop time, when it reports one. */
  loopMs: number | null;
}

/** The runs of one workload, by tool, in round order. */
type Runs = Partial<Record<Tool, Run[]>>;

/** A workload's outcome: its runs, or why it did not run. */
interface Outcome {
  workload: Workload;
  runs: Runs;
  unavailable: string | null;
  /** The tracers' profiles, for workloads with a record target. */
  profiles: Partial<Record<Tool, Profile>>;
}

// The syscalls each workload is traced for, taken from `strace -f -c` of the
// untraced command on this machine, so both tools stop on the same set.
const FIND_SET = [
  "openat",
  "newfstatat",
  "fstat",
  "statfs",
  "fstatfs",
  "getdents64",
  "close",
  "fchdir",
  "fcntl",
];
const TAR_SET = [
  "openat",
  "creat",
  "newfstatat",
  "fstat",
  "getdents64",
  "close",
  "fcntl",
  "readlinkat",
  "read",
  "write",
  "lseek",
];
const THREADS_SET = ["clone3", "openat", "read", "close"];
const FORK_SET = ["clone", "clone3", "wait4", "openat", "close", "exit_group"];

const GIT_DIRECTORIES = 100;
const GIT_FILES_PER_DIRECTORY = 50;

const WORKLOADS: readonly Workload[] = [
  traced({
    name: "startup",
    title: "Start-up: `true`",
    notes: [
      "Selection: openat. The fixed cost of starting each tool, which every " +
      "other workload's wall time includes.",
    ],
    selection: ["openat"],
    argv: () => Promise.resolve(["true"]),
  }),
  traced({
    name: "find",
    title: "`find /usr`",
    notes: [`Selection: ${FIND_SET.join(",")}.`],
    selection: FIND_SET,
    argv: () => Promise.resolve(["find", "/usr"]),
  }),
  traced({
    name: "tar",
    title: "`tar cf /dev/null /usr/include`",
    notes: [
      `Selection: ${TAR_SET.join(",")}.`,
      "GNU tar writing to /dev/null stats the files without reading them.",
    ],
    selection: TAR_SET,
    argv: () => Promise.resolve(["tar", "cf", "/dev/null", "/usr/include"]),
  }),
  traced({
    name: "git-status",
    title: "`git status`, every syscall",
    notes: [
      `A repository of ${GIT_DIRECTORIES * GIT_FILES_PER_DIRECTORY} ` +
      "committed files, 50 of them modified and 20 untracked, made by the " +
      "runner.",
      "Every syscall is traced: systape runs without -e, strace as " +
      "`strace -f` without --seccomp-bpf (strace can only use seccomp with " +
      "a set), so strace stops at every syscall's entry and exit while " +
      "systape's filter returns TRACE for all.",
    ],
    selection: "all",
    argv: async (scratch) => [
      "git",
      "-C",
      await gitRepository(scratch),
      "status",
    ],
  }),
  traced({
    name: "threads64",
    title: "64 threads",
    notes: [
      `Selection: ${THREADS_SET.join(",")}. bench/fixtures/threads64.c: ` +
      "64 threads at once, each opening, reading and closing /dev/null " +
      "500 times.",
    ],
    selection: THREADS_SET,
    argv: async (scratch) => [await compile("threads64", scratch)],
  }),
  traced({
    name: "fork1000",
    title: "1000 forked children",
    notes: [
      `Selection: ${FORK_SET.join(",")}. bench/fixtures/fork1000.c: ` +
      "fork, open and close /dev/null in the child, wait; 1000 times.",
    ],
    selection: FORK_SET,
    argv: async (scratch) => [await compile("fork1000", scratch)],
  }),
  traced({
    name: "unselected",
    title: "1M getppid, only openat selected",
    notes: [
      "What the seccomp filter costs syscalls that do not stop. The loop " +
      "column is the program's own timing of 1M getppid calls " +
      `(bench/fixtures/getppid_loop.c), the fastest of ${UNSELECTED_PASSES} ` +
      "passes in one run, free of the tools' start-up and of most " +
      "preemption; its systape/untraced ratio is the one the target is " +
      "about.",
      "floor: the program alone under a one-instruction seccomp filter " +
      "that allows every syscall, the least any seccomp-based tracer can " +
      "add.",
    ],
    selection: ["openat"],
    argv: async (scratch) => [
      await compile("getppid_loop", scratch),
      String(MILLION),
      String(UNSELECTED_PASSES),
    ],
    floorArgs: ["allow-filter"],
    reportsLoop: true,
  }),
  traced({
    name: "record-1m",
    title: "Recording 1M syscalls",
    notes: [
      "Selection: getppid; bench/fixtures/getppid_loop.c calls it 1M " +
      "times. Peak memory is the peak RSS (VmHWM) of the largest process " +
      "of each tool's tree, from /usr/bin/time -f %M: deno for systape.",
    ],
    selection: ["getppid"],
    argv: async (scratch) => [await compile("getppid_loop", scratch)],
    reportsLoop: true,
  }),
  {
    name: "diff-1m",
    title: "`systape diff` of two 1M-syscall recordings",
    notes: [
      "Two recordings of getppid_loop (getppid selected, 1M syscalls " +
      "each), made once before the rounds; the diff's output goes to " +
      "/dev/null, and exit status 1 (they differ) counts as success.",
    ],
    tools: ["systape"],
    unavailable: diffUnavailable,
    async prepare(scratch) {
      const program = await compile("getppid_loop", scratch);
      const a = await recordTo(`${scratch}/diff-a.ndjson`, ["getppid"], [
        program,
      ]);
      const b = await recordTo(`${scratch}/diff-b.ndjson`, ["getppid"], [
        program,
      ]);
      return {
        command: () => [DENO, "run", "-A", MOD_TS, "diff", a, b],
        success: [0, 1],
      };
    },
  },
];

/**
 * How to read the profiles of the missed targets; written from profiles of
 * this code on the benchmark machine (see the closing note of issue 6).
 */
const WHY_EXPLAINED: string[] = [
  "How to read these. Both tracers pay the same kernel round trips per " +
  "traced syscall: a seccomp stop and a syscall-exit-stop, each one wait4, " +
  "one PTRACE_GET_SYSCALL_INFO and one resume, and one process_vm_readv " +
  "per path; the calls columns show 4 ptrace and about 2 wait4 for either " +
  "(systape's extra wait4 are polls that found nothing yet). What differs " +
  "is the work around the trips:",
  "",
  "1. CPU per stop in user space: strace formats a line in C; systape " +
  "decodes, builds an event and serialises it in JavaScript, and crosses " +
  "Deno's FFI for each call (tracer user, which also holds the polling " +
  "loop of point 3). On runs of a few thousand syscalls (fork1000, " +
  "git-status) much of that code runs before V8 has optimised it; V8's " +
  "compiler threads and Deno's start-up show as other threads.",
  "2. Start-up: Deno and the tracer's worker take the start-up workload's " +
  "time before the first syscall, a large share of the short workloads.",
  "3. Waiting: where strace blocks in wait4 and its CPU halts, each stop " +
  "pays a wake-up through the hypervisor; systape polls for 50 µs first " +
  "(src/tracer/poller.ts), which is why it wins where one program keeps " +
  "stopping (find, tar, record-1m). fork1000 and git-status are bound by " +
  "latency instead (the kernel making and reaping processes, the " +
  "program's own work between syscalls), during which strace's tracer " +
  "sleeps (its small tracer CPU) and systape's polls spin (its extra " +
  "wait4). On an idle machine spinning still beats blocking there " +
  "(fork1000 took 0.58 s polling, 0.81 s without), but neither shortens " +
  "the latency, and systape's CPU per stop and start-up come on top. " +
  "With 64 threads a stop is nearly always pending, and the CPU per stop " +
  "decides.",
  "",
  "Each line ends with what stands in the way, read from strace's own " +
  "profile: the kernel's work, when strace's tracer spends more time in " +
  "the kernel for the round trips than 0.7x of strace's wall time allows; " +
  "waiting, when strace's tracer is on a CPU for under half its wall " +
  "time; or else systape's own CPU per stop and start-up, which is what a " +
  "faster systape would cut: less work per event in JavaScript, fewer FFI " +
  "crossings, V8 warmed up sooner.",
];

/** The targets, each checked against one workload's numbers. */
interface Target {
  text: string;
  workload: string;
  /** The measured value, or null when it could not be measured. */
  value(summary: Summary): number | null;
  limit: number;
  unit: "x" | "MB";
}

/** Workloads with a record target, which are also profiled. */
const RECORD_WORKLOADS = [
  "find",
  "tar",
  "git-status",
  "threads64",
  "fork1000",
  "record-1m",
];

/** The name each tracer's tracing thread has, for the profile. */
const TRACER_THREADS: Partial<Record<Tool, string>> = {
  strace: "strace",
  systape: "systape-tracer",
};

const RECORD_TARGETS: Target[] = RECORD_WORKLOADS.map((workload) => ({
  text: "record <= 0.7x strace wall time",
  workload,
  value: (summary) => summary.ratios.systapeStrace,
  limit: 0.7,
  unit: "x",
}));

const TARGETS: Target[] = [
  ...RECORD_TARGETS,
  {
    text: "syscalls outside the selection <= 1.05x untraced (loop time)",
    workload: "unselected",
    value: (summary) => summary.loopRatios?.systapeUntraced ?? null,
    limit: 1.05,
    unit: "x",
  },
  {
    text: "recorder peak memory <= 150 MB for 1M syscalls",
    workload: "record-1m",
    value: (summary) => megabytes(summary.tools.systape?.peakKb),
    limit: 150,
    unit: "MB",
  },
  {
    text: "diff of two 1M recordings <= 300 MB peak",
    workload: "diff-1m",
    value: (summary) => megabytes(summary.tools.systape?.peakKb),
    limit: 300,
    unit: "MB",
  },
];

async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      rounds: { type: "string", default: "5" },
      only: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  const names = WORKLOADS.map((workload) => workload.name).join(", ");
  if (values.help) {
    console.log(HELP.replace("WORKLOADS", names));
    return 0;
  }
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) {
    console.error(`bench: --rounds needs a positive integer`);
    return 2;
  }
  const chosen = WORKLOADS.filter((workload) =>
    values.only === undefined || workload.name === values.only
  );
  if (chosen.length === 0) {
    console.error(`bench: no workload '${values.only}' (one of ${names})`);
    return 2;
  }

  const started = performance.now();
  const machine = await describeMachine();
  // Deno compiles mod.ts's modules on first use; do it before any timing.
  await run(DENO, ["run", "-A", MOD_TS, "--version"]);
  const scratch = await Deno.makeTempDir({ prefix: "systape-bench-" });
  const noProfile = await profilerUnavailable();
  if (noProfile) console.error(`bench: no profiles: ${noProfile}`);
  const outcomes: Outcome[] = [];
  try {
    for (const workload of chosen) {
      const profiled = noProfile === null &&
        RECORD_WORKLOADS.includes(workload.name);
      outcomes.push(await runWorkload(workload, rounds, scratch, profiled));
    }
  } finally {
    await Deno.remove(scratch, { recursive: true });
  }

  const minutes = (performance.now() - started) / 60_000;
  const path = values.only === undefined ? RESULTS : PARTIAL_RESULTS;
  const text = render(
    { machine, rounds, minutes, noProfile },
    outcomes,
    await loadAverage(),
  );
  await writeResults(path, text);
  console.error(`bench: wrote ${path} (${minutes.toFixed(1)} min)`);
  return 0;
}

/** A workload run under `strace -f` and `systape record` with a selection. */
function traced(options: {
  name: string;
  title: string;
  notes: string[];
  selection: Selection;
  argv: (scratch: string) => Promise<string[]>;
  /** Arguments that make the program install the floor's filter. */
  floorArgs?: string[];
  reportsLoop?: boolean;
}): Workload {
  const floor = options.floorArgs;
  return {
    name: options.name,
    title: options.title,
    notes: options.notes,
    tools: floor
      ? ["untraced", "floor", "strace", "systape"]
      : ["untraced", "strace", "systape"],
    async prepare(scratch) {
      const argv = await options.argv(scratch);
      return {
        command: (tool, output) =>
          tool === "floor"
            ? [...argv, ...floor!]
            : commandOf(tool, options.selection, argv, output),
        reportsLoop: options.reportsLoop,
      };
    },
  };
}

function commandOf(
  tool: Exclude<Tool, "floor">,
  selection: Selection,
  argv: string[],
  output: string,
): string[] {
  if (tool === "untraced") return argv;
  if (tool === "strace") {
    // strace can filter with seccomp only when given a set.
    const filter = selection === "all"
      ? []
      : ["--seccomp-bpf", "-e", `trace=${selection.join(",")}`];
    return ["strace", "-f", ...filter, "-o", output, "--", ...argv];
  }
  return systapeRecord(selection, output, argv);
}

function systapeRecord(
  selection: Selection,
  output: string,
  argv: string[],
): string[] {
  const trace = selection === "all" ? [] : ["-e", selection.join(",")];
  return [DENO, "run", "-A", MOD_TS, "record", "-q", ...trace, "-o", output]
    .concat("--", argv);
}

async function runWorkload(
  workload: Workload,
  rounds: number,
  scratch: string,
  profiled: boolean,
): Promise<Outcome> {
  const unavailable = await workload.unavailable?.() ?? null;
  if (unavailable !== null) {
    console.error(`bench: ${workload.name}: not available yet: ${unavailable}`);
    return { workload, runs: {}, unavailable, profiles: {} };
  }

  console.error(`bench: ${workload.name}: preparing`);
  const job = await workload.prepare(scratch);
  // One untimed untraced run first: it fills the page cache, which would
  // otherwise favour whichever tool runs second in round 1.
  if (workload.tools.includes("untraced")) {
    await measure(job, "untraced", scratch);
  }

  const runs: Runs = {};
  for (let round = 0; round < rounds; round++) {
    for (const tool of rotate(workload.tools, round)) {
      const run = await measure(job, tool, scratch);
      (runs[tool] ??= []).push(run);
      console.error(
        `bench: ${workload.name}: round ${round + 1}/${rounds} ${tool}: ` +
          `${(run.wallMs / 1000).toFixed(3)} s, ${megabytes(run.peakKb)} MB` +
          (run.syscalls === null ? "" : `, ${run.syscalls} syscalls`),
      );
    }
  }
  const profiles = profiled
    ? await profileTracers(workload.name, job, runs, scratch)
    : {};
  return { workload, runs, unavailable: null, profiles };
}

/**
 * One more run of each tracer, under perf, after the timed rounds so that
 * it cannot disturb them.
 */
async function profileTracers(
  name: string,
  job: Job,
  runs: Runs,
  scratch: string,
): Promise<Partial<Record<Tool, Profile>>> {
  const program = job.command("untraced", "")[0].split("/").pop()!;
  const profiles: Partial<Record<Tool, Profile>> = {};
  for (const tool of ["strace", "systape"] as const) {
    const counts = runs[tool]?.flatMap((run) => run.syscalls ?? []);
    if (!counts?.length) continue;

    console.error(`bench: ${name}: profiling ${tool}`);
    const output = `${scratch}/${tool}.profile.out`;
    profiles[tool] = await profileRun({
      argv: job.command(tool, output),
      output,
      cwd: REPO,
      tracer: TRACER_THREADS[tool]!,
      program: program.slice(0, 15),
      syscalls: median(counts),
    });
    await Deno.remove(output).catch(() => {});
  }
  return profiles;
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/**
 * Runs one tool once under /usr/bin/time, which reports the peak RSS of the
 * largest process it waited for (the kernel's ru_maxrss of the children).
 */
async function measure(job: Job, tool: Tool, scratch: string): Promise<Run> {
  const output = `${scratch}/${tool}.out`;
  const peakFile = `${scratch}/peak.txt`;
  const argv = [TIME, "-f", "%M", "-o", peakFile, ...job.command(tool, output)];

  const start = performance.now();
  const result = await new Deno.Command(argv[0], {
    args: argv.slice(1),
    cwd: REPO,
    stdin: "null",
    stdout: job.reportsLoop ? "piped" : "null",
    stderr: "piped",
  }).output();
  const wallMs = performance.now() - start;

  if (!(job.success ?? [0]).includes(result.code)) {
    const stderr = new TextDecoder().decode(result.stderr).trim();
    throw new Error(
      `${argv.join(" ")} exited ${result.code}:\n${stderr.slice(-2000)}`,
    );
  }
  const syscalls = await countSyscalls(tool, output);
  await Deno.remove(output).catch(() => {});
  return {
    wallMs,
    peakKb: Number(
      (await Deno.readTextFile(peakFile)).trim().split("\n").pop(),
    ),
    syscalls,
    loopMs: job.reportsLoop ? loopMs(result.stdout) : null,
  };
}

function loopMs(stdout: Uint8Array): number | null {
  const match = /loop_ns (\d+)/.exec(new TextDecoder().decode(stdout));
  return match ? Number(match[1]) / MILLION : null;
}

/**
 * The syscalls a tool saw: strace's syscall lines (an `<unfinished ...>`
 * line counts, its `<... resumed>` line, signal and exit lines do not), or
 * the `syscalls` field of the recording's end line.
 */
async function countSyscalls(
  tool: Tool,
  output: string,
): Promise<number | null> {
  if (tool === "untraced" || tool === "floor") return null;
  if (tool === "strace") {
    const text = await Deno.readTextFile(output);
    return text.match(/^(?:\d+ +)?[a-z_0-9]+\(/gm)?.length ?? 0;
  }
  return await endLineCount(output);
}

/** The end line's `syscalls`, or null when there is no recording (diff). */
async function endLineCount(path: string): Promise<number | null> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path);
  } catch {
    return null;
  }
  try {
    const size = (await file.stat()).size;
    const tail = new Uint8Array(Math.min(size, 4096));
    await file.seek(size - tail.length, Deno.SeekMode.Start);
    let filled = 0;
    while (filled < tail.length) {
      const read = await file.read(tail.subarray(filled));
      if (read === null) break;
      filled += read;
    }
    const lines = new TextDecoder().decode(tail).trimEnd().split("\n");
    const end = JSON.parse(lines[lines.length - 1]);
    return end.type === "end" ? end.syscalls : null;
  } finally {
    file.close();
  }
}

/** Compiles bench/fixtures/NAME.c with `cc -O2 -pthread`, once. */
const compiled = new Map<string, Promise<string>>();
function compile(name: string, scratch: string): Promise<string> {
  let path = compiled.get(name);
  if (!path) {
    path = run("cc", [
      "-O2",
      "-pthread",
      "-o",
      `${scratch}/${name}`,
      `${FIXTURES}${name}.c`,
    ]).then(() => `${scratch}/${name}`);
    compiled.set(name, path);
  }
  return path;
}

/**
 * Makes the git-status repository: directories of small files, committed,
 * then some modified and some untracked, and one `git status` so that the
 * index's stat data is fresh before the first timed run.
 */
async function gitRepository(scratch: string): Promise<string> {
  const repository = `${scratch}/repository`;
  await Deno.mkdir(repository);
  for (let d = 0; d < GIT_DIRECTORIES; d++) {
    await Deno.mkdir(`${repository}/dir${d}`);
    for (let f = 0; f < GIT_FILES_PER_DIRECTORY; f++) {
      const text = `file ${f} of directory ${d}\n`.repeat(1 + f % 20);
      await Deno.writeTextFile(`${repository}/dir${d}/file${f}.txt`, text);
    }
  }

  const git = (...args: string[]) =>
    run("git", [
      "-C",
      repository,
      "-c",
      "user.name=bench",
      "-c",
      "user.email=bench@localhost",
      "-c",
      "commit.gpgsign=false",
      ...args,
    ]);
  await git("init", "-q");
  await git("add", ".");
  await git("commit", "-q", "-m", "files for the benchmark");
  for (let d = 0; d < 50; d++) {
    await Deno.writeTextFile(`${repository}/dir${d}/file0.txt`, "changed\n");
  }
  for (let u = 0; u < 20; u++) {
    await Deno.writeTextFile(`${repository}/untracked${u}.txt`, "new\n");
  }
  await git("status");
  return repository;
}

/** Records `argv` with systape to `path`, for workloads that read recordings. */
async function recordTo(
  path: string,
  selection: Selection,
  argv: string[],
): Promise<string> {
  const [command, ...args] = systapeRecord(selection, path, argv);
  await run(command, args);
  return path;
}

/**
 * Why `systape diff` cannot be benchmarked yet, or null once it can:
 * diff-1m runs as soon as `systape diff --help` succeeds.
 */
async function diffUnavailable(): Promise<string | null> {
  const result = await new Deno.Command(DENO, {
    args: ["run", "-A", MOD_TS, "diff", "--help"],
    cwd: REPO,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (result.success) return null;

  const message = new TextDecoder().decode(result.stderr).trim().split("\n")[0];
  return `\`systape diff --help\` exits ${result.code}: ${message}`;
}

async function run(command: string, args: string[]): Promise<string> {
  const result = await new Deno.Command(command, {
    args,
    cwd: REPO,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!result.success) {
    const stderr = new TextDecoder().decode(result.stderr);
    throw new Error(`${command} ${args.join(" ")} failed:\n${stderr}`);
  }
  return new TextDecoder().decode(result.stdout);
}

/** What the results say about the machine they were measured on. */
interface Machine {
  cpus: number;
  model: string;
  memory: string;
  kernel: string;
  deno: string;
  strace: string;
  cc: string;
  commit: string;
  date: string;
  idle: string;
  loadBefore: string;
}

async function describeMachine(): Promise<Machine> {
  const cpuinfo = await Deno.readTextFile("/proc/cpuinfo");
  const meminfo = await Deno.readTextFile("/proc/meminfo");
  const memoryKb = Number(/^MemTotal:\s+(\d+)/m.exec(meminfo)?.[1] ?? 0);
  const firstLine = (text: string) => text.trim().split("\n")[0];
  return {
    cpus: navigator.hardwareConcurrency,
    model: /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? "unknown",
    memory: `${(memoryKb / 1024 / 1024).toFixed(1)} GiB`,
    kernel: Deno.osRelease(),
    deno: `${Deno.version.deno} (V8 ${Deno.version.v8})`,
    strace: firstLine(await run("strace", ["-V"])),
    cc: firstLine(await run("cc", ["--version"])),
    commit: await describeCommit(),
    date: new Date().toISOString(),
    idle: await describeIdle(),
    loadBefore: await loadAverage(),
  };
}

/**
 * How an idle CPU waits: a virtual CPU that halts at once (no guest halt
 * polling) makes every wake-up of a stopped tracee or tracer cost a trip
 * through the hypervisor, which dominates tracing costs.
 */
async function describeIdle(): Promise<string> {
  const read = (path: string) =>
    Deno.readTextFile(path).then((text) => text.trim(), () => null);
  const driver = await read("/sys/devices/system/cpu/cpuidle/current_driver");
  const pollNs = await read(
    "/sys/module/haltpoll/parameters/guest_halt_poll_ns",
  );
  if (driver === null) return "unknown";
  return pollNs === null ? driver : `${driver}, guest_halt_poll_ns=${pollNs}`;
}

/** /proc/loadavg's 1, 5 and 15 minute averages: other load skews timings. */
async function loadAverage(): Promise<string> {
  const text = await Deno.readTextFile("/proc/loadavg");
  return text.split(" ").slice(0, 3).join(" ");
}

/** The commit measured, marked when its sources differ from it. */
async function describeCommit(): Promise<string> {
  const commit = (await run("git", ["rev-parse", "--short", "HEAD"])).trim();
  const changed = await run("git", ["status", "--porcelain", "mod.ts", "src"]);
  return changed.trim() === "" ? commit : `${commit} with uncommitted changes`;
}

/** Medians of one tool's runs. */
interface ToolSummary {
  wallMs: number;
  minMs: number;
  maxMs: number;
  peakKb: number;
  syscalls: number | null;
  loopMs: number | null;
}

/** Medians over rounds of the per-round ratios. */
interface Ratios {
  systapeStrace: number | null;
  systapeUntraced: number | null;
  straceUntraced: number | null;
  systapeFloor: number | null;
}

/** A workload's numbers as the results show them. */
interface Summary {
  tools: Partial<Record<Tool, ToolSummary>>;
  ratios: Ratios;
  loopRatios: Ratios | null;
}

function summarize(runs: Runs): Summary {
  const tools: Partial<Record<Tool, ToolSummary>> = {};
  for (const [tool, list] of Object.entries(runs) as [Tool, Run[]][]) {
    const walls = list.map((run) => run.wallMs);
    const counts = list.flatMap((run) => run.syscalls ?? []);
    const loops = list.flatMap((run) => run.loopMs ?? []);
    tools[tool] = {
      wallMs: median(walls),
      minMs: Math.min(...walls),
      maxMs: Math.max(...walls),
      peakKb: median(list.map((run) => run.peakKb)),
      syscalls: counts.length ? median(counts) : null,
      loopMs: loops.length ? median(loops) : null,
    };
  }
  const hasLoop = runs.untraced?.[0]?.loopMs != null;
  return {
    tools,
    ratios: ratiosOf(runs, (run) => run.wallMs),
    loopRatios: hasLoop ? ratiosOf(runs, (run) => run.loopMs!) : null,
  };
}

/**
 * Ratios of the runs of the same round, then their median: runs of one
 * round ran back to back, so they share the machine's state of the moment.
 */
function ratiosOf(runs: Runs, value: (run: Run) => number): Ratios {
  const paired = (a?: Run[], b?: Run[]) => {
    if (!a?.length || !b?.length) return null;
    return median(a.map((run, index) => value(run) / value(b[index])));
  };
  return {
    systapeStrace: paired(runs.systape, runs.strace),
    systapeUntraced: paired(runs.systape, runs.untraced),
    straceUntraced: paired(runs.strace, runs.untraced),
    systapeFloor: paired(runs.systape, runs.floor),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

function megabytes(kb: number | undefined): number | null {
  return kb === undefined ? null : Math.round(kb / 1024);
}

/** What the results say about the run as a whole. */
interface RunInfo {
  machine: Machine;
  rounds: number;
  minutes: number;
  /** Why there are no profiles, or null when there are. */
  noProfile: string | null;
}

function render(
  { machine, rounds, minutes, noProfile }: RunInfo,
  outcomes: Outcome[],
  loadAfter: string,
): string {
  const summaries = new Map(outcomes.map((outcome) => [
    outcome.workload.name,
    outcome.unavailable === null ? summarize(outcome.runs) : null,
  ]));
  const lines = [
    "# Benchmark results",
    "",
    "Written by `npm run bench` (bench/run.ts); do not edit by hand.",
    "",
    `- Machine: ${machine.cpus} CPUs, ${machine.model}, ${machine.memory}`,
    `- Kernel: ${machine.kernel}`,
    `- Deno: ${machine.deno}`,
    `- strace: ${machine.strace}`,
    `- cc: ${machine.cc}`,
    `- systape: commit ${machine.commit}`,
    `- CPU idle: ${machine.idle}`,
    `- Date: ${machine.date}`,
    `- Load average (1, 5, 15 min): ${machine.loadBefore} before, ` +
    `${loadAfter} after; well above the CPU count means other work ran ` +
    "alongside and the times are noisier",
    `- Rounds: ${rounds} per workload, after one untimed untraced run ` +
    `that warms the page cache; the runner took ${minutes.toFixed(1)} ` +
    "minutes",
    "",
    "Each round runs the tools back to back, in an order that rotates from " +
    "round to round. Times are wall-clock medians over the rounds, from " +
    "spawn to exit (systape's include starting Deno). Ratios are the " +
    "median of each round's own ratio. Peak memory is the median peak RSS " +
    "(ru_maxrss, from /usr/bin/time -f %M) of the largest process of the " +
    "tool's tree. Syscalls are those the tracer reported: strace's syscall " +
    "lines, the recording's end line `syscalls` field.",
    "",
    "Traced commands: `strace -f --seccomp-bpf -e trace=SET -o FILE -- CMD` " +
    "and `deno run -A mod.ts record -q -e SET -o FILE -- CMD`.",
    "",
    "## Targets",
    "",
    "| target | workload | measured | verdict |",
    "| --- | --- | --- | --- |",
    ...TARGETS.filter((target) => summaries.has(target.workload)).map((
      target,
    ) => targetRow(target, summaries.get(target.workload), outcomes)),
    "",
    ...whySection(outcomes, summaries, noProfile),
  ];
  for (const outcome of outcomes) {
    lines.push(
      ...workloadSection(outcome, summaries.get(outcome.workload.name)),
    );
  }
  return lines.join("\n");
}

/**
 * Why each missed target is missed: for the record targets, what the
 * profiles of both tracers say; for the others, what their own numbers do.
 */
function whySection(
  outcomes: Outcome[],
  summaries: Map<string, Summary | null>,
  noProfile: string | null,
): string[] {
  const missed = TARGETS.filter((target) => {
    const summary = summaries.get(target.workload);
    const value = summary ? target.value(summary) : null;
    return value !== null && value > target.limit;
  });
  if (missed.length === 0) return [];

  const lines = ["## Why targets are missed", ""];
  for (const target of missed) {
    const summary = summaries.get(target.workload)!;
    const outcome = outcomes.find((o) => o.workload.name === target.workload)!;
    if (RECORD_TARGETS.includes(target)) {
      const ratio = target.value(summary)!;
      lines.push(
        noProfile
          ? `- **${target.workload}**: not profiled: ${noProfile}.`
          : whyMissed(
            target.workload,
            ratio,
            outcome.profiles,
            wallPerSyscallUs(summary.tools.strace),
          ),
      );
    } else if (target.workload === "unselected") {
      lines.push(whyOverFloor(summary, target.limit));
    }
  }
  lines.push("", ...WHY_EXPLAINED, "");
  return lines;
}

/** A tool's median wall time per traced syscall, in microseconds. */
function wallPerSyscallUs(tool: ToolSummary | undefined): number {
  if (!tool?.syscalls) return NaN;
  return (tool.wallMs * 1000) / tool.syscalls;
}

/**
 * The unselected target against the floor: what a filter that allows
 * everything costs the loop already, and what systape's adds to it. The
 * loop makes 1M calls, so 1 ms more is 1 ns more a call.
 */
function whyOverFloor(summary: Summary, limit: number): string {
  const loop = (tool: Tool) => summary.tools[tool]?.loopMs ?? null;
  const [untraced, floor, systape] = [
    loop("untraced"),
    loop("floor"),
    loop("systape"),
  ];
  if (untraced === null || floor === null || systape === null) {
    return "- **unselected**: the floor was not measured.";
  }

  const ns = (ms: number) => `${Math.round(ms)} ns`;
  const floorRatio = floor / untraced;
  const verdict = floorRatio > limit
    ? `The floor alone is over ${limit}x: no seccomp-based tracer can ` +
      "meet the target on this kernel and machine."
    : "The floor is under the target: systape's filter is what exceeds it.";
  return `- **unselected** (${(systape / untraced).toFixed(2)}x ` +
    "untraced): a one-instruction filter that allows every syscall " +
    `already costs ${floorRatio.toFixed(2)}x (${ns(floor - untraced)} a ` +
    "call), since any filter sends each syscall through the kernel's " +
    "seccomp entry work; systape's filter adds " +
    `${ns(systape - floor)} a call to that (${(systape / floor).toFixed(2)}x ` +
    `the floor). ${verdict}`;
}

function targetRow(
  target: Target,
  summary: Summary | null | undefined,
  outcomes: Outcome[],
): string {
  const start = `| ${target.text} | ${target.workload} |`;
  const outcome = outcomes.find((o) => o.workload.name === target.workload);
  if (!outcome) return `${start} not run | — |`;
  if (outcome.unavailable !== null) {
    return `${start} not available yet | — (${outcome.unavailable}) |`;
  }
  const value = summary ? target.value(summary) : null;
  if (value === null) return `${start} not measured | — |`;

  const shown = (v: number) =>
    target.unit === "x" ? `${v.toFixed(2)}x` : `${Math.round(v)} MB`;
  const margin = Math.abs(value - target.limit);
  const percent = Math.round((margin / target.limit) * 100);
  const verdict = value <= target.limit
    ? `met, ${shown(margin)} (${percent}%) under`
    : `**missed**, by ${shown(margin)} (${percent}%)`;
  return `${start} ${shown(value)} | ${verdict} |`;
}

function workloadSection(
  outcome: Outcome,
  summary: Summary | null | undefined,
): string[] {
  const { workload } = outcome;
  const lines = [`## ${workload.name}: ${workload.title}`, ""];
  for (const note of workload.notes) lines.push(note, "");
  if (outcome.unavailable !== null || !summary) {
    lines.push(`Not available yet: ${outcome.unavailable}`, "");
    return lines;
  }

  const hasLoop = summary.loopRatios !== null;
  lines.push(
    "| tool | median wall | min–max | " + (hasLoop ? "median loop | " : "") +
      "peak memory | syscalls |",
    "| --- | --- | --- | " + (hasLoop ? "--- | " : "") + "--- | --- |",
  );
  for (const tool of workload.tools) {
    const t = summary.tools[tool];
    if (!t) continue;
    lines.push(
      `| ${tool} | ${seconds(t.wallMs)} | ` +
        `${seconds(t.minMs)}–${seconds(t.maxMs)} | ` +
        (hasLoop ? `${t.loopMs?.toFixed(1) ?? "—"} ms | ` : "") +
        `${megabytes(t.peakKb)} MB | ${t.syscalls ?? "—"} |`,
    );
  }
  lines.push("", ...ratioLines("Wall-time ratios", summary.ratios));
  lines.push(...profileTable(outcome.profiles));
  if (summary.loopRatios) {
    lines.push(...ratioLines("Loop-time ratios", summary.loopRatios));
    lines.push(addedPerCall(workload, summary), "");
  }
  return lines;
}

/**
 * What each tool adds to one of the loop's 1M calls, from the median loop
 * times: 1 ms more over 1M calls is 1 ns more a call.
 */
function addedPerCall(workload: Workload, summary: Summary): string {
  const base = summary.tools.untraced?.loopMs ?? 0;
  const added = workload.tools.filter((tool) => tool !== "untraced").map(
    (tool) => {
      const loop = summary.tools[tool]?.loopMs;
      const ns = loop == null ? "—" : `${Math.round(loop - base)} ns`;
      return `${tool} ${ns}`;
    },
  );
  return `Added to each of the loop's calls: ${added.join(", ")}.`;
}

function ratioLines(heading: string, ratios: Ratios): string[] {
  const shown = (value: number | null) =>
    value === null ? "—" : `${value.toFixed(2)}x`;
  if (ratios.systapeStrace === null && ratios.systapeUntraced === null) {
    return [];
  }
  return [
    `${heading}: systape/strace ${shown(ratios.systapeStrace)}, ` +
    `systape/untraced ${shown(ratios.systapeUntraced)}, ` +
    `strace/untraced ${shown(ratios.straceUntraced)}` +
    (ratios.systapeFloor === null
      ? "."
      : `, systape/floor ${shown(ratios.systapeFloor)}.`),
    "",
  ];
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/**
 * Writes the results, formatted as `deno fmt --check` wants them (it
 * aligns the tables) when they are the committed ones.
 */
async function writeResults(path: string, text: string) {
  await Deno.mkdir(path.replace(/\/[^/]*$/, ""), { recursive: true });
  await Deno.writeTextFile(path, text);
  if (path === RESULTS) await run(DENO, ["fmt", "--quiet", path]);
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
