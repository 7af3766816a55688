/**
 * File status structures: `struct stat` (stat, fstat, lstat, newfstatat),
 * `struct statx` and `struct statfs`, shown as strace shows them without
 * `-v`: the fields that tell files apart, then `...`.
 *
 * Layouts are x86_64's: `struct stat` from `<asm/stat.h>`, `struct statx`
 * from `<linux/stat.h>`, `struct statfs` from `<asm/statfs.h>`.
 *
 * @module
 */

import type { DecodedStruct, DecodedValue } from "../recording/events.ts";
import { type Kind, kind, octal } from "./kinds.ts";
import { readStruct } from "./memory.ts";
import { flags, hex, xlatName, xval } from "./xlat.ts";
import {
  AT_FLAGS,
  AT_STATX_SYNC_TYPES,
  FILE_TYPES,
  MODE_FLAGS,
  STATX_ATTRS,
  STATX_MASKS,
} from "./xlat_tables.ts";

const S_IFMT = 0o170000;
const S_IFCHR = 0o020000;
const S_IFBLK = 0o060000;
const AT_STATX_SYNC_TYPE = 0x6000;

/**
 * A mode with its file type: `S_IFREG|0644`, `S_IFDIR|S_ISVTX|0777`.
 *
 * @example
 * ```ts
 * import { modeText } from "./stat.ts";
 * modeText(0o100644); // "S_IFREG|0644"
 * ```
 */
export function modeText(mode: number): string {
  const type = xlatName(FILE_TYPES, mode & S_IFMT);
  const special = mode & 0o7000;
  const parts = type ? [type] : [];
  if (special) parts.push(flags(MODE_FLAGS, special));
  parts.push(octal(mode & 0o777));
  return parts.join("|");
}

/**
 * A device number as strace shows it: `makedev(0x1, 0x3)`.
 *
 * @example
 * ```ts
 * import { makedev } from "./stat.ts";
 * makedev(0x103n); // "makedev(0x1, 0x3)"
 * ```
 */
export function makedev(dev: bigint): string {
  const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn);
  const minor = (dev & 0xffn) | ((dev >> 12n) & ~0xffn);
  return `makedev(${hex(major)}, ${hex(minor)})`;
}

/**
 * struct stat, read at exit: `{st_mode=S_IFREG|0644, st_size=832, ...}`.
 *
 * @example
 * What it shows as newfstatat's buffer:
 * ```ts
 * import { STAT } from "./stat.ts";
 * STAT; // {st_mode=S_IFREG|0644, st_size=34547, ...}
 * ```
 */
export const STAT: Kind = kind((call, i) => {
  const view = readStruct(call.tid, call.address(i), 144);
  if (!view) return call.pointer(i);

  const mode = view.getUint32(24, true);
  const fields: DecodedStruct["struct"] = { st_mode: modeText(mode) };
  if (isDevice(mode)) fields.st_rdev = makedev(view.getBigUint64(40, true));
  else fields.st_size = safe(view.getBigInt64(48, true));
  return { struct: fields, more: true };
}, { out: true, layout: true });

/**
 * statx(2)'s flags: the sync type, then the AT_* flags.
 *
 * @example
 * What it shows as statx's flags:
 * ```ts
 * import { STATX_FLAGS } from "./stat.ts";
 * STATX_FLAGS; // AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW
 * ```
 */
export const STATX_FLAGS: Kind = kind((call, i) => {
  const value = call.uint(i);
  const sync = xval(AT_STATX_SYNC_TYPES, value & AT_STATX_SYNC_TYPE);
  const rest = value & ~AT_STATX_SYNC_TYPE;
  return rest ? `${sync}|${flags(AT_FLAGS, rest)}` : sync;
});

/**
 * statx(2)'s mask of fields asked for.
 *
 * @example
 * What it shows as statx's mask:
 * ```ts
 * import { STATX_MASK } from "./stat.ts";
 * STATX_MASK; // STATX_MODE|STATX_SIZE
 * ```
 */
export const STATX_MASK: Kind = kind((call, i) =>
  flags(STATX_MASKS, call.uint(i))
);

/**
 * struct statx, read at exit.
 *
 * @example
 * What it shows as statx's buffer:
 * ```ts
 * import { STATX } from "./stat.ts";
 * STATX; // {stx_mask=STATX_BASIC_STATS|STATX_MNT_ID, stx_attributes=0, stx_mode=S_IFDIR|0755, stx_size=4096, ...}
 * ```
 */
export const STATX: Kind = kind((call, i) => {
  const view = readStruct(call.tid, call.address(i), 144);
  if (!view) return call.pointer(i);

  return {
    struct: {
      stx_mask: flags(STATX_MASKS, view.getUint32(0, true)),
      stx_attributes: wideFlags(STATX_ATTRS, view.getBigUint64(8, true)),
      stx_mode: modeText(view.getUint16(28, true)),
      stx_size: safe(view.getBigUint64(40, true)),
    },
    more: true,
  };
}, { out: true });

/**
 * struct statfs, read at exit, every field (strace shows them all).
 *
 * @example
 * What it shows as statfs's buffer:
 * ```ts
 * import { STATFS } from "./stat.ts";
 * STATFS; // {f_type=EXT2_SUPER_MAGIC, f_bsize=4096, ...}
 * ```
 */
export const STATFS: Kind = kind((call, i) => {
  const view = readStruct(call.tid, call.address(i), 120);
  if (!view) return call.pointer(i);

  const long = (offset: number) => safe(view.getBigInt64(offset, true));
  return {
    struct: {
      f_type: fsMagic(view.getBigInt64(0, true)),
      f_bsize: long(8),
      f_blocks: long(16),
      f_bfree: long(24),
      f_bavail: long(32),
      f_files: long(40),
      f_ffree: long(48),
      f_fsid: {
        struct: {
          val: [
            hex(view.getUint32(56, true)),
            hex(view.getUint32(60, true)),
          ],
        },
      },
      f_namelen: long(64),
      f_frsize: long(72),
      f_flags: flags(STATFS_FLAGS, Number(view.getBigInt64(80, true))),
    },
  };
}, { out: true, layout: true });

/**
 * Mount flags of statfs's f_flags, from glibc's `<bits/statvfs.h>`.
 * Not generated: glibc declares them as an enum of shifted constants.
 */
const STATFS_FLAGS: readonly (readonly [number, string])[] = [
  [1, "ST_RDONLY"],
  [2, "ST_NOSUID"],
  [4, "ST_NODEV"],
  [8, "ST_NOEXEC"],
  [16, "ST_SYNCHRONOUS"],
  [32, "ST_VALID"],
  [64, "ST_MANDLOCK"],
  [1024, "ST_NOATIME"],
  [2048, "ST_NODIRATIME"],
  [4096, "ST_RELATIME"],
];

/**
 * Magic numbers of common file systems, from `<linux/magic.h>`; other
 * types are shown in hex. Not generated: strace's own table (fsmagic) is
 * longer, and only these are common on the machines we record.
 */
const FS_MAGICS: ReadonlyMap<number, string> = new Map([
  [0xef53, "EXT2_SUPER_MAGIC"],
  [0x01021994, "TMPFS_MAGIC"],
  [0x9fa0, "PROC_SUPER_MAGIC"],
  [0x62656572, "SYSFS_MAGIC"],
  [0x794c7630, "OVERLAYFS_SUPER_MAGIC"],
  [0x9123683e, "BTRFS_SUPER_MAGIC"],
  [0x58465342, "XFS_SUPER_MAGIC"],
  [0x63677270, "CGROUP2_SUPER_MAGIC"],
  [0x27e0eb, "CGROUP_SUPER_MAGIC"],
  [0x1cd1, "DEVPTS_SUPER_MAGIC"],
  [0x6969, "NFS_SUPER_MAGIC"],
  [0x73717368, "SQUASHFS_MAGIC"],
  [0x858458f6, "RAMFS_MAGIC"],
  [0x64626720, "DEBUGFS_MAGIC"],
  [0x73636673, "SECURITYFS_MAGIC"],
  [0xf97cff8c, "SELINUX_MAGIC"],
  [0xcafe4a11, "BPF_FS_MAGIC"],
  [0x6e736673, "NSFS_MAGIC"],
  [0x958458f6, "HUGETLBFS_MAGIC"],
  [0x19800202, "MQUEUE_MAGIC"],
  [0x01021997, "V9FS_MAGIC"],
  [0x65735546, "FUSE_SUPER_MAGIC"],
]);

function fsMagic(value: bigint): DecodedValue {
  const number = Number(BigInt.asUintN(32, value));
  return FS_MAGICS.get(number) ?? hex(number);
}

function isDevice(mode: number): boolean {
  const type = mode & S_IFMT;
  return type === S_IFCHR || type === S_IFBLK;
}

function wideFlags(
  table: readonly (readonly [number, string])[],
  value: bigint,
): string {
  return flags(table, Number(value));
}

function safe(value: bigint): number | string {
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : value.toString();
}
