/**
 * What a diff may treat as equal: the normalisations (each on by default),
 * the user's own rules, and how much context to keep.
 *
 * @module
 */

/**
 * The normalisations, each hiding one kind of run-to-run noise. All are on
 * unless switched off.
 *
 * @example Compare real fd numbers and addresses, the rest normalised
 * ```ts ignore
 * import { diffRecordings } from "./diff.ts";
 * const diff = await diffRecordings("run1.ndjson", "run2.ndjson", {
 *   normalize: { fds: false, addresses: false },
 * });
 * ```
 */
export interface Normalizations {
  /** Pids and tids shown as logical ids: p1, p1.2, p1/t2. */
  pids: boolean;
  /** Fds numbered per process by order of opening: fd#1, fd#2. */
  fds: boolean;
  /**
   * Pointer arguments, mmap/brk results and the address ranges read from
   * /proc/PID/maps shown as `<ptr>`.
   */
  addresses: boolean;
  /** The random part of temporary file names masked in strings. */
  tempNames: boolean;
  /**
   * Only the arguments a syscall takes are shown; the other argument
   * registers hold whatever the caller left there.
   */
  unusedArgs: boolean;
  /** Times and durations left out (they differ on every run). */
  times: boolean;
  /**
   * Signals whose arrival depends on other processes or clocks (SIGCHLD,
   * SIGALRM, SIGVTALRM, SIGPROF, SIGWINCH, SIGIO, SIGURG) left out, with
   * the kernel-internal ERESTART* returns of the syscalls they interrupted
   * (the program never sees those; the syscall runs again), and, for a
   * handler the recording shows being installed, the calls it makes up to
   * its rt_sigreturn (see src/diff/handlers.ts).
   */
  asyncSignals: boolean;
  /**
   * The value a futex wait expects its word to hold left out: it counts
   * wakeups, so it differs whenever threads race differently.
   */
  futexWords: boolean;
  /**
   * Children of a process paired by what they ran and did, not only by
   * spawn order, so that children started in another order still align.
   */
  reorderedChildren: boolean;
}

/**
 * User rules applied after the normalisations.
 *
 * @example Leave out noisy calls, a write's buffer and the user's name
 * ```ts ignore
 * import { diffRecordings } from "./diff.ts";
 * const diff = await diffRecordings("run1.ndjson", "run2.ndjson", {
 *   rules: {
 *     ignoreSyscalls: ["getrandom", "clock_gettime"],
 *     ignoreArgs: [{ name: "write", index: 1 }],
 *     replace: [{ pattern: /\/home\/[a-z]+/g, replacement: "/home/USER" }],
 *   },
 * });
 * ```
 */
export interface DiffRules {
  /** Syscall names whose lines are left out of both sides. */
  ignoreSyscalls: string[];
  /** Arguments shown as `*`: syscall name and 0-based argument index. */
  ignoreArgs: { name: string; index: number }[];
  /** Regular expressions replaced in every rendered line, in order. */
  replace: { pattern: RegExp; replacement: string }[];
}

/**
 * Options of `diffRecordings`.
 *
 * @example Compare a recording cut short, with one line of context
 * ```ts ignore
 * import { diffRecordings } from "./diff.ts";
 * const diff = await diffRecordings("run1.ndjson", "run2.ndjson", {
 *   context: 1,
 *   allowIncomplete: true,
 *   memoryBudget: 8 * 1024 * 1024,
 * });
 * ```
 */
export interface DiffOptions {
  /** Which normalisations to apply; all of them by default. */
  normalize?: Partial<Normalizations>;
  /** User rules on top. */
  rules?: Partial<DiffRules>;
  /** Lines of context around each change; 3 by default. */
  context?: number;
  /** Compare recordings without an end line instead of refusing them. */
  allowIncomplete?: boolean;
  /** Where the per-process streams spill to disk; the system's temp dir. */
  tempDir?: string;
  /** Bytes of normalised lines kept in memory before spilling; 32 MiB. */
  memoryBudget?: number;
}

/** {@linkcode DiffOptions} with every default filled in. */
export interface ResolvedDiffOptions {
  /** See {@linkcode Normalizations}. */
  normalize: Normalizations;
  /** See {@linkcode DiffRules}. */
  rules: DiffRules;
  /** Lines of context. */
  context: number;
  /** See {@linkcode DiffOptions.allowIncomplete}. */
  allowIncomplete: boolean;
  /** See {@linkcode DiffOptions.tempDir}. */
  tempDir: string | undefined;
  /** See {@linkcode DiffOptions.memoryBudget}. */
  memoryBudget: number;
}

/** Every normalisation, on. */
export const ALL_NORMALIZATIONS: Readonly<Normalizations> = {
  pids: true,
  fds: true,
  addresses: true,
  tempNames: true,
  unusedArgs: true,
  times: true,
  asyncSignals: true,
  futexWords: true,
  reorderedChildren: true,
};

/**
 * Fills in the defaults.
 *
 * @example
 * ```ts
 * import { resolveDiffOptions } from "./options.ts";
 * const options = resolveDiffOptions({ normalize: { fds: false } });
 * // options.normalize.fds === false, options.context === 3
 * ```
 */
export function resolveDiffOptions(
  options: DiffOptions = {},
): ResolvedDiffOptions {
  return {
    normalize: { ...ALL_NORMALIZATIONS, ...options.normalize },
    rules: {
      ignoreSyscalls: options.rules?.ignoreSyscalls ?? [],
      ignoreArgs: options.rules?.ignoreArgs ?? [],
      replace: options.rules?.replace ?? [],
    },
    context: Math.max(0, options.context ?? 3),
    allowIncomplete: options.allowIncomplete ?? false,
    tempDir: options.tempDir,
    memoryBudget: options.memoryBudget ?? 32 * 1024 * 1024,
  };
}
