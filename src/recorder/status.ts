/**
 * `--status`: which syscalls a recording keeps by how they ended, as
 * strace's option of the same name: successful, failed, unfinished.
 *
 * @module
 */

import { SystapeError } from "../errors.ts";
import type { SyscallEvent } from "../recording/events.ts";

/** How a syscall ended. */
export type SyscallStatus = "successful" | "failed" | "unfinished";

/** strace's names beside ours: both mean "never returned" here. */
const ALIASES: Readonly<Record<string, SyscallStatus>> = {
  successful: "successful",
  failed: "failed",
  unfinished: "unfinished",
  unavailable: "unfinished",
  detached: "unfinished",
};

/**
 * Parses a comma-separated `--status` list; undefined (absent) keeps all.
 * An unknown word is a SystapeError naming the accepted ones.
 *
 * @example
 * ```ts
 * import { parseStatus } from "./status.ts";
 * parseStatus("failed")?.has("failed"); // true
 * parseStatus(undefined); // undefined: keep every syscall
 * ```
 */
export function parseStatus(
  list: string | undefined,
): ReadonlySet<SyscallStatus> | undefined {
  if (list === undefined) return undefined;
  const statuses = new Set<SyscallStatus>();
  for (const word of list.split(",").map((item) => item.trim())) {
    const status = ALIASES[word];
    if (!status) {
      throw new SystapeError(`unknown status '${word}' in --status`, {
        hint: "use successful, failed or unfinished, comma-separated",
      });
    }
    statuses.add(status);
  }
  return statuses;
}

/**
 * How a recorded syscall ended.
 *
 * @example
 * ```ts ignore
 * import { statusOf } from "./status.ts";
 * statusOf(event); // "failed" when event.errno is set
 * ```
 */
export function statusOf(event: SyscallEvent): SyscallStatus {
  if (event.unfinished || event.ret === null) return "unfinished";
  return event.errno === null ? "successful" : "failed";
}
