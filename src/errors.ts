/**
 * The one error type systape throws for conditions a user can act on.
 *
 * @module
 */

/**
 * Options of a {@linkcode SystapeError}.
 *
 * @example Wrap the error that made a file unreadable
 * ```ts
 * import { SystapeError } from "./errors.ts";
 * const cause = new Deno.errors.NotFound("open 'ls.ndjson'");
 * const error = new SystapeError("cannot read ls.ndjson", {
 *   hint: "check the path",
 *   exitCode: 2,
 *   cause,
 * });
 * error.line(); // "systape: cannot read ls.ndjson (check the path)"
 * ```
 */
export interface SystapeErrorOptions {
  /** What the user can do about it, shown in parentheses after the message. */
  hint?: string;
  /** The exit status the CLI ends with; 2 unless said otherwise. */
  exitCode?: number;
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * An error with a one-line message for the user, a hint and an exit status.
 * The CLI prints it as `systape: <message> (<hint>)`.
 *
 * @example Report an unreadable recording
 * ```ts
 * import { SystapeError } from "./errors.ts";
 * const error = new SystapeError("rec.ndjson:3: not valid JSON", {
 *   hint: "is this a systape recording?",
 * });
 * error.exitCode; // 2
 * ```
 */
export class SystapeError extends Error {
  /** What the user can do about it. */
  readonly hint?: string;
  /** The exit status the CLI ends with. */
  readonly exitCode: number;

  /** Creates the error; see {@linkcode SystapeErrorOptions}. */
  constructor(message: string, options: SystapeErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = "SystapeError";
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 2;
  }

  /**
   * The one line the CLI prints.
   *
   * @example
   * ```ts
   * import { SystapeError } from "./errors.ts";
   * new SystapeError("no such file", { hint: "check the path" }).line();
   * // "systape: no such file (check the path)"
   * ```
   */
  line(): string {
    return `systape: ${this.message}${this.hint ? ` (${this.hint})` : ""}`;
  }
}
