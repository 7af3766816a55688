/**
 * Formats generated TypeScript with `deno fmt`, under the repository's
 * configuration, so that generated tables pass `deno fmt --check` as written.
 *
 * @module
 */

const REPO_ROOT = import.meta.dirname!.replace(/\/tools$/, "");

/**
 * Returns `source` as `deno fmt` would write it.
 *
 * @example
 * ```ts ignore
 * import { format } from "./format.ts";
 * await format("export const A=1"); // "export const A = 1;\n"
 * ```
 */
export async function format(source: string): Promise<string> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--ext", "ts", "-"],
    cwd: REPO_ROOT,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(source));
  await writer.close();
  const { success, stdout, stderr } = await child.output();
  if (!success) {
    throw new Error(`deno fmt failed: ${new TextDecoder().decode(stderr)}`);
  }
  return new TextDecoder().decode(stdout);
}
