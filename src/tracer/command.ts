/**
 * Finds the file a command name runs, the way execvp(3) and a shell do:
 * a name with a slash is a path; any other name is looked up in PATH.
 *
 * @module
 */

/** Where to run a command from, and what to try if that fails. */
export interface ResolvedCommand {
  /**
   * The paths to execve, in order. One path when the command was found or
   * contains a slash; every PATH candidate when it was not found, so that the
   * recording shows each failed attempt as execvp(3) would make it.
   */
  candidates: string[];
  /** Whether a candidate exists and is executable. */
  found: boolean;
}

/**
 * Resolves `name` against `path` (a PATH value).
 *
 * @example
 * ```ts
 * import { resolveCommand } from "./command.ts";
 * resolveCommand("ls", "/usr/bin:/bin").candidates; // ["/usr/bin/ls"]
 * ```
 */
export function resolveCommand(name: string, path: string): ResolvedCommand {
  if (name.includes("/")) {
    return { candidates: [name], found: isExecutableFile(name) };
  }

  // An empty PATH entry means the current directory, as in POSIX sh.
  const candidates = (path === "" ? [] : path.split(":"))
    .map((dir) => `${dir === "" ? "." : dir}/${name}`);
  const hit = candidates.find(isExecutableFile);
  if (hit) return { candidates: [hit], found: true };
  return { candidates: candidates.length ? candidates : [name], found: false };
}

function isExecutableFile(path: string): boolean {
  try {
    const info = Deno.statSync(path);
    return info.isFile && ((info.mode ?? 0) & 0o111) !== 0;
  } catch {
    return false;
  }
}

/**
 * The status a shell gives a command it could not run: 127 when there is
 * no such file (ENOENT, ENOTDIR), 126 when it exists but cannot be executed.
 *
 * @example
 * ```ts
 * import { exitStatusForExecError } from "./command.ts";
 * exitStatusForExecError(2); // 127 (ENOENT)
 * exitStatusForExecError(13); // 126 (EACCES)
 * ```
 */
export function exitStatusForExecError(errno: number): number {
  const ENOENT = 2;
  const ENOTDIR = 20;
  return errno === ENOENT || errno === ENOTDIR ? 127 : 126;
}
