/**
 * The text view of a recording: one line per syscall as strace writes it,
 * `--- SIGNAL {...} ---` for signals, `+++ exited with N +++` when a
 * thread ends, fed one event at a time so that it can follow a recording
 * as it is made.
 *
 * Lines carry the thread id as strace -f does: `[pid  1234] ` while more
 * than one thread is being traced (strace's rule on a terminal), or, with
 * `pidColumn`, always as a left-aligned column (`1234  `, strace's rule
 * with -o FILE). The result is aligned to column 40, as strace aligns it.
 *
 * @module
 */

import type {
  ExitEvent,
  RecordingEvent,
  SignalEvent,
} from "../recording/events.ts";
import { signalText } from "../decode/kinds.ts";
import { xlatName } from "../decode/xlat.ts";
import {
  SIGCHLD_CODES,
  SIGINFO_CODES,
  SIGSEGV_CODES,
} from "../decode/xlat_tables.ts";
import { type Paint, painter } from "./colour.ts";
import { syscallText } from "./line.ts";

/** Options of {@linkcode TextView}. */
export interface TextOptions {
  /** Show what fds refer to, as strace -y does. */
  fdPaths?: boolean;
  /** Start every line with the thread id, as strace -f -o FILE does. */
  pidColumn?: boolean;
  /** Paint with ANSI colours. */
  colour?: boolean;
}

/** strace's column for `= result`. */
const RESULT_COLUMN = 40;

/**
 * Turns events into lines.
 *
 * @example
 * ```ts
 * import { TextView } from "./text.ts";
 * const view = new TextView();
 * view.lines({ type: "exit", t: 0, pid: 1, tid: 1, process: true, code: 0, signal: null, core: false });
 * // ["+++ exited with 0 +++"]
 * ```
 */
export class TextView {
  readonly #live = new Set<number>();
  readonly #gone = new Set<number>();
  readonly #paint: Paint;

  /** A view with these options. */
  constructor(readonly options: TextOptions = {}) {
    this.#paint = painter(options.colour ?? false);
  }

  /** The lines an event shows as; none for most events but syscalls. */
  lines(event: RecordingEvent): string[] {
    if (event.type === "header" || event.type === "end") return [];
    this.#see(event.tid);
    if (event.type === "spawn") {
      this.#live.add(event.child);
      return [];
    }

    const line = this.#body(event);
    const prefix = this.#prefix(event.tid);
    if (event.type === "exit") this.#forget(event.tid);
    return line === null ? [] : [prefix + line.text];
  }

  #body(event: Exclude<RecordingEvent, { type: "header" | "end" | "spawn" }>) {
    switch (event.type) {
      case "syscall":
        return this.#syscall(event);
      case "signal":
        return { text: this.#paint(signalLine(event), "signal") };
      case "stop":
        return {
          text: this.#paint(`--- stopped by ${event.signal} ---`, "signal"),
        };
      case "exit":
        return { text: this.#paint(exitLine(event), "exit") };
      default:
        return null;
    }
  }

  #syscall(event: RecordingEvent & { type: "syscall" }) {
    const { call, result, failed } = syscallText(event, {
      fdPaths: this.options.fdPaths,
    });
    const width = this.#prefixWidth(event.tid) + call.length + 1;
    const padding = " ".repeat(Math.max(0, RESULT_COLUMN - width));
    const name = call.slice(0, call.indexOf("("));
    const painted = this.#paint(name, "name") + call.slice(name.length);
    const role = failed ? "error" : event.ret === null ? "unfinished" : null;
    const shown = role ? this.#paint(result, role) : result;
    return { text: `${painted} ${padding}= ${shown}` };
  }

  #prefix(tid: number): string {
    if (this.options.pidColumn) {
      return this.#paint(String(tid).padEnd(5), "pid") + " ";
    }
    if (this.#live.size <= 1) return "";
    return this.#paint(`[pid ${String(tid).padStart(5)}]`, "pid") + " ";
  }

  #prefixWidth(tid: number): number {
    if (this.options.pidColumn) return Math.max(5, String(tid).length) + 1;
    if (this.#live.size <= 1) return 0;
    return `[pid ${String(tid).padStart(5)}] `.length;
  }

  #see(tid: number) {
    if (!this.#gone.has(tid)) this.#live.add(tid);
  }

  #forget(tid: number) {
    this.#live.delete(tid);
    this.#gone.add(tid);
  }
}

/**
 * A signal line: `--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED,
 * si_pid=42} ---`. strace shows more of the siginfo (si_uid, si_status,
 * si_addr...); the recording keeps the signal, its code and its sender.
 *
 * @example
 * ```ts
 * import { signalLine } from "./text.ts";
 * signalLine({ type: "signal", t: 0, pid: 1, tid: 1, signal: "SIGINT", signo: 2, code: 128, sender: null });
 * // "--- SIGINT {si_signo=SIGINT, si_code=SI_KERNEL} ---"
 * ```
 */
export function signalLine(event: SignalEvent): string {
  const name = String(signalText(event.signo));
  const fields = [`si_signo=${name}`, `si_code=${codeName(event)}`];
  if (event.sender !== null) fields.push(`si_pid=${event.sender}`);
  return `--- ${name} {${fields.join(", ")}} ---`;
}

function codeName(event: SignalEvent): string | number {
  const specific = event.signal === "SIGCHLD"
    ? SIGCHLD_CODES
    : event.signal === "SIGSEGV"
    ? SIGSEGV_CODES
    : null;
  const name =
    (event.code > 0 && specific ? xlatName(specific, event.code) : undefined) ??
      xlatName(SIGINFO_CODES, event.code);
  return name ?? event.code;
}

/**
 * An exit line as strace writes it.
 *
 * @example
 * ```ts
 * import { exitLine } from "./text.ts";
 * exitLine({ type: "exit", t: 0, pid: 1, tid: 1, process: true, code: null, signal: "SIGKILL", core: false });
 * // "+++ killed by SIGKILL +++"
 * ```
 */
export function exitLine(event: ExitEvent): string {
  if (event.signal === null) return `+++ exited with ${event.code} +++`;
  const core = event.core ? " (core dumped)" : "";
  return `+++ killed by ${event.signal}${core} +++`;
}
