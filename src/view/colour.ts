/**
 * ANSI colours for the text view, or none: a `Paint` that returns its text
 * unchanged when colour is off.
 *
 * @module
 */

/** The roles text is painted by. */
export type Role = "name" | "error" | "unfinished" | "signal" | "exit" | "pid";

/** Paints text by role. */
export type Paint = (text: string, role: Role) => string;

const CODES: Readonly<Record<Role, string>> = {
  name: "1",
  error: "31",
  unfinished: "33",
  signal: "35",
  exit: "36",
  pid: "2",
};

/**
 * A painter: ANSI escapes when `enabled`, the text as is otherwise.
 *
 * @example
 * ```ts
 * import { painter } from "./colour.ts";
 * painter(false)("openat", "name"); // "openat"
 * painter(true)("openat", "name"); // "\x1b[1mopenat\x1b[0m"
 * ```
 */
export function painter(enabled: boolean): Paint {
  if (!enabled) return (text) => text;
  return (text, role) => `\x1b[${CODES[role]}m${text}\x1b[0m`;
}
