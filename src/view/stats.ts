/**
 * The summary of a recording, as `strace -c` prints it: per syscall the
 * share of time, seconds, microseconds per call, calls and errors, sorted
 * by time; then, beyond strace, the same totals per process.
 *
 * Time is each syscall's duration from entry to exit as recorded (wall
 * time, as `strace -c -w` measures), not the system CPU time `strace -c`
 * reports by default. Unfinished syscalls count as calls without time.
 *
 * @module
 */

import type { RecordingEvent } from "../recording/events.ts";

interface Totals {
  calls: number;
  errors: number;
  micros: number;
}

/**
 * Collects the totals of a recording's events.
 *
 * @example
 * ```ts
 * import { Stats } from "./stats.ts";
 * const stats = new Stats();
 * stats.add({ type: "syscall", t: 0, pid: 1, tid: 1, name: "read", nr: 0,
 *   args: [], ret: 5, errno: null, dur: 12 });
 * stats.syscallTable()[2]; // " 100.00    0.000012          12         1           read"
 * ```
 */
export class Stats {
  readonly #bySyscall = new Map<string, Totals>();
  readonly #byProcess = new Map<number, Totals>();
  readonly #programs = new Map<number, string>();

  /** Counts one event. */
  add(event: RecordingEvent) {
    if (event.type === "exec" && event.filename) {
      this.#programs.set(event.pid, event.filename);
    }
    if (event.type === "spawn" && event.kind !== "thread") {
      const program = this.#programs.get(event.pid);
      if (program) this.#programs.set(event.childPid, program);
    }
    if (event.type !== "syscall") return;

    for (
      const totals of [
        totalsOf(this.#bySyscall, event.name),
        totalsOf(this.#byProcess, event.pid),
      ]
    ) {
      totals.calls++;
      if (event.errno !== null) totals.errors++;
      totals.micros += event.dur ?? 0;
    }
  }

  /** The strace -c table: header, rows by time, total. */
  syscallTable(): string[] {
    const rows = [...this.#bySyscall].sort(([a, x], [b, y]) =>
      y.micros - x.micros || y.calls - x.calls || (a < b ? -1 : 1)
    );
    const total = sum(rows.map(([, totals]) => totals));
    const share = (micros: number) =>
      total.micros ? (100 * micros) / total.micros : 0;
    return [
      "% time     seconds  usecs/call     calls    errors syscall",
      SYSCALL_RULE,
      ...rows.map(([name, totals]) =>
        syscallRow(share(totals.micros), totals, name)
      ),
      SYSCALL_RULE,
      syscallRow(total.calls ? 100 : 0, total, "total"),
    ];
  }

  /** Totals per process, busiest first, with the program each last ran. */
  processTable(): string[] {
    const rows = [...this.#byProcess].sort(([a, x], [b, y]) =>
      y.micros - x.micros || a - b
    );
    return [
      "    pid     seconds     calls    errors program",
      PROCESS_RULE,
      ...rows.map(([pid, totals]) =>
        [
          String(pid).padStart(7),
          seconds(totals.micros).padStart(11),
          String(totals.calls).padStart(9),
          errors(totals.errors),
          this.#programs.get(pid) ?? "?",
        ].join(" ")
      ),
    ];
  }
}

const SYSCALL_RULE =
  "------ ----------- ----------- --------- --------- ----------------";
const PROCESS_RULE = "------- ----------- --------- --------- ----------------";

function syscallRow(percent: number, totals: Totals, name: string): string {
  const perCall = totals.calls ? Math.floor(totals.micros / totals.calls) : 0;
  return [
    percent.toFixed(2).padStart(6),
    seconds(totals.micros).padStart(11),
    String(perCall).padStart(11),
    String(totals.calls).padStart(9),
    errors(totals.errors),
    name,
  ].join(" ");
}

function seconds(micros: number): string {
  return (micros / 1e6).toFixed(6);
}

/** strace leaves the errors column blank when there are none. */
function errors(count: number): string {
  return (count ? String(count) : "").padStart(9);
}

function totalsOf<K>(map: Map<K, Totals>, key: K): Totals {
  let totals = map.get(key);
  if (!totals) {
    totals = { calls: 0, errors: 0, micros: 0 };
    map.set(key, totals);
  }
  return totals;
}

function sum(list: Totals[]): Totals {
  return list.reduce(
    (all, totals) => ({
      calls: all.calls + totals.calls,
      errors: all.errors + totals.errors,
      micros: all.micros + totals.micros,
    }),
    { calls: 0, errors: 0, micros: 0 },
  );
}
