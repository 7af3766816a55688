/**
 * Renders a comparison as text for people: a unified-diff-like listing per
 * thread with context lines and `@@` headers, the changed part of a changed
 * line highlighted, a `--stat` form with counts only, and a summary.
 *
 * @module
 */

import type { DiffSummary, RecordingInfo, StreamDiff } from "./diff.ts";
import type { Hunk, Row } from "./hunks.ts";
import { quoteArgv } from "./labels.ts";

/** How to render. */
export interface RenderStyle {
  /** ANSI colours and highlighting. */
  color: boolean;
}

const ANSI = {
  bold: "\x1b[1m",
  red: "\x1b[31m",
  green: "\x1b[32m",
  cyan: "\x1b[36m",
  inverse: "\x1b[7m",
  noInverse: "\x1b[27m",
  reset: "\x1b[0m",
};

/**
 * The two `---`/`+++` lines naming the recordings, with a note when one
 * was cut short or they recorded different selections.
 *
 * @example
 * ```ts ignore
 * import { renderFiles } from "./render.ts";
 * console.log(renderFiles(diff.a, diff.b, { color: false }));
 * // --- a.ndjson  ls /tmp  (2026-12-04T15:37:28.378Z, exit 0)
 * // +++ b.ndjson  ls /tmp  (2026-12-04T15:38:02.112Z, exit 0)
 * ```
 */
export function renderFiles(
  a: RecordingInfo,
  b: RecordingInfo,
  style: RenderStyle,
): string {
  const lines = [
    paint(style, ANSI.bold, `--- ${describeRecording(a)}`),
    paint(style, ANSI.bold, `+++ ${describeRecording(b)}`),
  ];
  const selection = (info: RecordingInfo) =>
    JSON.stringify(info.header.selection);
  if (selection(a) !== selection(b)) {
    lines.push(
      `note: recorded with different selections (${selection(a)} and ${
        selection(b)
      }); syscalls only one selected show as added or removed`,
    );
  }
  return lines.join("\n");
}

/**
 * A thread's hunks, each under an `@@ ID (LABEL) -A,N +B,M @@` header; the
 * empty string for a thread that is the same. Rows start with `  ` (in
 * both), `- ` (removed), `+ ` (added), or `-~` and `+~` for a changed call:
 * the same call, another result.
 *
 * @example
 * ```ts ignore
 * import { renderStream } from "./render.ts";
 * for await (const stream of diff) {
 *   const text = renderStream(stream, { color: false });
 *   if (text) console.log(text);
 * }
 * ```
 */
export function renderStream(stream: StreamDiff, style: RenderStyle): string {
  return stream.hunks.map((hunk) => renderHunk(stream, hunk, style)).join(
    "\n",
  );
}

/**
 * One `--stat` line: a thread that differs and its counts; the empty
 * string for one that is the same.
 *
 * @example
 * ```ts ignore
 * import { renderStat } from "./render.ts";
 * renderStat(stream, { color: false }); // "p1.2 (ls /tmp): 2 added, 1 changed"
 * ```
 */
export function renderStat(stream: StreamDiff, style: RenderStyle): string {
  if (stream.status === "same") return "";

  const { counts } = stream;
  const parts = [
    nonzero(counts.syscallsAdded + counts.eventsAdded, "added"),
    nonzero(counts.syscallsRemoved + counts.eventsRemoved, "removed"),
    nonzero(counts.syscallsChanged + counts.eventsChanged, "changed"),
  ].filter((part) => part !== "");
  const status = stream.status === "changed" ? "" : ` [${only(stream)}]`;
  return `${title(stream, style)}${status}: ${parts.join(", ")}`;
}

/**
 * The closing summary: what differs, counted, or that nothing does.
 *
 * @example
 * ```ts ignore
 * import { renderSummary } from "./render.ts";
 * console.log(renderSummary(diff.summary, { color: false }));
 * // summary: no differences (2 processes)
 * ```
 */
export function renderSummary(
  summary: DiffSummary,
  style: RenderStyle,
): string {
  const { processes, threads } = summary;
  const compared = processes.same + processes.changed + processes.added +
    processes.removed;
  const notes = [];
  if (summary.reordered > 0) {
    notes.push(
      `${summary.reordered} matched out of spawn order`,
    );
  }
  const exit = summary.exitStatus;
  if (exit.a !== exit.b) {
    notes.push(`exit status ${exit.a ?? "unknown"} -> ${exit.b ?? "unknown"}`);
  }

  if (summary.equal) {
    const note = notes.length ? `; ${notes.join("; ")}` : "";
    return `summary: no differences (${processCount(compared)})${note}`;
  }
  const lines = [
    `processes: ${processes.changed} changed, ${processes.added} added, ${processes.removed} removed, ${processes.same} same`,
    `syscalls: ${summary.syscallsAdded} added, ${summary.syscallsRemoved} removed, ${summary.syscallsChanged} changed${
      summary.syscallsChanged > 0 ? " (same call, other result: -~/+~)" : ""
    }`,
    `new failures: ${summary.newFailures}`,
  ];
  if (threads.changed + threads.added + threads.removed > 0) {
    lines.push(
      `threads: ${threads.changed} changed, ${threads.added} added, ${threads.removed} removed`,
    );
  }
  const other = summary.eventsAdded + summary.eventsRemoved +
    summary.eventsChanged;
  if (other > 0) {
    lines.push(
      `other events: ${summary.eventsAdded} added, ${summary.eventsRemoved} removed, ${summary.eventsChanged} changed`,
    );
  }
  lines.push(...notes);
  return paint(style, ANSI.bold, `summary: ${lines.join("; ")}`);
}

function renderHunk(
  stream: StreamDiff,
  hunk: Hunk,
  style: RenderStyle,
): string {
  const status = stream.status === "changed" ? "" : ` [${only(stream)}]`;
  // As in unified diffs, an empty range names the line before it.
  const start = (at: number, count: number) => count === 0 ? at - 1 : at;
  const range = `-${start(hunk.aStart, hunk.aCount)},${hunk.aCount} +${
    start(hunk.bStart, hunk.bCount)
  },${hunk.bCount}`;
  const header = paint(
    style,
    ANSI.cyan,
    `@@ ${title(stream, null)}${status} ${range} @@`,
  );
  return [header, ...hunk.rows.flatMap((row) => renderRow(row, style))].join(
    "\n",
  );
}

function renderRow(row: Row, style: RenderStyle): string[] {
  switch (row.op) {
    case "same":
      return [`  ${row.a!.line}`];
    case "removed":
      return [paint(style, ANSI.red, `- ${row.a!.line}`)];
    case "added":
      return [paint(style, ANSI.green, `+ ${row.b!.line}`)];
    case "changed": {
      // `~` tells the same call with another result from a call only in
      // one recording, which a removed row then an added row also shows.
      const [a, b] = highlight(row.a!.line, row.b!.line, style);
      return [
        paint(style, ANSI.red, `-~${a}`),
        paint(style, ANSI.green, `+~${b}`),
      ];
    }
  }
}

/**
 * Marks where two lines differ, widened to whole words, so that a changed
 * return value or errno stands out.
 */
function highlight(a: string, b: string, style: RenderStyle): [string, string] {
  if (!style.color) return [a, b];

  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (
    end < a.length - start && end < b.length - start &&
    a[a.length - 1 - end] === b[b.length - 1 - end]
  ) end++;

  while (start > 0 && !/[\s(,=]/.test(a[start - 1])) start--;
  while (end > 0 && !/[\s),]/.test(a[a.length - end])) end--;
  const mark = (text: string) =>
    text.slice(0, start) + ANSI.inverse + text.slice(start, text.length - end) +
    ANSI.noInverse + text.slice(text.length - end);
  return [mark(a), mark(b)];
}

function title(stream: StreamDiff, style: RenderStyle | null): string {
  const other = stream.idB ? ` [b: ${stream.idB}]` : "";
  const text = `${stream.id}${other} (${stream.shortLabel})`;
  return style ? paint(style, ANSI.cyan, text) : text;
}

function only(stream: StreamDiff): string {
  return stream.status === "added" ? "only in b" : "only in a";
}

function describeRecording(info: RecordingInfo): string {
  const end = info.end ? `exit ${info.end.exitStatus}` : "cut short";
  return `${info.path}  ${
    quoteArgv(info.header.argv)
  }  (${info.header.start}, ${end})`;
}

/** "2 added", or nothing for zero. */
function nonzero(count: number, word: string): string {
  return count === 0 ? "" : `${count} ${word}`;
}

function processCount(count: number): string {
  return `${count} process${count === 1 ? "" : "es"}`;
}

function paint(style: RenderStyle, code: string, text: string): string {
  return style.color ? `${code}${text}${ANSI.reset}` : text;
}
