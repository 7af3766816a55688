/**
 * Attaches to running processes (`record -p PID`), every thread of each.
 *
 * @module
 */

import { PTRACE, PTRACE_O } from "../libc/constants.ts";
import { request } from "../libc/ptrace.ts";
import { errnoMessage } from "../arch/names.ts";
import { SystapeError } from "../errors.ts";
import type { Tracees } from "./tracees.ts";
import { startWaker } from "./waker.ts";

/**
 * ptrace options for attached processes: no PTRACE_O_EXITKILL, since the
 * processes must outlive the recorder, and no PTRACE_O_TRACESECCOMP, since
 * no filter is installed.
 */
const ATTACH_OPTIONS = PTRACE_O.TRACESYSGOOD | PTRACE_O.TRACEFORK |
  PTRACE_O.TRACEVFORK | PTRACE_O.TRACECLONE | PTRACE_O.TRACEEXEC;

/**
 * Seizes every thread of each process and interrupts it, so that each
 * reports a stop the tracer loop resumes into syscall tracing.
 *
 * @example
 * ```ts ignore
 * import { attachTo } from "./attach.ts";
 * const tracees = attachTo([1234]);
 * ```
 */
export function attachTo(pids: readonly number[]): Tracees {
  const threads: { tid: number; pid: number }[] = [];
  for (const pid of pids) {
    for (const tid of seizeAllThreads(pid)) threads.push({ tid, pid });
  }
  for (const { tid } of threads) request(PTRACE.INTERRUPT, tid, 0);

  return {
    mode: "attached",
    rootPid: pids[0],
    threads,
    waker: startWaker(),
    retryExec: () => false,
    exitWith: () => {},
  };
}

/**
 * Seizes the threads of `pid` until a listing finds no new one: threads
 * created while we attach are caught by the next listing, and those created
 * after a thread is seized are traced by the kernel already (auto-attach).
 */
function seizeAllThreads(pid: number): number[] {
  const seized = new Set<number>();
  for (;;) {
    const fresh = listThreads(pid).filter((tid) => !seized.has(tid));
    if (fresh.length === 0) return [...seized];

    for (const tid of fresh) {
      const result = request(PTRACE.SEIZE, tid, ATTACH_OPTIONS);
      if (result === 0) seized.add(tid);
      else if (tid === pid) throw attachError(pid, -result);
    }
  }
}

function listThreads(pid: number): number[] {
  try {
    return [...Deno.readDirSync(`/proc/${pid}/task`)].map((entry) =>
      Number(entry.name)
    );
  } catch {
    throw new SystapeError(`no process ${pid}`, {
      hint: "check the pid with ps",
    });
  }
}

function attachError(pid: number, errno: number): SystapeError {
  const tracer = tracerOf(pid);
  const EPERM = 1;
  if (errno === EPERM && tracer) {
    return new SystapeError(
      `cannot attach to ${pid}: it is already traced by process ${tracer}`,
      { hint: "a process can have one tracer at a time; stop the other one" },
    );
  }
  if (errno === EPERM) {
    return new SystapeError(`cannot attach to ${pid}: ${errnoMessage(errno)}`, {
      hint: `ptrace needs the same user and kernel.yama.ptrace_scope ${
        ptraceScope() ?? "0"
      } allowing it, or root/CAP_SYS_PTRACE`,
    });
  }
  return new SystapeError(`cannot attach to ${pid}: ${errnoMessage(errno)}`);
}

/**
 * The process tracing `pid`, as "PID (name)". TracerPid names the tracing
 * thread, which for a multi-threaded tracer (another systape) is not the
 * process a user would look for, so it is mapped to its thread group.
 */
function tracerOf(pid: number): string | null {
  const tracer = statusField(pid, "TracerPid");
  if (!tracer || tracer === "0") return null;

  const process = statusField(Number(tracer), "Tgid") ?? tracer;
  const name = statusField(Number(process), "Name");
  return name ? `${process} (${name})` : process;
}

function statusField(pid: number, field: string): string | null {
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    return new RegExp(`^${field}:\\s+(.*)$`, "m").exec(status)?.[1] ?? null;
  } catch {
    return null;
  }
}

function ptraceScope(): string | null {
  try {
    return Deno.readTextFileSync("/proc/sys/kernel/yama/ptrace_scope").trim();
  } catch {
    return null;
  }
}
