/**
 * `record --show` and `record -s`: the syscalls printed to stderr as they
 * are recorded, in the text of `systape show`, and the string limit read
 * from the command line.
 *
 * @module
 */

import { SystapeError } from "../errors.ts";
import { recordEvents, type RecordOptions } from "../recorder/record.ts";
import type { RecordResult } from "../recorder/request.ts";
import { TextView } from "../view/text.ts";
import { wantsColour } from "./show.ts";

const encoder = new TextEncoder();

/**
 * Records like `record()`, and prints each event to stderr as it arrives.
 * stderr, not stdout: the program's own output goes to stdout.
 *
 * @example
 * ```ts ignore
 * import { recordShowing } from "./live_view.ts";
 * const result = await recordShowing(["ls"], { output: "ls.ndjson" });
 * ```
 */
export async function recordShowing(
  argv: readonly string[],
  options: RecordOptions,
): Promise<RecordResult> {
  const view = new TextView({ colour: wantsColour(Deno.stderr) });
  const stream = recordEvents(argv, options);
  for await (const event of stream) {
    const lines = view.lines(event);
    if (lines.length) writeError(lines.join("\n") + "\n");
  }
  return await stream.result;
}

function writeError(text: string) {
  const bytes = encoder.encode(text);
  for (let offset = 0; offset < bytes.length;) {
    offset += Deno.stderr.writeSync(bytes.subarray(offset));
  }
}

/**
 * The value of `-s/--string-limit`: a whole number of bytes, at least 0;
 * undefined when not given.
 *
 * @example
 * ```ts
 * import { parseStringLimit } from "./live_view.ts";
 * parseStringLimit("64"); // 64
 * ```
 */
export function parseStringLimit(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const limit = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(limit)) {
    throw new SystapeError(`-s takes a number of bytes, not '${text}'`, {
      hint: "e.g. -s 256",
    });
  }
  return limit;
}
