/**
 * Names for numbers, as strace shows them: a flag set as the names whose
 * bits are all set, in table order, joined with `|` (bits left over in
 * hex); an enumeration value as its name, or in hex with a comment when it
 * has none.
 *
 * @module
 */

/** Value and name pairs, in the order names are shown. */
export type Xlat = readonly (readonly [number, string])[];

const lookups = new WeakMap<Xlat, Map<number, string>>();

/**
 * The name of an enumeration value, or undefined.
 *
 * @example
 * ```ts
 * import { xlatName } from "./xlat.ts";
 * xlatName([[0, "SEEK_SET"], [1, "SEEK_CUR"]], 1); // "SEEK_CUR"
 * ```
 */
export function xlatName(table: Xlat, value: number): string | undefined {
  let lookup = lookups.get(table);
  if (!lookup) {
    lookup = new Map();
    for (const [number, name] of table) {
      if (!lookup.has(number)) lookup.set(number, name);
    }
    lookups.set(table, lookup);
  }
  return lookup.get(value);
}

/**
 * An enumeration value by name; strace's `0x3001 /* ARCH_??? *\/` when it
 * has none and `unknown` names the family, else the number in decimal.
 *
 * @example
 * ```ts
 * import { xval } from "./xlat.ts";
 * xval([[0x1002, "ARCH_SET_FS"]], 0x3001, "ARCH_???"); // "0x3001 /* ARCH_??? *\/"
 * ```
 */
export function xval(
  table: Xlat,
  value: number,
  unknown?: string,
): string | number {
  const name = xlatName(table, value);
  if (name !== undefined) return name;
  if (unknown === undefined) return value;
  return `${hex(value)} /* ${unknown} */`;
}

/**
 * A flag set: the names whose bits are all set, in table order, then any
 * bits left in hex; `zero` (or "0") when no bit is set.
 *
 * @example
 * ```ts
 * import { flags } from "./xlat.ts";
 * flags([[1, "R_OK"], [2, "W_OK"]], 7); // "R_OK|W_OK|0x4"
 * flags([[1, "R_OK"]], 0, "F_OK"); // "F_OK"
 * ```
 */
export function flags(table: Xlat, value: number, zero = "0"): string {
  if (value === 0) return zero;
  if (value > 0xffffffff || value < 0) return wideFlags(table, value, zero);

  const names: string[] = [];
  let left = value;
  for (const [bits, name] of table) {
    if (bits !== 0 && (left & bits) >>> 0 === bits) {
      names.push(name);
      left = (left & ~bits) >>> 0;
    }
  }
  if (left !== 0) names.push(hex(left));
  return names.join("|");
}

/** flags() for values beyond 32 bits, through BigInt. */
function wideFlags(table: Xlat, value: number, zero: string): string {
  const names: string[] = [];
  let left = BigInt.asUintN(64, BigInt(value));
  for (const [bits, name] of table) {
    const big = BigInt.asUintN(64, BigInt(bits));
    if (big !== 0n && (left & big) === big) {
      names.push(name);
      left &= ~big;
    }
  }
  if (left !== 0n) names.push(`0x${left.toString(16)}`);
  return names.length ? names.join("|") : zero;
}

/**
 * A number in hex as C writes it: `0x1f`, and `0` for zero.
 *
 * @example
 * ```ts
 * import { hex } from "./xlat.ts";
 * hex(4096); // "0x1000"
 * ```
 */
export function hex(value: number | bigint): string {
  if (value === 0 || value === 0n) return "0";
  if (value < 0) return `-0x${(-BigInt(value)).toString(16)}`;
  return `0x${value.toString(16)}`;
}
