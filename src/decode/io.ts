/**
 * I/O structures: iovec arrays (readv, writev), pollfd arrays (poll,
 * ppoll), the fd pairs of pipe(2) and socketpair(2), directory entries
 * (getdents64), fd sets (select), epoll events, and ints passed by
 * pointer (`[1]`).
 *
 * @module
 */

import type { DecodedStruct, DecodedValue } from "../recording/events.ts";
import type { Call } from "./call.ts";
import { fdValue, type Kind, kind, type ResultKind } from "./kinds.ts";
import { readBuffer, readStruct } from "./memory.ts";
import { flags } from "./xlat.ts";
import { EPOLL_EVENTS, POLL_EVENTS } from "./xlat_tables.ts";

/** iovec elements shown at most, as strace caps arrays at the string limit. */
const IOV_LIMIT = 1024;

function iovecs(call: Call, i: number, count: number, total: number) {
  if (call.address(i) === 0) return "NULL";
  const shown = Math.min(count, call.stringLimit, IOV_LIMIT);
  const view = readStruct(call.tid, call.address(i), shown * 16);
  if (!view) return call.pointer(i);

  const items: DecodedValue[] = [];
  let left = total;
  for (let n = 0; n < shown; n++) {
    const base = Number(view.getBigUint64(n * 16, true));
    const length = Number(view.getBigUint64(n * 16 + 8, true));
    const filled = Math.max(0, Math.min(length, left));
    left -= filled;
    items.push({
      struct: {
        iov_base: readBuffer(call.tid, base, filled, call.stringLimit),
        iov_len: length,
      },
    });
  }
  if (count > shown) items.push("...");
  return items;
}

/**
 * writev's iovec array, read at entry; its length is argument `countIndex`.
 *
 * @example
 * ```ts
 * import { iovecIn } from "./io.ts";
 * const WRITEV_IOV = iovecIn(2);
 * ```
 */
export function iovecIn(countIndex: number): Kind {
  return kind(
    (call, i) => iovecs(call, i, call.uint(countIndex), Infinity),
    { layout: true },
  );
}

/**
 * readv's iovec array, read at exit: the buffers hold what the call read.
 *
 * @example
 * ```ts
 * import { iovecOut } from "./io.ts";
 * const READV_IOV = iovecOut(2);
 * ```
 */
export function iovecOut(countIndex: number): Kind {
  return kind(
    (call, i) => iovecs(call, i, call.uint(countIndex), call.retNumber()),
    { out: true, layout: true },
  );
}

/**
 * poll's pollfd array (`[{fd=3, events=POLLIN}]`), read at entry; its
 * length is argument `countIndex`. The pollfds are kept for the result.
 *
 * @example
 * ```ts
 * import { pollfds } from "./io.ts";
 * const POLL_FDS = pollfds(1);
 * ```
 */
export function pollfds(countIndex: number): Kind {
  return kind((call, i) => {
    const count = call.uint(countIndex);
    if (call.address(i) === 0) return "NULL";
    const shown = Math.min(count, call.stringLimit);
    const view = readStruct(call.tid, call.address(i), shown * 8);
    if (!view) return call.pointer(i);

    call.notes.pollAddress = call.address(i);
    call.notes.pollCount = shown;
    const items: DecodedValue[] = [];
    for (let n = 0; n < shown; n++) {
      items.push({
        struct: {
          fd: fdValue(call, view.getInt32(n * 8, true)),
          events: flags(POLL_EVENTS, view.getUint16(n * 8 + 4, true)),
        },
      });
    }
    if (count > shown) items.push("...");
    return items;
  }, { fds: true });
}

/**
 * poll's result: the count, then the fds that have events, as strace
 * appends them: `1 ([{fd=3, revents=POLLIN}])`, `0 (Timeout)`.
 *
 * @example
 * What it shows as poll's result:
 * ```ts
 * import { POLL_RESULT } from "./io.ts";
 * POLL_RESULT; // 1 ([{fd=3, revents=POLLIN}])
 * ```
 */
export const POLL_RESULT: ResultKind = (call) => {
  const ret = call.retNumber();
  if (ret === 0) return "0 (Timeout)";
  const address = call.notes.pollAddress as number | undefined;
  const count = call.notes.pollCount as number | undefined;
  if (!address || !count) return undefined;
  const view = readStruct(call.tid, address, count * 8);
  if (!view) return undefined;

  const ready: string[] = [];
  for (let n = 0; n < count; n++) {
    const revents = view.getUint16(n * 8 + 6, true);
    if (revents === 0) continue;
    const fd = view.getInt32(n * 8, true);
    ready.push(`{fd=${fd}, revents=${flags(POLL_EVENTS, revents)}}`);
  }
  return `${ret} ([${ready.join(", ")}])`;
};

/**
 * The two fds pipe(2) and socketpair(2) fill in, read at exit: `[3, 4]`.
 *
 * @example
 * What it shows as pipe2's fds:
 * ```ts
 * import { FD_PAIR } from "./io.ts";
 * FD_PAIR; // [3, 4]
 * ```
 */
export const FD_PAIR: Kind = kind((call, i) => {
  const view = readStruct(call.tid, call.address(i), 8);
  if (!view) return call.pointer(i);
  return [
    fdValue(call, view.getInt32(0, true)),
    fdValue(call, view.getInt32(4, true)),
  ];
}, { out: true, fds: true });

/**
 * getdents64's buffer, read at exit: its address and the number of entries
 * it holds, as strace shows it without -v (`0x55d0... /* 28 entries *\/`).
 *
 * @example
 * What it shows as getdents64's buffer:
 * ```ts
 * import { DIRENTS } from "./io.ts";
 * DIRENTS; // 0x55d0c1a2b790 /* 28 entries *\/
 * ```
 */
export const DIRENTS: Kind = kind((call, i) => {
  const length = call.retNumber();
  const view = readStruct(call.tid, call.address(i), length);
  if (!view) return call.pointer(i);

  // struct linux_dirent64: d_ino (8), d_off (8), d_reclen (2), ...
  let count = 0;
  for (let offset = 0; offset + 18 <= length; count++) {
    const reclen = view.getUint16(offset + 16, true);
    if (reclen === 0) break;
    offset += reclen;
  }
  return `${call.hex(i)} /* ${count} entr${count === 1 ? "y" : "ies"} */`;
}, { out: true });

/**
 * An int passed by pointer and read at entry: `[1]`.
 *
 * @example
 * What it shows as an int passed by address:
 * ```ts
 * import { INT_POINTER } from "./io.ts";
 * INT_POINTER; // [1]
 * ```
 */
export const INT_POINTER: Kind = kind((call, i) => intAt(call, i));

/**
 * An int the call stores through a pointer, read at exit: `[0]`.
 *
 * @example
 * What it shows as getresuid's uids:
 * ```ts
 * import { INT_POINTER_OUT } from "./io.ts";
 * INT_POINTER_OUT; // [0]
 * ```
 */
export const INT_POINTER_OUT: Kind = kind((call, i) => intAt(call, i), {
  out: true,
});

function intAt(call: Call, i: number): DecodedValue {
  if (call.address(i) === 0) return "NULL";
  const view = readStruct(call.tid, call.address(i), 4);
  return view ? [view.getInt32(0, true)] : call.pointer(i);
}

/**
 * select's fd_set of `nfds` bits, read at entry: the fds set, `[3 5]`.
 *
 * @example
 * ```ts
 * import { fdSet } from "./io.ts";
 * const READ_FDS = fdSet(0);
 * ```
 */
export function fdSet(nfdsIndex: number): Kind {
  return kind((call, i) => {
    if (call.address(i) === 0) return "NULL";
    const nfds = Math.min(call.int(nfdsIndex), 1024);
    const bytes = Math.ceil(Math.max(nfds, 0) / 64) * 8;
    const view = readStruct(call.tid, call.address(i), bytes);
    if (!view) return call.pointer(i);

    const set: number[] = [];
    for (let fd = 0; fd < nfds; fd++) {
      if (view.getUint8(fd >> 3) & (1 << (fd & 7))) set.push(fd);
    }
    return `[${set.join(" ")}]`;
  });
}

/**
 * struct epoll_event (packed on x86_64), read at entry.
 *
 * @example
 * What it shows as epoll_ctl's event:
 * ```ts
 * import { EPOLL_EVENT } from "./io.ts";
 * EPOLL_EVENT; // {events=EPOLLIN, data={u32=3, u64=3}}
 * ```
 */
export const EPOLL_EVENT: Kind = kind((call, i) => {
  if (call.address(i) === 0) return "NULL";
  const view = readStruct(call.tid, call.address(i), 12);
  return view ? epollEvent(view, 0) : call.pointer(i);
}, { layout: true });

/**
 * epoll_wait's events, read at exit: as many as the call returned.
 *
 * @example
 * What it shows as epoll_wait's events:
 * ```ts
 * import { EPOLL_EVENTS_OUT } from "./io.ts";
 * EPOLL_EVENTS_OUT; // [{events=EPOLLIN, data={u32=3, u64=3}}]
 * ```
 */
export const EPOLL_EVENTS_OUT: Kind = kind((call, i) => {
  const count = Math.min(call.retNumber(), call.stringLimit);
  const view = readStruct(call.tid, call.address(i), count * 12);
  if (!view) return call.pointer(i);
  return Array.from({ length: count }, (_, n) => epollEvent(view, n * 12));
}, { out: true, layout: true });

function epollEvent(view: DataView, offset: number): DecodedStruct {
  const data = view.getBigUint64(offset + 4, true);
  return {
    struct: {
      events: flags(EPOLL_EVENTS, view.getUint32(offset, true)),
      data: {
        struct: {
          u32: Number(data & 0xffffffffn),
          u64: Number.isSafeInteger(Number(data))
            ? Number(data)
            : data.toString(),
        },
      },
    },
  };
}
