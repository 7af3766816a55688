/**
 * Argument kinds: how one argument of a syscall is decoded, from the raw
 * register and, for pointers, the tracee's memory. A syscall's signature
 * (src/decode/signatures.ts) is a list of these.
 *
 * An input argument is decoded at the seccomp stop, before the syscall
 * runs and can change the memory; an output argument (`out`) at the
 * syscall-exit-stop, and only when the syscall succeeded: otherwise its
 * address is shown, as strace does.
 *
 * @module
 */

import { SIGNAL_NAMES } from "../arch/signal_tables.ts";
import type { DecodedValue } from "../recording/events.ts";
import { type Call, hexOf } from "./call.ts";
import { readBuffer, readString } from "./memory.ts";
import { flags, type Xlat, xval } from "./xlat.ts";

/** How one argument is decoded. */
export interface Kind {
  /** Decoded at the syscall's exit instead of its entry. */
  readonly out?: boolean;
  /**
   * Reads memory whose layout differs between x86_64 and i386 (a structure
   * with longs or pointers): such signatures are not used for i386 calls.
   */
  readonly layout?: boolean;
  /** Shows fds by what they refer to, so it needs the fd tables kept. */
  readonly fds?: boolean;
  /** The argument's decoded value; undefined leaves the argument out. */
  decode(call: Call, index: number): DecodedValue | undefined;
  /**
   * An output argument of a call that failed or never returned; its
   * address unless said otherwise.
   */
  failed?(call: Call, index: number): DecodedValue | undefined;
}

/** How a successful result is shown, when it is more than its number. */
export type ResultKind = (call: Call) => DecodedValue | undefined;

/**
 * A kind from its decode function.
 *
 * @example
 * ```ts
 * import { kind } from "./kinds.ts";
 * const twice = kind((call, i) => call.int(i) * 2);
 * ```
 */
export function kind(
  decode: Kind["decode"],
  options: Omit<Kind, "decode"> = {},
): Kind {
  return { decode, ...options };
}

/**
 * A C int, in decimal.
 *
 * @example
 * What it shows as exit_group's status:
 * ```ts
 * import { INT } from "./kinds.ts";
 * INT; // 0
 * ```
 */
export const INT: Kind = kind((call, i) => call.int(i));

/**
 * A C unsigned int, in decimal.
 *
 * @example
 * What it shows as alarm's seconds:
 * ```ts
 * import { UINT } from "./kinds.ts";
 * UINT; // 5
 * ```
 */
export const UINT: Kind = kind((call, i) => call.uint(i));

/**
 * A C long (off_t, ssize_t, pid_t-sized values), in decimal.
 *
 * @example
 * What it shows as lseek's offset:
 * ```ts
 * import { LONG } from "./kinds.ts";
 * LONG; // -60
 * ```
 */
export const LONG: Kind = kind((call, i) => call.long(i));

/**
 * A C unsigned long (size_t), in decimal.
 *
 * @example
 * What it shows as read's count:
 * ```ts
 * import { ULONG } from "./kinds.ts";
 * ULONG; // 832
 * ```
 */
export const ULONG: Kind = kind((call, i) => call.ulong(i));

/**
 * A value strace shows in hex (offsets of mmap, magic numbers).
 *
 * @example
 * What it shows as mmap's offset:
 * ```ts
 * import { HEX } from "./kinds.ts";
 * HEX; // 0x7000
 * ```
 */
export const HEX: Kind = kind((call, i) => call.hex(i));

/**
 * A pointer not followed: NULL or its address.
 *
 * @example
 * What it shows as set_tid_address's address:
 * ```ts
 * import { POINTER } from "./kinds.ts";
 * POINTER; // 0x7f0dd18f2f10
 * ```
 */
export const POINTER: Kind = kind((call, i) => call.pointer(i));

/**
 * A mode or mask in octal with a leading 0, as `%#03o` prints it.
 *
 * @example
 * What it shows as mkdir's mode:
 * ```ts
 * import { OCTAL } from "./kinds.ts";
 * OCTAL; // 0755
 * ```
 */
export const OCTAL: Kind = kind((call, i) => octal(call.uint(i)));

/**
 * A signal number, by name.
 *
 * @example
 * What it shows as kill's signal:
 * ```ts
 * import { SIGNAL } from "./kinds.ts";
 * SIGNAL; // SIGTERM
 * ```
 */
export const SIGNAL: Kind = kind((call, i) => signalText(call.int(i)));

/**
 * A file descriptor, with what it refers to.
 *
 * @example
 * What it shows as close's fd:
 * ```ts
 * import { FD } from "./kinds.ts";
 * FD; // 3
 * ```
 */
export const FD: Kind = kind((call, i) => fdValue(call, call.int(i)), {
  fds: true,
});

/**
 * A directory fd of the *at syscalls: AT_FDCWD or an fd.
 *
 * @example
 * What it shows as openat's directory:
 * ```ts
 * import { DIRFD } from "./kinds.ts";
 * DIRFD; // AT_FDCWD
 * ```
 */
export const DIRFD: Kind = kind((call, i) => {
  const fd = call.int(i);
  return fd === -100 ? "AT_FDCWD" : fdValue(call, fd);
}, { fds: true });

/**
 * A file name, never cut; the first is noted for the fd table.
 *
 * @example
 * What it shows as openat's path:
 * ```ts
 * import { PATH } from "./kinds.ts";
 * PATH; // "/etc/passwd"
 * ```
 */
export const PATH: Kind = kind((call, i) => {
  const path = readString(call.tid, call.address(i), Infinity);
  call.notes.path ??= path;
  return path;
});

/**
 * A NUL-terminated string, cut at the string limit.
 *
 * @example
 * What it shows as getxattr's name:
 * ```ts
 * import { STRING } from "./kinds.ts";
 * STRING; // "security.selinux"
 * ```
 */
export const STRING: Kind = kind((call, i) =>
  readString(call.tid, call.address(i), call.stringLimit)
);

/**
 * An output buffer holding as many bytes as the call returned (read).
 *
 * @example
 * What it shows as read's buffer:
 * ```ts
 * import { OUT_BUFFER } from "./kinds.ts";
 * OUT_BUFFER; // "root:x:0:0:root:/root:/bin/bash\n"...
 * ```
 */
export const OUT_BUFFER: Kind = kind(
  (call, i) =>
    readBuffer(call.tid, call.address(i), call.retNumber(), call.stringLimit),
  { out: true },
);

/**
 * An input buffer whose length is argument `lengthIndex` (write).
 *
 * @example
 * ```ts
 * import { inBuffer } from "./kinds.ts";
 * const WRITE_BUFFER = inBuffer(2);
 * ```
 */
export function inBuffer(lengthIndex: number): Kind {
  return kind((call, i) => {
    const length = Number(call.ulong(lengthIndex));
    return readBuffer(call.tid, call.address(i), length, call.stringLimit);
  });
}

/**
 * A flag set named from `table`, `zero` when no bit is set.
 *
 * @example
 * ```ts
 * import { flagsOf } from "./kinds.ts";
 * import { MMAP_PROT } from "./xlat_tables.ts";
 * const PROT = flagsOf(MMAP_PROT, "PROT_NONE");
 * ```
 */
export function flagsOf(table: Xlat, zero = "0"): Kind {
  return kind((call, i) => flags(table, call.uint(i), zero));
}

/**
 * A value named from `table`; unnamed values in hex with a
 * `/* unknown *\/` comment when `unknown` is given, else in decimal.
 *
 * @example
 * ```ts
 * import { xvalOf } from "./kinds.ts";
 * import { SEEK_WHENCE } from "./xlat_tables.ts";
 * const WHENCE = xvalOf(SEEK_WHENCE, "SEEK_???");
 * ```
 */
export function xvalOf(table: Xlat, unknown?: string): Kind {
  return kind((call, i) => xval(table, call.int(i), unknown));
}

/**
 * An fd as decoded: the number and its target, or just the number when
 * negative (-1 for "none", as mmap takes it).
 *
 * @example
 * ```ts ignore
 * import { fdValue } from "./kinds.ts";
 * fdValue(call, 3); // { fd: 3, path: "/etc/passwd" }
 * ```
 */
export function fdValue(call: Call, fd: number): DecodedValue {
  if (fd < 0) return fd;
  const path = call.fds?.path(call.pid, fd);
  return path === undefined ? { fd } : { fd, path };
}

/**
 * A successful result that is an fd, with its target.
 *
 * @example
 * What it shows as openat's result:
 * ```ts
 * import { FD_RESULT } from "./kinds.ts";
 * FD_RESULT; // 3
 * ```
 */
export const FD_RESULT: ResultKind = (call) => fdValue(call, call.retNumber());

/**
 * A successful result strace shows in hex (addresses: mmap, brk).
 *
 * @example
 * What it shows as mmap's result:
 * ```ts
 * import { HEX_RESULT } from "./kinds.ts";
 * HEX_RESULT; // 0x7f0dd1ba7000
 * ```
 */
export const HEX_RESULT: ResultKind = (call) =>
  call.ret === null ? undefined : hexOf(call.ret);

/**
 * A successful result in octal (umask).
 *
 * @example
 * What it shows as umask's result:
 * ```ts
 * import { OCTAL_RESULT } from "./kinds.ts";
 * OCTAL_RESULT; // 022
 * ```
 */
export const OCTAL_RESULT: ResultKind = (call) => octal(call.retNumber());

/**
 * A number in octal as C's `%#03o` prints it: `0644`, `000`.
 *
 * @example
 * ```ts
 * import { octal } from "./kinds.ts";
 * octal(0o644); // "0644"
 * octal(0); // "000"
 * ```
 */
export function octal(value: number): string {
  return `0${value.toString(8).padStart(2, "0")}`;
}

/**
 * A signal number as strace names it: SIGINT, SIGRTMIN for 32, SIGRT_2
 * for 34; 0 and unknown numbers in decimal.
 *
 * @example
 * ```ts
 * import { signalText } from "./kinds.ts";
 * signalText(17); // "SIGCHLD"
 * signalText(33); // "SIGRT_1"
 * ```
 */
export function signalText(signo: number): string | number {
  if (signo === 32) return "SIGRTMIN";
  if (signo > 32 && signo <= 64) return `SIGRT_${signo - 32}`;
  const name = SIGNAL_NAMES[signo];
  return name ? name : signo;
}
