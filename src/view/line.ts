/**
 * One syscall as strace writes it: `name(arguments)` and its result
 * (`3`, `-1 ENOENT (No such file or directory)`, `?`). The decoded
 * arguments are used when the recording has them; otherwise the raw
 * registers, in hex, as many as the syscall takes.
 *
 * @module
 */

import { errnoMessage, errnoNumber } from "../arch/names.ts";
import { syscallTraits } from "../arch/syscall_traits.ts";
import type { SyscallEvent, Word } from "../recording/events.ts";
import { type ValueStyle, valueText } from "./value.ts";

/** A syscall line's two halves. */
export interface SyscallText {
  /** `name(arguments)`. */
  call: string;
  /** What follows `= `. */
  result: string;
  /** Whether the syscall failed. */
  failed: boolean;
}

/** Syscalls whose buffer strace shows in hex escapes throughout. */
const HEX_BUFFERS = new Set(["getrandom"]);

/** The smallest kernel-internal restart code (ERESTARTSYS). */
const FIRST_RESTART_CODE = 512;

/**
 * The text of a syscall event.
 *
 * @example
 * ```ts
 * import { syscallText } from "./line.ts";
 * syscallText({
 *   type: "syscall", t: 0, pid: 1, tid: 1, name: "close", nr: 3,
 *   args: [3, 0, 0, 0, 0, 0], ret: 0, errno: null, dur: 1,
 * }).call; // "close(0x3)"
 * ```
 */
export function syscallText(
  event: SyscallEvent,
  style: ValueStyle = {},
): SyscallText {
  return {
    call: `${callName(event)}(${argumentsText(event, style)})`,
    result: resultText(event, style),
    failed: event.errno !== null,
  };
}

function callName(event: SyscallEvent): string {
  if (!event.name.startsWith("syscall_")) return event.name;
  return `syscall_${hex(BigInt.asUintN(64, BigInt(event.nr)))}`;
}

function argumentsText(event: SyscallEvent, style: ValueStyle): string {
  if (event.decoded) {
    const argStyle = HEX_BUFFERS.has(event.name)
      ? { ...style, hex: true }
      : style;
    return event.decoded.args.map((arg) => valueText(arg, argStyle)).join(", ");
  }
  const count = syscallTraits(event.name, event.abi)?.args ?? 6;
  return event.args.slice(0, count).map(rawArgument).join(", ");
}

function rawArgument(word: Word): string {
  return hex(BigInt(word));
}

function resultText(event: SyscallEvent, style: ValueStyle): string {
  if (event.ret === null) return "?";
  if (event.errno !== null) return errorText(event.errno);
  const decoded = event.decoded?.ret;
  return decoded === undefined ? String(event.ret) : valueText(decoded, style);
}

/**
 * A failure as strace shows it: `-1 ENOENT (No such file or directory)`,
 * or `? ERESTARTSYS (To be restarted if SA_RESTART is set)` for the codes
 * with which the kernel restarts an interrupted call.
 *
 * @example
 * ```ts
 * import { errorText } from "./line.ts";
 * errorText("EACCES"); // "-1 EACCES (Permission denied)"
 * ```
 */
export function errorText(errno: string): string {
  const number = errnoNumber(errno) ?? Number(errno.slice(1));
  const message = errnoMessage(number);
  const prefix = number >= FIRST_RESTART_CODE ? "?" : "-1";
  return `${prefix} ${errno} (${message})`;
}

function hex(value: bigint): string {
  return value === 0n ? "0" : `0x${value.toString(16)}`;
}
