/**
 * Socket syscalls' arguments: socket addresses (`{sa_family=AF_INET,
 * sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}`), socket types
 * and protocols, socket options, and `struct msghdr`.
 *
 * @module
 */

import type { DecodedStruct, DecodedValue } from "../recording/events.ts";
import { bytesValue } from "./bytes.ts";
import type { Call } from "./call.ts";
import { iovecIn } from "./io.ts";
import { type Kind, kind } from "./kinds.ts";
import { readStruct } from "./memory.ts";
import { flags, hex, xval } from "./xlat.ts";
import {
  ADDRESS_FAMILIES,
  IP_PROTOCOLS,
  MSG_FLAGS,
  SOCKET_LEVELS,
  SOCKET_OPTIONS,
  SOCKET_TYPE_FLAGS,
  SOCKET_TYPES,
  TCP_OPTIONS,
} from "./xlat_tables.ts";

const AF_UNIX = 1;
const AF_INET = 2;
const AF_INET6 = 10;
const AF_NETLINK = 16;
const SOL_SOCKET = 1;
const SOL_TCP = 6;

/**
 * A socket address of `length` bytes as strace shows it.
 *
 * @example
 * ```ts
 * import { sockaddrText } from "./net.ts";
 * const bytes = new Uint8Array([2, 0, 0, 80, 127, 0, 0, 1]);
 * sockaddrText(new DataView(bytes.buffer), 8);
 * ```
 */
export function sockaddrText(view: DataView, length: number): DecodedStruct {
  const family = view.getUint16(0, true);
  const fields: DecodedStruct["struct"] = {
    sa_family: xval(ADDRESS_FAMILIES, family, "AF_???"),
  };
  if (family === AF_UNIX) Object.assign(fields, unixAddress(view, length));
  else if (family === AF_INET && length >= 8) {
    fields.sin_port = `htons(${view.getUint16(2)})`;
    fields.sin_addr = `inet_addr("${ipv4(view, 4)}")`;
  } else if (family === AF_INET6 && length >= 24) {
    fields.sin6_port = `htons(${view.getUint16(2)})`;
    fields.sin6_flowinfo = `htonl(${view.getUint32(4)})`;
    fields[""] = `inet_pton(AF_INET6, "${ipv6(view, 8)}", &sin6_addr)`;
    if (length >= 28) fields.sin6_scope_id = view.getUint32(24, true);
  } else if (family === AF_NETLINK && length >= 12) {
    fields.nl_pid = view.getUint32(4, true);
    fields.nl_groups = view.getUint32(8, true).toString(16).padStart(8, "0");
  } else if (length > 2) {
    fields.sa_data = bytesValue(bytesOf(view, 2, length - 2));
  }
  return { struct: fields };
}

/** sun_path: a file name, or an abstract name shown as `@"name"`. */
function unixAddress(view: DataView, length: number) {
  if (length <= 2) return {};
  const path = bytesOf(view, 2, Math.min(length, 110) - 2);
  if (path[0] === 0) {
    return { sun_path: `@${JSON.stringify(decode(path.subarray(1)))}` };
  }
  const end = path.indexOf(0);
  return { sun_path: bytesValue(end >= 0 ? path.subarray(0, end) : path) };
}

function decode(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

function bytesOf(view: DataView, offset: number, length: number): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset + offset, length);
}

function ipv4(view: DataView, offset: number): string {
  return [0, 1, 2, 3].map((n) => view.getUint8(offset + n)).join(".");
}

/** An IPv6 address in the shortest form inet_ntop(3) gives. */
function ipv6(view: DataView, offset: number): string {
  const groups = Array.from(
    { length: 8 },
    (_, n) => view.getUint16(offset + n * 2),
  );
  let best = { start: -1, length: 0 };
  for (let start = 0; start < 8;) {
    let end = start;
    while (end < 8 && groups[end] === 0) end++;
    if (end - start > best.length && end - start > 1) {
      best = { start, length: end - start };
    }
    start = end === start ? start + 1 : end;
  }
  const hexes = groups.map((group) => group.toString(16));
  if (best.start < 0) return hexes.join(":");
  const head = hexes.slice(0, best.start).join(":");
  const tail = hexes.slice(best.start + best.length).join(":");
  return `${head}::${tail}`;
}

/**
 * A socket address read at entry; its length is argument `lengthIndex`
 * (connect, bind, sendto).
 *
 * @example
 * ```ts
 * import { sockaddrIn } from "./net.ts";
 * const CONNECT_ADDRESS = sockaddrIn(2);
 * ```
 */
export function sockaddrIn(lengthIndex: number): Kind {
  return kind((call, i) => sockaddr(call, i, call.uint(lengthIndex)));
}

/**
 * A socket address the call fills, read at exit; its length is the int
 * argument `lengthIndex` points to (accept, getsockname, recvfrom).
 *
 * @example
 * ```ts
 * import { sockaddrOut } from "./net.ts";
 * const PEER_ADDRESS = sockaddrOut(2);
 * ```
 */
export function sockaddrOut(lengthIndex: number): Kind {
  return kind((call, i) => {
    const length = readStruct(call.tid, call.address(lengthIndex), 4);
    return sockaddr(call, i, length ? length.getUint32(0, true) : 0);
  }, { out: true });
}

/**
 * The socklen_t an address length points to, read at entry and exit: `[16 => 16]`.
 *
 * @example
 * What it shows as accept's address length:
 * ```ts
 * import { SOCKLEN_INOUT } from "./net.ts";
 * SOCKLEN_INOUT; // [110 => 16]
 * ```
 */
export const SOCKLEN_INOUT: Kind = kind((call, i) => {
  const before = call.notes.socklen as number | undefined;
  const view = readStruct(call.tid, call.address(i), 4);
  if (!view) return call.pointer(i);
  const after = view.getUint32(0, true);
  return before === undefined || before === after
    ? [after]
    : `[${before} => ${after}]`;
}, { out: true });

/**
 * Notes, at entry, the socklen_t argument `index` points to, for
 * SOCKLEN_INOUT; shows nothing itself.
 *
 * @example
 * ```ts
 * import { socklenBefore } from "./net.ts";
 * const ACCEPT_LENGTH_BEFORE = socklenBefore(2);
 * ```
 */
export function socklenBefore(index: number): Kind {
  return kind((call) => {
    const view = readStruct(call.tid, call.address(index), 4);
    if (view) call.notes.socklen = view.getUint32(0, true);
    return undefined;
  });
}

function sockaddr(call: Call, i: number, length: number): DecodedValue {
  if (call.address(i) === 0) return "NULL";
  const size = Math.min(length, 128);
  if (size < 2) return call.pointer(i);
  const view = readStruct(call.tid, call.address(i), size);
  return view ? sockaddrText(view, size) : call.pointer(i);
}

/**
 * socket(2)'s type: `SOCK_STREAM|SOCK_CLOEXEC`.
 *
 * @example
 * What it shows as socket's type:
 * ```ts
 * import { SOCKET_TYPE } from "./net.ts";
 * SOCKET_TYPE; // SOCK_STREAM|SOCK_CLOEXEC
 * ```
 */
export const SOCKET_TYPE: Kind = kind((call, i) => {
  const value = call.uint(i);
  const type = xval(SOCKET_TYPES, value & 0xf, "SOCK_???");
  const rest = value & ~0xf;
  return rest ? `${type}|${flags(SOCKET_TYPE_FLAGS, rest)}` : String(type);
});

/**
 * socket(2)'s protocol: named for IP families, a number otherwise.
 *
 * @example
 * What it shows as socket's protocol:
 * ```ts
 * import { SOCKET_PROTOCOL } from "./net.ts";
 * SOCKET_PROTOCOL; // IPPROTO_TCP
 * ```
 */
export const SOCKET_PROTOCOL: Kind = kind((call, i) => {
  const family = call.int(0);
  const protocol = call.int(i);
  if (family !== AF_INET && family !== AF_INET6) return protocol;
  return xval(IP_PROTOCOLS, protocol, "IPPROTO_???");
});

/**
 * setsockopt/getsockopt level.
 *
 * @example
 * What it shows as setsockopt's level:
 * ```ts
 * import { SOCKET_LEVEL } from "./net.ts";
 * SOCKET_LEVEL; // SOL_SOCKET
 * ```
 */
export const SOCKET_LEVEL: Kind = kind((call, i) =>
  xval(SOCKET_LEVELS, call.int(i), "SOL_???")
);

/**
 * setsockopt/getsockopt option name, named for the level at `levelIndex`.
 *
 * @example
 * What it shows as setsockopt's option:
 * ```ts
 * import { SOCKET_OPTION } from "./net.ts";
 * SOCKET_OPTION; // SO_REUSEADDR
 * ```
 */
export const SOCKET_OPTION: Kind = kind((call, i) => {
  const level = call.int(1);
  const option = call.int(i);
  if (level === SOL_SOCKET) return xval(SOCKET_OPTIONS, option, "SO_???");
  if (level === SOL_TCP) return xval(TCP_OPTIONS, option, "TCP_???");
  return option;
});

/**
 * setsockopt's value: an int when the length is 4 (`[1]`), else bytes.
 *
 * @example
 * What it shows as setsockopt's value:
 * ```ts
 * import { SOCKET_OPTION_VALUE } from "./net.ts";
 * SOCKET_OPTION_VALUE; // [1]
 * ```
 */
export const SOCKET_OPTION_VALUE: Kind = kind((call, i) => {
  const length = call.uint(4);
  if (call.address(i) === 0) return "NULL";
  const view = readStruct(call.tid, call.address(i), Math.min(length, 64));
  if (!view) return call.pointer(i);
  if (length === 4) return [view.getInt32(0, true)];
  return bytesValue(bytesOf(view, 0, view.byteLength), length);
});

/**
 * struct msghdr of sendmsg, read at entry.
 *
 * @example
 * What it shows as sendmsg's message:
 * ```ts
 * import { MSGHDR_IN } from "./net.ts";
 * MSGHDR_IN; // {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="hi", iov_len=2}], msg_iovlen=1, msg_controllen=0, msg_flags=0}
 * ```
 */
export const MSGHDR_IN: Kind = kind((call, i) => {
  const view = readStruct(call.tid, call.address(i), 56);
  if (!view) return call.pointer(i);

  const word = (offset: number) => Number(view.getBigUint64(offset, true));
  const iov = withArgs(call, [word(16), 0, word(24)]);
  return {
    struct: {
      msg_name: word(0) ? hex(word(0)) : "NULL",
      msg_namelen: view.getUint32(8, true),
      msg_iov: iovecIn(2).decode(iov, 0) ?? "NULL",
      msg_iovlen: word(24),
      msg_controllen: word(40),
      msg_flags: flags(MSG_FLAGS, view.getUint32(48, true)),
    },
  };
}, { layout: true });

/** The same call, reading other raw arguments (for nested structures). */
function withArgs(call: Call, raw: number[]): Call {
  const copy = Object.create(Object.getPrototypeOf(call));
  return Object.assign(copy, call, { raw });
}
