/**
 * Reading a tracee's memory for the decoders: strings, buffers, structures
 * and pointer arrays, each with one process_vm_readv(2) where it can
 * (src/libc/memory.ts), and with strace's answer when the memory cannot be
 * read: the address instead of the data.
 *
 * @module
 */

import { readBytes, readCString } from "../libc/memory.ts";
import type { DecodedBytes } from "../recording/events.ts";
import { bytesValue } from "./bytes.ts";
import { hexOf } from "./call.ts";

/**
 * Longest string read to learn its length: beyond it, the length recorded
 * is only a lower bound. Longer than any path (PATH_MAX is 4096) and than
 * an argv string of 100 KiB.
 *
 * @example
 * ```ts
 * import { STRING_READ_LIMIT } from "./memory.ts";
 * STRING_READ_LIMIT; // 1048576
 * ```
 */
export const STRING_READ_LIMIT = 1 << 20;

/**
 * A NUL-terminated string at `address`, cut at `limit` bytes (the real
 * length kept when cut); the address in hex when nothing can be read, or
 * "NULL".
 *
 * @example
 * ```ts ignore
 * import { readString } from "./memory.ts";
 * readString(pid, address, Infinity); // { str: "/etc/passwd" }
 * ```
 */
export function readString(
  tid: number,
  address: number,
  limit: number,
): DecodedBytes | string {
  if (address === 0) return "NULL";

  const wanted = Math.min(
    STRING_READ_LIMIT,
    limit === Infinity ? STRING_READ_LIMIT : limit + 1,
  );
  const { bytes, complete } = readCString(tid, address, wanted);
  if (bytes.length === 0 && !complete) return hexOf(address);
  if (bytes.length <= limit) return bytesValue(bytes);

  // Cut: learn the real length unless the string is longer than we read.
  const length = complete || wanted === STRING_READ_LIMIT
    ? bytes.length
    : readCString(tid, address, STRING_READ_LIMIT).bytes.length;
  return bytesValue(bytes.subarray(0, limit), length);
}

/**
 * `length` bytes at `address`, of which the first `limit` are kept (the
 * real length with them when cut); the address in hex when unreadable.
 *
 * @example
 * ```ts ignore
 * import { readBuffer } from "./memory.ts";
 * readBuffer(pid, address, 832, 32); // { b64: "f0VMRgIBAQ...", len: 832 }
 * ```
 */
export function readBuffer(
  tid: number,
  address: number,
  length: number,
  limit: number,
): DecodedBytes | string {
  if (address === 0) return "NULL";
  if (length <= 0) return bytesValue(new Uint8Array(0));

  const bytes = readBytes(tid, address, Math.min(length, limit));
  if (bytes.length === 0) return hexOf(address);
  return bytesValue(bytes, length > bytes.length ? length : undefined);
}

/**
 * `size` bytes at `address` as a little-endian view, or null when they
 * cannot all be read.
 *
 * @example
 * ```ts ignore
 * import { readStruct } from "./memory.ts";
 * const view = readStruct(pid, address, 16);
 * view?.getBigUint64(0, true);
 * ```
 */
export function readStruct(
  tid: number,
  address: number,
  size: number,
): DataView | null {
  if (address === 0) return null;
  const bytes = readBytes(tid, address, size);
  if (bytes.length < size) return null;
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
}

/**
 * The pointers of a NULL-terminated array (argv, envp), at most `max`;
 * `more` is true when the array goes on beyond them. Null when the array
 * cannot be read at all.
 *
 * @example
 * ```ts ignore
 * import { readPointers } from "./memory.ts";
 * const { pointers } = readPointers(pid, argvAddress, 8, 1024)!;
 * ```
 */
export function readPointers(
  tid: number,
  address: number,
  wordBytes: 4 | 8,
  max: number,
): { pointers: number[]; more: boolean } | null {
  const pointers: number[] = [];
  let cursor = address;
  while (pointers.length <= max) {
    const count = Math.min(256, max + 1 - pointers.length);
    const bytes = readBytes(tid, cursor, count * wordBytes);
    if (bytes.length < wordBytes) {
      return pointers.length ? { pointers, more: false } : null;
    }

    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    for (
      let offset = 0;
      offset + wordBytes <= bytes.length;
      offset += wordBytes
    ) {
      const pointer = wordBytes === 8
        ? Number(view.getBigUint64(offset, true))
        : view.getUint32(offset, true);
      if (pointer === 0) return { pointers, more: false };
      if (pointers.length === max) return { pointers, more: true };
      pointers.push(pointer);
    }
    cursor += bytes.length;
  }
  return { pointers, more: true };
}
