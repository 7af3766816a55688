/**
 * Reads C headers the way the table generators need: comments removed,
 * and integer constant expressions evaluated with macro expansion, so that
 * every generated number is the one the header defines.
 *
 * @module
 */

/** Macro or enum member name to its body (an expression). */
export type Macros = Map<string, string>;

/**
 * Removes block and line comments and joins backslash-continued lines.
 *
 * @example
 * ```ts
 * import { preprocess } from "./c_expression.ts";
 * preprocess("#define A 1 /* one *\/"); // "#define A 1  "
 * ```
 */
export function preprocess(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, " ").replace(/\/\/.*$/gm, "")
    .replace(/\\\n/g, " ");
}

const TOKEN =
  /\s*(0[xX][0-9a-fA-F]+[uUlL]*|\d+[uUlL]*|[A-Za-z_]\w*|<<|>>|[-|&^+*~()])/y;

/** Binary operators with their C precedence (higher binds tighter). */
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

/**
 * Evaluates a C integer constant expression, expanding macros.
 *
 * @example
 * ```ts
 * import { evaluate } from "./c_expression.ts";
 * evaluate("(B << 2) | 1", new Map([["B", "0x10"]])); // 65n
 * ```
 */
export function evaluate(
  expression: string,
  macros: Macros,
  depth = 0,
): bigint {
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
      throw new Error(`undefined ${token} in "${expression}"`);
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

/** A decimal, hex or octal literal, suffixes (u, l) dropped. */
function number(token: string): bigint {
  const digits = token.replace(/[uUlL]+$/, "");
  return BigInt(/^0[0-7]+$/.test(digits) ? `0o${digits.slice(1)}` : digits);
}
