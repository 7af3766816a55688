/**
 * Names a process by what it runs, for diff headers (`@@ p1.2 (ls /tmp)`),
 * and gives the identity that pairs children started in another order.
 *
 * @module
 */

import { maskTempNames } from "./temp_names.ts";
import type { Life, ProcessTree } from "./tree.ts";

/** Longest {@linkcode shortLabelOf}, in characters, its `…` included. */
export const SHORT_LABEL_LIMIT = 40;

/**
 * What a thread's process runs: its decoded argv when the recording has
 * it, the recorded command for the first process, the file it executed,
 * or else its parent's program (a fork that did not exec).
 *
 * @example
 * ```ts ignore
 * import { labelOf } from "./labels.ts";
 * labelOf(tree, tree.lives[0]); // "ls /tmp"
 * ```
 */
export function labelOf(tree: ProcessTree, life: Life): string {
  return quoteArgv(commandOf(tree, life).argv);
}

/**
 * {@linkcode labelOf} short enough to repeat on every header line: the
 * program's basename and as much of its arguments as fits in
 * {@linkcode SHORT_LABEL_LIMIT} characters, `…` where it was cut.
 *
 * @example
 * ```ts ignore
 * import { shortLabelOf } from "./labels.ts";
 * shortLabelOf(tree, tree.lives[0]); // "node server.js --port 8080 --log-le…"
 * ```
 */
export function shortLabelOf(tree: ProcessTree, life: Life): string {
  const { argv, exec } = commandOf(tree, life);
  // A decoded argv[0] may be cut ("/root/.pyenv/versions/3.11.7/bin...");
  // the file executed is recorded whole and names the program as well.
  const cut = argv[0]?.endsWith("...") && exec !== undefined;
  return shortCommand(cut ? [exec, ...argv.slice(1)] : argv);
}

/**
 * An argv as {@linkcode shortLabelOf} shows it.
 *
 * @example
 * ```ts
 * import { shortCommand } from "./labels.ts";
 * shortCommand(["/usr/bin/python3", "-c", "print(1)"]); // "python3 -c 'print(1)'"
 * ```
 */
export function shortCommand(argv: readonly string[]): string {
  if (argv.length === 0) return "";
  const [program, ...args] = argv;
  const name = program.slice(program.lastIndexOf("/") + 1) || program;
  // By code point, so that a cut never splits a character in two.
  const chars = [...quoteArgv([name, ...args])];
  if (chars.length <= SHORT_LABEL_LIMIT) return chars.join("");
  return `${chars.slice(0, SHORT_LABEL_LIMIT - 1).join("")}…`;
}

/** The argv a thread's process runs, and the file it executed if known. */
function commandOf(
  tree: ProcessTree,
  life: Life,
): { argv: readonly string[]; exec?: string } {
  let leader = tree.processOf(life);
  for (let steps = 0; steps <= tree.lives.length; steps++) {
    const exec = leader.execs.at(-1);
    // The header's argv is whole; a decoder may cut long arguments.
    if (leader.index === 0 && leader.execs.length <= 1) {
      return { argv: tree.argv, exec };
    }
    if (leader.argv) return { argv: leader.argv, exec };
    if (exec !== undefined) return { argv: [exec], exec };
    if (leader.spawnedBy === null) break;
    leader = tree.processOf(tree.lives[leader.spawnedBy]);
  }
  return { argv: tree.argv };
}

/**
 * What a process executed, as one string: equal for two children that ran
 * the same programs. Temporary names are masked when `maskTemp`.
 *
 * @example
 * ```ts ignore
 * import { identityOf } from "./labels.ts";
 * identityOf(tree, child, true); // "/usr/bin/cat"
 * ```
 */
export function identityOf(
  tree: ProcessTree,
  life: Life,
  maskTemp: boolean,
): string {
  const leader = tree.processOf(life);
  const parts = [...leader.execs, ...(leader.argv ?? [])];
  const text = parts.join("\n");
  return maskTemp ? maskTempNames(text) : text;
}

/**
 * Shows an argv as a shell would need it typed, for reading only: it is
 * never given to a shell.
 *
 * @example
 * ```ts
 * import { quoteArgv } from "./labels.ts";
 * quoteArgv(["sh", "-c", "echo hi"]); // "sh -c 'echo hi'"
 * ```
 */
export function quoteArgv(argv: readonly string[]): string {
  return argv.map(quoteWord).join(" ");
}

function quoteWord(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
