/**
 * One syscall being decoded: its raw arguments read as the C types the
 * decoders ask for, at the ABI's word size, and what the decoders share
 * between the syscall's entry and its exit.
 *
 * @module
 */

import type { Word } from "../recording/events.ts";
import type { FdResolver } from "./fds.ts";

/**
 * A syscall between its entry and exit, as the argument decoders see it.
 *
 * @example
 * ```ts
 * import { Call } from "./call.ts";
 * const call = new Call(1, 1, [4294967295, 0, 0, 0, 0, 0], 64);
 * call.int(0); // -1
 * call.hex(0); // "0xffffffff"
 * ```
 */
export class Call {
  /** The return value once known; null before the exit or when unfinished. */
  ret: Word | null = null;
  /** Whether the syscall failed. */
  failed = false;
  /** Decoders' notes from entry for exit (e.g. poll's fds). */
  readonly notes: Record<string, unknown> = {};

  /** A call by thread `tid` of process `pid` with these raw arguments. */
  constructor(
    readonly tid: number,
    readonly pid: number,
    readonly raw: readonly Word[],
    readonly wordBits: 32 | 64,
    readonly stringLimit = 32,
    readonly fds?: FdResolver,
  ) {}

  /** Whether the syscall returned successfully. */
  get succeeded(): boolean {
    return this.ret !== null && !this.failed;
  }

  /** Argument `i` as a C int: its low 32 bits, signed. */
  int(i: number): number {
    const word = this.raw[i];
    if (typeof word === "number") return word | 0;
    return Number(BigInt.asIntN(32, BigInt(word)));
  }

  /** Argument `i` as a C unsigned int. */
  uint(i: number): number {
    return this.int(i) >>> 0;
  }

  /** Argument `i` as a C long: a number, or a decimal string beyond 2^53. */
  long(i: number): number | string {
    const word = this.raw[i];
    if (this.wordBits === 32) return this.int(i);
    if (typeof word === "number") return word;
    return safe(BigInt.asIntN(64, BigInt(word)));
  }

  /** Argument `i` as a C unsigned long. */
  ulong(i: number): number | string {
    const word = this.raw[i];
    if (this.wordBits === 32) return this.uint(i);
    return typeof word === "number" ? word : safe(BigInt(word));
  }

  /** Argument `i` as an address to read from (0 when beyond reach). */
  address(i: number): number {
    const word = this.raw[i];
    if (this.wordBits === 32) return this.uint(i);
    return typeof word === "number" ? word : 0;
  }

  /** Argument `i` in hex, as strace shows addresses and offsets. */
  hex(i: number): string {
    const word = this.raw[i];
    if (this.wordBits === 32) return hexOf(this.uint(i));
    return hexOf(word);
  }

  /** Argument `i` as a pointer: NULL, or its address in hex. */
  pointer(i: number): string {
    return this.address(i) === 0 && isZero(this.raw[i]) ? "NULL" : this.hex(i);
  }

  /** The return value as a number (0 when unknown). */
  retNumber(): number {
    const ret = this.ret;
    if (ret === null) return 0;
    return typeof ret === "number" ? ret : Number(ret);
  }
}

/**
 * A word in hex as strace prints it: `0x1f`, `0` for zero.
 *
 * @example
 * ```ts
 * import { hexOf } from "./call.ts";
 * hexOf("18446744073709551615"); // "0xffffffffffffffff"
 * ```
 */
export function hexOf(word: Word | bigint): string {
  if (typeof word === "number" && word >= 0) {
    return word === 0 ? "0" : `0x${word.toString(16)}`;
  }
  const big = BigInt.asUintN(64, BigInt(word));
  return big === 0n ? "0" : `0x${big.toString(16)}`;
}

function safe(big: bigint): number | string {
  const number = Number(big);
  return Number.isSafeInteger(number) ? number : big.toString();
}

function isZero(word: Word | undefined): boolean {
  return word === 0 || word === "0";
}
