/**
 * Process syscalls' arguments: execve's argv and envp, clone's flags and
 * named arguments, clone3's `struct clone_args`, wait4's status, resource
 * limits, and the system descriptions of uname(2) and sysinfo(2).
 *
 * @module
 */

import type { DecodedValue } from "../recording/events.ts";
import type { Call } from "./call.ts";
import { type Kind, kind, signalText } from "./kinds.ts";
import { readPointers, readString, readStruct } from "./memory.ts";
import { flags, hex } from "./xlat.ts";
import { CLONE_FLAGS } from "./xlat_tables.ts";

/** argv strings kept at most; strace's own limit is the string limit. */
const ARGV_LIMIT = 4096;

/**
 * execve's argv, read at entry: its strings, each cut at the string limit,
 * and no more of them than the string limit, then `...`, as strace shows.
 *
 * @example
 * What it shows as execve's argv:
 * ```ts
 * import { ARGV } from "./process.ts";
 * ARGV; // ["ls", "-la", "/"]
 * ```
 */
export const ARGV: Kind = kind((call, i) => {
  const address = call.address(i);
  if (address === 0) return "NULL";
  const max = Math.min(call.stringLimit, ARGV_LIMIT);
  const array = readPointers(call.tid, address, wordBytes(call), max);
  if (!array) return call.pointer(i);

  const strings: DecodedValue[] = array.pointers.map((pointer) =>
    readString(call.tid, pointer, call.stringLimit)
  );
  if (array.more) strings.push("...");
  return strings;
});

/**
 * execve's envp, read at entry: its address and how many variables it
 * holds (`0x7ffd... /* 35 vars *\/`), not their values, which the header
 * records once, redacted where secret.
 *
 * @example
 * What it shows as execve's envp:
 * ```ts
 * import { ENVP } from "./process.ts";
 * ENVP; // 0x7ffd1e9a2ff0 /* 35 vars *\/
 * ```
 */
export const ENVP: Kind = kind((call, i) => {
  const address = call.address(i);
  if (address === 0) return "NULL";
  const array = readPointers(call.tid, address, wordBytes(call), 1 << 16);
  if (!array) return call.pointer(i);

  const count = array.pointers.length;
  return `${call.hex(i)} /* ${count} var${count === 1 ? "" : "s"} */`;
});

function wordBytes(call: Call): 4 | 8 {
  return call.wordBits === 32 ? 4 : 8;
}

/**
 * clone(2) flags: the CLONE_* names, then the exit signal in the low byte.
 *
 * @example
 * ```ts
 * import { cloneFlagsText } from "./process.ts";
 * cloneFlagsText(0x01200011); // "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD"
 * ```
 */
export function cloneFlagsText(value: number): string {
  const signal = value & 0xff;
  const rest = value - signal;
  const parts = rest ? [flags(CLONE_FLAGS, rest)] : [];
  if (signal) parts.push(String(signalText(signal)));
  return parts.length ? parts.join("|") : "0";
}

const CLONE_PARENT_SETTID = 0x00100000;
const CLONE_PIDFD = 0x00001000;
const CLONE_CHILD_SETTID = 0x01000000;
const CLONE_CHILD_CLEARTID = 0x00200000;
const CLONE_SETTLS = 0x00080000;

/**
 * x86_64 clone(flags, stack, parent_tid, child_tid, tls), shown as strace
 * does: `child_stack=..., flags=...`, then the pointers the flags use.
 *
 * @example
 * What it shows as clone's arguments:
 * ```ts
 * import { CLONE_ARGS } from "./process.ts";
 * CLONE_ARGS; // child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f9e2c0a1a10
 * ```
 */
export const CLONE_ARGS: Kind[] = [
  named("child_stack", (call) => call.pointer(1)),
  named("flags", (call) => cloneFlagsText(call.uint(0))),
  named(
    "parent_tid",
    (call) => call.pointer(2),
    CLONE_PARENT_SETTID | CLONE_PIDFD,
  ),
  named(
    "child_tidptr",
    (call) => call.pointer(3),
    CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID,
  ),
  named("tls", (call) => call.pointer(4), CLONE_SETTLS),
];

function named(
  name: string,
  value: (call: Call) => string,
  when?: number,
): Kind {
  return kind((call) => {
    if (when !== undefined && (call.uint(0) & when) === 0) return undefined;
    return `${name}=${value(call)}`;
  });
}

/**
 * clone3's `struct clone_args` (`<linux/sched.h>`) with the fields strace
 * shows for the flags given, read at exit so that, as strace, it can add
 * the tid the kernel stored through parent_tid: `{flags=..., ...} =>
 * {parent_tid=[1235]}`. Its fields are all numbers and names, so it is
 * recorded as one expression.
 *
 * @example
 * What it shows:
 * ```ts
 * import { CLONE_ARGS_STRUCT } from "./process.ts";
 * CLONE_ARGS_STRUCT; // {flags=CLONE_VM|CLONE_VFORK, exit_signal=SIGCHLD, stack=0x7f00a000, stack_size=0x9000}
 * ```
 */
export const CLONE_ARGS_STRUCT: Kind = kind(
  (call, i) => cloneArgs(call, i, true),
  { out: true, layout: true, failed: (call, i) => cloneArgs(call, i, false) },
);

function cloneArgs(call: Call, i: number, stored: boolean): DecodedValue {
  const view = readStruct(call.tid, call.address(i), 64);
  if (!view) return call.pointer(i);

  const word = (offset: number) => view.getBigUint64(offset, true);
  const cloneFlags = Number(word(0));
  const fields: [string, string | number][] = [
    ["flags", cloneFlags ? flags(CLONE_FLAGS, cloneFlags) : "0"],
  ];
  if (cloneFlags & CLONE_PIDFD) fields.push(["pidfd", hex(word(8))]);
  if (cloneFlags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) {
    fields.push(["child_tid", hex(word(16))]);
  }
  if (cloneFlags & CLONE_PARENT_SETTID) {
    fields.push(["parent_tid", hex(word(24))]);
  }
  fields.push(["exit_signal", signalText(Number(word(32)))]);
  fields.push(["stack", hex(word(40))]);
  fields.push(["stack_size", hex(word(48))]);
  if (cloneFlags & CLONE_SETTLS) fields.push(["tls", hex(word(56))]);

  const text = `{${
    fields.map(([name, value]) => `${name}=${value}`).join(", ")
  }}`;
  if (!stored || !(cloneFlags & CLONE_PARENT_SETTID)) return text;
  const tid = readStruct(call.tid, Number(word(24)), 4);
  return tid ? `${text} => {parent_tid=[${tid.getInt32(0, true)}]}` : text;
}

/**
 * A wait status as strace shows it: `{WIFEXITED(s) && WEXITSTATUS(s) == 0}`.
 *
 * @example
 * ```ts
 * import { waitStatusText } from "./process.ts";
 * waitStatusText(0x0900); // "{WIFEXITED(s) && WEXITSTATUS(s) == 9}"
 * waitStatusText(9); // "{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL}"
 * ```
 */
export function waitStatusText(status: number): string {
  const low = status & 0x7f;
  if (low === 0) {
    return `{WIFEXITED(s) && WEXITSTATUS(s) == ${(status >> 8) & 0xff}}`;
  }
  if ((status & 0xff) === 0x7f) {
    const signal = signalText((status >> 8) & 0xff);
    const event = status >> 16;
    const suffix = event ? ` | ${event} << 16` : "";
    return `{WIFSTOPPED(s) && WSTOPSIG(s) == ${signal}${suffix}}`;
  }
  if (status === 0xffff) return "{WIFCONTINUED(s)}";
  const core = status & 0x80 ? " && WCOREDUMP(s)" : "";
  return `{WIFSIGNALED(s) && WTERMSIG(s) == ${signalText(low)}${core}}`;
}

/**
 * wait4's status pointer, read at exit: `[{WIFEXITED(s) && ...}]` when a
 * child was reaped, its address otherwise (WNOHANG with nothing to reap).
 *
 * @example
 * What it shows as wait4's status:
 * ```ts
 * import { WAIT_STATUS } from "./process.ts";
 * WAIT_STATUS; // [{WIFEXITED(s) && WEXITSTATUS(s) == 0}]
 * ```
 */
export const WAIT_STATUS: Kind = kind((call, i) => {
  if (call.address(i) === 0) return "NULL";
  if (call.retNumber() === 0) return call.pointer(i);
  const view = readStruct(call.tid, call.address(i), 4);
  if (!view) return call.pointer(i);
  return [waitStatusText(view.getInt32(0, true))];
}, { out: true });

/**
 * A resource limit value as strace shows it: RLIM64_INFINITY, `8192*1024`
 * for multiples of 1024, else decimal.
 *
 * @example
 * ```ts
 * import { rlimitText } from "./process.ts";
 * rlimitText(8388608n); // "8192*1024"
 * ```
 */
export function rlimitText(value: bigint): string | number {
  if (value === 0xffffffffffffffffn) return "RLIM64_INFINITY";
  if (value > 1024n && value % 1024n === 0n) return `${value / 1024n}*1024`;
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : value.toString();
}

function rlimit(call: Call, i: number): DecodedValue {
  if (call.address(i) === 0) return "NULL";
  const view = readStruct(call.tid, call.address(i), 16);
  if (!view) return call.pointer(i);
  return {
    struct: {
      rlim_cur: rlimitText(view.getBigUint64(0, true)),
      rlim_max: rlimitText(view.getBigUint64(8, true)),
    },
  };
}

/**
 * A struct rlimit read at entry (the new limit).
 *
 * @example
 * What it shows as setrlimit's limit:
 * ```ts
 * import { RLIMIT_IN } from "./process.ts";
 * RLIMIT_IN; // {rlim_cur=1024, rlim_max=4096}
 * ```
 */
export const RLIMIT_IN: Kind = kind(rlimit, { layout: true });

/**
 * A struct rlimit filled by the call (the old limit).
 *
 * @example
 * What it shows as prlimit64's old limit:
 * ```ts
 * import { RLIMIT_OUT } from "./process.ts";
 * RLIMIT_OUT; // {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}
 * ```
 */
export const RLIMIT_OUT: Kind = kind(rlimit, { out: true, layout: true });

const UTS_FIELD = 65;

/**
 * struct utsname, read at exit: `{sysname="Linux", nodename="vm", ...}`.
 *
 * @example
 * What it shows as uname's buffer:
 * ```ts
 * import { UTSNAME } from "./process.ts";
 * UTSNAME; // {sysname="Linux", nodename="vm", ...}
 * ```
 */
export const UTSNAME: Kind = kind((call, i) => {
  const address = call.address(i);
  const view = readStruct(call.tid, address, UTS_FIELD * 2);
  if (!view) return call.pointer(i);
  return {
    struct: {
      sysname: readString(call.tid, address, UTS_FIELD),
      nodename: readString(call.tid, address + UTS_FIELD, UTS_FIELD),
    },
    more: true,
  };
}, { out: true });

/**
 * struct sysinfo, read at exit, every field as strace shows them.
 *
 * @example
 * What it shows as sysinfo's buffer:
 * ```ts
 * import { SYSINFO } from "./process.ts";
 * SYSINFO; // {uptime=1294, loads=[16992, 17792, 8928], totalram=25276071936, ...}
 * ```
 */
export const SYSINFO: Kind = kind((call, i) => {
  const view = readStruct(call.tid, call.address(i), 112);
  if (!view) return call.pointer(i);

  const u64 = (offset: number) => safe(view.getBigUint64(offset, true));
  return {
    struct: {
      uptime: safe(view.getBigInt64(0, true)),
      loads: [u64(8), u64(16), u64(24)],
      totalram: u64(32),
      freeram: u64(40),
      sharedram: u64(48),
      bufferram: u64(56),
      totalswap: u64(64),
      freeswap: u64(72),
      procs: view.getUint16(80, true),
      totalhigh: u64(88),
      freehigh: u64(96),
      mem_unit: view.getUint32(104, true),
    },
  };
}, { out: true, layout: true });

function safe(value: bigint): number | string {
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : value.toString();
}
