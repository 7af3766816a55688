/**
 * Multiplexing syscalls, whose arguments mean what their command says:
 * fcntl(2), ioctl(2), futex(2), prctl(2) and arch_prctl(2).
 *
 * @module
 */

import type { DecodedValue } from "../recording/events.ts";
import type { Call } from "./call.ts";
import {
  fdValue,
  type Kind,
  kind,
  OCTAL,
  type ResultKind,
  signalText,
} from "./kinds.ts";
import { readString, readStruct } from "./memory.ts";
import { TIMESPEC } from "./time.ts";
import { flags, hex, xlatName, xval } from "./xlat.ts";
import {
  ARCH_PRCTL_CODES,
  FCNTL_COMMANDS,
  FD_FLAGS,
  FUTEX_OPS,
  IOCTL_COMMANDS,
  LOCK_TYPES,
  OPEN_ACCESS_MODES,
  OPEN_FLAGS,
  PRCTL_OPTIONS,
  SEEK_WHENCE,
} from "./xlat_tables.ts";

/**
 * open(2) flags: the access mode, then the other flags.
 *
 * @example
 * ```ts
 * import { openFlagsText } from "./control.ts";
 * openFlagsText(0o2000000); // "O_RDONLY|O_CLOEXEC"
 * ```
 */
export function openFlagsText(value: number): string {
  const access = xval(OPEN_ACCESS_MODES, value & 3);
  const rest = (value & ~3) >>> 0;
  return rest ? `${access}|${flags(OPEN_FLAGS, rest)}` : String(access);
}

/**
 * open(2) flags as an argument.
 *
 * @example
 * What it shows as openat's flags:
 * ```ts
 * import { OPEN_FLAGS_ARG } from "./control.ts";
 * OPEN_FLAGS_ARG; // O_RDONLY|O_CLOEXEC
 * ```
 */
export const OPEN_FLAGS_ARG: Kind = kind((call, i) =>
  openFlagsText(call.uint(i))
);

const O_CREAT = 0o100;
const O_TMPFILE = 0o20000000;

/**
 * open's mode, shown only when the flags at `flagsIndex` create a file,
 * as strace does.
 *
 * @example
 * ```ts
 * import { modeIfCreating } from "./control.ts";
 * const OPENAT_MODE = modeIfCreating(2);
 * ```
 */
export function modeIfCreating(flagsIndex: number): Kind {
  return kind((call, i) => {
    const openFlags = call.uint(flagsIndex);
    if ((openFlags & O_CREAT) === 0 && (openFlags & O_TMPFILE) !== O_TMPFILE) {
      return undefined;
    }
    return OCTAL.decode(call, i);
  });
}

const F = {
  DUPFD: 0,
  GETFD: 1,
  SETFD: 2,
  GETFL: 3,
  SETFL: 4,
  GETLK: 5,
  SETLK: 6,
  SETLKW: 7,
  SETOWN: 8,
  GETOWN: 9,
  SETSIG: 10,
  GETSIG: 11,
  OFD_GETLK: 36,
  OFD_SETLK: 37,
  OFD_SETLKW: 38,
  DUPFD_CLOEXEC: 1030,
  GETPIPE_SZ: 1032,
  GET_SEALS: 1034,
  GETLEASE: 1025,
} as const;

const GET_COMMANDS = new Set<number>([
  F.GETFD,
  F.GETFL,
  F.GETOWN,
  F.GETSIG,
  F.GETPIPE_SZ,
  F.GET_SEALS,
  F.GETLEASE,
]);
const LOCK_COMMANDS = new Set<number>([
  F.GETLK,
  F.SETLK,
  F.SETLKW,
  F.OFD_GETLK,
  F.OFD_SETLK,
  F.OFD_SETLKW,
]);

/**
 * fcntl's command.
 *
 * @example
 * What it shows as fcntl's command:
 * ```ts
 * import { FCNTL_COMMAND } from "./control.ts";
 * FCNTL_COMMAND; // F_SETFD
 * ```
 */
export const FCNTL_COMMAND: Kind = kind((call, i) =>
  xval(FCNTL_COMMANDS, call.int(i), "F_???")
);

/**
 * fcntl's third argument, as its command reads it; left out for F_GET*.
 *
 * @example
 * What it shows as fcntl's argument:
 * ```ts
 * import { FCNTL_ARG } from "./control.ts";
 * FCNTL_ARG; // FD_CLOEXEC
 * ```
 */
export const FCNTL_ARG: Kind = kind((call, i) => {
  const command = call.int(1);
  if (GET_COMMANDS.has(command)) return undefined;
  if (command === F.SETFD) return flags(FD_FLAGS, call.uint(i));
  if (command === F.SETFL) return openFlagsText(call.uint(i));
  if (LOCK_COMMANDS.has(command)) return flock(call, i);
  if (command === F.SETSIG) return signalText(call.int(i));
  if (xlatName(FCNTL_COMMANDS, command) === undefined) return call.hex(i);
  return call.long(i);
});

/** struct flock (x86_64), read at entry. */
function flock(call: Call, i: number): DecodedValue {
  const view = readStruct(call.tid, call.address(i), 32);
  if (!view) return call.pointer(i);
  return {
    struct: {
      l_type: xval(LOCK_TYPES, view.getInt16(0, true)),
      l_whence: xval(SEEK_WHENCE, view.getInt16(2, true)),
      l_start: Number(view.getBigInt64(8, true)),
      l_len: Number(view.getBigInt64(16, true)),
    },
  };
}

/**
 * fcntl's result, for the commands whose result is more than a number.
 *
 * @example
 * What it shows as fcntl(F_GETFL)'s result:
 * ```ts
 * import { FCNTL_RESULT } from "./control.ts";
 * FCNTL_RESULT; // 0x8000 (flags O_RDONLY|O_LARGEFILE)
 * ```
 */
export const FCNTL_RESULT: ResultKind = (call) => {
  const command = call.int(1);
  const ret = call.retNumber();
  if (command === F.GETFL) return `${hex(ret)} (flags ${openFlagsText(ret)})`;
  if (command === F.GETFD && ret !== 0) {
    return `${hex(ret)} (flags ${flags(FD_FLAGS, ret)})`;
  }
  if (command === F.DUPFD || command === F.DUPFD_CLOEXEC) {
    return fdValue(call, ret);
  }
  return undefined;
};

const IOCTL = {
  TCGETS: 0x5401,
  TIOCGPGRP: 0x540f,
  TIOCSPGRP: 0x5410,
  TIOCGWINSZ: 0x5413,
  TIOCSWINSZ: 0x5414,
  FIONREAD: 0x541b,
  FIONBIO: 0x5421,
  TIOCNOTTY: 0x5422,
  FIONCLEX: 0x5450,
  FIOCLEX: 0x5451,
} as const;

const IOCTL_NO_ARGUMENT = new Set<number>([
  IOCTL.TIOCNOTTY,
  IOCTL.FIONCLEX,
  IOCTL.FIOCLEX,
]);

/**
 * An ioctl request by name; `_IOC(dir, type, nr, size)` for requests not
 * in the table, as strace shows them.
 *
 * @example
 * ```ts
 * import { ioctlRequestText } from "./control.ts";
 * ioctlRequestText(0x5401); // "TCGETS"
 * ioctlRequestText(0xc0189409); // "_IOC(_IOC_READ|_IOC_WRITE, 0x94, 0x9, 0x18)"
 * ```
 */
export function ioctlRequestText(request: number): string {
  const name = xlatName(IOCTL_COMMANDS, request);
  if (name) return name;
  const direction = request >>> 30;
  if (direction === 0) return hex(request);
  const directions = [
    "_IOC_NONE",
    "_IOC_WRITE",
    "_IOC_READ",
    "_IOC_READ|_IOC_WRITE",
  ];
  const type = (request >>> 8) & 0xff;
  const nr = request & 0xff;
  const size = (request >>> 16) & 0x3fff;
  return `_IOC(${directions[direction]}, ${hex(type)}, ${hex(nr)}, ${
    hex(size)
  })`;
}

/**
 * ioctl's request.
 *
 * @example
 * What it shows as ioctl's request:
 * ```ts
 * import { IOCTL_REQUEST } from "./control.ts";
 * IOCTL_REQUEST; // TIOCGWINSZ
 * ```
 */
export const IOCTL_REQUEST: Kind = kind((call, i) =>
  ioctlRequestText(call.uint(i))
);

/**
 * ioctl's argument, read at exit: the structures of the common terminal
 * requests, an address otherwise. Not decoded yet: requests beyond the
 * terminal's window size, process group and pending bytes; the address
 * is kept.
 *
 * @example
 * What it shows as ioctl's argument:
 * ```ts
 * import { IOCTL_ARG } from "./control.ts";
 * IOCTL_ARG; // {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}
 * ```
 */
export const IOCTL_ARG: Kind = kind((call, i) => {
  const request = call.uint(1);
  if (IOCTL_NO_ARGUMENT.has(request)) return undefined;
  if (request === IOCTL.TIOCGWINSZ || request === IOCTL.TIOCSWINSZ) {
    return winsize(call, i);
  }
  const intRequests: number[] = [
    IOCTL.TIOCGPGRP,
    IOCTL.TIOCSPGRP,
    IOCTL.FIONREAD,
    IOCTL.FIONBIO,
  ];
  if (intRequests.includes(request)) {
    const view = readStruct(call.tid, call.address(i), 4);
    return view ? [view.getInt32(0, true)] : call.pointer(i);
  }
  return call.pointer(i);
}, {
  out: true,
  failed: (call, i) =>
    IOCTL_NO_ARGUMENT.has(call.uint(1)) ? undefined : call.pointer(i),
});

function winsize(call: Call, i: number): DecodedValue {
  const view = readStruct(call.tid, call.address(i), 8);
  if (!view) return call.pointer(i);
  return {
    struct: {
      ws_row: view.getUint16(0, true),
      ws_col: view.getUint16(2, true),
      ws_xpixel: view.getUint16(4, true),
      ws_ypixel: view.getUint16(6, true),
    },
  };
}

const FUTEX_CLOCK_REALTIME = 256;
const FUTEX = {
  WAIT: 0,
  WAKE: 1,
  FD: 2,
  REQUEUE: 3,
  CMP_REQUEUE: 4,
  WAKE_OP: 5,
  LOCK_PI: 6,
  UNLOCK_PI: 7,
  TRYLOCK_PI: 8,
  WAIT_BITSET: 9,
  WAKE_BITSET: 10,
  WAIT_REQUEUE_PI: 11,
  CMP_REQUEUE_PI: 12,
  LOCK_PI2: 13,
} as const;

/**
 * futex's operation: `FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME`.
 *
 * @example
 * ```ts
 * import { futexOpText } from "./control.ts";
 * futexOpText(0x189); // "FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME"
 * ```
 */
export function futexOpText(op: number): string {
  const base = op & ~FUTEX_CLOCK_REALTIME;
  const name = xlatName(FUTEX_OPS, base) ?? hex(base);
  return op & FUTEX_CLOCK_REALTIME ? `${name}|FUTEX_CLOCK_REALTIME` : name;
}

/** futex's arguments after the operation, as its command uses them. */
const FUTEX_SHOWN: Record<number, string[]> = {
  [FUTEX.WAIT]: ["val", "timeout"],
  [FUTEX.LOCK_PI]: ["timeout"],
  [FUTEX.LOCK_PI2]: ["timeout"],
  [FUTEX.WAIT_BITSET]: ["val", "timeout", "bitset"],
  [FUTEX.WAKE_BITSET]: ["val", "bitset"],
  [FUTEX.REQUEUE]: ["val", "val2", "uaddr2"],
  [FUTEX.CMP_REQUEUE]: ["val", "val2", "uaddr2", "val3"],
  [FUTEX.CMP_REQUEUE_PI]: ["val", "val2", "uaddr2", "val3"],
  [FUTEX.WAKE_OP]: ["val", "val2", "uaddr2", "wakeop"],
  [FUTEX.WAIT_REQUEUE_PI]: ["val", "timeout", "uaddr2"],
  [FUTEX.FD]: ["val"],
  [FUTEX.WAKE]: ["val"],
  [FUTEX.UNLOCK_PI]: [],
  [FUTEX.TRYLOCK_PI]: [],
};

/**
 * futex(2)'s arguments after the address and the operation, shown as
 * strace shows them for each command.
 *
 * @example
 * What it shows as futex's arguments after the operation:
 * ```ts
 * import { FUTEX_REST } from "./control.ts";
 * FUTEX_REST; // 2, NULL
 * ```
 */
export const FUTEX_REST: Kind[] = [0, 1, 2, 3].map((position) =>
  kind((call) => {
    const shown = FUTEX_SHOWN[call.int(1) & 127] ??
      ["val", "timeoutaddr", "uaddr2", "val3hex"];
    const field = shown[position];
    return field === undefined ? undefined : futexField(call, field);
  }, { layout: true })
);

function futexField(call: Call, field: string): DecodedValue {
  switch (field) {
    case "val":
      return call.uint(2);
    case "val2":
      return call.uint(3);
    case "timeout":
      return TIMESPEC.decode(call, 3) ?? "NULL";
    case "timeoutaddr":
      return call.pointer(3);
    case "uaddr2":
      return call.pointer(4);
    case "val3":
      return call.uint(5);
    case "bitset":
      return call.uint(5) === 0xffffffff
        ? "FUTEX_BITSET_MATCH_ANY"
        : hex(call.uint(5));
    case "wakeop":
      return wakeOpText(call.uint(5));
    default:
      return hex(call.uint(5));
  }
}

const WAKE_OPS = [
  "FUTEX_OP_SET",
  "FUTEX_OP_ADD",
  "FUTEX_OP_OR",
  "FUTEX_OP_ANDN",
  "FUTEX_OP_XOR",
];
const WAKE_CMPS = [
  "FUTEX_OP_CMP_EQ",
  "FUTEX_OP_CMP_NE",
  "FUTEX_OP_CMP_LT",
  "FUTEX_OP_CMP_LE",
  "FUTEX_OP_CMP_GT",
  "FUTEX_OP_CMP_GE",
];

function wakeOpText(value: number): string {
  const shift = (value >>> 28) & 8 ? "FUTEX_OP_OPARG_SHIFT<<28|" : "";
  const op = WAKE_OPS[(value >>> 28) & 7] ?? `${(value >>> 28) & 7}`;
  const cmp = WAKE_CMPS[(value >>> 24) & 0xf] ?? `${(value >>> 24) & 0xf}`;
  const oparg = hex((value >>> 12) & 0xfff);
  return `${shift}${op}<<28|${oparg}<<12|${cmp}<<24|${hex(value & 0xfff)}`;
}

const PR = {
  SET_PDEATHSIG: 1,
  GET_PDEATHSIG: 2,
  GET_DUMPABLE: 3,
  SET_DUMPABLE: 4,
  GET_KEEPCAPS: 7,
  SET_KEEPCAPS: 8,
  SET_NAME: 15,
  GET_NAME: 16,
  GET_SECCOMP: 21,
  GET_TIMERSLACK: 30,
  GET_CHILD_SUBREAPER: 37,
  SET_NO_NEW_PRIVS: 38,
  GET_NO_NEW_PRIVS: 39,
} as const;

const PR_NO_ARGUMENTS = new Set<number>([
  PR.GET_DUMPABLE,
  PR.GET_KEEPCAPS,
  PR.GET_SECCOMP,
  PR.GET_TIMERSLACK,
  PR.GET_NO_NEW_PRIVS,
]);

/**
 * prctl's option.
 *
 * @example
 * What it shows as prctl's option:
 * ```ts
 * import { PRCTL_OPTION } from "./control.ts";
 * PRCTL_OPTION; // PR_SET_NAME
 * ```
 */
export const PRCTL_OPTION: Kind = kind((call, i) =>
  xval(PRCTL_OPTIONS, call.int(i), "PR_???")
);

/**
 * prctl's four other arguments, as the option uses them: a name, a
 * signal, an int; in hex for options not decoded yet.
 *
 * @example
 * What it shows as prctl's other arguments:
 * ```ts
 * import { PRCTL_REST } from "./control.ts";
 * PRCTL_REST; // "worker"
 * ```
 */
export const PRCTL_REST: Kind[] = [1, 2, 3, 4].map((index) =>
  kind((call) => prctlArgument(call, index), {
    // PR_GET_NAME fills the name in: read it at exit, failed or not.
    out: index === 1,
    failed: (call) => prctlArgument(call, index),
  })
);

function prctlArgument(call: Call, index: number): DecodedValue | undefined {
  const option = call.int(0);
  if (PR_NO_ARGUMENTS.has(option)) return undefined;
  if (option === PR.SET_NAME || option === PR.GET_NAME) {
    return index === 1 ? readString(call.tid, call.address(1), 16) : undefined;
  }
  if (option === PR.SET_PDEATHSIG) {
    return index === 1 ? signalText(call.int(1)) : undefined;
  }
  if (option === PR.SET_DUMPABLE || option === PR.SET_KEEPCAPS) {
    return index === 1 ? call.uint(1) : undefined;
  }
  if (option === PR.GET_PDEATHSIG || option === PR.GET_CHILD_SUBREAPER) {
    return index === 1 ? call.pointer(1) : undefined;
  }
  if (option === PR.SET_NO_NEW_PRIVS) return call.uint(index);
  return call.hex(index);
}

const ARCH_GET_FS = 0x1003;
const ARCH_GET_GS = 0x1004;

/**
 * arch_prctl's code.
 *
 * @example
 * What it shows as arch_prctl's code:
 * ```ts
 * import { ARCH_PRCTL_CODE } from "./control.ts";
 * ARCH_PRCTL_CODE; // ARCH_SET_FS
 * ```
 */
export const ARCH_PRCTL_CODE: Kind = kind((call, i) =>
  xval(ARCH_PRCTL_CODES, call.int(i), "ARCH_???")
);

/**
 * arch_prctl's address: the value stored, for the ARCH_GET_* codes.
 *
 * @example
 * What it shows as arch_prctl's address:
 * ```ts
 * import { ARCH_PRCTL_ADDRESS } from "./control.ts";
 * ARCH_PRCTL_ADDRESS; // 0x7f5c2a1b3740
 * ```
 */
export const ARCH_PRCTL_ADDRESS: Kind = kind((call, i) => {
  const code = call.int(0);
  if (code !== ARCH_GET_FS && code !== ARCH_GET_GS) return call.pointer(i);
  const view = readStruct(call.tid, call.address(i), 8);
  return view ? [hex(view.getBigUint64(0, true))] : call.pointer(i);
}, { out: true });
