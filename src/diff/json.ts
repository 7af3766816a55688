/**
 * Renders a comparison for machines, as NDJSON like the recordings
 * themselves: a `recordings` line, one `stream` line per thread pair, a
 * `summary` line last. Each line can be written as soon as it is known.
 *
 * @module
 */

import type { DiffSummary, RecordingInfo, StreamDiff } from "./diff.ts";
import type { Row } from "./hunks.ts";

/**
 * The first line: both recordings described.
 *
 * @example
 * ```ts ignore
 * import { jsonFiles } from "./json.ts";
 * console.log(jsonFiles(diff.a, diff.b));
 * ```
 */
export function jsonFiles(a: RecordingInfo, b: RecordingInfo): string {
  return JSON.stringify({ type: "recordings", a: describe(a), b: describe(b) });
}

/**
 * A thread pair's line; with `stat`, counts without the hunks.
 *
 * @example
 * ```ts ignore
 * import { jsonStream } from "./json.ts";
 * for await (const stream of diff) console.log(jsonStream(stream, false));
 * ```
 */
export function jsonStream(stream: StreamDiff, stat: boolean): string {
  const hunks = stat ? undefined : stream.hunks.map((hunk) => ({
    aStart: hunk.aStart,
    aCount: hunk.aCount,
    bStart: hunk.bStart,
    bCount: hunk.bCount,
    rows: hunk.rows.map(row),
  }));
  // The short label is for text headers; the full one is here.
  const { shortLabel: _, ...fields } = stream;
  return JSON.stringify({ type: "stream", ...fields, hunks });
}

/**
 * The last line: the totals.
 *
 * @example
 * ```ts ignore
 * import { jsonSummary } from "./json.ts";
 * console.log(jsonSummary(diff.summary));
 * ```
 */
export function jsonSummary(summary: DiffSummary): string {
  return JSON.stringify({ type: "summary", ...summary });
}

/** A row with each side's line and its line number in its recording. */
function row({ op, a, b }: Row) {
  return {
    op,
    a: a ? { line: a.line, source: a.source } : null,
    b: b ? { line: b.line, source: b.source } : null,
  };
}

function describe(info: RecordingInfo) {
  return {
    path: info.path,
    argv: info.header.argv,
    cwd: info.header.cwd,
    start: info.header.start,
    selection: info.header.selection,
    complete: info.end !== null,
    exitStatus: info.end?.exitStatus ?? null,
    processes: info.processes,
    threads: info.threads,
  };
}
