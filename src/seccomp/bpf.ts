/**
 * Classic BPF instructions, as seccomp(2) runs them: just the opcodes a
 * syscall filter needs, and the encoding of a program into the bytes of a
 * `struct sock_filter` array.
 *
 * @module
 */

/** One `struct sock_filter`: opcode, jump-if-true, jump-if-false, constant. */
export interface Instruction {
  /** BPF opcode. */
  code: number;
  /** Instructions to skip when the condition holds (0-255). */
  jt: number;
  /** Instructions to skip when it does not (0-255). */
  jf: number;
  /** The constant operand. */
  k: number;
}

const LD_W_ABS = 0x20;
const JMP_JA = 0x05;
const JMP_JEQ_K = 0x15;
const JMP_JGE_K = 0x35;
const JMP_JSET_K = 0x45;
const RET_K = 0x06;

/** The longest conditional jump: jt and jf are 8-bit fields. */
export const MAX_CONDITIONAL_JUMP = 255;

/**
 * `A = *(u32 *)(seccomp_data + offset)`.
 *
 * @example Load the syscall number
 * ```ts
 * import { load } from "./bpf.ts";
 * load(0);
 * ```
 */
export function load(offset: number): Instruction {
  return { code: LD_W_ABS, jt: 0, jf: 0, k: offset };
}

/**
 * `if (A == k) skip jt else skip jf`.
 *
 * @example
 * ```ts
 * import { jumpIfEqual } from "./bpf.ts";
 * jumpIfEqual(0xc000003e, 1, 0);
 * ```
 */
export function jumpIfEqual(k: number, jt: number, jf: number): Instruction {
  return { code: JMP_JEQ_K, jt, jf, k };
}

/**
 * `if (A >= k) skip jt else skip jf` (unsigned).
 *
 * @example
 * ```ts
 * import { jumpIfAtLeast } from "./bpf.ts";
 * jumpIfAtLeast(257, 3, 0);
 * ```
 */
export function jumpIfAtLeast(k: number, jt: number, jf: number): Instruction {
  return { code: JMP_JGE_K, jt, jf, k };
}

/**
 * `if (A & k) skip jt else skip jf`.
 *
 * @example
 * ```ts
 * import { jumpIfAnyBit } from "./bpf.ts";
 * jumpIfAnyBit(0x40000000, 5, 0);
 * ```
 */
export function jumpIfAnyBit(k: number, jt: number, jf: number): Instruction {
  return { code: JMP_JSET_K, jt, jf, k };
}

/**
 * An unconditional jump of up to 2^32-1 instructions.
 *
 * @example
 * ```ts
 * import { jump } from "./bpf.ts";
 * jump(300);
 * ```
 */
export function jump(distance: number): Instruction {
  return { code: JMP_JA, jt: 0, jf: 0, k: distance };
}

/**
 * `return k`: the filter's verdict.
 *
 * @example
 * ```ts
 * import { returnValue } from "./bpf.ts";
 * returnValue(0x7fff0000); // SECCOMP_RET_ALLOW
 * ```
 */
export function returnValue(k: number): Instruction {
  return { code: RET_K, jt: 0, jf: 0, k };
}

/**
 * Encodes instructions as the bytes of a `struct sock_filter[]`.
 *
 * @example
 * ```ts
 * import { encode, returnValue } from "./bpf.ts";
 * encode([returnValue(0x7fff0000)]).length; // 8
 * ```
 */
export function encode(program: readonly Instruction[]): Uint8Array {
  const bytes = new Uint8Array(program.length * 8);
  const view = new DataView(bytes.buffer);
  program.forEach((instruction, index) => {
    const offset = index * 8;
    view.setUint16(offset, instruction.code, true);
    view.setUint8(offset + 2, instruction.jt);
    view.setUint8(offset + 3, instruction.jf);
    view.setUint32(offset + 4, instruction.k >>> 0, true);
  });
  return bytes;
}
