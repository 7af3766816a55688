/**
 * Writes the CLI's output to standard output, line by line as results are
 * ready. A reader that goes away (`systape diff a b | head`) ends the
 * output quietly, as it does for other line-oriented tools.
 *
 * @module
 */

const encoder = new TextEncoder();
let closed = false;

/**
 * Writes `text` and a newline to standard output; does nothing once the
 * reader has closed the pipe.
 *
 * @example
 * ```ts ignore
 * import { printLine } from "./output.ts";
 * printLine("summary: no differences (1 process)");
 * ```
 */
export function printLine(text: string) {
  if (closed) return;

  const bytes = encoder.encode(text + "\n");
  try {
    for (let offset = 0; offset < bytes.length;) {
      offset += Deno.stdout.writeSync(bytes.subarray(offset));
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.BrokenPipe)) throw error;
    closed = true;
  }
}
