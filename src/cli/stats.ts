/**
 * `systape stats`: the strace -c summary of a recording.
 *
 * @module
 */

import { readRecording } from "../recording/reader.ts";
import { Stats } from "../view/stats.ts";
import { printLine } from "./output.ts";
import { parseCommand } from "./arguments.ts";

/**
 * The text `stats --help` prints.
 *
 * @example
 * ```ts
 * import { STATS_HELP } from "./stats.ts";
 * STATS_HELP.startsWith("Usage:"); // true
 * ```
 */
export const STATS_HELP = `Usage: systape stats [options] REC

Prints the summary strace -c prints for recording REC: for each syscall the
share of time, seconds, microseconds per call, calls and errors, busiest
first; then the same totals per process. Times are each call's duration
from entry to exit (wall time, as strace -c -w measures).

Options:
      --allow-incomplete   summarise a recording cut short (no end line)
  -h, --help               show this help

Examples:
  systape stats recordings/make-20250101-120000-42.ndjson
  systape stats --allow-incomplete crashed.ndjson | head -20
`;

const OPTIONS = {
  "allow-incomplete": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * Runs `stats` with its arguments; returns the exit status.
 *
 * @example
 * ```ts ignore
 * import { statsCommand } from "./stats.ts";
 * Deno.exit(await statsCommand(["rec.ndjson"]));
 * ```
 */
export async function statsCommand(args: string[]): Promise<number> {
  const parsed = parseCommand(args, {
    options: OPTIONS,
    help: STATS_HELP,
    operands: 1,
    missing: "stats needs one recording",
    example: "systape stats rec.ndjson",
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;

  const stats = new Stats();
  const events = readRecording(positionals[0], {
    allowIncomplete: values["allow-incomplete"],
  });
  for await (const event of events) stats.add(event);

  for (const line of stats.syscallTable()) printLine(line);
  printLine("");
  for (const line of stats.processTable()) printLine(line);
  return 0;
}
