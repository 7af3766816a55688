/**
 * systape records the system calls of a Linux program, its children and its
 * threads, through ptrace and a seccomp filter, as an NDJSON recording.
 *
 * Run as a command: `deno run -A mod.ts record -- ls /`.
 *
 * @example Record a command from a Deno program
 * ```ts ignore
 * import { record } from "@systape/systape";
 * const result = await record(["ls", "/"], { output: "ls.ndjson" });
 * console.log(`${result.syscalls} syscalls, exit status ${result.exitStatus}`);
 * ```
 *
 * @module
 */

export { record, recordEvents } from "./src/recorder/record.ts";
export type { RecordingStream, RecordOptions } from "./src/recorder/record.ts";
export type { RecordResult } from "./src/recorder/request.ts";
export { SystapeError } from "./src/errors.ts";
export type { SystapeErrorOptions } from "./src/errors.ts";
export * from "./src/recording/events.ts";
export { readRecording } from "./src/recording/reader.ts";
export type { ReadRecordingOptions } from "./src/recording/reader.ts";
export { diffRecordings } from "./src/diff/diff.ts";
export type {
  DiffSummary,
  RecordingDiff,
  RecordingInfo,
  StatusCounts,
  StreamDiff,
  StreamStatus,
} from "./src/diff/diff.ts";
export type { Counts, Hunk, Row, RowOp } from "./src/diff/hunks.ts";
export type {
  DiffOptions,
  DiffRules,
  Normalizations,
} from "./src/diff/options.ts";
export type { StoredEvent } from "./src/diff/store.ts";
export { planReplay, replay } from "./src/replay/replay.ts";
export type {
  ReplayOptions,
  ReplayPlan,
  ReplayResult,
} from "./src/replay/replay.ts";

if (import.meta.main) {
  const { main } = await import("./src/cli/main.ts");
  Deno.exit(await main(Deno.args));
}
