/**
 * Prints a comparison in the form the options ask for (text, `--stat`,
 * `--json`, or nothing with `--quiet`) as it is computed, and gives the
 * exit status diff(1) would: 0 the same, 1 different.
 *
 * @module
 */

import type { RecordingDiff } from "../diff/diff.ts";
import { jsonFiles, jsonStream, jsonSummary } from "../diff/json.ts";
import {
  renderFiles,
  renderStat,
  renderStream,
  renderSummary,
} from "../diff/render.ts";
import { type DiffValues, wantsColor } from "./diff_options.ts";
import { printLine } from "./output.ts";

/**
 * Prints `diff` and returns the exit status.
 *
 * @example
 * ```ts ignore
 * import { printDiff } from "./print_diff.ts";
 * const status = await printDiff(await diffRecordings("a", "b"), {});
 * ```
 */
export async function printDiff(
  diff: RecordingDiff,
  values: DiffValues,
): Promise<number> {
  if (values.quiet) {
    for await (const _ of diff) { /* only the summary matters */ }
    return diff.summary.equal ? 0 : 1;
  }
  if (values.json) return await printJson(diff, values.stat ?? false);

  const style = { color: wantsColor(values) };
  printLine(renderFiles(diff.a, diff.b, style));
  for await (const stream of diff) {
    const text = values.stat
      ? renderStat(stream, style)
      : renderStream(stream, style);
    if (text) printLine(text);
  }
  printLine(renderSummary(diff.summary, style));
  return diff.summary.equal ? 0 : 1;
}

async function printJson(diff: RecordingDiff, stat: boolean): Promise<number> {
  printLine(jsonFiles(diff.a, diff.b));
  for await (const stream of diff) printLine(jsonStream(stream, stat));
  printLine(jsonSummary(diff.summary));
  return diff.summary.equal ? 0 : 1;
}
