/**
 * x86_64: its three syscall ABIs (native, i386 through `int 0x80`, x32) and
 * the register layout of `struct user_regs_struct` from
 * `<sys/user.h>`.
 *
 * @module
 */

import type { Arch } from "./arch.ts";
import {
  AUDIT_ARCH_I386,
  AUDIT_ARCH_X86_64,
  I386_SYSCALL_NAMES,
  X32_SYSCALL_BIT,
  X32_SYSCALL_NAMES,
  X86_64_SYSCALL_NAMES,
} from "./x86_64_tables.ts";

// Byte offsets in struct user_regs_struct (27 unsigned longs).
const R10 = 7 * 8;
const R9 = 8 * 8;
const R8 = 9 * 8;
const RAX = 10 * 8;
const RDX = 12 * 8;
const RSI = 13 * 8;
const RDI = 14 * 8;
const ORIG_RAX = 15 * 8;
const RIP = 16 * 8;
const ARGUMENT_REGISTERS = [RDI, RSI, RDX, R10, R8, R9];

const NATIVE = {
  name: "x86_64",
  auditArch: AUDIT_ARCH_X86_64,
  numberBit: 0,
  names: X86_64_SYSCALL_NAMES,
};

/**
 * The x86_64 architecture.
 *
 * @example
 * ```ts
 * import { x86_64 } from "./x86_64.ts";
 * x86_64.native.names[59]; // "execve"
 * ```
 */
export const x86_64: Arch = {
  name: "x86_64",
  native: NATIVE,
  abis: [
    NATIVE,
    {
      name: "x32",
      auditArch: AUDIT_ARCH_X86_64,
      numberBit: X32_SYSCALL_BIT,
      names: X32_SYSCALL_NAMES,
    },
    {
      name: "i386",
      auditArch: AUDIT_ARCH_I386,
      numberBit: 0,
      names: I386_SYSCALL_NAMES,
    },
  ],
  registersSize: 27 * 8,
  argumentOffsets: ARGUMENT_REGISTERS,
  syscallInstruction: [0x0f, 0x05],

  instructionPointer(registers) {
    return Number(registers.getBigUint64(RIP, true));
  },

  prepareSyscall(registers, address, nr, args) {
    registers.setBigUint64(RIP, BigInt(address), true);
    registers.setBigUint64(RAX, BigInt(nr), true);
    // orig_rax = -1: the kernel must not treat the stop we resume from as an
    // interrupted syscall to restart, which would rewind rip and rax.
    registers.setBigInt64(ORIG_RAX, -1n, true);
    ARGUMENT_REGISTERS.forEach((offset, index) => {
      registers.setBigUint64(offset, BigInt(args[index] ?? 0), true);
    });
  },

  syscallResult(registers) {
    return Number(registers.getBigInt64(RAX, true));
  },
};
