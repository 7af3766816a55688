/**
 * Bytes from a program's memory in a recording: a JSON string when they
 * read as text, base64 otherwise, so that every byte value survives the
 * strict JSON of an NDJSON line (docs/DECODING.md, "Bytes").
 *
 * @module
 */

import type { DecodedBytes } from "../recording/events.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true });
const encoder = new TextEncoder();

/**
 * The recorded form of `bytes`: `{str}` when they are valid UTF-8 without
 * NUL or control characters other than tab, newline and carriage return,
 * else `{b64}`. `length`, when given and larger than `bytes.length`, is the
 * real length of data that was cut, and is kept as `len`.
 *
 * @example
 * ```ts
 * import { bytesValue } from "./bytes.ts";
 * bytesValue(new TextEncoder().encode("hello\n")); // { str: "hello\n" }
 * bytesValue(new Uint8Array([0, 255])); // { b64: "AP8=" }
 * bytesValue(new TextEncoder().encode("abc"), 10); // { str: "abc", len: 10 }
 * ```
 */
export function bytesValue(bytes: Uint8Array, length?: number): DecodedBytes {
  const cut = length !== undefined && length > bytes.length;
  const text = textOf(bytes);
  if (text !== null) return cut ? { str: text, len: length } : { str: text };

  const b64 = toBase64(bytes);
  return cut ? { b64, len: length } : { b64 };
}

/**
 * The bytes a recorded value holds (the kept part, when it was cut).
 *
 * @example
 * ```ts
 * import { bytesOf } from "./bytes.ts";
 * bytesOf({ b64: "AP8=" }); // Uint8Array [0, 255]
 * ```
 */
export function bytesOf(value: DecodedBytes): Uint8Array {
  if ("str" in value) return encoder.encode(value.str);
  const binary = atob(value.b64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Whether a decoded value is bytes.
 *
 * @example
 * ```ts
 * import { isBytes } from "./bytes.ts";
 * isBytes({ str: "x" }); // true
 * isBytes("O_RDONLY"); // false
 * ```
 */
export function isBytes(value: unknown): value is DecodedBytes {
  if (typeof value !== "object" || value === null) return false;
  return "str" in value || "b64" in value;
}

function textOf(bytes: Uint8Array): string | null {
  for (const byte of bytes) {
    if (byte < 0x20 && byte !== 9 && byte !== 10 && byte !== 13) return null;
    if (byte === 0x7f) return null;
  }
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}
