/**
 * Masks the random part of temporary file names (mktemp's
 * `/tmp/tmp.Xy3kQ9aBcD`, Python's `/tmp/tmpab12_x9z`, a pid in
 * `/tmp/build.12345`), which differs on every run.
 *
 * @module
 */

// A path under a temporary directory, up to the next quote or space.
const TEMP_PATH = /(?:\/tmp|\/var\/tmp|\/dev\/shm|\/run\/user\/\d+)\/[^\s"']*/g;
// Python's tempfile names: "tmp" and 8 of [a-z0-9_], digits or not.
const PYTHON_TEMP = /(?<=\/)tmp[a-z0-9_]{8}(?=\/|$)/g;
// A run that is random-looking: 6+ letters, digits and underscores with a
// digit in it, or 4+ digits (a pid, a time).
const RANDOM_RUN = /[A-Za-z0-9_]*[0-9][A-Za-z0-9_]*/g;

/** What a random part becomes. */
export const MASK = "XXXXXX";

/**
 * Replaces random-looking parts of paths under /tmp, /var/tmp, /dev/shm
 * and /run/user/UID with {@linkcode MASK}; other text is left alone. Names
 * that are random but all letters are not caught: they cannot be told
 * from words.
 *
 * @example
 * ```ts
 * import { maskTempNames } from "./temp_names.ts";
 * maskTempNames("/tmp/tmp.k3Jd9aQ0zX/out"); // "/tmp/tmp.XXXXXX/out"
 * maskTempNames("/tmp/tmpab12_x9z"); // "/tmp/tmpXXXXXX"
 * maskTempNames("/etc/hostname"); // "/etc/hostname"
 * ```
 */
export function maskTempNames(text: string): string {
  if (!text.includes("/")) return text;
  return text.replace(TEMP_PATH, (path) => {
    const [, root, rest] = path.match(
      /^(\/(?:run\/user\/\d+|[a-z/]+?))(\/.*)$/,
    )!;
    const named = rest.replace(PYTHON_TEMP, `tmp${MASK}`);
    return root + named.replace(RANDOM_RUN, maskRun);
  });
}

function maskRun(run: string): string {
  const digits = run.replace(/[^0-9]/g, "").length;
  if (run.length >= 6 || digits >= 4) return MASK;
  return run;
}
