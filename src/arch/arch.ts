/**
 * What the tracer needs to know about a CPU architecture: how syscalls are
 * numbered and named per ABI, and where the registers that carry a syscall
 * sit in `struct user_regs_struct`. One module per architecture implements
 * this; {@linkcode hostArch} picks the one this machine runs.
 *
 * @module
 */

import { x86_64 } from "./x86_64.ts";

/** One syscall ABI of an architecture (x86_64, i386 via int 0x80, x32). */
export interface Abi {
  /** The name the recording uses for the ABI, e.g. "x86_64", "i386". */
  name: string;
  /** AUDIT_ARCH_* that seccomp and PTRACE_GET_SYSCALL_INFO report for it. */
  auditArch: number;
  /** A bit set in every syscall number of this ABI (x32), else 0. */
  numberBit: number;
  /** Syscall names indexed by number (without `numberBit`), "" if unassigned. */
  names: readonly string[];
}

/** A CPU architecture as the tracer sees it. */
export interface Arch {
  /** Name as `uname -m` prints it. */
  name: string;
  /** The ABI of native programs; listed first in `abis`. */
  native: Abi;
  /** Every ABI a program on this architecture can make syscalls with. */
  abis: readonly Abi[];
  /** Size of `struct user_regs_struct`, for PTRACE_GETREGS/SETREGS. */
  registersSize: number;
  /** The bytes of the syscall instruction. */
  syscallInstruction: readonly number[];
  /**
   * Offsets in `struct user_regs_struct` of the six syscall argument
   * registers, for PTRACE_POKEUSER.
   */
  argumentOffsets: readonly number[];
  /** Reads the instruction pointer from a register set. */
  instructionPointer(registers: DataView): number;
  /**
   * Prepares a register set to run syscall `nr` with `args` when resumed at
   * `address`, the address of a syscall instruction.
   */
  prepareSyscall(
    registers: DataView,
    address: number,
    nr: number,
    args: readonly number[],
  ): void;
  /** Reads a syscall's result from a register set at syscall-exit-stop. */
  syscallResult(registers: DataView): number;
}

/**
 * The architecture of the running machine.
 *
 * @example
 * ```ts
 * import { hostArch } from "./arch.ts";
 * hostArch().native.names[257]; // "openat" on x86_64
 * ```
 */
export function hostArch(): Arch {
  if (Deno.build.arch === "x86_64") return x86_64;
  throw new Error(
    `systape supports x86_64 only so far, not ${Deno.build.arch}`,
  );
}

/**
 * Finds the ABI of a syscall from the arch reported at its stop and its
 * number. Returns undefined for an architecture this machine has no table for.
 *
 * @example
 * ```ts
 * import { abiOf, hostArch } from "./arch.ts";
 * abiOf(hostArch(), 0xc000003e, 257)?.name; // "x86_64"
 * ```
 */
export function abiOf(
  arch: Arch,
  auditArch: number,
  nr: number,
): Abi | undefined {
  let fallback: Abi | undefined;
  for (const abi of arch.abis) {
    if (abi.auditArch !== auditArch) continue;
    if (abi.numberBit === 0) fallback = abi;
    else if (inSplitRange(abi, nr)) return abi;
  }
  return fallback;
}

/**
 * Whether `nr` belongs to an ABI told apart by a bit (x32): the bit set
 * and a number of its table above it, as the kernel itself tests; so that
 * syscall(-1), all bits set, stays a native call to an unknown number.
 */
function inSplitRange(abi: Abi, nr: number): boolean {
  const index = nr - abi.numberBit;
  return index >= 0 && index < abi.names.length;
}

/**
 * The syscall's number within its ABI's table: `nr` without the ABI's bit.
 *
 * @example
 * ```ts
 * import { abiOf, hostArch, tableIndex } from "./arch.ts";
 * const abi = abiOf(hostArch(), 0xc000003e, 0x40000000)!;
 * tableIndex(abi, 0x40000000); // 0
 * ```
 */
export function tableIndex(abi: Abi, nr: number): number {
  return abi.numberBit === 0 ? nr : nr - abi.numberBit;
}
