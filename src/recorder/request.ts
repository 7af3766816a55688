/**
 * What a recording is asked to do and what it reports back: plain data, so
 * that it can cross from the caller's thread to the tracer's worker thread.
 *
 * @module
 */

/** A request to record one command. */
export interface RecordRequest {
  /** The command, argv[0] included; empty when attaching. */
  argv: string[];
  /** Running processes to attach to instead of starting a command. */
  attach?: number[];
  /** Environment as NAME=value; the recorder's own when absent. */
  env?: string[];
  /** Working directory; the recorder's own when absent. */
  cwd?: string;
  /** Comma-separated syscall names to record; all when absent. */
  trace?: string;
  /** File to write, "-" for standard output, null for none. */
  output: string | null;
  /** Keep secret-looking environment values in the header. */
  keepSecrets?: boolean;
  /**
   * Signals the caller was started with ignored, which the program must
   * start with ignored too.
   */
  ignoredSignals?: number[];
  /** Send events to the calling thread as they happen. */
  stream?: boolean;
  /** Bytes of strings and buffers kept in decoded arguments; 32 if absent. */
  stringLimit?: number;
  /** `--status`: which syscalls to keep by how they ended; all if absent. */
  status?: string;
}

/**
 * How a recording ended.
 *
 * @example Tell a command that could not run from one that failed
 * ```ts ignore
 * import { record } from "./record.ts";
 * const result = await record(["ls", "/nonexistent"], { output: "ls.ndjson" });
 * if (result.execError) console.log(`could not run: ${result.execError}`);
 * else console.log(`exit status ${result.exitStatus}`);
 * for (const note of result.notes) console.log(note);
 * ```
 */
export interface RecordResult {
  /** The status the recorder exits with, like a shell would report it. */
  exitStatus: number;
  /** The first process's exit code, when it exited. */
  code: number | null;
  /** The first process's killing signal name, when killed. */
  signal: string | null;
  /** Syscall lines recorded. */
  syscalls: number;
  /** The file written, if any. */
  output: string | null;
  /** The command could not be executed: why (e.g. "No such file or directory"). */
  execError: string | null;
  /** Why the recording ended early, if it did. */
  reason: string | null;
  /** Things the user should know about the run, one sentence each. */
  notes: string[];
}
