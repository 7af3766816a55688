/**
 * `systape replay`: run a recording's command again and compare the new
 * run with the recording. It runs a program, so it says what it will run
 * and asks first.
 *
 * @module
 */

import { quoteArgv } from "../diff/labels.ts";
import { SystapeError } from "../errors.ts";
import { parseCommand } from "./arguments.ts";
import { planReplay, replay, type ReplayPlan } from "../replay/replay.ts";
import {
  DIFF_OPTIONS,
  DIFF_OPTIONS_HELP,
  diffOptionsFrom,
} from "./diff_options.ts";
import { printDiff } from "./print_diff.ts";

/** The text `replay --help` prints. */
export const REPLAY_HELP = `Usage: systape replay [options] REC

Runs the command recorded in REC again, as recorded: the same argv (run
directly, never through a shell), working directory, environment and
syscall selection. Variables the recording redacted take this shell's
values, or are left out when it has none. The new recording is saved as
REC.replay-TIME.ndjson beside REC, and compared with REC as 'systape diff'
would.

It first prints what it will run and asks; pass --yes to run without
asking (required when there is no terminal to ask on).

Exit status: 0 the same, 1 different, 2 trouble (REC unreadable, the
command not run). The program's own output goes to the terminal as it runs.

Replay:
  -y, --yes                run without asking
      --no-save            do not keep the new recording
  -o, --output FILE        save the new recording as FILE

${DIFF_OPTIONS_HELP}

  -h, --help               show this help

Examples:
  systape replay recordings/ls-20261204-153728-5753.ndjson
  systape replay --yes --no-save --stat build.ndjson
  systape replay -y --ignore-syscall getrandom -U 1 rec.ndjson
`;

const OPTIONS = {
  ...DIFF_OPTIONS,
  yes: { type: "boolean", short: "y" },
  "no-save": { type: "boolean" },
  output: { type: "string", short: "o" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * Runs `replay` with its arguments; returns the exit status.
 *
 * @example
 * ```ts ignore
 * import { replayCommand } from "./replay.ts";
 * Deno.exit(await replayCommand(["--yes", "rec.ndjson"]));
 * ```
 */
export async function replayCommand(args: string[]): Promise<number> {
  const parsed = parseCommand(args, {
    options: OPTIONS,
    help: REPLAY_HELP,
    operands: 1,
    missing: "replay needs one recording",
    example: "systape replay --yes rec.ndjson",
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;

  const options = {
    ...diffOptionsFrom(values),
    save: !values["no-save"],
    output: values.output,
    handleSignals: true,
  };
  const plan = await planReplay(positionals[0], options);
  // Asking needs the plan shown; -q with --yes asked for silence.
  if (!(values.yes && values.quiet)) console.error(describePlan(plan));
  if (!values.yes && !await confirm()) {
    throw new SystapeError("replay not run", { hint: "answer y to run it" });
  }

  const { run, diff } = await replay(plan, options);
  if (run.execError) {
    console.error(`systape: ${plan.argv[0]}: ${run.execError}`);
  }
  if (plan.output && !values.quiet) {
    console.error(
      `systape: recorded ${run.syscalls} syscalls to ${plan.output}`,
    );
  }
  return await printDiff(diff, values);
}

function describePlan(plan: ReplayPlan): string {
  const lines = [
    `systape: replay will run: ${quoteArgv(plan.argv)}`,
    `  in: ${plan.cwd}`,
    `  environment: ${Object.keys(plan.env).length} variables as recorded`,
  ];
  if (plan.restored.length) {
    lines.push(`  from this shell: ${plan.restored.join(", ")}`);
  }
  if (plan.dropped.length) {
    lines.push(
      `  left out (redacted, not set here): ${plan.dropped.join(", ")}`,
    );
  }
  if (plan.trace) lines.push(`  recording only: ${plan.trace.join(",")}`);
  return lines.join("\n");
}

/** Asks on the terminal; without one, refuses (a script must say --yes). */
async function confirm(): Promise<boolean> {
  if (!Deno.stdin.isTerminal() || !Deno.stderr.isTerminal()) {
    throw new SystapeError("replay runs the recorded command", {
      hint: "pass --yes to run it; there is no terminal to ask on",
    });
  }
  await Deno.stderr.write(new TextEncoder().encode("Run it? [y/N] "));
  return /^y(es)?$/i.test((await readLine()).trim());
}

async function readLine(): Promise<string> {
  const bytes: number[] = [];
  const buffer = new Uint8Array(1);
  // One byte at a time: what follows the newline is the program's input.
  while (await Deno.stdin.read(buffer) === 1 && buffer[0] !== 0x0a) {
    bytes.push(buffer[0]);
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
