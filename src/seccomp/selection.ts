/**
 * Which syscalls to record (`-e/--trace`), and the seccomp rules that make
 * exactly those stop.
 *
 * @module
 */

import type { Arch } from "../arch/arch.ts";
import {
  classNamed,
  namesInClass,
  SYSCALL_CLASSES,
} from "../arch/syscall_traits.ts";
import { SystapeError } from "../errors.ts";
import type { ArchRules } from "./filter.ts";

/** The syscalls selected by name, or all of them. */
export type Selection = readonly string[] | "all";

/**
 * Syscalls the tracer must see whether selected or not: a failed execve of
 * the command is how the tracer learns the command could not run, and
 * clone/clone3 may ask for CLONE_UNTRACED, which the tracer must clear.
 */
const BOOKKEEPING = ["execve", "execveat", "clone", "clone3"];

/**
 * Parses a `-e/--trace` list, with strace's syntax: comma-separated syscall
 * names, classes (`%file`, `%process`, `%network` or `%net`, `%signal`,
 * `%ipc`, `%desc`, `%memory`, `%creds`, `%clock`, `%stat`, `%lstat`,
 * `%fstat`, `%%stat`, `%statfs`, `%fstatfs`, `%%statfs`, `%pure`; see
 * src/arch/syscall_traits.ts) and regular expressions (`/^get`). A list
 * starting with `!` selects everything but what it names, as in strace
 * (`!read,write`); a later `!` item removes from what the items before it
 * selected (`%file,!openat`), which strace has no syntax for. The list may
 * start with `trace=`, as strace's `-e trace=openat` does. An absent list,
 * or "all", selects everything; "none" selects nothing. An empty list is an
 * error, not everything: `-e ''` more likely lost its names to the shell.
 * Unknown names are an error that lists the closest known names.
 *
 * @example
 * ```ts
 * import { hostArch } from "../arch/arch.ts";
 * import { parseSelection } from "./selection.ts";
 * parseSelection("openat,close", hostArch()); // ["openat", "close"]
 * parseSelection("trace=openat", hostArch()); // ["openat"]
 * parseSelection("%creds,!setuid", hostArch()).includes("getuid"); // true
 * ```
 */
export function parseSelection(
  list: string | undefined,
  arch: Arch,
): Selection {
  if (list === undefined) return "all";

  const items = withoutQualifier(list).split(",").map((item) => item.trim())
    .filter((item) => item !== "");
  if (items.length === 0) {
    throw new SystapeError("empty --trace list names no syscall", {
      hint: "leave -e out to record every syscall",
    });
  }
  if (items.includes("all")) return "all";

  const known = knownNames(arch);
  const negated = items[0].startsWith("!");
  const selected = new Set<string>();
  const removed = new Set<string>();
  for (const [index, item] of items.entries()) {
    const remove = item.startsWith("!") && !(negated && index === 0);
    const names = expand(item.replace(/^!/, ""), known);
    for (const name of names) (remove ? removed : selected).add(name);
  }

  const chosen = negated
    ? [...known].filter((name) => !selected.has(name) || removed.has(name))
    : [...selected].filter((name) => !removed.has(name));
  return chosen;
}

/**
 * The list without strace's `trace=` qualifier. strace's other `-e`
 * qualifiers (`status=`, `signal=`, `read=`...) are refused by name rather
 * than read as syscall names: no syscall name has an `=`.
 */
function withoutQualifier(list: string): string {
  const qualifier = /^\s*([a-z_-]+)=/.exec(list);
  if (!qualifier) return list;
  if (qualifier[1] === "trace") return list.slice(qualifier[0].length);

  const name = qualifier[1];
  throw new SystapeError(`strace's -e ${name}= is not supported`, {
    hint: name === "status"
      ? "systape record takes --status LIST"
      : "-e takes a syscall list, as strace's -e trace=LIST",
  });
}

/** The names one item of a list stands for. */
function expand(item: string, known: Set<string>): string[] {
  if (item === "none") return [];
  if (item.startsWith("%")) return classMembers(item.slice(1), known);
  if (item.startsWith("/")) return matching(item.slice(1), known);
  if (!known.has(item)) throw unknownName(item, known);
  return [item];
}

function classMembers(name: string, known: Set<string>): string[] {
  const syscallClass = classNamed(name);
  if (!syscallClass) {
    throw new SystapeError(`unknown syscall class '%${name}' in --trace`, {
      hint: `classes are ${SYSCALL_CLASSES.map((c) => `%${c}`).join(", ")}`,
    });
  }
  return namesInClass(syscallClass).filter((member) => known.has(member));
}

function matching(source: string, known: Set<string>): string[] {
  let pattern: RegExp;
  try {
    pattern = new RegExp(source);
  } catch (error) {
    throw new SystapeError(
      `invalid regular expression '/${source}' in --trace`,
      {
        hint: (error as Error).message,
      },
    );
  }
  const names = [...known].filter((name) => pattern.test(name));
  if (names.length === 0) {
    throw new SystapeError(`'/${source}' in --trace matches no syscall`, {
      hint: "the expression is matched against names such as openat",
    });
  }
  return names;
}

/**
 * The seccomp rules for a selection: per ABI, the numbers of the selected
 * names, plus those the tracer stops at for its own bookkeeping (execve,
 * clone...) and those named in `alsoStopping` (the decoder's).
 *
 * @example
 * ```ts
 * import { hostArch } from "../arch/arch.ts";
 * import { rulesFor } from "./selection.ts";
 * rulesFor(hostArch(), ["read"], ["close", "dup2"]);
 * ```
 */
export function rulesFor(
  arch: Arch,
  selection: Selection,
  alsoStopping: readonly string[] = [],
): ArchRules[] {
  const bookkeeping = [...BOOKKEEPING, ...alsoStopping];
  const byArch = new Map<number, ArchRules>();
  for (const abi of arch.abis) {
    const numbers = (names: readonly string[]) =>
      new Set(
        abi.names.flatMap((name, nr) =>
          names.includes(name) ? [nr + abi.numberBit] : []
        ),
      );
    const rules = {
      selected: selection === "all" ? "all" as const : numbers(selection),
      bookkeeping: numbers(bookkeeping),
    };

    const existing = byArch.get(abi.auditArch);
    if (!existing) {
      byArch.set(abi.auditArch, { auditArch: abi.auditArch, rules });
    } else existing.split = { bit: abi.numberBit, rules };
  }
  return [...byArch.values()];
}

function knownNames(arch: Arch): Set<string> {
  return new Set(arch.abis.flatMap((abi) => abi.names.filter(Boolean)));
}

function unknownName(name: string, known: Set<string>): SystapeError {
  const near = [...known]
    .map((candidate) => ({
      candidate,
      distance: editDistance(name, candidate),
    }))
    .filter(({ distance }) => distance <= Math.max(2, name.length / 3))
    .sort((a, b) => a.distance - b.distance)
    .slice(0, 3)
    .map(({ candidate }) => candidate);
  return new SystapeError(`unknown syscall name '${name}' in --trace`, {
    hint: near.length
      ? `did you mean ${near.join(", ")}?`
      : "names are as in `man 2 syscalls`, e.g. openat,read",
  });
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length];
}
