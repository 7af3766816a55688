/**
 * `systape show`: print a recording as strace prints a trace.
 *
 * @module
 */

import { readRecording } from "../recording/reader.ts";
import { TextView } from "../view/text.ts";
import { printLine } from "./output.ts";
import { parseCommand } from "./arguments.ts";

/**
 * The text `show --help` prints.
 *
 * @example
 * ```ts
 * import { SHOW_HELP } from "./show.ts";
 * SHOW_HELP.startsWith("Usage:"); // true
 * ```
 */
export const SHOW_HELP = `Usage: systape show [options] REC

Prints recording REC as strace -f prints a trace: one line per syscall with
its decoded arguments and result, '--- SIGNAL {...} ---' for signals and
'+++ exited with N +++' when a thread ends. Lines start with '[pid N] '
while more than one thread is traced, as strace's do on a terminal.

Options:
  -y, --decode-fds     show what fds refer to: 3</etc/passwd>, as strace -y
      --pids           start every line with the thread id, as strace -f -o
                       FILE does
      --no-color       never colour (default: colour on a terminal unless
                       NO_COLOR is set)
      --allow-incomplete
                       show a recording cut short (no end line)
  -h, --help           show this help

Examples:
  systape show recordings/ls-20250101-120000-42.ndjson
  systape show -y --pids rec.ndjson | grep openat
`;

const OPTIONS = {
  "decode-fds": { type: "boolean", short: "y" },
  pids: { type: "boolean" },
  "no-color": { type: "boolean" },
  "allow-incomplete": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * Runs `show` with its arguments; returns the exit status.
 *
 * @example
 * ```ts ignore
 * import { showCommand } from "./show.ts";
 * Deno.exit(await showCommand(["rec.ndjson"]));
 * ```
 */
export async function showCommand(args: string[]): Promise<number> {
  const parsed = parseCommand(args, {
    options: OPTIONS,
    help: SHOW_HELP,
    operands: 1,
    missing: "show needs one recording",
    example: "systape show rec.ndjson",
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;

  const view = new TextView({
    fdPaths: values["decode-fds"],
    pidColumn: values.pids,
    colour: !values["no-color"] && wantsColour(Deno.stdout),
  });
  const events = readRecording(positionals[0], {
    allowIncomplete: values["allow-incomplete"],
  });
  for await (const event of events) {
    for (const line of view.lines(event)) printLine(line);
  }
  return 0;
}

/**
 * Whether output to `stream` should be coloured: it is a terminal and
 * NO_COLOR is not set (https://no-color.org).
 *
 * @example
 * ```ts ignore
 * import { wantsColour } from "./show.ts";
 * wantsColour(Deno.stderr);
 * ```
 */
export function wantsColour(stream: { isTerminal(): boolean }): boolean {
  const noColor = Deno.env.get("NO_COLOR");
  return stream.isTerminal() && (noColor === undefined || noColor === "");
}
