/**
 * The user's own diff rules, parsed from their command-line form:
 * `--ignore-syscall NAME`, `--ignore-arg NAME:INDEX` and
 * `--replace REGEX=REPLACEMENT`.
 *
 * @module
 */

import { SystapeError } from "../errors.ts";
import type { DiffRules } from "./options.ts";

/** The rules as given on the command line, each option possibly repeated. */
export interface RuleArguments {
  /** Syscall names, each possibly a comma-separated list. */
  ignoreSyscall?: string[];
  /** NAME:INDEX, 0-based. */
  ignoreArg?: string[];
  /** REGEX=REPLACEMENT, split at the last `=`: REPLACEMENT holds no `=`. */
  replace?: string[];
}

/**
 * Parses the rules; throws a SystapeError naming the rule that is wrong.
 *
 * @example
 * ```ts
 * import { parseRules } from "./rules.ts";
 * const rules = parseRules({
 *   ignoreSyscall: ["getrandom,brk"],
 *   ignoreArg: ["read:2"],
 *   replace: ["/home/[a-z]+=/home/USER"],
 * });
 * // rules.ignoreArgs[0] is { name: "read", index: 2 }
 * ```
 */
export function parseRules(args: RuleArguments): DiffRules {
  return {
    ignoreSyscalls: (args.ignoreSyscall ?? []).flatMap((list) =>
      list.split(",").map((name) => name.trim()).filter(Boolean)
    ),
    ignoreArgs: (args.ignoreArg ?? []).map(parseIgnoreArg),
    replace: (args.replace ?? []).map(parseReplace),
  };
}

function parseIgnoreArg(rule: string): { name: string; index: number } {
  const match = rule.match(/^([A-Za-z0-9_]+):([0-5])$/);
  if (!match) {
    throw new SystapeError(`--ignore-arg ${rule}: expected NAME:INDEX`, {
      hint: "INDEX counts from 0 to 5, e.g. --ignore-arg read:2",
    });
  }
  return { name: match[1], index: Number(match[2]) };
}

function parseReplace(rule: string): { pattern: RegExp; replacement: string } {
  // The last =: patterns often match " = result"; replacements rarely hold =.
  const equals = rule.lastIndexOf("=");
  if (equals <= 0) {
    throw new SystapeError(`--replace ${rule}: expected REGEX=REPLACEMENT`, {
      hint: "e.g. --replace 'fd#[0-9]+=FD'",
    });
  }
  try {
    return {
      pattern: new RegExp(rule.slice(0, equals), "g"),
      replacement: rule.slice(equals + 1),
    };
  } catch (error) {
    throw new SystapeError(
      `--replace ${rule}: ${(error as Error).message}`,
      {
        hint: "the part before the last = is a JavaScript regular expression",
      },
    );
  }
}
