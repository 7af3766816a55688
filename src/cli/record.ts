/**
 * `systape record`: run a command under the recorder and write its
 * recording.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { SystapeError } from "../errors.ts";
import { record } from "../recorder/record.ts";
import { parseStringLimit, recordShowing } from "./live_view.ts";

/** The text `record --help` prints. */
export const RECORD_HELP = `Usage: systape record [options] [--] CMD [ARGS...]
       systape record [options] -p PID [-p PID...]

Runs CMD under ptrace and records its system calls, and those of its
children and threads, as NDJSON. With -p, attaches to running processes
instead, until they exit or Ctrl-C, and then detaches, leaving them running.

Options:
  -o, --output FILE   where to write (default: recordings/CMD-TIME-PID.ndjson,
                      in a recordings/ directory made in the current one);
                      a directory: a new file in it; "-": standard output
  -e, --trace LIST    syscalls to record (default: all), as strace -e trace=:
                      names, classes (%file, %process, %network, %signal,
                      %ipc, %desc, %memory, %creds, %clock, %stat, %pure...),
                      /regex; a leading ! records all but those;
                      strace's "trace=" prefix is accepted
  -s, --string-limit N
                      bytes of strings and buffers kept (default 32, as
                      strace -s); file names are kept whole
      --status LIST   keep only syscalls that ended so: successful, failed,
                      unfinished (comma-separated)
      --show          also print the syscalls to stderr as they happen, as
                      systape show prints them
  -p, --pid PID       attach to a running process (repeatable)
      --keep-secrets  keep secret-looking environment values in the header
  -q, --quiet         print nothing but errors
  -h, --help          show this help

The recorder exits with the program's status (128+N when killed by signal N;
127 when CMD is not found, 126 when it cannot be executed).

Examples:
  systape record -- ls /
  systape record -e openat,read,close -o ls.ndjson -- ls -la /etc
  systape record -o traces/ -- sh -c 'ls / | wc -l'
  systape record -q -o - -- true | grep '"syscall"' | wc -l
  systape record -e write -p 1234
`;

const OPTIONS = {
  output: { type: "string", short: "o" },
  trace: { type: "string", short: "e" },
  pid: { type: "string", short: "p", multiple: true },
  "keep-secrets": { type: "boolean" },
  "string-limit": { type: "string", short: "s" },
  status: { type: "string" },
  show: { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * Runs `record` with its arguments; returns the exit status.
 *
 * @example
 * ```ts ignore
 * import { recordCommand } from "./record.ts";
 * Deno.exit(await recordCommand(["-o", "-", "--", "true"]));
 * ```
 */
export async function recordCommand(args: string[]): Promise<number> {
  const { options, command } = splitCommand(args);
  const { values } = parseArgs({
    args: options,
    options: OPTIONS,
    strict: true,
  });
  if (values.help) {
    console.log(RECORD_HELP);
    return 0;
  }
  const attach = (values.pid ?? []).map(parsePid);
  if (command.length === 0 && attach.length === 0) {
    throw new SystapeError("record needs a command", {
      hint: "e.g. systape record -- ls /, or -p PID to attach",
    });
  }

  const program = command[0] ?? processName(attach[0]);
  const output = isDirectory(values.output)
    ? defaultOutput(program, values.output)
    : values.output ?? defaultOutput(program, "recordings");
  const recordOptions = {
    attach,
    output,
    trace: values.trace,
    keepSecrets: values["keep-secrets"],
    stringLimit: parseStringLimit(values["string-limit"]),
    status: values.status,
    handleSignals: true,
  };
  const result = values.show
    ? await recordShowing(command, recordOptions)
    : await record(command, recordOptions);

  for (const note of result.notes) console.error(`systape: note: ${note}`);
  if (result.execError) {
    const notFound = result.exitStatus === 127 && !command[0].includes("/");
    const what = notFound ? "command not found" : result.execError;
    console.error(
      `systape: ${command[0]}: ${what} (the recording shows the failed execve)`,
    );
  } else if (!values.quiet && output !== "-") {
    console.error(`systape: recorded ${result.syscalls} syscalls to ${output}`);
  }
  return result.exitStatus;
}

/**
 * Splits the arguments at `--` or at the first word that is not an option,
 * so that the command's own options are never taken for ours.
 */
function splitCommand(
  args: string[],
): { options: string[]; command: string[] } {
  const takesValue = new Set([
    "-o",
    "--output",
    "-e",
    "--trace",
    "-p",
    "--pid",
    "-s",
    "--string-limit",
    "--status",
  ]);
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === "--") {
      return { options: args.slice(0, index), command: args.slice(index + 1) };
    }
    if (!arg.startsWith("-") || arg === "-") {
      return { options: args.slice(0, index), command: args.slice(index) };
    }
    if (takesValue.has(arg)) index++;
  }
  return { options: args, command: [] };
}

function parsePid(text: string): number {
  const pid = Number(text);
  if (!/^\d+$/.test(text) || pid <= 0) {
    throw new SystapeError(`-p takes a process id, not '${text}'`, {
      hint: "e.g. -p 1234",
    });
  }
  return pid;
}

function processName(pid: number): string {
  try {
    return Deno.readTextFileSync(`/proc/${pid}/comm`).trim();
  } catch {
    return `pid${pid}`;
  }
}

/** An existing directory, or a path ending in "/" (made if missing). */
function isDirectory(path: string | undefined): path is string {
  if (path === undefined || path === "-") return false;
  if (path.endsWith("/")) return true;
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}

function defaultOutput(program: string, directory: string): string {
  Deno.mkdirSync(directory, { recursive: true });

  const name = program.split("/").pop()!.replace(/[^A-Za-z0-9._-]/g, "_") ||
    "command";
  const time = new Date().toISOString().replace(/[-:]/g, "").replace("T", "-")
    .replace(/\..*/, "");
  return `${directory.replace(/\/+$/, "")}/${name}-${time}-${Deno.pid}.ndjson`;
}
