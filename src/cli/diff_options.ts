/**
 * The options `diff` and `replay` share: normalisations, rules, context and
 * output form, as parseArgs options, their help text, and their meaning as
 * library options.
 *
 * @module
 */

import type { DiffOptions } from "../diff/options.ts";
import { parseRules } from "../diff/rules.ts";
import { SystapeError } from "../errors.ts";

/** parseArgs options for comparing. */
export const DIFF_OPTIONS = {
  context: { type: "string", short: "U" },
  json: { type: "boolean" },
  stat: { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  color: { type: "string" },
  "allow-incomplete": { type: "boolean" },
  "ignore-syscall": { type: "string", multiple: true },
  "ignore-arg": { type: "string", multiple: true },
  replace: { type: "string", multiple: true },
  "no-normalize-pids": { type: "boolean" },
  "no-normalize-fds": { type: "boolean" },
  "no-normalize-addresses": { type: "boolean" },
  "no-normalize-temp-names": { type: "boolean" },
  "no-normalize-unused-args": { type: "boolean" },
  "no-normalize-times": { type: "boolean" },
  "no-normalize-async-signals": { type: "boolean" },
  "no-normalize-futex-words": { type: "boolean" },
  "no-match-reordered": { type: "boolean" },
} as const;

/** The help text of those options. */
export const DIFF_OPTIONS_HELP = `Output:
  -U, --context N          lines of context around changes (default 3)
      --stat               counts per process only
      --json               NDJSON for machines: recordings, streams, summary
  -q, --quiet              print nothing; the exit status tells
      --color WHEN         auto (default: on a terminal, unless NO_COLOR),
                           always or never

  Lines: '  ' in both, '- ' only in A (removed), '+ ' only in B (added),
  '-~' then '+~' a changed call (the same call and inputs, another result).
  Ids: 'p1/t3 [b: p1/t4]' is thread 3 of process p1 in A, paired with thread
  4 of p1 in B; [only in a] and [only in b] mark a thread the other lacks.

Comparing:
      --allow-incomplete   compare recordings that have no end line
      --ignore-syscall N   leave out syscall N (repeatable, or N1,N2)
      --ignore-arg N:I     show argument I (0-5) of syscall N as * (repeatable)
      --replace RE=TEXT    replace regular expression RE in every line
                           (repeatable; split at the last =)

Normalisations (all on; each can be switched off):
      --no-normalize-pids        pids as logical ids p1, p1.2, p1/t2
      --no-normalize-fds         fds numbered by order of opening, fd#1...
      --no-normalize-addresses   pointers, mmap/brk results and the ranges
                                 read from /proc/PID/maps as <ptr>
      --no-normalize-temp-names  random parts of /tmp names as XXXXXX
      --no-normalize-unused-args only the arguments a syscall takes
      --no-normalize-times       times and durations left out
      --no-normalize-async-signals
                                 SIGCHLD, SIGALRM, SIGWINCH... left out, with
                                 the ERESTART* returns they cause and the
                                 calls of handlers installed for them
      --no-normalize-futex-words the value a futex wait expects, as *
      --no-match-reordered       pair children by spawn order only, not by
                                 what they ran`;

/** The values parseArgs returns for {@linkcode DIFF_OPTIONS}. */
export interface DiffValues {
  context?: string;
  json?: boolean;
  stat?: boolean;
  quiet?: boolean;
  color?: string;
  "allow-incomplete"?: boolean;
  "ignore-syscall"?: string[];
  "ignore-arg"?: string[];
  replace?: string[];
  "no-normalize-pids"?: boolean;
  "no-normalize-fds"?: boolean;
  "no-normalize-addresses"?: boolean;
  "no-normalize-temp-names"?: boolean;
  "no-normalize-unused-args"?: boolean;
  "no-normalize-times"?: boolean;
  "no-normalize-async-signals"?: boolean;
  "no-normalize-futex-words"?: boolean;
  "no-match-reordered"?: boolean;
}

/**
 * The library options the values ask for; throws a SystapeError for a
 * value that makes no sense.
 *
 * @example
 * ```ts
 * import { diffOptionsFrom } from "./diff_options.ts";
 * diffOptionsFrom({ context: "5", "no-normalize-fds": true });
 * ```
 */
export function diffOptionsFrom(values: DiffValues): DiffOptions {
  return {
    context: parseContext(values.context),
    allowIncomplete: values["allow-incomplete"] ?? false,
    normalize: {
      pids: !values["no-normalize-pids"],
      fds: !values["no-normalize-fds"],
      addresses: !values["no-normalize-addresses"],
      tempNames: !values["no-normalize-temp-names"],
      unusedArgs: !values["no-normalize-unused-args"],
      times: !values["no-normalize-times"],
      asyncSignals: !values["no-normalize-async-signals"],
      futexWords: !values["no-normalize-futex-words"],
      reorderedChildren: !values["no-match-reordered"],
    },
    rules: parseRules({
      ignoreSyscall: values["ignore-syscall"],
      ignoreArg: values["ignore-arg"],
      replace: values.replace,
    }),
  };
}

/**
 * Whether to colour the output: `--color` when given, else on a terminal
 * unless NO_COLOR is set to something (https://no-color.org).
 *
 * @example
 * ```ts
 * import { wantsColor } from "./diff_options.ts";
 * wantsColor({ color: "never" }); // false
 * ```
 */
export function wantsColor(values: DiffValues): boolean {
  const when = values.color ?? "auto";
  if (when === "always") return true;
  if (when === "never") return false;
  if (when !== "auto") {
    throw new SystapeError(`--color ${when}: expected auto, always or never`);
  }
  return Deno.stdout.isTerminal() && !Deno.env.get("NO_COLOR");
}

function parseContext(text: string | undefined): number {
  if (text === undefined) return 3;
  if (!/^[0-9]{1,6}$/.test(text)) {
    throw new SystapeError(`-U ${text}: expected a number of lines`, {
      hint: "e.g. -U 5, or -U 0 for no context",
    });
  }
  return Number(text);
}
