/**
 * The header line of a recording, and the rule that keeps secrets out of it.
 *
 * @module
 */

import { FORMAT_VERSION, type HeaderEvent } from "./events.ts";

/** The tool name and version written into every header. */
export const TOOL = { name: "systape", version: "0.1.0" } as const;

/** What replaces a redacted value. */
export const REDACTED = "<redacted>";

// A variable is secret-looking when a `_`-separated part of its name is one
// of these, e.g. GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY, PGPASSWORD, API_KEY.
const SECRET_PARTS = new Set([
  "TOKEN",
  "SECRET",
  "PASSWORD",
  "PASSWD",
  "PASS",
  "PASSPHRASE",
  "KEY",
  "APIKEY",
  "CREDENTIAL",
  "CREDENTIALS",
  "AUTH",
  "COOKIE",
  "SESSION",
  "PRIVATE",
]);
const SECRET_SUFFIXES = ["PASSWORD", "TOKEN", "SECRET", "APIKEY"];
// A URL with a password in it: scheme://user:password@host.
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:[^\s/@]+@/i;

/**
 * Whether an environment variable's value should be kept out of recordings:
 * its name has a part like TOKEN, SECRET, PASSWORD, KEY or AUTH (split at
 * `_`), ends in PASSWORD, TOKEN, SECRET or APIKEY (PGPASSWORD), or its value
 * is a URL carrying a password.
 *
 * @example
 * ```ts
 * import { isSecret } from "./header.ts";
 * isSecret("GITHUB_TOKEN", "ghp_x"); // true
 * isSecret("PATH", "/usr/bin"); // false
 * ```
 */
export function isSecret(name: string, value: string): boolean {
  const upper = name.toUpperCase();
  if (upper.split(/[_\-.]/).some((part) => SECRET_PARTS.has(part))) return true;
  if (SECRET_SUFFIXES.some((suffix) => upper.endsWith(suffix))) return true;
  return URL_WITH_PASSWORD.test(value);
}

/**
 * Splits NAME=value strings into what the header keeps and the names of the
 * redacted variables.
 *
 * @example
 * ```ts
 * import { redactEnvironment } from "./header.ts";
 * redactEnvironment(["HOME=/root", "API_KEY=abc"]);
 * // { env: ["HOME=/root", "API_KEY=<redacted>"], redacted: ["API_KEY"] }
 * ```
 */
export function redactEnvironment(
  env: readonly string[],
): { env: string[]; redacted: string[] } {
  const redacted: string[] = [];
  const kept = env.map((entry) => {
    const equals = entry.indexOf("=");
    const name = equals < 0 ? entry : entry.slice(0, equals);
    if (!isSecret(name, entry.slice(equals + 1))) return entry;
    redacted.push(name);
    return `${name}=${REDACTED}`;
  });
  return { env: kept, redacted };
}

/** What goes into a header besides the fixed fields. */
export interface HeaderFields {
  /** The command. */
  argv: string[];
  /** Its working directory. */
  cwd: string;
  /** Its environment, NAME=value. */
  env: readonly string[];
  /** `uname -m`. */
  arch: string;
  /** `uname -r`. */
  kernel: string;
  /** Selected syscall names, or "all". */
  selection: readonly string[] | "all";
  /** Whether to keep secret-looking values (off by default). */
  keepSecrets: boolean;
  /** Start time. */
  start: Date;
}

/**
 * Builds the header line.
 *
 * @example
 * ```ts
 * import { buildHeader } from "./header.ts";
 * const header = buildHeader({
 *   argv: ["ls"], cwd: "/", env: [], arch: "x86_64", kernel: "6.1.0",
 *   selection: "all", keepSecrets: false, start: new Date(0),
 * });
 * ```
 */
export function buildHeader(fields: HeaderFields): HeaderEvent {
  const { env, redacted } = fields.keepSecrets
    ? { env: [...fields.env], redacted: [] }
    : redactEnvironment(fields.env);
  return {
    type: "header",
    format: FORMAT_VERSION,
    tool: { ...TOOL },
    argv: fields.argv,
    cwd: fields.cwd,
    arch: fields.arch,
    kernel: fields.kernel,
    selection: fields.selection === "all" ? "all" : [...fields.selection],
    start: fields.start.toISOString(),
    env,
    redacted,
  };
}
