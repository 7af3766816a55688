/**
 * `systape diff`: compare two recordings, like diff(1) compares files.
 *
 * @module
 */

import { diffRecordings } from "../diff/diff.ts";
import { parseCommand } from "./arguments.ts";
import {
  DIFF_OPTIONS,
  DIFF_OPTIONS_HELP,
  diffOptionsFrom,
} from "./diff_options.ts";
import { printDiff } from "./print_diff.ts";

/** The text `diff --help` prints. */
export const DIFF_HELP = `Usage: systape diff [options] A B

Compares recording A with recording B, thread by thread, after hiding what
differs on every run: pids, fd numbers, addresses, times, temporary names.
Processes are matched by their place in the process tree (p1, its children
p1.1, p1.2, its threads p1/t2); syscalls are aligned so that one extra call
shows as one added line.

Exit status: 0 the same, 1 different, 2 trouble (a file unreadable, not a
recording, or cut short without --allow-incomplete).

${DIFF_OPTIONS_HELP}

  -h, --help               show this help

Examples:
  systape diff run1.ndjson run2.ndjson
  systape diff -U 0 --ignore-syscall getrandom,brk old.ndjson new.ndjson
  systape diff --stat --allow-incomplete good.ndjson crashed.ndjson
  systape diff --replace '/home/[a-z]+=/home/USER' a.ndjson b.ndjson
  systape diff --json a.ndjson b.ndjson | jq 'select(.type == "summary")'
`;

const OPTIONS = {
  ...DIFF_OPTIONS,
  help: { type: "boolean", short: "h" },
} as const;

/**
 * Runs `diff` with its arguments; returns the exit status.
 *
 * @example
 * ```ts ignore
 * import { diffCommand } from "./diff.ts";
 * Deno.exit(await diffCommand(["a.ndjson", "b.ndjson"]));
 * ```
 */
export async function diffCommand(args: string[]): Promise<number> {
  const parsed = parseCommand(args, {
    options: OPTIONS,
    help: DIFF_HELP,
    operands: 2,
    missing: "diff needs two recordings",
    example: "systape diff A.ndjson B.ndjson",
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;

  const [a, b] = positionals;
  const diff = await diffRecordings(a, b, diffOptionsFrom(values));
  return await printDiff(diff, values);
}
