/**
 * The calls an asynchronous signal's handler makes, told apart from the
 * program's own, so that a diff can leave them out with the signal.
 *
 * SIGCHLD, SIGALRM and their like arrive at another point of the program
 * on every run, and the calls their handler makes move with them: bash's
 * SIGCHLD handler reaps children with wait4 until it fails with ECHILD,
 * wherever the signal came in. ptrace shows where a handler starts and
 * ends on the thread that runs it: the signal-delivery-stop (the
 * recording's `signal` event) comes just before the handler's first
 * instruction, and a handler that returns ends in rt_sigreturn(2), which
 * the kernel's signal frame calls (sigreturn(2)). Between the two, every
 * event of that thread is the handler's, or a nested handler's.
 *
 * Two things would make that wrong, and are guarded against:
 * - A signal without a handler (SIG_DFL, SIG_IGN) runs no handler and has
 *   no rt_sigreturn. Dispositions are followed from the rt_sigaction calls
 *   the recording decoded, a fork copying its parent's (fork(2)), an exec
 *   resetting caught signals to SIG_DFL (execve(2)), SA_RESETHAND after one
 *   delivery. A signal whose handler is not known to be installed (its
 *   rt_sigaction not recorded or not decoded, or made before an attach)
 *   opens no window: its calls stay in the diff.
 * - A handler need not return: it can siglongjmp out, exit or exec. So the
 *   handler's events are held, not dropped, until the rt_sigreturn that
 *   ends the outermost handler; an exit, an exec, the end of the recording
 *   or more than {@linkcode HOLD_LIMIT} events without it give them back.
 *
 * @module
 */

import type {
  RecordingEvent,
  SignalEvent,
  SyscallEvent,
} from "../recording/events.ts";
import type { Life, ProcessTree } from "./tree.ts";

/** Signals that arrive independently of what the program is doing. */
export const ASYNC_SIGNALS: ReadonlySet<string> = new Set([
  "SIGCHLD",
  "SIGALRM",
  "SIGVTALRM",
  "SIGPROF",
  "SIGWINCH",
  "SIGIO",
  "SIGURG",
]);

/** Most events held for one handler before it is taken not to return. */
export const HOLD_LIMIT = 4096;

/** A caught signal: whether its handler is reset after one delivery. */
interface Handler {
  resetHand: boolean;
}

/** A thread running async signal handlers, and what they did so far. */
interface Window<T> {
  depth: number;
  held: T[];
}

/**
 * Follows a recording's events in file order and keeps back those that
 * an async signal's handler caused. `T` is what the caller keeps per
 * event (a diff's normal form).
 *
 * @example
 * ```ts ignore
 * import { SignalHandlers } from "./handlers.ts";
 * const handlers = new SignalHandlers<string>(tree);
 * for (const [event, line] of events) {
 *   const life = tree.lifeAt(event.tid, line)!;
 *   for (const kept of handlers.pass(event, life, render(event))) use(kept);
 * }
 * handlers.finish().forEach(use);
 * ```
 */
export class SignalHandlers<T> {
  readonly #caught = new Map<number, Map<number, Handler>>();
  readonly #windows = new Map<number, Window<T>>();

  /** Follows the processes of the recording `tree` was built from. */
  constructor(readonly tree: ProcessTree) {}

  /**
   * Takes one event of `life` and what the caller made of it (null for
   * nothing); returns what to keep now, in order: `normal` outside a
   * handler, nothing while a handler runs or when it returned, the held
   * events when a handler turns out not to return.
   */
  pass(event: RecordingEvent, life: Life, normal: T | null): T[] {
    const kept = normal === null ? [] : [normal];
    switch (event.type) {
      case "signal":
        return this.#signal(event, life, kept);
      case "syscall":
        this.#learn(event, life);
        return event.name === "rt_sigreturn"
          ? this.#sigreturn(life, kept)
          : this.#hold(life, kept);
      case "exec":
        this.#caughtBy(life).clear();
        return this.#release(life, kept);
      case "exit":
        if (event.process) this.#caught.delete(life.process);
        return this.#release(life, kept);
      default:
        return this.#hold(life, kept);
    }
  }

  /** What is still held at the end: handlers that never returned. */
  finish(): T[] {
    const held = [...this.#windows.values()].flatMap((window) => window.held);
    this.#windows.clear();
    return held;
  }

  #signal(event: SignalEvent, life: Life, kept: T[]): T[] {
    const caught = this.#caughtBy(life);
    const handler = caught.get(event.signo);
    if (!handler) return this.#hold(life, kept);
    if (handler.resetHand) caught.delete(event.signo);

    // Any handled signal nests inside an open window: its own
    // rt_sigreturn follows before the outer one.
    const window = this.#windows.get(life.index);
    if (window) {
      window.depth++;
      return this.#hold(life, kept);
    }
    if (!ASYNC_SIGNALS.has(event.signal)) return kept;
    this.#windows.set(life.index, { depth: 1, held: [] });
    return kept;
  }

  #sigreturn(life: Life, kept: T[]): T[] {
    const window = this.#windows.get(life.index);
    if (!window) return kept;
    if (--window.depth > 0) return this.#hold(life, kept);

    // The outermost handler returned: what it did goes, with its return.
    this.#windows.delete(life.index);
    return [];
  }

  #hold(life: Life, kept: T[]): T[] {
    const window = this.#windows.get(life.index);
    if (!window) return kept;

    window.held.push(...kept);
    if (window.held.length <= HOLD_LIMIT) return [];
    this.#windows.delete(life.index);
    return window.held;
  }

  #release(life: Life, kept: T[]): T[] {
    const window = this.#windows.get(life.index);
    if (!window) return kept;
    this.#windows.delete(life.index);
    return [...window.held, ...kept];
  }

  /** Follows rt_sigaction: the new action, or the old one a query shows. */
  #learn(event: SyscallEvent, life: Life) {
    if (event.name !== "rt_sigaction" || event.errno !== null) return;

    const signo = Number(event.args[0]);
    const [, next, old] = event.decoded?.args ?? [];
    const action = next === "NULL" ? actionOf(old) : actionOf(next);
    const caught = this.#caughtBy(life);
    if (action) caught.set(signo, action);
    // A handler unknown is taken as none: nothing is then held for it.
    else caught.delete(signo);
  }

  /** The caught signals of `life`'s process; a child starts with its parent's. */
  #caughtBy(life: Life): Map<number, Handler> {
    const existing = this.#caught.get(life.process);
    if (existing) return existing;

    const leader = this.tree.processOf(life);
    const parent = leader.spawnedBy === null
      ? undefined
      : this.#caught.get(this.tree.lives[leader.spawnedBy].process);
    const caught = new Map(parent);
    this.#caught.set(life.process, caught);
    return caught;
  }
}

/**
 * A decoded `struct sigaction` that installs a handler; null for SIG_DFL,
 * SIG_IGN, or an action the decoder could not read.
 */
function actionOf(value: unknown): Handler | null {
  const struct = (value as { struct?: Record<string, unknown> } | null)
    ?.struct;
  const handler = struct?.sa_handler;
  if (typeof handler !== "string" || !handler.startsWith("0x")) return null;
  const flags = String(struct?.sa_flags ?? "");
  return { resetHand: flags.split("|").includes("SA_RESETHAND") };
}
