/**
 * What a successful syscall does to its process's fd table: open and its
 * kin add an fd, dup and fcntl(F_DUPFD) copy one, close removes it,
 * fcntl(F_SETFD) changes close-on-exec, chdir moves the base of relative
 * paths. Fds made without a name (pipes, sockets, eventfds) need nothing
 * here: the table asks /proc the first time they are shown.
 *
 * @module
 */

import type { Call } from "./call.ts";
import type { FdTables } from "./fds.ts";
import { readString, readStruct } from "./memory.ts";
import { bytesOf, isBytes } from "./bytes.ts";

const O_CLOEXEC = 0o2000000;
const FD_CLOEXEC = 1;
const F_DUPFD = 0;
const F_SETFD = 2;
const F_DUPFD_CLOEXEC = 1030;
const CLOSE_RANGE_CLOEXEC = 4;
const AT_FDCWD = -100;

type Effect = (call: Call, tables: FdTables) => void;

const EFFECTS: Record<string, Effect> = {
  open: (call, tables) => opened(call, tables, AT_FDCWD, 0, call.uint(1)),
  creat: (call, tables) => opened(call, tables, AT_FDCWD, 0, 0),
  openat: (call, tables) => opened(call, tables, call.int(0), 1, call.uint(2)),
  openat2: (call, tables) => {
    const how = readStruct(call.tid, call.address(2), 8);
    const openFlags = how ? Number(how.getBigUint64(0, true)) : 0;
    opened(call, tables, call.int(0), 1, openFlags);
  },
  close: (call, tables) => tables.closed(call.pid, call.int(0)),
  close_range: (call, tables) =>
    tables.closedRange(
      call.pid,
      call.uint(0),
      call.uint(1),
      (call.uint(2) & CLOSE_RANGE_CLOEXEC) !== 0,
    ),
  dup: (call, tables) =>
    tables.duplicated(call.pid, call.int(0), call.retNumber(), false),
  dup2: (call, tables) =>
    tables.duplicated(call.pid, call.int(0), call.int(1), false),
  dup3: (call, tables) =>
    tables.duplicated(
      call.pid,
      call.int(0),
      call.int(1),
      (call.uint(2) & O_CLOEXEC) !== 0,
    ),
  fcntl: fcntl,
  chdir: (call, tables) => tables.changedDirectory(call.pid),
  fchdir: (call, tables) => tables.changedDirectory(call.pid),
};

function fcntl(call: Call, tables: FdTables) {
  const command = call.int(1);
  if (command === F_DUPFD || command === F_DUPFD_CLOEXEC) {
    const cloexec = command === F_DUPFD_CLOEXEC;
    tables.duplicated(call.pid, call.int(0), call.retNumber(), cloexec);
  } else if (command === F_SETFD) {
    tables.setCloexec(call.pid, call.int(0), (call.uint(2) & FD_CLOEXEC) !== 0);
  }
}

function opened(
  call: Call,
  tables: FdTables,
  dirfd: number,
  pathIndex: number,
  openFlags: number,
) {
  const name = call.notes.path ??
    readString(call.tid, call.address(pathIndex), Infinity);
  const cloexec = (openFlags & O_CLOEXEC) !== 0;
  const fd = call.retNumber();
  if (!isBytes(name)) return tables.opened(call.pid, fd, undefined, cloexec);

  const text = new TextDecoder().decode(bytesOf(name));
  tables.openedAt(call.pid, fd, dirfd, text, cloexec);
}

/**
 * Effects applied at the syscall's entry: once the kernel has closed an
 * fd, another thread may open the same number and its exit may reach the
 * tracer before the close's does, so the table forgets the fd before the
 * close runs. A close that fails had no fd to forget.
 */
const AT_ENTRY: ReadonlySet<string> = new Set(["close", "close_range"]);

/**
 * Applies a syscall's effect on the fd tables, if it has one at this stop:
 * at `"entry"` for closes, at `"exit"` of a successful syscall for the rest.
 *
 * @example
 * ```ts ignore
 * import { applyEffects } from "./effects.ts";
 * applyEffects("close", call, tables, "entry");
 * ```
 */
export function applyEffects(
  name: string,
  call: Call,
  tables: FdTables,
  stop: "entry" | "exit",
) {
  if (AT_ENTRY.has(name) !== (stop === "entry")) return;
  EFFECTS[name]?.(call, tables);
}

/**
 * Syscalls that change fd tables: a kept table goes stale unless the tracer
 * sees every one of them, recorded or not.
 *
 * @example
 * ```ts
 * import { FD_TABLE_SYSCALLS } from "./effects.ts";
 * FD_TABLE_SYSCALLS.includes("close"); // true
 * ```
 */
export const FD_TABLE_SYSCALLS: readonly string[] = Object.keys(EFFECTS);
