/**
 * The tracer's table of traced threads and the processes they belong to.
 *
 * @module
 */

import type { Word } from "../recording/events.ts";

/** A syscall seen at its seccomp stop and not yet seen at its exit. */
export interface InFlightSyscall {
  /** Entry time, microseconds since the recording started. */
  t: number;
  /** The number as the program passed it. */
  nr: number;
  /** Its name. */
  name: string;
  /** The ABI when not native. */
  abi?: string;
  /** Raw arguments. */
  args: Word[];
  /** Whether the user selected it (false: stopped for bookkeeping only). */
  selected: boolean;
  /** For execve/execveat: the file asked for, read at entry. */
  filename?: string;
  /** What the decoder kept at entry, for its use at exit. */
  entry?: unknown;
  /**
   * A word of the program's memory the tracer changed at entry (clone3's
   * flags), to put back at exit so the program never sees the change.
   */
  restore?: { address: number; word: bigint };
}

/** A traced thread. */
export interface Thread {
  /** Thread id. */
  tid: number;
  /** Thread-group id. */
  pid: number;
  /** The syscall it is in, between seccomp stop and syscall-exit-stop. */
  syscall: InFlightSyscall | null;
  /** Whether it sits in group-stop (resumed with PTRACE_LISTEN). */
  groupStopped: boolean;
  /**
   * Its syscalls are the tracer's doing, not the program's (the exit after
   * a command that could not run), and are not recorded.
   */
  hidden: boolean;
}

/**
 * Threads by tid, and the live threads of each process.
 *
 * @example
 * ```ts
 * import { ThreadTable } from "./threads.ts";
 * const table = new ThreadTable();
 * table.add(100, 100);
 * table.add(101, 100);
 * table.remove(101); // false: thread 100 still lives
 * ```
 */
export class ThreadTable {
  readonly #threads = new Map<number, Thread>();
  readonly #processes = new Map<number, Set<number>>();

  /** The thread, or undefined when not traced. */
  get(tid: number): Thread | undefined {
    return this.#threads.get(tid);
  }

  /** Number of live threads. */
  get size(): number {
    return this.#threads.size;
  }

  /** Starts tracking a thread of process `pid`. */
  add(tid: number, pid: number): Thread {
    const thread: Thread = {
      tid,
      pid,
      syscall: null,
      groupStopped: false,
      hidden: false,
    };
    this.#threads.set(tid, thread);
    this.#members(pid).add(tid);
    return thread;
  }

  /** Moves a thread to another process (when its tgid was learnt late). */
  move(thread: Thread, pid: number) {
    this.#processes.get(thread.pid)?.delete(thread.tid);
    thread.pid = pid;
    this.#members(pid).add(thread.tid);
  }

  /**
   * Renames a thread, as execve from a non-leader thread does: the execing
   * thread takes the leader's tid. The old leader's entry is dropped.
   */
  renumber(from: number, to: number): Thread | undefined {
    const thread = this.#threads.get(from);
    if (!thread) return undefined;

    this.remove(to);
    this.#threads.delete(from);
    this.#processes.get(thread.pid)?.delete(from);
    thread.tid = to;
    this.#threads.set(to, thread);
    this.#members(thread.pid).add(to);
    return thread;
  }

  /** Forgets a thread; returns whether it was its process's last thread. */
  remove(tid: number): boolean {
    const thread = this.#threads.get(tid);
    if (!thread) return false;

    this.#threads.delete(tid);
    const members = this.#processes.get(thread.pid);
    members?.delete(tid);
    if (members && members.size > 0) return false;
    this.#processes.delete(thread.pid);
    return true;
  }

  /** All live threads. */
  all(): IterableIterator<Thread> {
    return this.#threads.values();
  }

  #members(pid: number): Set<number> {
    let members = this.#processes.get(pid);
    if (!members) {
      members = new Set();
      this.#processes.set(pid, members);
    }
    return members;
  }
}
