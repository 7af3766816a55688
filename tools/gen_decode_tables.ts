/**
 * Generates the constant tables the argument decoders name flags and
 * enumerations with (src/decode/xlat_tables.ts): open flags, mmap
 * protections, clone flags, fcntl commands, socket families and the rest.
 *
 * Each table lists names in the order strace prints them (its
 * `src/xlat/*.in` files), since a flag set is shown as the names that
 * match in table order; the values are never typed by hand but read from
 * this machine's kernel and glibc headers, evaluating `#define`s and
 * `enum` members. A name the headers do not define is left out and listed
 * in the generated file's banner.
 *
 * Usage: `deno run -A tools/gen_decode_tables.ts [--check]`; `--check`
 * exits 1 when the committed file differs from a fresh generation.
 *
 * @module
 */

import { TABLES } from "./decode_table_specs.ts";

const INCLUDE = "/usr/include";
const REPO_ROOT = import.meta.dirname!.replace(/\/tools$/, "");
const OUTPUT = `${REPO_ROOT}/src/decode/xlat_tables.ts`;

/** Macro or enum member name to its body (an expression). */
type Macros = Map<string, string>;

/** Removes comments and joins continued lines. */
function preprocess(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, " ").replace(/\/\/.*$/gm, "")
    .replace(/\\\n/g, " ");
}

/**
 * Object-like `#define`s, and `enum` members with their values (implicit
 * values counted on from the previous member), from one header. `#if`
 * blocks are not evaluated: the first definition of a name wins, which for
 * the `#ifndef X / #define X` guards of the generic headers is the
 * architecture's own value when its header is listed first.
 */
function parseHeader(text: string, macros: Macros) {
  const source = preprocess(text);
  const define = /^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)(\(?)(.*)$/gm;
  for (const m of source.matchAll(define)) {
    if (m[2] === "(" || macros.has(m[1])) continue;
    macros.set(m[1], m[3].trim());
  }
  for (const block of source.matchAll(/\benum\b[^{;]*\{([^}]*)\}/g)) {
    parseEnum(block[1], macros);
  }
}

function parseEnum(body: string, macros: Macros) {
  let previous = "-1";
  const members = body.replace(/^[ \t]*#.*$/gm, "").split(",");
  for (const member of members) {
    const m = /^\s*([A-Za-z_]\w*)\s*(?:=\s*([\s\S]+?))?\s*$/.exec(member);
    if (!m) continue;
    const value = m[2] ?? `(${previous}) + 1`;
    // An enum member also appears as `#define NAME NAME`: the enum wins.
    const existing = macros.get(m[1]);
    if (existing === undefined || existing === m[1]) macros.set(m[1], value);
    previous = m[1];
  }
}

const TOKEN =
  /\s*(0[xX][0-9a-fA-F]+[uUlL]*|\d+[uUlL]*|[A-Za-z_]\w*|<<|>>|[-|&^+*~()])/y;

function tokenize(expression: string): string[] {
  const tokens: string[] = [];
  const text = expression.trimEnd();
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const m = TOKEN.exec(text);
    if (!m) throw new Error(`cannot parse "${expression}"`);
    tokens.push(m[1]);
  }
  return tokens;
}

const BINARY = new Map<string, [number, (a: bigint, b: bigint) => bigint]>([
  ["|", [1, (a, b) => a | b]],
  ["^", [2, (a, b) => a ^ b]],
  ["&", [3, (a, b) => a & b]],
  ["<<", [4, (a, b) => a << b]],
  [">>", [4, (a, b) => a >> b]],
  ["+", [5, (a, b) => a + b]],
  ["-", [5, (a, b) => a - b]],
  ["*", [6, (a, b) => a * b]],
]);

/** Casts such as `(__force __poll_t)` or `(unsigned int)` say nothing of the value. */
const CAST =
  /\(\s*(?:__force\s+)?(?:unsigned\s+)?(?:__poll_t|__u32|int|long|__s32|u32)\s*\)/g;

/** Evaluates a C integer constant expression, expanding macros. */
function evaluate(expression: string, macros: Macros, depth = 0): bigint {
  if (depth > 32) throw new Error(`expansion too deep at "${expression}"`);
  const tokens = tokenize(expression.replace(CAST, " "));
  let pos = 0;
  const primary = (): bigint => {
    const token = tokens[pos++];
    if (token === "(") {
      const value = binary(0);
      if (tokens[pos++] !== ")") throw new Error(`missing ) in ${expression}`);
      return value;
    }
    if (token === "~") return ~primary();
    if (token === "-") return -primary();
    if (/^\d/.test(token ?? "")) return number(token);
    const body = macros.get(token ?? "");
    if (body === undefined || body === token) {
      throw new Error(`undefined ${token}`);
    }
    return evaluate(body, macros, depth + 1);
  };
  const binary = (minimum: number): bigint => {
    let left = primary();
    for (let op = BINARY.get(tokens[pos]); op && op[0] >= minimum;) {
      pos++;
      left = op[1](left, binary(op[0] + 1));
      op = BINARY.get(tokens[pos]);
    }
    return left;
  };
  const value = binary(0);
  if (pos !== tokens.length) throw new Error(`trailing tokens: ${expression}`);
  return value;
}

function number(token: string): bigint {
  const digits = token.replace(/[uUlL]+$/, "");
  return BigInt(/^0[0-7]+$/.test(digits) ? `0o${digits.slice(1)}` : digits);
}

/** One generated table. */
export interface TableSpec {
  /** The exported constant's name. */
  name: string;
  /** What it holds, for its JSDoc. */
  doc: string;
  /** Headers under /usr/include, the architecture's own first. */
  headers: string[];
  /** Names in strace's order, separated by white space. */
  names: string;
}

interface Built {
  spec: TableSpec;
  entries: [bigint, string][];
  missing: string[];
}

async function build(spec: TableSpec): Promise<Built> {
  const macros: Macros = new Map();
  for (const header of spec.headers) {
    parseHeader(await Deno.readTextFile(`${INCLUDE}/${header}`), macros);
  }
  const entries: [bigint, string][] = [];
  const missing: string[] = [];
  for (const name of spec.names.split(/\s+/).filter(Boolean)) {
    try {
      entries.push([evaluate(name, macros), name]);
    } catch {
      missing.push(name);
    }
  }
  return { spec, entries, missing };
}

function literal(value: bigint): string {
  if (value < 0n) return `-0x${(-value).toString(16)}`;
  return `0x${value.toString(16)}`;
}

function render(tables: Built[]): string {
  const headers = [...new Set(tables.flatMap((t) => t.spec.headers))].sort();
  const missing = tables.flatMap((t) => t.missing);
  const lines = [
    "// Generated by tools/gen_decode_tables.ts from the names in",
    "// tools/decode_table_specs.ts and the values in these headers; do not",
    "// edit by hand, rerun `deno run -A tools/gen_decode_tables.ts`.",
    ...headers.map((h) => `//   ${INCLUDE}/${h}`),
    ...(missing.length
      ? [
        "// Not defined by these headers, so left out:",
        ...wrap(missing.join(" "), 74).map((l) => `//   ${l}`),
      ]
      : []),
    "",
    "/**",
    " * Named constants for decoding syscall arguments: for each table, value",
    " * and name pairs in the order strace prints them.",
    " *",
    " * @module",
    " */",
    "",
    'import type { Xlat } from "./xlat.ts";',
    "",
  ];
  for (const { spec, entries } of tables) {
    const first = entries[0];
    lines.push(
      "/**",
      ...wrap(spec.doc, 74).map((l) => ` * ${l}`),
      " *",
      " * @example",
      " * ```ts",
      ` * ${spec.name}[0] // [${literal(first[0])}, "${first[1]}"]`,
      " * ```",
      " */",
      `export const ${spec.name}: Xlat = [`,
      ...entries.map(([value, name]) => `  [${literal(value)}, "${name}"],`),
      "];",
      "",
    );
  }
  return lines.join("\n");
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

async function format(source: string): Promise<string> {
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
  if (!success) throw new Error(new TextDecoder().decode(stderr));
  return new TextDecoder().decode(stdout);
}

/**
 * The generated source of src/decode/xlat_tables.ts.
 *
 * @example
 * ```ts ignore
 * import { generate } from "./gen_decode_tables.ts";
 * const source = await generate();
 * ```
 */
export async function generate(): Promise<string> {
  const built = await Promise.all(TABLES.map(build));
  return format(render(built));
}

if (import.meta.main) {
  const source = await generate();
  if (Deno.args[0] === "--check") {
    const committed = await Deno.readTextFile(OUTPUT);
    if (committed !== source) {
      console.error(`${OUTPUT} differs from a fresh generation`);
      Deno.exit(1);
    }
  } else {
    await Deno.writeTextFile(OUTPUT, source);
    console.log(`wrote ${OUTPUT}`);
  }
}
