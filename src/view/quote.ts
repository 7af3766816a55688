/**
 * Bytes as strace quotes them: C escapes for `"`, `\` and `\f \n \r \t \v`,
 * printable ASCII as is, every other byte in octal (three digits when an
 * octal digit follows, so that the escape cannot run into it), and `...` after
 * the closing quote when the data was cut.
 *
 * @module
 */

const ESCAPES: Readonly<Record<number, string>> = {
  0x22: '\\"',
  0x5c: "\\\\",
  0x0c: "\\f",
  0x0a: "\\n",
  0x0d: "\\r",
  0x09: "\\t",
  0x0b: "\\v",
};

/**
 * `bytes` in double quotes as strace prints them; `cut` adds `...`.
 *
 * @example
 * ```ts
 * import { quote } from "./quote.ts";
 * quote(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1])); // "\"\\177ELF\\2\\1\""
 * quote(new TextEncoder().encode("a\n"), true); // "\"a\\n\"..."
 * ```
 */
export function quote(bytes: Uint8Array, cut = false): string {
  let text = '"';
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    const escape = ESCAPES[byte];
    if (escape) text += escape;
    else if (byte >= 0x20 && byte <= 0x7e) text += String.fromCharCode(byte);
    else text += octal(byte, isOctalDigit(bytes[i + 1]));
  }
  return `${text}"${cut ? "..." : ""}`;
}

/**
 * `bytes` with every byte as `\xNN`, as strace prints random data
 * (getrandom).
 *
 * @example
 * ```ts
 * import { quoteHex } from "./quote.ts";
 * quoteHex(new Uint8Array([0xb4, 0x4f])); // "\"\\xb4\\x4f\""
 * ```
 */
export function quoteHex(bytes: Uint8Array, cut = false): string {
  let text = '"';
  for (const byte of bytes) text += `\\x${byte.toString(16).padStart(2, "0")}`;
  return `${text}"${cut ? "..." : ""}`;
}

function octal(byte: number, digitFollows: boolean): string {
  const digits = byte.toString(8);
  return `\\${digitFollows ? digits.padStart(3, "0") : digits}`;
}

/** strace pads to three digits only before 0-7, which would extend the escape. */
function isOctalDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x37;
}
