/**
 * The `systape` command line: picks the subcommand, and turns errors into
 * one line on stderr and an exit status.
 *
 * @module
 */

import { SystapeError } from "../errors.ts";
import { TOOL } from "../recording/header.ts";

/** The text `systape --help` prints. */
export const MAIN_HELP =
  `systape ${TOOL.version}: record the system calls of a program, and compare runs.

Usage: systape COMMAND [options]

Commands:
  record [options] -- CMD [ARGS...]   record CMD's syscalls to NDJSON
  diff [options] A B                  compare two recordings
  replay [options] REC                run a recording's command again and
                                      compare the new run with it
  show [options] REC                  print a recording as strace does
  stats [options] REC                 summarise a recording as strace -c does
  help [COMMAND]                      show this help, or COMMAND's

Options:
  -h, --help       show this help
  -V, --version    show the version

Run 'systape COMMAND --help' for a command's options.
`;

type Command = (args: string[]) => Promise<number>;

// Each command's modules load only when it runs: a recording's start-up
// then pays for the recorder alone, not for diff, replay and the views.
const COMMANDS: Record<string, () => Promise<Command>> = {
  record: async () => (await import("./record.ts")).recordCommand,
  diff: async () => (await import("./diff.ts")).diffCommand,
  replay: async () => (await import("./replay.ts")).replayCommand,
  show: async () => (await import("./show.ts")).showCommand,
  stats: async () => (await import("./stats.ts")).statsCommand,
};

/**
 * Runs the CLI with `args` (without the program name); returns the status
 * to exit with. Never throws.
 *
 * @example
 * ```ts ignore
 * import { main } from "./main.ts";
 * Deno.exit(await main(Deno.args));
 * ```
 */
export async function main(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === "-h" || name === "--help") {
    console.log(MAIN_HELP);
    return name === undefined ? 2 : 0;
  }
  if (name === "-V" || name === "--version") {
    console.log(`systape ${TOOL.version}`);
    return 0;
  }
  // `systape help` as git and go have it: the help, or a command's.
  if (name === "help") {
    if (rest.length === 0) {
      console.log(MAIN_HELP);
      return 0;
    }
    return await run(rest[0], ["--help"]);
  }
  return await run(name, rest);
}

async function run(name: string, args: string[]): Promise<number> {
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    console.error(`systape: unknown command '${name}' (see 'systape --help')`);
    return 2;
  }
  try {
    const command = await load();
    return await command(args);
  } catch (error) {
    console.error(describe(error));
    return error instanceof SystapeError ? error.exitCode : 2;
  }
}

/**
 * The problem parseArgs names, as one of our lines: its first sentence,
 * lower-cased (its advice about `--` is for positionals that start with a
 * dash, which systape's commands do not take).
 */
function parseArgsProblem(message: string): string {
  const problem = message.split(". ")[0].replace(/\.$/, "");
  return problem.charAt(0).toLowerCase() + problem.slice(1);
}

function describe(error: unknown): string {
  if (error instanceof SystapeError) return error.line();
  // node:util parseArgs reports bad options with a code and a readable message.
  const code = (error as { code?: string })?.code;
  if (code?.startsWith("ERR_PARSE_ARGS")) {
    return `systape: ${
      parseArgsProblem((error as Error).message)
    } (see --help)`;
  }
  return `systape: internal error: ${(error as Error)?.stack ?? error}`;
}
