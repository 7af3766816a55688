/**
 * The one place where systape talks to libc. Every foreign call the tracer
 * makes goes through the symbols bound here, once, at first use.
 *
 * All calls are synchronous on the calling thread on purpose: the kernel
 * accepts ptrace requests only from the thread that attached to the tracee
 * (ptrace(2), "the tracer"), and Deno runs `nonblocking` FFI calls on other
 * threads.
 *
 * @module
 */

const SYMBOLS = {
  ptrace: { parameters: ["i32", "i32", "u64", "u64"], result: "i32" },
  waitpid: { parameters: ["i32", "buffer", "i32"], result: "i32" },
  kill: { parameters: ["i32", "i32"], result: "i32" },
  clone: { parameters: ["pointer", "u64", "i32", "u64"], result: "i32" },
  dlsym: { parameters: ["u64", "buffer"], result: "pointer" },
  process_vm_readv: {
    parameters: ["i32", "buffer", "u64", "buffer", "u64", "u64"],
    result: "i32",
  },
  sigaction: { parameters: ["i32", "buffer", "buffer"], result: "i32" },
  __errno_location: { parameters: [], result: "pointer" },
  gettid: { parameters: [], result: "i32" },
  setpriority: { parameters: ["i32", "u32", "i32"], result: "i32" },
} as const satisfies Deno.ForeignLibraryInterface;

const SMALL_WORDS = Array.from({ length: 1024 }, (_, n) => BigInt(n));

/**
 * A number as the bigint a 64-bit FFI parameter takes. V8 calls a foreign
 * function on its fast path only when 64-bit arguments are bigints; a number
 * sends the call down the generic path, which here cost more than the
 * ptrace syscall itself (0.25 against 0.11 us). Small values, the signals
 * and sizes of every stop, come from a table and allocate nothing.
 *
 * @example
 * ```ts
 * import { u64 } from "./libc.ts";
 * u64(4096); // 4096n
 * ```
 */
export function u64(value: number): bigint {
  return SMALL_WORDS[value] ?? BigInt(value);
}

/** The bound libc symbols; see {@linkcode libc}. */
export type LibcSymbols = Deno.DynamicLibrary<typeof SYMBOLS>["symbols"];

let bound: LibcSymbols | undefined;
let errnoView: Deno.UnsafePointerView | undefined;

/**
 * Returns the libc symbols, binding them on first use.
 *
 * @example Send signal 0 to check that a process exists
 * ```ts
 * import { libc } from "./libc.ts";
 * const alive = libc().kill(Deno.pid, 0) === 0;
 * ```
 */
export function libc(): LibcSymbols {
  if (bound) return bound;

  bound = Deno.dlopen("libc.so.6", SYMBOLS).symbols;
  errnoView = new Deno.UnsafePointerView(bound.__errno_location()!);
  return bound;
}

/**
 * The calling thread's errno, to be read right after a libc call failed.
 *
 * @example
 * ```ts
 * import { errno, libc } from "./libc.ts";
 * if (libc().kill(1 << 30, 0) === -1) console.log(errno()); // 3 (ESRCH)
 * ```
 */
export function errno(): number {
  libc();
  return errnoView!.getInt32();
}

/**
 * Memory outside the JavaScript heap, at an address that never moves, for
 * structures whose address is handed to libc or to the kernel (iovecs,
 * register sets, a BPF program, a child's stack).
 *
 * @example
 * ```ts
 * import { NativeBuffer } from "./libc.ts";
 * const regs = new NativeBuffer(216);
 * regs.view.setBigUint64(0, 1n, true);
 * ```
 */
export class NativeBuffer {
  /** The bytes, for "buffer" parameters and bulk copies. */
  readonly bytes: Uint8Array;
  /** A little-endian view of the same bytes. */
  readonly view: DataView;
  /** The address of the first byte, for "u64" parameters. */
  readonly address: number;

  /** Allocates `size` zeroed bytes. */
  constructor(size: number) {
    // A fresh ArrayBuffer always has an off-heap backing store, so its
    // address stays valid for as long as this object lives.
    const buffer = new ArrayBuffer(size);
    this.bytes = new Uint8Array(buffer);
    this.view = new DataView(buffer);
    this.address = Number(
      Deno.UnsafePointer.value(Deno.UnsafePointer.of(this.bytes)),
    );
  }
}

/**
 * Encodes a string as a NUL-terminated C string.
 *
 * @example
 * ```ts
 * import { cString } from "./libc.ts";
 * cString("raise"); // Uint8Array [114, 97, 105, 115, 101, 0]
 * ```
 */
export function cString(text: string): Uint8Array {
  return new TextEncoder().encode(text + "\0");
}

/**
 * The address of a libc function, for passing as a function pointer.
 *
 * @example
 * ```ts
 * import { symbolAddress } from "./libc.ts";
 * const raise = symbolAddress("raise");
 * ```
 */
export function symbolAddress(name: string): Deno.PointerValue {
  const RTLD_DEFAULT = 0;
  const pointer = libc().dlsym(u64(RTLD_DEFAULT), cString(name));
  if (pointer === null) throw new Error(`libc has no symbol ${name}`);
  return pointer;
}
