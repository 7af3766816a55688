/**
 * Reads a tracee's memory with process_vm_readv(2): one call per string or
 * buffer, instead of one PTRACE_PEEKDATA per word.
 *
 * @module
 */

import { libc, NativeBuffer, u64 } from "./libc.ts";

const PAGE_SIZE = 4096;
const MAX_READ = 1 << 20;
const scratch = new NativeBuffer(MAX_READ);
const localIov = new NativeBuffer(16);
const remoteIov = new NativeBuffer(16);
localIov.view.setBigUint64(0, BigInt(scratch.address), true);

/**
 * Copies up to `length` bytes from the tracee's address space. Returns fewer
 * bytes when the range runs into unmapped memory, and an empty array when
 * the address is not readable at all (or the tracee is gone).
 *
 * @example
 * ```ts ignore
 * import { readBytes } from "./memory.ts";
 * const bytes = readBytes(pid, address, 64);
 * ```
 */
export function readBytes(
  pid: number,
  address: number,
  length: number,
): Uint8Array {
  const count = transfer(pid, address, Math.min(length, MAX_READ));
  return scratch.bytes.slice(0, Math.max(count, 0));
}

/**
 * Reads a NUL-terminated string from the tracee, up to `limit` bytes. The
 * read stops at the first page boundary when the string ends before it, so a
 * short string near the end of a mapping is still read in one call.
 * Returns the bytes without the NUL, and whether the NUL was found.
 *
 * @example
 * ```ts ignore
 * import { readCString } from "./memory.ts";
 * const { bytes, complete } = readCString(pid, address, 4096);
 * ```
 */
export function readCString(
  pid: number,
  address: number,
  limit: number,
): { bytes: Uint8Array; complete: boolean } {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let cursor = address;

  while (total < limit) {
    // Read to the end of the current page first: the next page may be
    // unmapped, and process_vm_readv fails for the whole range from there.
    // After the first page, read several at once, falling back to one page
    // where a later page of the range is unmapped.
    const toPageEnd = PAGE_SIZE - (cursor % PAGE_SIZE);
    const extra = total === 0 ? 0 : PAGE_SIZE * 15;
    let count = transfer(
      pid,
      cursor,
      Math.min(toPageEnd + extra, limit - total),
    );
    if (count <= 0 && extra > 0) {
      count = transfer(pid, cursor, Math.min(toPageEnd, limit - total));
    }
    if (count <= 0) break;

    const nul = scratch.bytes.subarray(0, count).indexOf(0);
    if (nul >= 0) {
      chunks.push(scratch.bytes.slice(0, nul));
      return { bytes: concat(chunks, total + nul), complete: true };
    }
    chunks.push(scratch.bytes.slice(0, count));
    total += count;
    cursor += count;
  }
  return { bytes: concat(chunks, total), complete: false };
}

function transfer(pid: number, address: number, length: number): number {
  if (address === 0 || length <= 0) return 0;

  localIov.view.setBigUint64(8, BigInt(length), true);
  remoteIov.view.setBigUint64(0, BigInt(address), true);
  remoteIov.view.setBigUint64(8, BigInt(length), true);
  return libc().process_vm_readv(
    pid,
    localIov.bytes,
    u64(1),
    remoteIov.bytes,
    u64(1),
    u64(0),
  );
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}
