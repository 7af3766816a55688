/**
 * Signal sets and handlers: sigset_t as strace shows it (`[INT TERM]`, or
 * `~[...]` for the complement when more than half the signals are in it),
 * the kernel's `struct sigaction` of rt_sigaction(2), and the mask that
 * rt_sigreturn(2) restores.
 *
 * @module
 */

import type { DecodedValue } from "../recording/events.ts";
import type { Call } from "./call.ts";
import { type Kind, kind, signalText } from "./kinds.ts";
import { readStruct } from "./memory.ts";
import { flags } from "./xlat.ts";
import { SA_FLAGS } from "./xlat_tables.ts";

const SA_RESTORER = 0x04000000;

/**
 * A signal set of `size` bytes as strace shows it.
 *
 * @example
 * ```ts
 * import { sigsetText } from "./signals.ts";
 * sigsetText(new Uint8Array([0, 0x40, 1, 0, 0, 0, 0, 0])); // "[TERM CHLD]"
 * ```
 */
export function sigsetText(bytes: Uint8Array): string {
  let count = 0;
  for (const byte of bytes) count += popcount(byte);
  const invert = count * 2 > bytes.length * 8;

  const names: string[] = [];
  for (let bit = 0; bit < bytes.length * 8; bit++) {
    const set = (bytes[bit >> 3] & (1 << (bit & 7))) !== 0;
    if (set !== invert) names.push(shortSignal(bit + 1));
  }
  return `${invert ? "~" : ""}[${names.join(" ")}]`;
}

/**
 * A sigset_t argument read at entry; its size is argument `sizeIndex`.
 *
 * @example
 * What it shows as rt_sigprocmask's new set:
 * ```ts
 * import { sigsetIn } from "./signals.ts";
 * sigsetIn(2); // [INT TERM CHLD]
 * ```
 */
export function sigsetIn(sizeIndex: number): Kind {
  return kind((call, i) => sigset(call, i, call.uint(sizeIndex)));
}

/**
 * A sigset_t filled by the call (the old mask), read at exit.
 *
 * @example
 * What it shows as rt_sigprocmask's old set:
 * ```ts
 * import { sigsetOut } from "./signals.ts";
 * sigsetOut(2); // ~[RTMIN RT_1]
 * ```
 */
export function sigsetOut(sizeIndex: number): Kind {
  return kind((call, i) => sigset(call, i, call.uint(sizeIndex)), {
    out: true,
  });
}

function sigset(call: Call, i: number, size: number): DecodedValue {
  if (call.address(i) === 0) return "NULL";
  if (size === 0 || size > 128) return call.pointer(i);
  const view = readStruct(call.tid, call.address(i), size);
  if (!view) return call.pointer(i);
  return sigsetText(new Uint8Array(view.buffer, view.byteOffset, size));
}

/**
 * The kernel's struct sigaction, read at entry (the new action).
 *
 * @example
 * What it shows as rt_sigaction's new action:
 * ```ts
 * import { SIGACTION_IN } from "./signals.ts";
 * SIGACTION_IN; // {sa_handler=SIG_DFL, sa_mask=[], sa_flags=SA_RESTORER, sa_restorer=0x7f5c2a03e050}
 * ```
 */
export const SIGACTION_IN: Kind = kind((call, i) => sigaction(call, i), {
  layout: true,
});

/**
 * The kernel's struct sigaction, read at exit (the old action).
 *
 * @example
 * What it shows as rt_sigaction's old action:
 * ```ts
 * import { SIGACTION_OUT } from "./signals.ts";
 * SIGACTION_OUT; // {sa_handler=SIG_IGN, sa_mask=[], sa_flags=0}
 * ```
 */
export const SIGACTION_OUT: Kind = kind((call, i) => sigaction(call, i), {
  out: true,
  layout: true,
});

/**
 * x86_64's `struct kernel_sigaction`: handler, flags, restorer, then the
 * mask (8 bytes, the size rt_sigaction is called with).
 */
function sigaction(call: Call, i: number): DecodedValue {
  if (call.address(i) === 0) return "NULL";
  const view = readStruct(call.tid, call.address(i), 32);
  if (!view) return call.pointer(i);

  const handler = view.getBigUint64(0, true);
  const saFlags = Number(view.getBigUint64(8, true));
  const mask = new Uint8Array(view.buffer, view.byteOffset + 24, 8);
  const fields: Record<string, DecodedValue> = {
    sa_handler: handlerText(handler),
    sa_mask: sigsetText(mask),
    sa_flags: flags(SA_FLAGS, saFlags),
  };
  if (saFlags & SA_RESTORER) {
    fields.sa_restorer = `0x${view.getBigUint64(16, true).toString(16)}`;
  }
  return { struct: fields };
}

function handlerText(handler: bigint): string {
  if (handler === 0n) return "SIG_DFL";
  if (handler === 1n) return "SIG_IGN";
  if (handler === 0xffffffffffffffffn) return "SIG_ERR";
  return `0x${handler.toString(16)}`;
}

/**
 * Offset of uc_sigmask in the rt_sigframe the stack pointer points into
 * when rt_sigreturn is entered: the handler's `ret` popped pretcode, so the
 * stack pointer is at the ucontext, whose uc_sigmask follows uc_flags,
 * uc_link, uc_stack (24 bytes) and uc_mcontext (256 bytes): 8 + 8 + 24 +
 * 256 (arch/x86/include/uapi/asm/ucontext.h, asm/sigcontext.h).
 */
const UC_SIGMASK = 296;

/**
 * rt_sigreturn's only "argument": the mask it restores, `{mask=[...]}`.
 * The stack pointer is not among the raw arguments, so it comes from
 * /proc/TID/syscall, which the kernel fills for a task stopped in a
 * syscall ("NR ARG1..ARG6 SP PC"); rt_sigreturn is rare enough to pay for
 * that read.
 *
 * @example
 * What it shows as rt_sigreturn's mask:
 * ```ts
 * import { SIGRETURN_MASK } from "./signals.ts";
 * SIGRETURN_MASK; // {mask=[]}
 * ```
 */
export const SIGRETURN_MASK: Kind = kind((call) => {
  const sp = stackPointer(call.tid);
  if (sp === null) return { struct: { mask: "?" } };
  const view = readStruct(call.tid, sp + UC_SIGMASK, 8);
  if (!view) return { struct: { mask: "?" } };
  const mask = new Uint8Array(view.buffer, view.byteOffset, 8);
  return { struct: { mask: sigsetText(mask) } };
}, { layout: true });

function stackPointer(tid: number): number | null {
  try {
    const fields = Deno.readTextFileSync(`/proc/${tid}/syscall`).split(" ");
    return fields.length >= 9 ? Number(BigInt(fields[7])) : null;
  } catch {
    return null;
  }
}

function shortSignal(signo: number): string {
  const name = signalText(signo);
  return typeof name === "string" ? name.replace(/^SIG/, "") : String(name);
}

function popcount(byte: number): number {
  let count = 0;
  for (let b = byte; b; b &= b - 1) count++;
  return count;
}
