/**
 * The argument handling every reader command shares: options parsed
 * strictly, `--help` answered, and the number of operands checked with a
 * one-line error that shows the way out.
 *
 * @module
 */

import { parseArgs, type ParseArgsOptionsConfig } from "node:util";
import { SystapeError } from "../errors.ts";
import { printLine } from "./output.ts";

/** How a command takes its arguments. */
export interface CommandSpec<O extends ParseArgsOptionsConfig> {
  /** Its options, as node:util parseArgs takes them (with `help`). */
  options: O;
  /** The text `--help` prints. */
  help: string;
  /** How many operands (recordings) it takes. */
  operands: number;
  /** Says what is missing, e.g. "diff needs two recordings". */
  missing: string;
  /** An example of a right call, e.g. "systape diff A.ndjson B.ndjson". */
  example: string;
}

/**
 * Parses a command's arguments; null when it printed its help instead.
 *
 * @example
 * ```ts ignore
 * import { parseCommand } from "./arguments.ts";
 * const parsed = parseCommand(args, {
 *   options: { help: { type: "boolean", short: "h" } },
 *   help: "Usage: systape stats REC",
 *   operands: 1,
 *   missing: "stats needs one recording",
 *   example: "systape stats rec.ndjson",
 * });
 * ```
 */
export function parseCommand<O extends ParseArgsOptionsConfig>(
  args: string[],
  spec: CommandSpec<O>,
) {
  const parsed = parseArgs({
    args,
    options: spec.options,
    allowPositionals: true,
    strict: true,
  });
  if ((parsed.values as { help?: boolean }).help) {
    printLine(spec.help);
    return null;
  }
  if (parsed.positionals.length !== spec.operands) {
    throw new SystapeError(spec.missing, { hint: `e.g. ${spec.example}` });
  }
  return parsed;
}
