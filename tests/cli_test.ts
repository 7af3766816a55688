// The top-level command line: help and version, `systape help`, and each
// command's help, run as a user runs them.
import assert from "node:assert/strict";
import { systape } from "./helpers.ts";

Deno.test("systape help prints the help and exits 0, as --help does", async () => {
  const help = await systape(["help"]);
  const flag = await systape(["--help"]);
  assert.equal(help.code, 0, help.stderr);
  assert.equal(flag.code, 0, flag.stderr);
  assert.equal(help.stdout, flag.stdout);
  assert.match(help.stdout, /^Usage: systape COMMAND/m);
});

Deno.test("systape --help lists -h and -V under an Options: heading", async () => {
  const { stdout } = await systape(["--help"]);
  assert.match(
    stdout,
    /^Options:\n {2}-h, --help {7}show this help\n {2}-V, --version/m,
  );
});

Deno.test("systape help COMMAND prints that command's help; an unknown one exits 2", async () => {
  const diff = await systape(["help", "diff"]);
  assert.equal(diff.code, 0, diff.stderr);
  assert.match(diff.stdout, /^Usage: systape diff/);

  const unknown = await systape(["help", "frobnicate"]);
  assert.equal(unknown.code, 2);
  assert.equal(
    unknown.stderr.trim(),
    "systape: unknown command 'frobnicate' (see 'systape --help')",
  );

  // A bad option is named in one line, without the parser's own advice.
  const option = await systape(["show", "--bogus", "x.ndjson"]);
  assert.equal(option.code, 2);
  assert.equal(
    option.stderr.trim(),
    "systape: unknown option '--bogus' (see --help)",
  );

  // Names every object has are not commands either.
  const inherited = await systape(["constructor"]);
  assert.equal(inherited.code, 2);
  assert.match(inherited.stderr, /^systape: unknown command 'constructor'/);
});

Deno.test("every command's --help shows examples", async () => {
  for (const command of ["record", "diff", "replay", "show", "stats"]) {
    const { code, stdout } = await systape([command, "--help"]);
    assert.equal(code, 0, command);
    assert.match(stdout, /\nExamples:\n {2}systape /, command);
  }
});
