/**
 * systape's argument decoder: the {@linkcode SyscallDecoder} the tracer
 * calls at each selected syscall's seccomp stop and syscall-exit-stop.
 *
 * At entry it decodes the input arguments of the syscall's signature
 * (src/decode/signatures.ts), reading the tracee's memory while it still
 * holds them; at exit the output arguments, the fd table changes and the
 * result. Syscalls without a signature cost one map lookup and are
 * recorded raw.
 *
 * @module
 */

import type { DecodedSyscall, DecodedValue } from "../recording/events.ts";
import type { SyscallDecoder } from "../tracer/decoder.ts";
import type { InFlightSyscall } from "../tracer/threads.ts";
import { Call } from "./call.ts";
import { applyEffects, FD_TABLE_SYSCALLS } from "./effects.ts";
import { FdTables } from "./fds.ts";
import { namesFds, type Signature, signatureFor } from "./signatures.ts";

/** Options of {@linkcode createDecoder}. */
export interface DecoderOptions {
  /**
   * Bytes of strings and buffers kept (`-s`), 32 unless said otherwise, as
   * in strace; file names are never cut.
   */
  stringLimit?: number;
  /** The syscalls recorded (all unless said otherwise). */
  selection?: readonly string[] | "all";
}

/** What entry() keeps on the in-flight syscall for exit(). */
interface Kept {
  signature: Signature;
  call: Call;
  values: (DecodedValue | undefined)[];
}

/**
 * A decoder for the tracer. When the selection shows fds (read, close,
 * openat...), the decoder keeps each process's fd table and asks to see
 * the syscalls that change it even when they are not recorded: a stop at
 * an occasional dup2 is cheaper than a readlink(2) of /proc/PID/fd/N at
 * every read. When nothing selected shows fds, there is no table to keep.
 *
 * @example
 * ```ts
 * import { createDecoder } from "./decoder.ts";
 * const decoder = createDecoder({ selection: ["read", "openat", "close"] });
 * decoder.bookkeeping.includes("dup2"); // true
 * createDecoder({ selection: ["getppid"] }).bookkeeping; // []
 * ```
 */
export function createDecoder(options: DecoderOptions = {}): SyscallDecoder {
  const selection = options.selection ?? "all";
  // "all" records the fd-changing syscalls anyway.
  const bookkeeping = selection !== "all" && selection.some(namesFds)
    ? FD_TABLE_SYSCALLS.filter((name) => !selection.includes(name))
    : [];
  return new Decoder(options.stringLimit ?? 32, bookkeeping);
}

class Decoder implements SyscallDecoder {
  // Consulted only for selected syscalls that show fds, and then the
  // bookkeeping stops keep it current.
  readonly #tables = new FdTables();

  constructor(
    readonly stringLimit: number,
    readonly bookkeeping: readonly string[],
  ) {}

  entry(tid: number, pid: number, syscall: InFlightSyscall) {
    const signature = signatureFor(syscall.name, syscall.abi);
    if (!signature) return;

    // A decoder bug must cost one syscall its decoded form, never the
    // recording: the tracer loop does not expect the decoder to throw.
    try {
      syscall.entry = this.#enter(tid, pid, syscall, signature);
    } catch {
      syscall.entry = undefined;
    }
  }

  #enter(
    tid: number,
    pid: number,
    syscall: InFlightSyscall,
    signature: Signature,
  ): Kept {
    const wordBits = syscall.abi === "i386" ? 32 : 64;
    const call = new Call(
      tid,
      pid,
      syscall.args,
      wordBits,
      this.stringLimit,
      this.#tables,
    );
    const values = signature.args.map((kind, i) =>
      kind.out ? undefined : kind.decode(call, i)
    );
    applyEffects(syscall.name, call, this.#tables, "entry");
    return { signature, call, values };
  }

  exit(
    _tid: number,
    _pid: number,
    syscall: InFlightSyscall,
    ret: number | string | null,
    isError: boolean,
  ): DecodedSyscall | undefined {
    const kept = syscall.entry as Kept | undefined;
    if (!kept) return undefined;

    try {
      return this.#leave(syscall.name, kept, ret, isError);
    } catch {
      return undefined;
    }
  }

  #leave(
    name: string,
    kept: Kept,
    ret: number | string | null,
    isError: boolean,
  ): DecodedSyscall {
    const { signature, call, values } = kept;
    call.ret = ret;
    call.failed = isError;
    signature.args.forEach((kind, i) => {
      if (!kind.out) return;
      values[i] = call.succeeded
        ? kind.decode(call, i)
        : kind.failed
        ? kind.failed(call, i)
        : call.pointer(i);
    });
    if (call.succeeded) applyEffects(name, call, this.#tables, "exit");

    const decoded: DecodedSyscall = {
      args: values.filter((value) => value !== undefined) as DecodedValue[],
    };
    const result = call.succeeded ? signature.result?.(call) : undefined;
    if (result !== undefined) decoded.ret = result;
    return decoded;
  }

  spawn(parentPid: number, childPid: number, sharesFiles: boolean) {
    this.#tables.spawn(parentPid, childPid, sharesFiles);
  }

  exec(pid: number) {
    this.#tables.exec(pid);
  }

  processExit(pid: number) {
    this.#tables.exit(pid);
  }
}
