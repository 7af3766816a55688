/**
 * What each traced process's file descriptors refer to, as `strace -y`
 * shows them: kept from the syscalls that make, copy and close them, so
 * that naming an fd costs a map lookup, not a readlink(2) per syscall.
 *
 * A process's table starts as a copy of its parent's (or as the same table
 * under CLONE_FILES, which vfork does not use), loses its close-on-exec fds
 * at execve, and is dropped when the process ends. An fd the table does
 * not know (inherited from the recorder, or made by a syscall not decoded)
 * is looked up once in /proc/PID/fd and remembered. Paths opened by name
 * are recorded as the program named them, made absolute against the
 * directory fd or the working directory, without resolving symbolic
 * links: strace -y shows /proc's canonical path instead. Pipes, sockets
 * and other anonymous files are named by /proc (`pipe:[1234]`).
 *
 * @module
 */

/** Names the target of an fd in a process. */
export interface FdResolver {
  /** The target of `fd` in process `pid`, when known. */
  path(pid: number, fd: number): string | undefined;
}

/** One open file description as the table knows it. */
interface FdEntry {
  /** What the fd refers to; undefined when /proc could not tell. */
  path: string | undefined;
  /** Whether it closes on execve. */
  cloexec: boolean;
}

/** One process's fd table and working directory. */
interface ProcessFiles {
  /** Open fds; may be shared with other processes (CLONE_FILES). */
  fds: Map<number, FdEntry>;
  /** The working directory, read from /proc when first needed. */
  cwd: string | undefined;
}

const AT_FDCWD = -100;

/**
 * The fd tables of all traced processes.
 *
 * @example
 * ```ts
 * import { FdTables } from "./fds.ts";
 * const tables = new FdTables();
 * tables.opened(100, 3, "/etc/passwd", false);
 * tables.spawn(100, 101, false);
 * tables.path(101, 3); // "/etc/passwd"
 * ```
 */
export class FdTables implements FdResolver {
  readonly #processes = new Map<number, ProcessFiles>();

  /** The target of `fd` in process `pid`, looking it up once if unknown. */
  path(pid: number, fd: number): string | undefined {
    const files = this.#files(pid);
    let entry = files.fds.get(fd);
    if (!entry) {
      entry = fromProc(pid, fd);
      if (!entry) return undefined;
      files.fds.set(fd, entry);
    }
    return entry.path;
  }

  /** A new process: a copy of its parent's table, or the same one. */
  spawn(parentPid: number, childPid: number, sharesFiles: boolean) {
    const parent = this.#files(parentPid);
    const early = this.#processes.get(childPid);
    const fds = sharesFiles ? parent.fds : new Map(parent.fds);
    // The child may have been seen before its parent's fork event: what it
    // did meanwhile wins over what it inherited.
    if (early && !sharesFiles) {
      for (const [fd, entry] of early.fds) fds.set(fd, entry);
    }
    this.#processes.set(childPid, { fds, cwd: early?.cwd ?? parent.cwd });
  }

  /** execve succeeded: the table is the process's own, without cloexec fds. */
  exec(pid: number) {
    const files = this.#files(pid);
    const kept = new Map<number, FdEntry>();
    for (const [fd, entry] of files.fds) {
      if (!entry.cloexec) kept.set(fd, entry);
    }
    files.fds = kept;
  }

  /** The process ended. */
  exit(pid: number) {
    this.#processes.delete(pid);
  }

  /** A new fd named by the program (open, openat...), relative to `dirfd`. */
  openedAt(
    pid: number,
    fd: number,
    dirfd: number,
    name: string,
    cloexec: boolean,
  ) {
    this.opened(pid, fd, this.resolve(pid, dirfd, name), cloexec);
  }

  /** A new fd with a known target; undefined asks /proc. */
  opened(pid: number, fd: number, path: string | undefined, cloexec: boolean) {
    const entry = path === undefined ? fromProc(pid, fd) : { path, cloexec };
    if (entry) this.#files(pid).fds.set(fd, { ...entry, cloexec });
  }

  /** `to` now refers to what `from` does (dup2, fcntl F_DUPFD...). */
  duplicated(pid: number, from: number, to: number, cloexec: boolean) {
    if (from === to) return;
    const path = this.path(pid, from);
    this.#files(pid).fds.set(to, { path, cloexec });
  }

  /** fd closed. */
  closed(pid: number, fd: number) {
    this.#files(pid).fds.delete(fd);
  }

  /** close_range(2): fds first to last closed, or marked close-on-exec. */
  closedRange(pid: number, first: number, last: number, cloexecOnly: boolean) {
    const fds = this.#files(pid).fds;
    for (const [fd, entry] of fds) {
      if (fd < first || fd > last) continue;
      if (cloexecOnly) entry.cloexec = true;
      else fds.delete(fd);
    }
  }

  /** fcntl(F_SETFD). */
  setCloexec(pid: number, fd: number, cloexec: boolean) {
    const entry = this.#files(pid).fds.get(fd);
    if (entry) entry.cloexec = cloexec;
  }

  /** The working directory changed (chdir, fchdir): read it again when needed. */
  changedDirectory(pid: number) {
    this.#files(pid).cwd = undefined;
  }

  /**
   * A path named relative to `dirfd` (AT_FDCWD: the working directory),
   * made absolute and cleaned of `.` and `..` without touching the disk.
   */
  resolve(pid: number, dirfd: number, name: string): string {
    if (name.startsWith("/")) return clean(name);
    const base = dirfd === AT_FDCWD ? this.#cwd(pid) : this.path(pid, dirfd);
    if (base === undefined || !base.startsWith("/")) return name;
    return clean(`${base}/${name}`);
  }

  #cwd(pid: number): string | undefined {
    const files = this.#files(pid);
    files.cwd ??= readLink(`/proc/${pid}/cwd`);
    return files.cwd;
  }

  #files(pid: number): ProcessFiles {
    let files = this.#processes.get(pid);
    if (!files) {
      files = { fds: new Map(), cwd: undefined };
      this.#processes.set(pid, files);
    }
    return files;
  }
}

/** What /proc says of an fd the table did not know, or undefined if closed. */
function fromProc(pid: number, fd: number): FdEntry | undefined {
  const path = readLink(`/proc/${pid}/fd/${fd}`);
  if (path === undefined) return undefined;
  return { path, cloexec: cloexecFromProc(pid, fd) };
}

/** The O_CLOEXEC bit (02000000) of the `flags:` line of /proc/PID/fdinfo/FD. */
function cloexecFromProc(pid: number, fd: number): boolean {
  try {
    const info = Deno.readTextFileSync(`/proc/${pid}/fdinfo/${fd}`);
    const flags = /^flags:\s+([0-7]+)$/m.exec(info)?.[1];
    return flags !== undefined && (parseInt(flags, 8) & 0o2000000) !== 0;
  } catch {
    return false;
  }
}

function readLink(path: string): string | undefined {
  try {
    return Deno.readLinkSync(path);
  } catch {
    return undefined;
  }
}

/** Removes `.`, `..` and repeated slashes from an absolute path. */
function clean(path: string): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `/${parts.join("/")}`;
}
