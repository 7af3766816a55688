/**
 * The process tree of a recording, and the logical id of every thread in
 * it: the first process is p1, the children it spawned are p1.1, p1.2 in
 * spawn order, its threads p1/t2, p1/t3. Logical ids are what two
 * recordings share; kernel pids are not.
 *
 * A tid can be used by several threads over a recording (the kernel reuses
 * pids), so the tree holds lives: one per thread from its first appearance
 * to its exit. A new child's own events may come before the spawn event
 * that names its parent (ptrace reports the child's first stop and the
 * parent's fork event in either order), so a life that began without a
 * spawn is attached to the parent once the spawn shows up.
 *
 * @module
 */

import type { RecordingEvent } from "../recording/events.ts";

/** One thread, from its first appearance in the recording to its exit. */
export interface Life {
  /** Position in {@linkcode ProcessTree.lives}. */
  index: number;
  /** The kernel's tid. */
  tid: number;
  /** The kernel's thread-group id. */
  pid: number;
  /** The recording line where it first appears. */
  firstLine: number;
  /** A thread other than its process's first (the thread-group leader). */
  thread: boolean;
  /** The life of the thread that spawned it, when the recording shows it. */
  spawnedBy: number | null;
  /** The line of that spawn event. */
  spawnLine: number;
  /** Whether its exit was seen. */
  ended: boolean;
  /** The programs it executed, in order (filenames as the exec saw them). */
  execs: string[];
  /** The argv of its last execve, when the recording decoded it. */
  argv: string[] | null;
  /** Its process's leader life (itself for a leader). Set by `finish`. */
  process: number;
  /** For a leader: its child processes' lives in spawn order. */
  children: number[];
  /** For a leader: its other threads' lives in spawn order. */
  threads: number[];
  /** The logical id: p1, p1.2, p1/t2; o1 for a process of unknown parent. */
  id: string;
}

/**
 * Builds the tree from a recording's events, in file order, then answers
 * which life a tid belongs to at a given line.
 *
 * @example
 * ```ts ignore
 * import { ProcessTree } from "./tree.ts";
 * const tree = new ProcessTree();
 * let line = 0;
 * for await (const event of readRecording("rec.ndjson")) tree.add(event, ++line);
 * tree.finish();
 * tree.lifeAt(4242, 17)?.id; // "p1.1"
 * ```
 */
export class ProcessTree {
  /** Every life, in order of first appearance. */
  readonly lives: Life[] = [];
  /** The first process, then processes of unknown parent. */
  readonly roots: number[] = [];
  /** The recorded command, from the header. */
  argv: string[] = [];
  readonly #byTid = new Map<number, number[]>();

  /** Takes the next event; `line` is its line number in the recording. */
  add(event: RecordingEvent, line: number) {
    switch (event.type) {
      case "header":
        this.argv = event.argv;
        return;
      case "end":
        return;
      case "spawn":
        this.#actor(event.tid, event.pid, line);
        return this.#spawn(event.tid, event.child, event.childPid, line);
      case "exec":
        return this.#exec(event.tid, event.pid, event, line);
      case "exit":
        this.#actor(event.tid, event.pid, line).ended = true;
        return;
      case "syscall":
        this.#syscall(event, line);
        return;
      default:
        this.#actor(event.tid, event.pid, line);
    }
  }

  /** Links processes and threads and gives every life its logical id. */
  finish() {
    for (const life of this.lives) this.#link(life);
    for (const life of this.lives) {
      life.children.sort((x, y) => this.#order(x) - this.#order(y));
      life.threads.sort((x, y) => this.#order(x) - this.#order(y));
    }
    this.#name();
  }

  /**
   * The life `tid` had at `line`: the latest that began at or before it
   * (or the first, for a mention before any), undefined for a tid the
   * recording never shows acting.
   */
  lifeAt(tid: number, line: number): Life | undefined {
    const indexes = this.#byTid.get(tid);
    if (!indexes) return undefined;

    let found = indexes[0];
    for (const index of indexes) {
      if (this.lives[index].firstLine > line) break;
      found = index;
    }
    return this.lives[found];
  }

  /** The leader life of the process `life` belongs to. */
  processOf(life: Life): Life {
    return this.lives[life.process];
  }

  /** The life of the thread acting at `line`, begun there if it is new. */
  #actor(tid: number, pid: number, line: number): Life {
    const current = this.#latest(tid);
    if (current && !current.ended) return current;
    return this.#begin(tid, pid, line);
  }

  #spawn(parentTid: number, child: number, childPid: number, line: number) {
    const parent = this.#latest(parentTid)!;
    const current = this.#latest(child);
    const early = current && current.spawnedBy === null &&
      current.index !== 0 && current.index !== parent.index;
    const life = early ? current : this.#begin(child, childPid, line);

    life.pid = childPid;
    life.thread = child !== childPid;
    life.spawnedBy = parent.index;
    life.spawnLine = line;
  }

  #exec(
    tid: number,
    pid: number,
    event: { filename: string | null; formerTid?: number },
    line: number,
  ) {
    // ptrace(2): a non-leader that execs takes the leader's tid; the
    // execing thread's own life ends there.
    if (event.formerTid !== undefined && event.formerTid !== tid) {
      const former = this.#latest(event.formerTid);
      if (former) former.ended = true;
    }
    const life = this.#actor(tid, pid, line);
    if (event.filename !== null) life.execs.push(event.filename);
  }

  #syscall(
    event: RecordingEvent & { type: "syscall" },
    line: number,
  ) {
    const life = this.#actor(event.tid, event.pid, line);
    if (!event.name.startsWith("execve") || event.errno !== null) return;

    // Decoded execve arguments, when present: (filename, argv, envp), argv
    // a list of `{ str }` (program data).
    const argv: unknown = event.decoded?.args[event.name === "execve" ? 1 : 2];
    if (!Array.isArray(argv)) return;
    const texts = argv.map((arg) => {
      const bytes = arg as { str?: unknown; len?: unknown } | null;
      if (typeof bytes?.str !== "string") return null;
      return bytes.len === undefined ? bytes.str : `${bytes.str}...`;
    });
    if (texts.every((text) => text !== null)) life.argv = texts as string[];
  }

  #begin(tid: number, pid: number, line: number): Life {
    const life: Life = {
      index: this.lives.length,
      tid,
      pid,
      firstLine: line,
      thread: tid !== pid,
      spawnedBy: null,
      spawnLine: line,
      ended: false,
      execs: [],
      argv: null,
      process: this.lives.length,
      children: [],
      threads: [],
      id: "",
    };
    this.lives.push(life);
    const indexes = this.#byTid.get(tid) ?? [];
    indexes.push(life.index);
    this.#byTid.set(tid, indexes);
    return life;
  }

  #latest(tid: number): Life | undefined {
    const indexes = this.#byTid.get(tid);
    return indexes && this.lives[indexes[indexes.length - 1]];
  }

  #link(life: Life) {
    const leader = this.#leaderOf(life);
    if (life.thread && leader) {
      life.process = leader.index;
      leader.threads.push(life.index);
      return;
    }

    life.thread = false;
    life.process = life.index;
    if (life.spawnedBy === null) {
      this.roots.push(life.index);
      return;
    }
    const parent = this.lives[life.spawnedBy];
    this.#leaderOf(parent)?.children.push(life.index) ??
      this.roots.push(life.index);
  }

  /**
   * The leader of the process a life belongs to, when it is known. Bounded:
   * a damaged recording can make spawns form a loop.
   */
  #leaderOf(start: Life): Life | undefined {
    let life = start;
    for (let steps = 0; steps <= this.lives.length; steps++) {
      if (!life.thread) return life;
      if (life.spawnedBy === null) {
        const leader = this.lifeAt(life.pid, life.firstLine);
        return leader && !leader.thread ? leader : undefined;
      }
      life = this.lives[life.spawnedBy];
    }
    return undefined;
  }

  #order(index: number): number {
    return this.lives[index].spawnLine;
  }

  #name() {
    let orphans = 0;
    for (const root of this.roots) {
      this.#nameTree(root, root === 0 ? "p1" : `o${++orphans}`);
    }

    // Spawns that form a loop (a damaged recording) leave lives unnamed.
    for (const life of this.lives) {
      if (life.id !== "" || life.thread) continue;
      this.roots.push(life.index);
      this.#nameTree(life.index, `o${++orphans}`);
    }
    for (const life of this.lives) {
      if (life.id === "") life.id = `o${++orphans}`;
    }
  }

  /** Names a process, its threads and its descendants; a loop, not recursion, for deep fork chains. */
  #nameTree(root: number, rootId: string) {
    const pending: [number, string][] = [[root, rootId]];
    while (pending.length > 0) {
      const [index, id] = pending.pop()!;
      const leader = this.lives[index];
      if (leader.id !== "") continue;

      leader.id = id;
      leader.threads.forEach((thread, n) => {
        this.lives[thread].id = `${id}/t${n + 2}`;
      });
      leader.children.forEach((child, n) => {
        pending.push([child, `${id}.${n + 1}`]);
      });
    }
  }
}
