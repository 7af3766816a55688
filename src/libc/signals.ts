/**
 * Signal dispositions of the recorder's own process.
 *
 * @module
 */

import { libc, NativeBuffer } from "./libc.ts";

// glibc's struct sigaction on x86_64: sa_handler, then a 128-byte sa_mask,
// sa_flags and sa_restorer; 152 bytes. SIG_IGN is handler value 1.
const SIGACTION_SIZE = 152;
const SIG_IGN = 1n;

/**
 * Sets a signal of this process back to ignored (SIG_IGN).
 *
 * @example Keep ignoring a SIGINT inherited as ignored
 * ```ts ignore
 * import { ignoreSignal } from "./signals.ts";
 * ignoreSignal(2);
 * ```
 */
export function ignoreSignal(signo: number) {
  const action = new NativeBuffer(SIGACTION_SIZE);
  action.view.setBigUint64(0, SIG_IGN, true);
  libc().sigaction(signo, action.bytes, null);
}
