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

if (import.meta.main) {
  const { main } = await import("./src/cli/main.ts");
  Deno.exit(await main(Deno.args));
}
