/**
 * Decoded values as strace writes them: numbers in decimal, symbols as
 * they are, bytes quoted, structures as `{name=value, ...}`, arrays as
 * `[a, b]`, and fds as their number, or `3</etc/passwd>` when fd targets
 * are asked for (strace -y).
 *
 * @module
 */

import { bytesOf, isBytes } from "../decode/bytes.ts";
import type {
  DecodedFd,
  DecodedStruct,
  DecodedValue,
} from "../recording/events.ts";
import { quote, quoteHex } from "./quote.ts";

/** How values are written. */
export interface ValueStyle {
  /** Show fd targets, as `strace -y` does. */
  fdPaths?: boolean;
  /** Quote bytes as `\xNN` throughout (getrandom's buffer). */
  hex?: boolean;
}

/**
 * One decoded value as text.
 *
 * @example
 * ```ts
 * import { valueText } from "./value.ts";
 * valueText({ struct: { st_mode: "S_IFREG|0644", st_size: 10 }, more: true });
 * // "{st_mode=S_IFREG|0644, st_size=10, ...}"
 * valueText({ fd: 3, path: "/etc/passwd" }, { fdPaths: true }); // "3</etc/passwd>"
 * ```
 */
export function valueText(value: DecodedValue, style: ValueStyle = {}): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return value;
  if (Array.isArray(value)) {
    return `[${value.map((item) => valueText(item, style)).join(", ")}]`;
  }
  if (isBytes(value)) {
    const bytes = bytesOf(value);
    const cut = value.len !== undefined;
    return style.hex ? quoteHex(bytes, cut) : quote(bytes, cut);
  }
  if (isFd(value)) return fdText(value, style);
  return structText(value as DecodedStruct, style);
}

function isFd(value: object): value is DecodedFd {
  return "fd" in value && typeof (value as DecodedFd).fd === "number" &&
    !("struct" in value);
}

function fdText(value: DecodedFd, style: ValueStyle): string {
  if (!style.fdPaths || value.path === undefined) return String(value.fd);
  return `${value.fd}<${value.path}>`;
}

function structText(value: DecodedStruct, style: ValueStyle): string {
  const fields = Object.entries(value.struct).map(([name, field]) =>
    name === "" ? valueText(field, style) : `${name}=${valueText(field, style)}`
  );
  if (value.more) fields.push("...");
  return `{${fields.join(", ")}}`;
}
