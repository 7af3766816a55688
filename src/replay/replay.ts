/**
 * Replays a recording: runs its command again as it was recorded (argv,
 * working directory, environment, syscall selection), records the new run
 * beside the old one, and compares the two.
 *
 * @module
 */

import { diffRecordings, type RecordingDiff } from "../diff/diff.ts";
import type { DiffOptions } from "../diff/options.ts";
import { SystapeError } from "../errors.ts";
import { record } from "../recorder/record.ts";
import type { RecordResult } from "../recorder/request.ts";
import type { HeaderEvent } from "../recording/events.ts";
import { readRecording } from "../recording/reader.ts";

/**
 * Options of {@linkcode planReplay} and {@linkcode replay}.
 *
 * @example Replay without keeping the new recording, comparing real fds
 * ```ts ignore
 * import { replay } from "./replay.ts";
 * const { diff } = await replay("recordings/ls.ndjson", {
 *   save: false,
 *   handleSignals: true,
 *   normalize: { fds: false },
 * });
 * ```
 */
export interface ReplayOptions extends DiffOptions {
  /** Keep the new recording (default true); false deletes it after the diff. */
  save?: boolean;
  /** Where to save it; default OLD.replay-TIME.ndjson beside the old one. */
  output?: string;
  /** Passed to `record()`: forward SIGINT/SIGTERM/SIGHUP to the program. */
  handleSignals?: boolean;
}

/**
 * What a replay will run, for the caller to show and confirm first.
 *
 * @example Show what would run before running it
 * ```ts ignore
 * import { planReplay } from "./replay.ts";
 * const plan = await planReplay("recordings/ls.ndjson");
 * console.log(`run ${plan.argv.join(" ")} in ${plan.cwd}?`);
 * if (plan.dropped.length) console.log(`unset: ${plan.dropped.join(", ")}`);
 * ```
 */
export interface ReplayPlan {
  /** The recording replayed. */
  recording: string;
  /** The command, argv[0] included, run directly (never through a shell). */
  argv: string[];
  /** Its working directory. */
  cwd: string;
  /** Its whole environment. */
  env: Record<string, string>;
  /** Redacted variables given this process's values. */
  restored: string[];
  /** Redacted variables left out: this process does not have them. */
  dropped: string[];
  /** The syscalls to record; undefined for all. */
  trace: string[] | undefined;
  /** Where the new recording goes; null when it is not kept. */
  output: string | null;
}

/**
 * How a replay went.
 *
 * @example Report where the new run went and whether it behaved the same
 * ```ts ignore
 * import { replay } from "./replay.ts";
 * const { plan, run, diff } = await replay("recordings/ls.ndjson");
 * console.log(`${plan.output}: exit status ${run.exitStatus}`);
 * for await (const _stream of diff) continue;
 * console.log(diff.summary.equal ? "same" : "different");
 * ```
 */
export interface ReplayResult {
  /** The plan it carried out. */
  plan: ReplayPlan;
  /** How the new run ended. */
  run: RecordResult;
  /** The comparison of the old recording (a) with the new run (b). */
  diff: RecordingDiff;
}

/**
 * Reads a recording (the whole file, so that a damaged one is refused
 * before anything runs) and works out what replaying it would run.
 *
 * @example
 * ```ts ignore
 * import { planReplay } from "@systape/systape";
 * const plan = await planReplay("recordings/ls.ndjson");
 * console.log(plan.argv, plan.cwd, plan.output);
 * ```
 */
export async function planReplay(
  recording: string,
  options: ReplayOptions = {},
): Promise<ReplayPlan> {
  const header = await readHeader(recording, options.allowIncomplete ?? false);
  await checkDirectory(header.cwd);

  const { env, restored, dropped } = environment(header);
  return {
    recording,
    argv: [...header.argv],
    cwd: header.cwd,
    env,
    restored,
    dropped,
    trace: traceOf(header.selection),
    output: options.save === false
      ? null
      : options.output ?? await replayName(recording, new Date()),
  };
}

/**
 * Runs a recording's command again and compares the new run with the
 * recording. This runs a program: show the plan and confirm first (the
 * CLI does). Rejects with a SystapeError when the recording cannot be read
 * or the command cannot be recorded.
 *
 * @example Replay and report whether the program still behaves the same
 * ```ts ignore
 * import { planReplay, replay } from "@systape/systape";
 * const plan = await planReplay("recordings/ls.ndjson", { save: false });
 * const { diff } = await replay(plan);
 * for await (const stream of diff) console.log(stream.id, stream.status);
 * console.log(diff.summary.equal ? "same" : "different");
 * ```
 */
export async function replay(
  plan: ReplayPlan | string,
  options: ReplayOptions = {},
): Promise<ReplayResult> {
  const resolved = typeof plan === "string"
    ? await planReplay(plan, options)
    : plan;
  // Not kept: written in a private temporary directory, removed after.
  const scratch = resolved.output === null
    ? await Deno.makeTempDir({ prefix: "systape-replay-" })
    : null;
  const output = resolved.output ?? `${scratch}/replay.ndjson`;

  try {
    const run = await record(resolved.argv, {
      output,
      env: resolved.env,
      cwd: resolved.cwd,
      trace: resolved.trace,
      handleSignals: options.handleSignals,
    });
    const diff = await diffRecordings(resolved.recording, output, options);
    return { plan: resolved, run, diff };
  } finally {
    // diffRecordings has read the new recording whole before it returns.
    if (scratch) {
      await Deno.remove(scratch, { recursive: true }).catch(() => {});
    }
  }
}

async function readHeader(
  recording: string,
  allowIncomplete: boolean,
): Promise<HeaderEvent> {
  let header: HeaderEvent | null = null;
  for await (const event of readRecording(recording, { allowIncomplete })) {
    if (event.type === "header") header = event;
  }
  return header!;
}

async function checkDirectory(cwd: string) {
  const info = await Deno.stat(cwd).catch(() => null);
  if (info?.isDirectory) return;
  throw new SystapeError(
    `the recorded working directory ${cwd} is not there`,
    { hint: "create it, or run the command yourself under systape record" },
  );
}

/**
 * The selection to record again. A recording made with `-e none` selected
 * nothing: that is asked for as "none", since an empty list is refused.
 */
function traceOf(selection: HeaderEvent["selection"]): string[] | undefined {
  if (selection === "all") return undefined;
  return selection.length === 0 ? ["none"] : [...selection];
}

/**
 * The recorded environment, with redacted values taken from this process
 * when it has them (a token that was kept out of the recording) and left
 * out when it does not.
 */
function environment(header: HeaderEvent) {
  const redacted = new Set(header.redacted);
  const env: Record<string, string> = {};
  const restored: string[] = [];
  const dropped: string[] = [];

  for (const entry of header.env) {
    const equals = entry.indexOf("=");
    if (equals <= 0) continue;
    const name = entry.slice(0, equals);
    if (!redacted.has(name)) {
      env[name] = entry.slice(equals + 1);
      continue;
    }
    const value = Deno.env.get(name);
    if (value === undefined) dropped.push(name);
    else {
      env[name] = value;
      restored.push(name);
    }
  }
  return { env, restored, dropped };
}

/** OLD.replay-YYYYMMDD-HHMMSS.ndjson beside OLD.ndjson, not yet taken. */
async function replayName(recording: string, now: Date): Promise<string> {
  const base = recording.replace(/\.ndjson$/, "");
  const time = now.toISOString().replace(/[-:]/g, "").replace("T", "-")
    .replace(/\..*/, "");
  for (let attempt = 1;; attempt++) {
    const suffix = attempt === 1 ? "" : `-${attempt}`;
    const name = `${base}.replay-${time}${suffix}.ndjson`;
    const taken = await Deno.lstat(name).then(() => true, () => false);
    if (!taken) return name;
  }
}
