/**
 * Renames the fds a process opens, so that two runs whose fd numbers
 * differ only because they started with other fds open (an fd leaked by a
 * parent, a terminal or not) still read alike: the first fd opened is
 * fd#1, and each new fd takes the lowest name not in use, as the kernel
 * does with numbers (open(2): "the lowest-numbered file descriptor not
 * currently open"). An extra file opened and closed again therefore
 * changes no name after it, where a plain counter would rename every fd
 * that follows.
 *
 * A child made by fork keeps its parent's names. At execve, fds opened
 * close-on-exec are gone (execve(2)) and their names free again.
 *
 * @module
 */

interface Entry {
  ordinal: number;
  closeOnExec: boolean;
}

/**
 * One process's fd table as a diff sees it. Fds the process did not open
 * where the recording shows it (inherited from outside the recording, or
 * written into memory by pipe and socketpair) are not in the table and
 * stay as their numbers.
 *
 * @example
 * ```ts
 * import { FdTable } from "./fds.ts";
 * const table = new FdTable();
 * table.opened(5, false);
 * table.name(5); // "fd#1"
 * table.name(1); // "1"
 * ```
 */
export class FdTable {
  #entries = new Map<number, Entry>();

  /** The table of a child made by fork: the same fds and names. */
  clone(): FdTable {
    const copy = new FdTable();
    for (const [fd, entry] of this.#entries) {
      copy.#entries.set(fd, { ...entry });
    }
    return copy;
  }

  /** A syscall returned `fd` as a new fd. */
  opened(fd: number, closeOnExec: boolean) {
    this.#entries.delete(fd);
    const inUse = new Set([...this.#entries.values()].map((e) => e.ordinal));
    let ordinal = 1;
    while (inUse.has(ordinal)) ordinal++;
    this.#entries.set(fd, { ordinal, closeOnExec });
  }

  /** `fd` was closed. */
  closed(fd: number) {
    this.#entries.delete(fd);
  }

  /** FD_CLOEXEC was set or cleared on `fd` (fcntl F_SETFD, ioctl FIOCLEX). */
  setCloseOnExec(fd: number, on: boolean) {
    const entry = this.#entries.get(fd);
    if (entry) entry.closeOnExec = on;
  }

  /** The process ran a new program. */
  exec() {
    for (const [fd, entry] of this.#entries) {
      if (entry.closeOnExec) this.#entries.delete(fd);
    }
  }

  /** How to show `fd`: its name when known, else the number itself. */
  name(fd: number): string {
    const entry = this.#entries.get(fd);
    return entry === undefined ? String(fd) : `fd#${entry.ordinal}`;
  }
}
