/**
 * Names for the numbers a recording carries: errno values (including the
 * kernel-internal restart codes a tracer sees at syscall-exit-stop) and
 * signals.
 *
 * @module
 */

import { ERRNO_MESSAGES, ERRNO_NAMES } from "./errno_tables.ts";
import { SIGNAL_NAMES, SIGRTMIN_KERNEL } from "./signal_tables.ts";

/**
 * Codes the kernel uses inside an interrupted syscall, which a tracer sees
 * at its syscall-exit-stop but a program never does (the kernel restarts the
 * syscall or turns them into EINTR). They live in the kernel's private
 * include/linux/errno.h, not in the user-space headers the tables are
 * generated from, so they are listed here.
 */
const RESTART_CODES: Readonly<Record<number, [string, string]>> = {
  512: ["ERESTARTSYS", "To be restarted if SA_RESTART is set"],
  513: ["ERESTARTNOINTR", "To be restarted"],
  514: ["ERESTARTNOHAND", "To be restarted if no handler"],
  515: ["ENOIOCTLCMD", "No ioctl command"],
  516: ["ERESTART_RESTARTBLOCK", "Interrupted by signal"],
  517: ["EPROBE_DEFER", "Requested probe deferral"],
  518: ["EOPENSTALE", "Open found a stale dentry"],
  519: ["ENOPARAM", "Parameter not supported"],
};

/**
 * The name of an errno value, e.g. "ENOENT"; `E<n>` for a number without one.
 *
 * @example
 * ```ts
 * import { errnoName } from "./names.ts";
 * errnoName(2); // "ENOENT"
 * errnoName(512); // "ERESTARTSYS"
 * ```
 */
export function errnoName(code: number): string {
  return ERRNO_NAMES[code] || RESTART_CODES[code]?.[0] || `E${code}`;
}

/**
 * The number of an errno name, or undefined.
 *
 * @example
 * ```ts
 * import { errnoNumber } from "./names.ts";
 * errnoNumber("ENOENT"); // 2
 * ```
 */
export function errnoNumber(name: string): number | undefined {
  const index = ERRNO_NAMES.indexOf(name);
  if (index > 0) return index;
  const restart = Object.entries(RESTART_CODES).find(([, [n]]) => n === name);
  return restart ? Number(restart[0]) : undefined;
}

/**
 * What an errno value means, as strerror(3) says it.
 *
 * @example
 * ```ts
 * import { errnoMessage } from "./names.ts";
 * errnoMessage(2); // "No such file or directory"
 * ```
 */
export function errnoMessage(code: number): string {
  return ERRNO_MESSAGES[code] || RESTART_CODES[code]?.[1] ||
    `Unknown error ${code}`;
}

/**
 * The name of a signal: "SIGINT", and "SIGRT_<n>" for real-time signal
 * SIGRTMIN+n as strace names them.
 *
 * @example
 * ```ts
 * import { signalName } from "./names.ts";
 * signalName(2); // "SIGINT"
 * signalName(34); // "SIGRT_2"
 * ```
 */
export function signalName(signo: number): string {
  if (signo >= SIGRTMIN_KERNEL) return `SIGRT_${signo - SIGRTMIN_KERNEL}`;
  return SIGNAL_NAMES[signo] || `SIG${signo}`;
}

/**
 * The number of a signal name ("SIGINT" or "INT"), or undefined.
 *
 * @example
 * ```ts
 * import { signalNumber } from "./names.ts";
 * signalNumber("SIGKILL"); // 9
 * ```
 */
export function signalNumber(name: string): number | undefined {
  const full = name.startsWith("SIG") ? name : `SIG${name}`;
  const index = SIGNAL_NAMES.indexOf(full);
  if (index > 0) return index;
  const realtime = /^SIGRT_(\d+)$/.exec(full);
  return realtime ? SIGRTMIN_KERNEL + Number(realtime[1]) : undefined;
}
