/**
 * Which syscalls to record (`-e/--trace`), and the seccomp rules that make
 * exactly those stop.
 *
 * @module
 */

import type { Arch } from "../arch/arch.ts";
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
 * Parses a comma-separated list of syscall names. An empty or absent list,
 * or "all", selects everything. Unknown names are an error that lists the
 * closest known names.
 *
 * @example
 * ```ts
 * import { hostArch } from "../arch/arch.ts";
 * import { parseSelection } from "./selection.ts";
 * parseSelection("openat,close", hostArch()); // ["openat", "close"]
 * ```
 */
export function parseSelection(
  list: string | undefined,
  arch: Arch,
): Selection {
  const names = (list ?? "").split(",").map((name) => name.trim())
    .filter((name) => name !== "");
  if (names.length === 0 || names.includes("all")) return "all";

  const known = knownNames(arch);
  for (const name of names) {
    if (!known.has(name)) throw unknownName(name, known);
  }
  return [...new Set(names)];
}

/**
 * The seccomp rules for a selection: per ABI, the numbers of the selected
 * names, plus execve for bookkeeping.
 *
 * @example
 * ```ts
 * import { hostArch } from "../arch/arch.ts";
 * import { rulesFor } from "./selection.ts";
 * rulesFor(hostArch(), ["openat"]);
 * ```
 */
export function rulesFor(arch: Arch, selection: Selection): ArchRules[] {
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
      bookkeeping: numbers(BOOKKEEPING),
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
