/**
 * Turns each event of a recording into the line a diff compares: pids as
 * logical ids, fds by order of opening, pointers masked, times left out,
 * temporary names masked, then the user's rules. What stays is what the
 * program did, not where in memory or when.
 *
 * @module
 */

import { bytesOf } from "../decode/bytes.ts";
import type {
  DecodedBytes,
  DecodedSyscall,
  RecordingEvent,
  SyscallEvent,
  Word,
} from "../recording/events.ts";
import { FdTable } from "./fds.ts";
import { ASYNC_SIGNALS, SignalHandlers } from "./handlers.ts";
import type { ResolvedDiffOptions } from "./options.ts";
import {
  closesOnExec,
  type Kind,
  signatureOf,
  signatureOfCall,
} from "./signatures.ts";
import type { StoredEvent } from "./store.ts";
import { maskTempNames } from "./temp_names.ts";
import type { Life, ProcessTree } from "./tree.ts";
import { quote } from "../view/quote.ts";

/** One event as the diff sees it: what is stored, and whose it is. */
export interface NormalEvent extends StoredEvent {
  /** The life (thread) whose stream it belongs to. */
  life: number;
}

const AT_FDCWD = -100;
const encoder = new TextEncoder();
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
// ERESTARTSYS, ERESTARTNOINTR, ERESTARTNOHAND, ERESTART_RESTARTBLOCK: not
// ERESTART (85), which programs do see.
const KERNEL_RESTART = /^ERESTART[A-Z_]+$/;
// fd targets as /proc/PID/fd shows them: pipe:[4711], socket:[4712]...
const INODE_NAME = /^(pipe|socket|anon_inode|net):\[\d+\]$/;
const PROC_PID = /\/proc\/(\d+)(?=\/|$)/g;
// Files whose lines start with the address range of a mapping (proc(5)).
const MAPS_FILE =
  /^\/proc\/(self|thread-self|\d+)(\/task\/\d+)?\/(maps|smaps|smaps_rollup)$/;
// A whole word on each side: "x86_64-linux" in a path is no range.
const ADDRESS_RANGE = /\b[0-9a-f]+-[0-9a-f]+\b/g;
const POINTER_MIN = 0x10000n;
// Above 4 GiB and below the end of user space: an address, whatever the
// position (used where no signature says what an argument is).
const LIKELY_POINTER_MIN = 0x1_0000_0000n;
const USER_SPACE_END = 0x8000_0000_0000n;
const F_DUPFD = 0;
const F_DUPFD_CLOEXEC = 1030;
const F_SETFD = 2;
const FD_CLOEXEC = 1n;
const FIONCLEX = 0x5450;
const FIOCLEX = 0x5451;

/**
 * Normalises the events of one recording, in file order, after its
 * {@linkcode ProcessTree} is complete. Keeps one fd table per live
 * process, and the events of async signal handlers still running; nothing
 * else grows with the recording.
 *
 * @example
 * ```ts ignore
 * import { Normalizer } from "./normalize.ts";
 * const normalizer = new Normalizer(tree, resolveDiffOptions());
 * const show = (normal) => console.log(tree.lives[normal.life].id, normal.line);
 * let line = 0;
 * for await (const event of readRecording("rec.ndjson")) {
 *   normalizer.normalize(event, ++line).forEach(show);
 * }
 * normalizer.finish().forEach(show);
 * ```
 */
export class Normalizer {
  readonly #fds = new Map<number, FdTable>();
  readonly #ignored: Set<string>;
  readonly #handlers: SignalHandlers<NormalEvent> | null;

  /** Normalises events of the recording `tree` was built from. */
  constructor(
    readonly tree: ProcessTree,
    readonly options: ResolvedDiffOptions,
  ) {
    this.#ignored = new Set(options.rules.ignoreSyscalls);
    this.#handlers = options.normalize.asyncSignals
      ? new SignalHandlers(tree)
      : null;
  }

  /**
   * The normal forms to add to the streams after this event, in order:
   * usually the event's own, none for a line no stream holds or while an
   * async signal's handler runs (its calls are left out when it returns).
   */
  normalize(event: RecordingEvent, line: number): NormalEvent[] {
    if (event.type === "header" || event.type === "end") return [];

    const life = this.tree.lifeAt(event.tid, line);
    if (!life) return [];

    const normal = this.#asynchronous(event)
      ? null
      : this.#normal(event, life, line);
    if (!this.#handlers) return normal ? [normal] : [];
    return this.#handlers.pass(event, life, normal);
  }

  /** The events still held at the end: handlers that never returned. */
  finish(): NormalEvent[] {
    return this.#handlers?.finish() ?? [];
  }

  #normal(
    event: Exclude<RecordingEvent, { type: "header" | "end" }>,
    life: Life,
    line: number,
  ): NormalEvent | null {
    const other = event.type === "syscall" ? "" : this.#other(event, line);
    const shown = event.type === "syscall"
      ? this.#syscall(event, life, line)
      : { key: other, line: other };
    const key = shown.key;
    const full = this.#times(event, shown.line);
    if (event.type === "exec") this.#fdTable(life).exec();
    if (event.type === "exit" && event.process) this.#fds.delete(life.process);
    // Dropped only now: an ignored call's new fd still gets its name.
    if (event.type === "syscall" && this.#ignored.has(event.name)) return null;

    return {
      life: life.index,
      key: this.#replace(key),
      line: this.#replace(full),
      syscall: event.type === "syscall",
      failed: event.type === "syscall" && event.errno !== null,
      source: line,
    };
  }

  /** An async signal, or the trace it left, when those are left out. */
  #asynchronous(event: RecordingEvent): boolean {
    if (!this.options.normalize.asyncSignals) return false;
    if (event.type === "signal") return ASYNC_SIGNALS.has(event.signal);
    return event.type === "syscall" && KERNEL_RESTART.test(event.errno ?? "");
  }

  #syscall(
    event: SyscallEvent,
    life: Life,
    line: number,
  ): { key: string; line: string } {
    const fds = this.#fdTable(life);
    const kinds = this.#argumentKinds(event);
    const args = kinds.map((kind, index) =>
      this.#argument(event, index, kind, fds, line)
    );
    const abi = event.abi ? `[${event.abi}] ` : "";
    const call = (shown: string[]) =>
      `${abi}${event.name}(${shown.join(", ")})`;

    // The result is rendered after the arguments: a new fd (dup2's too)
    // gets its number from the table as the call left it.
    const result = this.#result(event, fds, line);
    if (event.errno === null) trackFds(event, fds);

    // Buffers the call filled are results: the line shows their contents,
    // the key that alignment matches on does not.
    const filled = kinds.map((kind, index) =>
      kind === "o" && args[index] !== "*"
        ? this.#filled(event, index, line) ?? args[index]
        : args[index]
    );
    return { key: call(args), line: `${call(filled)} = ${result}` };
  }

  /**
   * A filled buffer's decoded contents, when the decoder read them. What
   * /proc/PID/maps and its like list are addresses, which ASLR moves: the
   * ranges are masked with the other addresses.
   */
  #filled(event: SyscallEvent, index: number, line: number): string | null {
    if (event.errno !== null) return null;
    const decoded = decodedData(event.decoded?.args[index]);
    if (decoded === null) return null;

    const maps = this.options.normalize.addresses && readsMaps(event);
    return this.#data(decoded, line, maps ? maskRanges : undefined);
  }

  /** The kinds of the arguments to show: those the syscall takes. */
  #argumentKinds(event: SyscallEvent): (Kind | "?")[] {
    const signature = signatureOfCall(event.name, event.args);
    const known = signature?.args ?? [];
    const taken = signature ? known.length : event.args.length;
    const count = this.options.normalize.unusedArgs
      ? Math.min(taken, event.args.length)
      : event.args.length;
    return Array.from({ length: count }, (_, index) => known[index] ?? "?");
  }

  #argument(
    event: SyscallEvent,
    index: number,
    kind: Kind | "?",
    fds: FdTable,
    line: number,
  ): string {
    if (this.#argIgnored(event.name, index)) return "*";

    // Decoded arguments are listed as the decoder shows them: positional
    // for nearly every syscall, so only data at pointer positions is used.
    const decoded = kind === "s" || kind === "p"
      ? decodedData(event.decoded?.args[index])
      : null;
    if (decoded !== null) return this.#data(decoded, line);

    const value = event.args[index];
    switch (kind) {
      case "f":
        return this.#fd(int32(value), fds);
      case "d":
        return int32(value) === AT_FDCWD
          ? "AT_FDCWD"
          : this.#fd(int32(value), fds);
      case "p":
      case "s":
      case "o":
        return this.#pointer(value);
      case "a":
        return BigInt(value) < POINTER_MIN
          ? String(value)
          : this.#pointer(value);
      case "i":
        return String(int32(value));
      case "x":
        return decodedSymbol(event, index) ?? hex(value);
      case "P":
        return this.#pid(int32(value), line);
      case "t":
        return this.options.normalize.times ? "<time>" : String(value);
      case "g":
        return "*";
      case "w":
        return this.options.normalize.futexWords ? "*" : String(value);
      case "r":
        return this.options.normalize.addresses ? "<random>" : hex(value);
      case "n":
        return String(value);
      default:
        return this.#unknown(value);
    }
  }

  #result(event: SyscallEvent, fds: FdTable, line: number): string {
    const target = fdTarget(event.decoded);
    const decoded = target === null ? "" : `<${this.#text(target, line)}>`;
    if (event.ret === null) return "?";
    if (event.errno !== null) return `-1 ${event.errno}`;

    const value = event.ret;
    switch (this.#resultKind(event)) {
      case "f":
        fds.opened(int32(value), opensCloseOnExec(event));
        return this.#fd(int32(value), fds) + decoded;
      case "p":
        return this.#pointer(value) + decoded;
      case "P":
        return this.#pid(int32(value), line) + decoded;
      case "t":
        return (this.options.normalize.times ? "<time>" : String(value)) +
          decoded;
      case "x":
        return hex(value) + decoded;
      case "g":
        return "*";
      default:
        return String(value) + decoded;
    }
  }

  #resultKind(event: SyscallEvent): Kind {
    const command = Number(event.args[1]);
    const dupsFd = command === F_DUPFD || command === F_DUPFD_CLOEXEC;
    if (event.name.startsWith("fcntl") && dupsFd) return "f";
    return signatureOf(event.name)?.ret ?? "n";
  }

  #other(event: Exclude<RecordingEvent, SyscallEvent>, line: number): string {
    switch (event.type) {
      case "exec": {
        const exe = event.exe !== null && event.exe !== event.filename
          ? ` (exe ${this.#text(event.exe, line)})`
          : "";
        return `exec ${this.#text(event.filename ?? "?", line)}${exe}`;
      }
      case "spawn":
        return `spawn ${event.kind} ${this.#pid(event.child, line)}`;
      case "signal": {
        const from = event.sender === null
          ? ""
          : `, from ${this.#pid(event.sender, line)}`;
        return `--- ${event.signal} {code ${event.code}${from}} ---`;
      }
      case "stop":
        return `--- stopped by ${event.signal} ---`;
      case "continue":
        return "--- continued ---";
      case "exit":
        return exitLine(event);
      default:
        return event.type;
    }
  }

  #fdTable(life: Life): FdTable {
    const existing = this.#fds.get(life.process);
    if (existing) return existing;

    // A child inherits its parent's fds as they are when it first acts.
    const leader = this.tree.processOf(life);
    const parent = leader.spawnedBy === null
      ? undefined
      : this.#fds.get(this.tree.lives[leader.spawnedBy].process);
    const table = parent?.clone() ?? new FdTable();
    this.#fds.set(life.process, table);
    return table;
  }

  #fd(fd: number, fds: FdTable): string {
    return this.options.normalize.fds ? fds.name(fd) : String(fd);
  }

  #pointer(value: Word): string {
    const big = BigInt(value);
    if (big === 0n) return "NULL";
    if (big >= POINTER_MIN && this.options.normalize.addresses) return "<ptr>";
    return hex(value);
  }

  /** A value of unknown meaning: masked only when it must be an address. */
  #unknown(value: Word): string {
    const big = BigInt(value);
    const address = big >= LIKELY_POINTER_MIN && big < USER_SPACE_END;
    if (address && this.options.normalize.addresses) return "<ptr>";
    return String(value);
  }

  #pid(pid: number, line: number): string {
    if (!this.options.normalize.pids || pid === 0 || pid === -1) {
      return String(pid);
    }
    if (pid < 0) return `-${this.#pid(-pid, line)}`;
    return this.tree.lifeAt(pid, line)?.id ?? "<pid>";
  }

  /**
   * Decoded program data quoted as `show` quotes it (strace's escapes),
   * `...` after data the decoder cut. Text is masked before quoting, by
   * `mask` too when given; binary data is compared byte for byte.
   */
  #data(
    data: DecodedBytes | DecodedBytes[],
    line: number,
    mask = (text: string) => text,
  ): string {
    const one = (value: DecodedBytes) => {
      const cut = value.len !== undefined;
      if ("str" in value) return this.#text(mask(value.str), line, cut);
      return quote(bytesOf(value), cut);
    };
    return Array.isArray(data) ? `[${data.map(one).join(", ")}]` : one(data);
  }

  /**
   * A string from the program, quoted as `show` quotes it, with what
   * differs per run masked: temporary names, the inode in `pipe:[4711]`
   * (fd targets), and pids in /proc paths, shown as logical ids.
   */
  #text(text: string, line: number, cut = false): string {
    let shown = text;
    if (this.options.normalize.tempNames) {
      shown = maskTempNames(shown).replace(INODE_NAME, "$1:[*]");
    }
    if (this.options.normalize.pids) {
      shown = shown.replace(PROC_PID, (_, pid) => {
        return `/proc/${this.#pid(Number(pid), line)}`;
      });
    }
    return quote(encoder.encode(shown), cut);
  }

  #times(event: RecordingEvent, line: string): string {
    if (this.options.normalize.times) return line;
    if (event.type === "syscall" && event.dur !== null) {
      return `${line} <${event.dur}us>`;
    }
    return "t" in event ? `${line} @${event.t}us` : line;
  }

  #argIgnored(name: string, index: number): boolean {
    return this.options.rules.ignoreArgs.some((rule) =>
      rule.name === name && rule.index === index
    );
  }

  #replace(text: string): string {
    let result = text;
    for (const { pattern, replacement } of this.options.rules.replace) {
      result = result.replace(pattern, replacement);
    }
    return result;
  }
}

/**
 * The decoded value of program data: `{ str }` or `{ b64 }` bytes, or a
 * list of them (execve's argv). Symbols the decoder rendered (flag names,
 * "NULL") and structures are not used: the raw value, normalised, is
 * compared instead, which holds the same facts.
 */
function decodedData(value: unknown): DecodedBytes | DecodedBytes[] | null {
  if (isData(value)) return value;
  if (!Array.isArray(value)) return null;
  return value.every(isData) ? value : null;
}

/**
 * Flags and enums as the decoder named them ("O_RDONLY|O_CLOEXEC"), for a
 * line that reads like strace's; the raw value they name is what alignment
 * compares, so this changes the text only.
 */
function decodedSymbol(event: SyscallEvent, index: number): string | null {
  const value = event.decoded?.args[index];
  if (typeof value !== "string" || value.startsWith("0x")) return null;
  return /^[A-Z_][A-Z0-9_|~ <>()+-]*$/.test(value) ? value : null;
}

/**
 * Bytes the recording holds in a form that can be quoted: the reader
 * checks events, not decoded values, so a damaged `b64` is refused here.
 */
function isData(value: unknown): value is DecodedBytes {
  if (typeof value !== "object" || value === null) return false;
  const bytes = value as { str?: unknown; b64?: unknown };
  if (typeof bytes.str === "string") return true;
  return typeof bytes.b64 === "string" && bytes.b64.length % 4 === 0 &&
    BASE64.test(bytes.b64);
}

/** Whether a call reads from an fd on a /proc file that lists mappings. */
function readsMaps(event: SyscallEvent): boolean {
  const fd = event.decoded?.args[0] as { path?: unknown } | undefined;
  return typeof fd?.path === "string" && MAPS_FILE.test(fd.path);
}

/** `7f12a000-7f12c000` as `<ptr>-<ptr>`, wherever a range is in `text`. */
function maskRanges(text: string): string {
  return text.replace(ADDRESS_RANGE, "<ptr>-<ptr>");
}

/** Fd table changes a successful syscall makes besides returning an fd. */
function trackFds(event: SyscallEvent, fds: FdTable) {
  const fd = int32(event.args[0]);
  const command = Number(event.args[1]);
  if (event.name === "close") fds.closed(fd);
  if (event.name.startsWith("fcntl") && command === F_SETFD) {
    fds.setCloseOnExec(fd, (BigInt(event.args[2]) & FD_CLOEXEC) !== 0n);
  }
  if (event.name === "ioctl" && (command === FIOCLEX || command === FIONCLEX)) {
    fds.setCloseOnExec(fd, command === FIOCLEX);
  }
}

function opensCloseOnExec(event: SyscallEvent): boolean {
  if (event.name.startsWith("fcntl")) {
    return Number(event.args[1]) === F_DUPFD_CLOEXEC;
  }
  return closesOnExec(event.name, event.args);
}

/** The target of a decoded fd result (`{ fd, path }`), when known. */
function fdTarget(decoded: DecodedSyscall | undefined): string | null {
  const ret = decoded?.ret as { path?: unknown } | undefined;
  return typeof ret?.path === "string" ? ret.path : null;
}

function exitLine(event: RecordingEvent & { type: "exit" }): string {
  const who = event.process ? "" : "thread ";
  if (event.signal !== null) {
    const core = event.core ? " (core dumped)" : "";
    return `+++ ${who}killed by ${event.signal}${core} +++`;
  }
  return `+++ ${who}exited with ${event.code} +++`;
}

/** A register holding a C int: the low 32 bits, signed. */
function int32(value: Word): number {
  if (typeof value === "number") return value | 0;
  return Number(BigInt.asIntN(32, BigInt(value)));
}

function hex(value: Word): string {
  const big = BigInt(value);
  if (big === 0n) return "0";
  return big < 0n ? `-0x${(-big).toString(16)}` : `0x${big.toString(16)}`;
}
