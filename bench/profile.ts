/**
 * Where a traced run's time goes, measured with perf(1) on one extra run of
 * each tracer: the CPU time of the tracer's thread in the kernel and in
 * user space, of the tool's other threads, and of the traced program (perf
 * record, sampling cpu-clock), and the tracer's own ptrace, wait4 and
 * process_vm_readv calls (perf stat on syscall tracepoints). The results
 * quote both per traced syscall, which is what says why one tracer is
 * slower than the other: more kernel round trips, or more work per stop.
 *
 * @module
 */

/** A traced run's costs, per traced syscall. */
export interface Profile {
  /** CPU microseconds of the tracer's thread in the kernel. */
  tracerKernelUs: number;
  /** CPU microseconds of the tracer's thread in user space. */
  tracerUserUs: number;
  /** CPU microseconds of the tool's other threads (Deno's compiler, GC...). */
  otherThreadsUs: number;
  /** CPU microseconds of the traced program's threads. */
  programUs: number;
  /** Calls of each counted syscall, by the whole tree; null if not counted. */
  calls: Record<CountedCall, number> | null;
}

/**
 * The syscalls counted: a tracer makes them at every stop, and the traced
 * programs here hardly ever do (fork1000's own wait4 is one per child).
 */
export const COUNTED_CALLS = ["ptrace", "wait4", "process_vm_readv"] as const;

/** One of {@linkcode COUNTED_CALLS}. */
export type CountedCall = typeof COUNTED_CALLS[number];

/** What to profile: a command, and how to tell its threads apart. */
export interface ProfileTarget {
  /** The tool's command line. */
  argv: string[];
  /** The file the tool writes its trace to, removed before each run. */
  output: string;
  /** The working directory. */
  cwd: string;
  /** The tracer thread's name (/proc/TID/comm). */
  tracer: string;
  /** The traced program's name, as the kernel keeps it (15 bytes). */
  program: string;
  /** Traced syscalls in the run, which the costs are divided by. */
  syscalls: number;
}

const SAMPLES_PER_SECOND = 1999;
const KERNEL = "[kernel.kallsyms]";

/**
 * Why perf cannot profile here, or null when it can: perf must be
 * installed, allowed to sample (root here), and able to read the syscall
 * tracepoints (tracefs mounted; mounted here when it is not).
 *
 * @example
 * ```ts ignore
 * import { profilerUnavailable } from "./profile.ts";
 * console.log(await profilerUnavailable() ?? "perf works");
 * ```
 */
export async function profilerUnavailable(): Promise<string | null> {
  const probe = () =>
    output("perf", ["stat", "-e", "syscalls:sys_enter_wait4", "true"]);
  try {
    await probe();
    return null;
  } catch {
    // Debian does not mount tracefs by default; perf needs it for tracepoints.
    await output("mount", ["-t", "tracefs", "nodev", "/sys/kernel/tracing"])
      .catch(() => {});
  }
  try {
    await probe();
    return null;
  } catch (error) {
    return `perf cannot count syscall tracepoints (${firstLine(error)}); ` +
      "install linux-perf and run as root";
  }
}

/**
 * Runs the target twice, under perf record and under perf stat, and
 * returns its costs per traced syscall.
 *
 * @example
 * ```ts ignore
 * import { profileRun } from "./profile.ts";
 * const profile = await profileRun({
 *   argv: ["strace", "-f", "-o", "/tmp/out", "--", "/tmp/threads64"],
 *   output: "/tmp/out",
 *   cwd: "/tmp",
 *   tracer: "strace",
 *   program: "threads64",
 *   syscalls: 96069,
 * });
 * console.log(profile.calls?.ptrace); // about 4 per syscall
 * ```
 */
export async function profileRun(target: ProfileTarget): Promise<Profile> {
  const scratch = await Deno.makeTempDir({ prefix: "systape-profile-" });
  try {
    const times = await cpuByRole(target, `${scratch}/perf.data`);
    const calls = await countCalls(target, `${scratch}/stat.csv`);
    const per = (value: number) => value / target.syscalls;
    return {
      tracerKernelUs: per(times.tracerKernelUs),
      tracerUserUs: per(times.tracerUserUs),
      otherThreadsUs: per(times.otherThreadsUs),
      programUs: per(times.programUs),
      calls: calls && {
        ptrace: per(calls.ptrace),
        wait4: per(calls.wait4),
        process_vm_readv: per(calls.process_vm_readv),
      },
    };
  } finally {
    await Deno.remove(scratch, { recursive: true });
  }
}

/** CPU microseconds by thread role, from perf record's samples. */
async function cpuByRole(target: ProfileTarget, data: string) {
  const rate = String(SAMPLES_PER_SECOND);
  await underPerf(
    target,
    ["record", "-q", "-e", "cpu-clock", "-F", rate],
    data,
  );
  const report = await output("perf", [
    "report",
    "-i",
    data,
    "--stdio",
    "-s",
    "comm,dso",
    "-F",
    "sample,comm,dso",
  ]);

  const times = {
    tracerKernelUs: 0,
    tracerUserUs: 0,
    otherThreadsUs: 0,
    programUs: 0,
  };
  for (const { samples, comm, dso } of reportRows(report)) {
    const us = samples * 1e6 / SAMPLES_PER_SECOND;
    if (comm === target.tracer) {
      if (dso === KERNEL) times.tracerKernelUs += us;
      else times.tracerUserUs += us;
    } else if (comm === target.program) times.programUs += us;
    else times.otherThreadsUs += us;
  }
  return times;
}

/**
 * The rows of `perf report -F sample,comm,dso`: a count, a thread name
 * that may hold spaces ("V8 DefaultWorke"), and a DSO without any.
 */
function reportRows(report: string) {
  return report.split("\n").flatMap((line) => {
    const match = /^\s*(\d+)\s+(.+?)\s+(\S+)\s*$/.exec(line);
    if (!match || line.startsWith("#")) return [];
    return [{ samples: Number(match[1]), comm: match[2], dso: match[3] }];
  });
}

/** The tree's calls of each counted syscall, or null if perf cannot count. */
async function countCalls(
  target: ProfileTarget,
  csv: string,
): Promise<Record<CountedCall, number> | null> {
  const events = COUNTED_CALLS.map((name) => `syscalls:sys_enter_${name}`);
  await underPerf(target, ["stat", "-x", ",", "-e", events.join(",")], csv);

  const counts: Partial<Record<CountedCall, number>> = {};
  for (const line of (await Deno.readTextFile(csv)).split("\n")) {
    const [count, , event] = line.split(",");
    const name = event?.replace("syscalls:sys_enter_", "") as CountedCall;
    if (COUNTED_CALLS.includes(name)) counts[name] = Number(count);
  }
  const complete = COUNTED_CALLS.every((name) => Number.isFinite(counts[name]));
  return complete ? counts as Record<CountedCall, number> : null;
}

/** Runs the target under `perf ARGS -o RESULT`, on a fresh output file. */
async function underPerf(
  target: ProfileTarget,
  args: string[],
  result: string,
) {
  await Deno.remove(target.output).catch(() => {});
  await output(
    "perf",
    [...args, "-o", result, "--", ...target.argv],
    target.cwd,
  );
}

async function output(
  command: string,
  args: string[],
  cwd?: string,
): Promise<string> {
  const result = await new Deno.Command(command, {
    args,
    cwd,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!result.success) {
    const stderr = new TextDecoder().decode(result.stderr).trim();
    throw new Error(`${command} ${args[0]} exited ${result.code}: ${stderr}`);
  }
  return new TextDecoder().decode(result.stdout);
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split("\n")[0];
}

/**
 * The profile table of a workload's section, one row per tracer, or no
 * lines when nothing was profiled.
 *
 * @example
 * ```ts ignore
 * import { profileTable } from "./profile.ts";
 * lines.push(...profileTable({ strace: a, systape: b }));
 * ```
 */
export function profileTable(
  profiles: Partial<Record<string, Profile>>,
): string[] {
  const rows = Object.entries(profiles).flatMap(([tool, profile]) =>
    profile ? [profileRow(tool, profile)] : []
  );
  if (rows.length === 0) return [];
  return [
    "Profile, per traced syscall (one more run of each tracer under perf " +
    "record, and one under perf stat): CPU time of the tracer's thread in " +
    "the kernel and in user space, of the tool's other threads, of the " +
    "traced program; and the calls of the tracer's own syscalls.",
    "",
    "| tool | tracer kernel | tracer user | other threads | program | " +
    "ptrace | wait4 | process_vm_readv |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
  ];
}

function profileRow(tool: string, profile: Profile): string {
  const us = (value: number) => `${value.toFixed(1)} µs`;
  const calls = COUNTED_CALLS.map((name) =>
    profile.calls ? profile.calls[name].toFixed(2) : "—"
  );
  return `| ${tool} | ${us(profile.tracerKernelUs)} | ` +
    `${us(profile.tracerUserUs)} | ${us(profile.otherThreadsUs)} | ` +
    `${us(profile.programUs)} | ${calls.join(" | ")} |`;
}

/**
 * What the profiles say about a record target that was missed: whether
 * systape makes more kernel round trips than strace, or spends more CPU on
 * the same ones, and where.
 *
 * @example
 * ```ts ignore
 * import { whyMissed } from "./profile.ts";
 * whyMissed("threads64", 1.2, { strace: a, systape: b }, 13.4);
 * ```
 */
export function whyMissed(
  workload: string,
  ratio: number,
  profiles: Partial<Record<string, Profile>>,
  straceWallUs: number,
): string {
  const { strace, systape } = profiles;
  const start = `- **${workload}** (${ratio.toFixed(2)}x strace):`;
  if (!strace || !systape) return `${start} not profiled.`;

  const calls = (profile: Profile) =>
    profile.calls
      ? COUNTED_CALLS.map((name) =>
        `${profile.calls![name].toFixed(2)} ${name}`
      ).join(", ")
      : "uncounted";
  const cpu = (profile: Profile) =>
    `${profile.tracerKernelUs.toFixed(1)} µs in the kernel and ` +
    `${profile.tracerUserUs.toFixed(1)} µs in user space`;
  return `${start} per traced syscall, systape's tracer made ` +
    `${calls(systape)} calls (strace: ${calls(strace)}); its thread ` +
    `spent ${cpu(systape)} (strace: ${cpu(strace)}), and its other ` +
    `threads ${systape.otherThreadsUs.toFixed(1)} µs ` +
    `(strace: ${strace.otherThreadsUs.toFixed(1)} µs). ` +
    inTheWay(strace, systape, straceWallUs);
}

/**
 * What stands in the way of 0.7x strace, from strace's own profile: the
 * kernel's work for the round trips, which a tracer making the same ones
 * pays too; the wait for the program and the kernel, which a tracer can
 * only shorten by waking sooner; or else systape's own CPU.
 */
function inTheWay(strace: Profile, systape: Profile, wallUs: number): string {
  const allowed = 0.7 * wallUs;
  const busy = strace.tracerKernelUs + strace.tracerUserUs;
  const share = `strace's tracer was on a CPU for ` +
    `${Math.round((busy / wallUs) * 100)}% of its ${wallUs.toFixed(1)} µs ` +
    "of wall time a syscall";
  if (strace.tracerKernelUs > allowed) {
    return `In the way: the kernel's work. ${share}, ` +
      `${strace.tracerKernelUs.toFixed(1)} µs of it in the kernel, more ` +
      `than the ${allowed.toFixed(1)} µs that 0.7x allows, so no tracer ` +
      "making the same round trips can meet the target.";
  }
  if (busy < wallUs / 2) {
    return `In the way: waiting. ${share}, and waited in wait4 for the ` +
      "rest, on the program and the kernel; a tracer can only shorten " +
      "that by waking sooner, which systape's polling does, and here it " +
      "gains less than systape's own CPU costs.";
  }
  const own = systape.tracerUserUs + systape.otherThreadsUs;
  return `In the way: systape's own CPU. ${share}; the target is within ` +
    "reach of a tracer making the same round trips, but systape's user " +
    `space and other threads take ${own.toFixed(1)} µs a syscall against ` +
    `strace's ${(strace.tracerUserUs + strace.otherThreadsUs).toFixed(1)} µs.`;
}
