/**
 * The events of a recording, one type per line of the NDJSON format
 * (format `systape/1`, documented in docs/FORMAT.md). The tracer produces
 * them, the writer serialises them, the readers parse them back.
 *
 * Conventions shared by all events: `t` is microseconds since the recording
 * started (the header's `start`); `pid` is the thread-group id and `tid` the
 * thread id, as the kernel numbers them; 64-bit values that are not safe
 * JSON integers are decimal strings.
 *
 * @module
 */

/**
 * The format version this code writes.
 *
 * @example The format named in every recording's header
 * ```ts
 * import { FORMAT_VERSION } from "./events.ts";
 * FORMAT_VERSION; // "systape/1"
 * ```
 */
export const FORMAT_VERSION = "systape/1";

/**
 * A raw 64-bit value: a safe integer, or a decimal string beyond 2^53.
 *
 * @example `AT_FDCWD` (-100) as a 32-bit and as a 64-bit register
 * ```ts
 * import type { Word } from "./events.ts";
 * const int: Word = 4294967196; // 2^32 - 100: a safe integer
 * const long: Word = "18446744073709551516"; // 2^64 - 100: beyond 2^53
 * BigInt(long) === 2n ** 64n - 100n; // true
 * ```
 */
export type Word = number | string;

/**
 * First line: what was recorded, where and how.
 *
 * @example Say what a recording ran, where and on which kernel
 * ```ts ignore
 * import { readRecording } from "./reader.ts";
 * for await (const event of readRecording("ls.ndjson")) {
 *   if (event.type !== "header") continue;
 *   console.log(`${event.argv.join(" ")} in ${event.cwd} on ${event.kernel}`);
 *   console.log(`values redacted: ${event.redacted.join(", ")}`);
 * }
 * ```
 */
export interface HeaderEvent {
  /** Discriminant. */
  type: "header";
  /** Always {@linkcode FORMAT_VERSION} for this version of the format. */
  format: string;
  /** The recorder that wrote it. */
  tool: { name: string; version: string };
  /** The command, argv[0] included. */
  argv: string[];
  /** The working directory it ran in. */
  cwd: string;
  /** `uname -m` of the machine. */
  arch: string;
  /** `uname -r` of the machine. */
  kernel: string;
  /** The syscall names selected, or "all". */
  selection: string[] | "all";
  /** Wall-clock start, ISO 8601 UTC. */
  start: string;
  /** The environment as NAME=value, secret-looking values redacted. */
  env: string[];
  /** Names of the variables whose values were redacted. */
  redacted: string[];
}

/**
 * One completed (or never-completed) syscall.
 *
 * @example `openat(AT_FDCWD, ..., O_RDONLY|O_CLOEXEC) = 3`, recorded raw
 * ```ts
 * import type { SyscallEvent } from "./events.ts";
 * const openat: SyscallEvent = {
 *   type: "syscall", t: 7727, pid: 4092, tid: 4092, name: "openat", nr: 257,
 *   args: [4294967196, 139811053412529, 524288, 0, 0, 0],
 *   ret: 3, errno: null, dur: 16,
 * };
 * ```
 */
export interface SyscallEvent {
  /** Discriminant. */
  type: "syscall";
  /** Entry time. */
  t: number;
  /** Thread-group id. */
  pid: number;
  /** Thread id. */
  tid: number;
  /** Name from the ABI's table; `syscall_<nr>` for an unassigned number. */
  name: string;
  /** The number as the program passed it. */
  nr: number;
  /** The ABI when not the native one: "i386" (int 0x80) or "x32". */
  abi?: string;
  /** The six raw argument registers, unsigned. */
  args: Word[];
  /** The return value, signed; null when the syscall never returned. */
  ret: Word | null;
  /** The errno name when it failed (ret in -4095..-1), else null. */
  errno: string | null;
  /** Time from entry to exit in microseconds; null when unfinished. */
  dur: number | null;
  /** Present and true when the syscall never returned. */
  unfinished?: true;
  /** The arguments and result decoded, when a decoder knows the syscall. */
  decoded?: DecodedSyscall;
}

/**
 * A syscall's arguments and result in readable form, beside the raw values,
 * as strace shows them (docs/DECODING.md has the full description).
 *
 * `args` lists the arguments as they are shown, which is positional for
 * almost every syscall; a few show fewer or named ones, as strace does
 * (`openat` shows its mode only with `O_CREAT`, `clone` shows
 * `flags=...`). `ret` is present when the result means more than its
 * number: an fd and its target, an address in hex, `fcntl(F_GETFL)` flags.
 *
 * @example The decoded form of `openat(AT_FDCWD, "/etc/passwd", O_RDONLY) = 3`
 * ```ts
 * import type { DecodedSyscall } from "./events.ts";
 * const decoded: DecodedSyscall = {
 *   args: ["AT_FDCWD", { str: "/etc/passwd" }, "O_RDONLY"],
 *   ret: { fd: 3, path: "/etc/passwd" },
 * };
 * ```
 */
export interface DecodedSyscall {
  /** The arguments as shown. */
  args: DecodedValue[];
  /** The result, when it is more than a number. */
  ret?: DecodedValue;
}

/**
 * One decoded argument, result or field:
 * - a number: an integer, shown in decimal;
 * - a string: a symbol or expression shown as it is, in strace's syntax:
 *   `"O_RDONLY|O_CLOEXEC"`, `"AT_FDCWD"`, `"NULL"`, `"0x7ffd5c4e1a40"`,
 *   `"[CHLD]"`, `"8192*1024"`; never data from the program's memory;
 * - {@linkcode DecodedBytes}: bytes from the program's memory;
 * - {@linkcode DecodedFd}: a file descriptor and what it refers to;
 * - {@linkcode DecodedStruct}: a C structure, field by field;
 * - an array: a C array, or a list such as execve's argv.
 *
 * @example The arguments of `mmap(NULL, 34547, PROT_READ, MAP_PRIVATE, 3, 0)`
 * ```ts
 * import type { DecodedValue } from "./events.ts";
 * const args: DecodedValue[] = [
 *   "NULL", 34547, "PROT_READ", "MAP_PRIVATE",
 *   { fd: 3, path: "/etc/ld.so.cache" }, "0",
 * ];
 * ```
 */
export type DecodedValue =
  | number
  | string
  | DecodedBytes
  | DecodedFd
  | DecodedStruct
  | DecodedValue[];

/**
 * Bytes read from the program (a path, a string, a buffer), losslessly:
 * `str` when they are valid UTF-8 without NUL or control characters other
 * than tab, newline and carriage return; else `b64`, standard base64.
 * `len` is present when the bytes were cut at the string limit: the real
 * length, of which only the first bytes are kept.
 *
 * @example Text and binary buffers, both cut at the default 32 bytes
 * ```ts
 * import type { DecodedBytes } from "./events.ts";
 * const text: DecodedBytes =
 *   { str: "# Locale name alias data base.\n#", len: 2996 };
 * const elf: DecodedBytes =
 *   { b64: "f0VMRgIBAQMAAAAAAAAAAAMAPgABAAAAEHQCAAAAAAA=", len: 832 };
 * ```
 */
export type DecodedBytes =
  | { str: string; len?: number }
  | { b64: string; len?: number };

/**
 * A file descriptor argument or result, and what it refers to when known,
 * as `strace -y` shows it: a path, or `pipe:[INODE]`, `socket:[INODE]`...
 *
 * @example `3</etc/ld.so.cache>`, and an fd whose target is not known
 * ```ts
 * import type { DecodedFd } from "./events.ts";
 * const cache: DecodedFd = { fd: 3, path: "/etc/ld.so.cache" };
 * const unknown: DecodedFd = { fd: 9 };
 * ```
 */
export interface DecodedFd {
  /** The descriptor. */
  fd: number;
  /** Its target, when known. */
  path?: string;
}

/**
 * A C structure: its fields in the order they are shown, with `more` when
 * fields were left out (strace's `...`).
 *
 * @example A `struct stat`: `{st_mode=S_IFREG|0644, st_size=34547, ...}`
 * ```ts
 * import type { DecodedStruct } from "./events.ts";
 * const stat: DecodedStruct = {
 *   struct: { st_mode: "S_IFREG|0644", st_size: 34547 },
 *   more: true,
 * };
 * ```
 */
export interface DecodedStruct {
  /** Field name to value. */
  struct: { [field: string]: DecodedValue };
  /** Present when fields were left out. */
  more?: true;
}

/**
 * A new process or thread.
 *
 * @example Process 4730 forked child 4731
 * ```ts
 * import type { SpawnEvent } from "./events.ts";
 * const spawn: SpawnEvent = {
 *   type: "spawn", t: 12467, pid: 4730, tid: 4730,
 *   kind: "fork", child: 4731, childPid: 4731,
 * };
 * ```
 */
export interface SpawnEvent {
  /** Discriminant. */
  type: "spawn";
  /** When the kernel reported it. */
  t: number;
  /** The parent's thread-group id. */
  pid: number;
  /** The parent thread. */
  tid: number;
  /** How: "fork", "vfork", "clone" (a new process) or "thread". */
  kind: "fork" | "vfork" | "clone" | "thread";
  /** The new thread's tid. */
  child: number;
  /** The new thread's thread-group id (== child for a new process). */
  childPid: number;
}

/**
 * A successful execve: the process runs a new program.
 *
 * @example `/usr/bin/sh` executed, which `/proc/PID/exe` names `/usr/bin/dash`
 * ```ts
 * import type { ExecEvent } from "./events.ts";
 * const exec: ExecEvent = {
 *   type: "exec", t: 8625, pid: 4730, tid: 4730,
 *   filename: "/usr/bin/sh", exe: "/usr/bin/dash",
 * };
 * ```
 */
export interface ExecEvent {
  /** Discriminant. */
  type: "exec";
  /** When the kernel reported it. */
  t: number;
  /** Thread-group id (unchanged by exec). */
  pid: number;
  /** The thread now running the program; always == pid after exec. */
  tid: number;
  /** The file the program asked to execute. */
  filename: string | null;
  /** What /proc/PID/exe names after the exec (the interpreter for scripts). */
  exe: string | null;
  /** The tid that called execve when it was not the leader, else absent. */
  formerTid?: number;
}

/**
 * A signal about to be delivered to a thread (signal-delivery-stop).
 *
 * @example SIGCHLD for child 4731, which exited (si_code CLD_EXITED)
 * ```ts
 * import type { SignalEvent } from "./events.ts";
 * const signal: SignalEvent = {
 *   type: "signal", t: 34739, pid: 4730, tid: 4730,
 *   signal: "SIGCHLD", signo: 17, code: 1, sender: 4731,
 * };
 * ```
 */
export interface SignalEvent {
  /** Discriminant. */
  type: "signal";
  /** When. */
  t: number;
  /** Thread-group id. */
  pid: number;
  /** The receiving thread. */
  tid: number;
  /** Name, e.g. "SIGCHLD". */
  signal: string;
  /** Number. */
  signo: number;
  /** si_code, e.g. 0 (SI_USER), 128 (SI_KERNEL), 1 (CLD_EXITED for SIGCHLD). */
  code: number;
  /** si_pid of the sender, when the code names one. */
  sender: number | null;
}

/**
 * A thread entered group-stop (job control stop).
 *
 * @example Thread 10 stopped by SIGSTOP
 * ```ts
 * import type { StopEvent } from "./events.ts";
 * const stop: StopEvent = {
 *   type: "stop", t: 500123, pid: 10, tid: 10, signal: "SIGSTOP",
 * };
 * ```
 */
export interface StopEvent {
  /** Discriminant. */
  type: "stop";
  /** When. */
  t: number;
  /** Thread-group id. */
  pid: number;
  /** The stopped thread. */
  tid: number;
  /** The stopping signal's name: SIGSTOP, SIGTSTP, SIGTTIN or SIGTTOU. */
  signal: string;
}

/**
 * A thread left group-stop (SIGCONT).
 *
 * @example Thread 10 resumed by SIGCONT
 * ```ts
 * import type { ContinueEvent } from "./events.ts";
 * const resumed: ContinueEvent = {
 *   type: "continue", t: 700456, pid: 10, tid: 10,
 * };
 * ```
 */
export interface ContinueEvent {
  /** Discriminant. */
  type: "continue";
  /** When. */
  t: number;
  /** Thread-group id. */
  pid: number;
  /** The resumed thread. */
  tid: number;
}

/**
 * A thread ended.
 *
 * @example Process 4731 exited with status 0
 * ```ts
 * import type { ExitEvent } from "./events.ts";
 * const exit: ExitEvent = {
 *   type: "exit", t: 34673, pid: 4731, tid: 4731,
 *   process: true, code: 0, signal: null, core: false,
 * };
 * ```
 */
export interface ExitEvent {
  /** Discriminant. */
  type: "exit";
  /** When. */
  t: number;
  /** Thread-group id. */
  pid: number;
  /** The thread. */
  tid: number;
  /** Whether this was the process's last thread, so the process ended. */
  process: boolean;
  /** Exit status when it exited, else null. */
  code: number | null;
  /** The killing signal's name when killed, else null. */
  signal: string | null;
  /** Whether a core was dumped. */
  core: boolean;
}

/**
 * Last line: how the recorded command ended and how the recording ended.
 *
 * @example A command that exited with status 0 after 348 syscalls
 * ```ts
 * import type { EndEvent } from "./events.ts";
 * const end: EndEvent = {
 *   type: "end", t: 35464, code: 0, signal: null, exitStatus: 0, syscalls: 348,
 * };
 * ```
 */
export interface EndEvent {
  /** Discriminant. */
  type: "end";
  /** When. */
  t: number;
  /** The first process's exit status, or null when killed. */
  code: number | null;
  /** The first process's killing signal name, or null. */
  signal: string | null;
  /** The status the recorder exits with: code, 128+signal, 127/126 when the command could not run. */
  exitStatus: number;
  /** Syscall lines written. */
  syscalls: number;
  /** Why the recording ended early, when it did (e.g. "interrupted"). */
  reason?: string;
}

/**
 * Any line of a recording.
 *
 * @example Narrow an event by its `type` to read its fields
 * ```ts ignore
 * import { readRecording } from "./reader.ts";
 * for await (const event of readRecording("ls.ndjson")) {
 *   if (event.type === "exec") console.log(`${event.pid} runs ${event.exe}`);
 *   if (event.type === "exit" && event.signal) {
 *     console.log(`${event.tid} killed by ${event.signal}`);
 *   }
 * }
 * ```
 */
export type RecordingEvent =
  | HeaderEvent
  | SyscallEvent
  | SpawnEvent
  | ExecEvent
  | SignalEvent
  | StopEvent
  | ContinueEvent
  | ExitEvent
  | EndEvent;

/**
 * Any line but the header: what the tracer emits while it runs.
 *
 * @example Keep a recording's events after its header
 * ```ts ignore
 * import type { TraceEvent } from "./events.ts";
 * import { readRecording } from "./reader.ts";
 * const events: TraceEvent[] = [];
 * for await (const event of readRecording("ls.ndjson")) {
 *   if (event.type !== "header") events.push(event);
 * }
 * ```
 */
export type TraceEvent = Exclude<RecordingEvent, HeaderEvent>;
