/**
 * The signature table: for each syscall systape decodes, the kinds of its
 * arguments in the order strace shows them, and how its result is shown
 * when it is more than a number. Syscalls not listed are recorded with raw
 * values only.
 *
 * Covered: the file, descriptor, memory, process, signal, socket, time
 * and identity syscalls that make up nearly all of what `ls`, `git`,
 * `python3`, `node`, `tar` and `curl` call (about 220 names). Not decoded
 * yet: io_uring, bpf, perf_event_open, the System V IPC calls, keyctl,
 * mount's data, recvmsg's message, and the other syscalls not listed; raw
 * values are kept for them.
 *
 * @module
 */

import {
  ARCH_PRCTL_ADDRESS,
  ARCH_PRCTL_CODE,
  FCNTL_ARG,
  FCNTL_COMMAND,
  FCNTL_RESULT,
  FUTEX_REST,
  futexOpText,
  IOCTL_ARG,
  IOCTL_REQUEST,
  modeIfCreating,
  OPEN_FLAGS_ARG,
  openFlagsText,
  PRCTL_OPTION,
  PRCTL_REST,
} from "./control.ts";
import { CAP_DATA_IN, CAP_DATA_OUT, CAP_HEADER } from "./creds.ts";
import {
  DIRENTS,
  EPOLL_EVENT,
  EPOLL_EVENTS_OUT,
  FD_PAIR,
  fdSet,
  INT_POINTER_OUT,
  iovecIn,
  iovecOut,
  POLL_RESULT,
  pollfds,
} from "./io.ts";
import {
  DIRFD,
  FD,
  FD_RESULT,
  flagsOf,
  HEX,
  HEX_RESULT,
  inBuffer,
  INT,
  type Kind,
  kind,
  LONG,
  OCTAL,
  OCTAL_RESULT,
  OUT_BUFFER,
  PATH,
  POINTER,
  type ResultKind,
  SIGNAL,
  STRING,
  UINT,
  ULONG,
  xvalOf,
} from "./kinds.ts";
import { readBuffer, readStruct } from "./memory.ts";
import {
  MSGHDR_IN,
  sockaddrIn,
  sockaddrOut,
  SOCKET_LEVEL,
  SOCKET_OPTION,
  SOCKET_OPTION_VALUE,
  SOCKET_PROTOCOL,
  SOCKET_TYPE,
  SOCKLEN_INOUT,
  socklenBefore,
} from "./net.ts";
import {
  ARGV,
  CLONE_ARGS,
  CLONE_ARGS_STRUCT,
  ENVP,
  RLIMIT_IN,
  RLIMIT_OUT,
  SYSINFO,
  UTSNAME,
  WAIT_STATUS,
} from "./process.ts";
import {
  SIGACTION_IN,
  SIGACTION_OUT,
  SIGRETURN_MASK,
  sigsetIn,
  sigsetOut,
} from "./signals.ts";
import {
  modeText,
  STAT,
  STATFS,
  STATX,
  STATX_FLAGS,
  STATX_MASK,
} from "./stat.ts";
import {
  ITIMERSPEC,
  RUSAGE_OUT,
  TIMESPEC,
  TIMESPEC_OUT,
  TIMESPEC_PAIR,
  TIMEVAL_OUT,
  timevalAt,
} from "./time.ts";
import { flags, hex, type Xlat, xval } from "./xlat.ts";
import {
  ACCESS_MODES,
  ADDRESS_FAMILIES,
  AT_FLAGS,
  CLOCK_IDS,
  CLONE_FLAGS,
  CLOSE_RANGE_FLAGS,
  EPOLL_CREATE_FLAGS,
  EPOLL_CTL_OPS,
  EVENTFD_FLAGS,
  FACCESSAT_FLAGS,
  FLOCK_OPERATIONS,
  GETRANDOM_FLAGS,
  ITIMER_WHICH,
  MADVISE_ADVICE,
  MEMFD_FLAGS,
  MMAP_FLAGS,
  MMAP_PROT,
  MMAP_TYPES,
  MREMAP_FLAGS,
  MSG_FLAGS,
  OPEN_FLAGS,
  PKEY_ACCESS_RIGHTS,
  RENAME_FLAGS,
  RLIMIT_RESOURCES,
  RUSAGE_WHO,
  SEEK_WHENCE,
  SHUTDOWN_HOW,
  SIGPROCMASK_HOW,
  SOCKET_TYPE_FLAGS,
  TIMER_FLAGS,
  WAIT_OPTIONS,
  XATTR_FLAGS,
} from "./xlat_tables.ts";

/** How one syscall is decoded. */
export interface Signature {
  /** Its arguments' kinds, in the order they are shown. */
  readonly args: readonly Kind[];
  /** Its successful result, when more than a number. */
  readonly result?: ResultKind;
}

function sig(args: Kind[], result?: ResultKind): Signature {
  return { args, result };
}

const PROT = flagsOf(MMAP_PROT, "PROT_NONE");
const ACCESS = flagsOf(ACCESS_MODES, "F_OK");
const AT = flagsOf(AT_FLAGS);
const MSG = flagsOf(MSG_FLAGS);
const SIGSET_SIZE = ULONG;
const CLOCK = xvalOf(CLOCK_IDS, "CLOCK_???");
const FAMILY = xvalOf(ADDRESS_FAMILIES, "AF_???");
const RESOURCE = xvalOf(RLIMIT_RESOURCES, "RLIMIT_???");

/** mmap(2) flags: the mapping type, then the other flags. */
const MMAP_FLAGS_ARG = kind((call, i) => {
  const value = call.uint(i);
  const type = xval(MMAP_TYPES, value & 0xf, "MAP_???");
  const rest = value & ~0xf;
  return rest ? `${type}|${flags(MMAP_FLAGS, rest)}` : String(type);
});

/** A mode with its file type (mknod). */
const MODE = kind((call, i) => modeText(call.uint(i)));

/** getcwd's buffer: the directory, as long as the result says, less its NUL. */
const CWD = kind(
  (call, i) =>
    readBuffer(call.tid, call.address(i), call.retNumber() - 1, Infinity),
  {
    out: true,
  },
);

/** The gid_t array getgroups fills, or setgroups reads. */
function groups(countIndex: number, out: boolean): Kind {
  return kind((call, i) => {
    if (call.address(i) === 0) return "NULL";
    const count = Math.min(
      out ? call.retNumber() : call.int(countIndex),
      call.stringLimit,
    );
    const view = readStruct(call.tid, call.address(i), count * 4);
    if (!view) return call.pointer(i);
    return Array.from({ length: count }, (_, n) => view.getUint32(n * 4, true));
  }, { out });
}

/** A struct timeval read at entry (select's timeout). */
const TIMEVAL = kind((call, i) => {
  if (call.address(i) === 0) return "NULL";
  const view = readStruct(call.tid, call.address(i), 16);
  return view ? timevalAt(view, 0) : call.pointer(i);
}, { layout: true });

/** stack_t (sigaltstack). */
function stack(out: boolean): Kind {
  return kind((call, i) => {
    if (call.address(i) === 0) return "NULL";
    const view = readStruct(call.tid, call.address(i), 24);
    if (!view) return call.pointer(i);
    return {
      struct: {
        ss_sp: hex(view.getBigUint64(0, true)),
        ss_flags: flags(STACK_FLAGS, view.getUint32(8, true)),
        ss_size: Number(view.getBigUint64(16, true)),
      },
    };
  }, { out, layout: true });
}

/** ss_flags, from `<asm-generic/signal-defs.h>` and `<linux/signal.h>`. */
const STACK_FLAGS: Xlat = [
  [1, "SS_ONSTACK"],
  [2, "SS_DISABLE"],
  [0x80000000, "SS_AUTODISARM"],
];

/** msync(2) flags, from `<asm-generic/mman-common.h>`. */
const MSYNC_FLAGS: Xlat = [[1, "MS_ASYNC"], [2, "MS_INVALIDATE"], [
  4,
  "MS_SYNC",
]];

/** posix_fadvise advice, from `<linux/fadvise.h>` (x86_64 values). */
const FADVISE_ADVICE: Xlat = [
  [0, "POSIX_FADV_NORMAL"],
  [1, "POSIX_FADV_RANDOM"],
  [2, "POSIX_FADV_SEQUENTIAL"],
  [3, "POSIX_FADV_WILLNEED"],
  [4, "POSIX_FADV_DONTNEED"],
  [5, "POSIX_FADV_NOREUSE"],
];

/** waitid's idtype, from `<linux/wait.h>`. */
const WAITID_TYPES: Xlat = [[0, "P_ALL"], [1, "P_PID"], [2, "P_PGID"], [
  3,
  "P_PIDFD",
]];

/** mremap's new address, shown only with MREMAP_FIXED. */
const MREMAP_NEW_ADDRESS = kind((call, i) =>
  call.uint(3) & 2 ? call.pointer(i) : undefined
);

/** restart_syscall's placeholder, as strace shows it. */
const RESUMING = kind(() => "<... resuming interrupted call ...>");

/** openat2's struct open_how: flags, mode when creating, resolve. */
const OPEN_HOW = kind((call, i) => {
  const view = readStruct(call.tid, call.address(i), 24);
  if (!view) return call.pointer(i);
  const openFlags = Number(view.getBigUint64(0, true));
  return {
    struct: {
      flags: openFlagsText(openFlags),
      mode: `0${view.getBigUint64(8, true).toString(8).padStart(2, "0")}`,
      resolve: hex(view.getBigUint64(16, true)),
    },
  };
});

/** sendfile's offset pointer: `[0]` or NULL. */
const OFFSET_POINTER = kind((call, i) => {
  if (call.address(i) === 0) return "NULL";
  const view = readStruct(call.tid, call.address(i), 8);
  return view ? [Number(view.getBigInt64(0, true))] : call.pointer(i);
});

/** A cpu_set_t: the cpus in it, `[0 1 2 3]`. */
function cpuSet(out: boolean): Kind {
  return kind((call, i) => {
    const size = Math.min(out ? call.retNumber() : call.uint(1), 1024);
    const view = readStruct(call.tid, call.address(i), size);
    if (!view) return call.pointer(i);
    const cpus: number[] = [];
    for (let cpu = 0; cpu < size * 8; cpu++) {
      if (view.getUint8(cpu >> 3) & (1 << (cpu & 7))) cpus.push(cpu);
    }
    return `[${cpus.join(" ")}]`;
  }, { out });
}

const CPU_SET_IN = cpuSet(false);
const CPU_SET_OUT = cpuSet(true);

/** A name of the getxattr family, cut at the string limit. */
const NAME = STRING;

/**
 * The signatures by syscall name, for x86_64 calls.
 *
 * @example
 * ```ts
 * import { SIGNATURES } from "./signatures.ts";
 * SIGNATURES.get("openat")?.args.length; // 4
 * ```
 */
export const SIGNATURES: ReadonlyMap<string, Signature> = new Map<
  string,
  Signature
>([
  // Files and descriptors.
  ["read", sig([FD, OUT_BUFFER, ULONG])],
  ["write", sig([FD, inBuffer(2), ULONG])],
  ["pread64", sig([FD, OUT_BUFFER, ULONG, LONG])],
  ["pwrite64", sig([FD, inBuffer(2), ULONG, LONG])],
  ["readv", sig([FD, iovecOut(2), INT])],
  ["writev", sig([FD, iovecIn(2), INT])],
  ["preadv", sig([FD, iovecOut(2), INT, LONG])],
  ["pwritev", sig([FD, iovecIn(2), INT, LONG])],
  ["preadv2", sig([FD, iovecOut(2), INT, LONG, HEX])],
  ["pwritev2", sig([FD, iovecIn(2), INT, LONG, HEX])],
  ["open", sig([PATH, OPEN_FLAGS_ARG, modeIfCreating(1)], FD_RESULT)],
  ["openat", sig([DIRFD, PATH, OPEN_FLAGS_ARG, modeIfCreating(2)], FD_RESULT)],
  ["openat2", sig([DIRFD, PATH, OPEN_HOW, ULONG], FD_RESULT)],
  ["creat", sig([PATH, OCTAL], FD_RESULT)],
  ["close", sig([FD])],
  ["close_range", sig([UINT, UINT, flagsOf(CLOSE_RANGE_FLAGS)])],
  ["dup", sig([FD], FD_RESULT)],
  ["dup2", sig([FD, FD], FD_RESULT)],
  ["dup3", sig([FD, FD, flagsOf(OPEN_FLAGS)], FD_RESULT)],
  ["pipe", sig([FD_PAIR])],
  ["pipe2", sig([FD_PAIR, flagsOf(OPEN_FLAGS)])],
  ["lseek", sig([FD, LONG, xvalOf(SEEK_WHENCE, "SEEK_???")])],
  ["fcntl", sig([FD, FCNTL_COMMAND, FCNTL_ARG], FCNTL_RESULT)],
  ["ioctl", sig([FD, IOCTL_REQUEST, IOCTL_ARG])],
  ["flock", sig([FD, flagsOf(FLOCK_OPERATIONS)])],
  ["fsync", sig([FD])],
  ["fdatasync", sig([FD])],
  ["syncfs", sig([FD])],
  ["sync", sig([])],
  ["truncate", sig([PATH, LONG])],
  ["ftruncate", sig([FD, LONG])],
  ["fallocate", sig([FD, INT, LONG, LONG])],
  ["fadvise64", sig([FD, LONG, LONG, xvalOf(FADVISE_ADVICE)])],
  ["readahead", sig([FD, LONG, ULONG])],
  ["sendfile", sig([FD, FD, OFFSET_POINTER, ULONG])],
  ["copy_file_range", sig([FD, POINTER, FD, POINTER, ULONG, UINT])],
  ["splice", sig([FD, POINTER, FD, POINTER, ULONG, HEX])],
  ["tee", sig([FD, FD, ULONG, HEX])],
  ["getdents", sig([FD, DIRENTS, UINT])],
  ["getdents64", sig([FD, DIRENTS, UINT])],
  ["poll", sig([pollfds(1), UINT, INT], POLL_RESULT)],
  [
    "ppoll",
    sig([pollfds(1), UINT, TIMESPEC, sigsetIn(4), SIGSET_SIZE], POLL_RESULT),
  ],
  ["select", sig([INT, fdSet(0), fdSet(0), fdSet(0), TIMEVAL])],
  ["pselect6", sig([INT, fdSet(0), fdSet(0), fdSet(0), TIMESPEC, POINTER])],
  ["epoll_create", sig([INT], FD_RESULT)],
  ["epoll_create1", sig([flagsOf(EPOLL_CREATE_FLAGS)], FD_RESULT)],
  [
    "epoll_ctl",
    sig([FD, xvalOf(EPOLL_CTL_OPS, "EPOLL_CTL_???"), FD, EPOLL_EVENT]),
  ],
  ["epoll_wait", sig([FD, EPOLL_EVENTS_OUT, INT, INT])],
  [
    "epoll_pwait",
    sig([FD, EPOLL_EVENTS_OUT, INT, INT, sigsetIn(5), SIGSET_SIZE]),
  ],
  ["eventfd", sig([UINT], FD_RESULT)],
  ["eventfd2", sig([UINT, flagsOf(EVENTFD_FLAGS)], FD_RESULT)],
  [
    "signalfd4",
    sig([FD, sigsetIn(2), SIGSET_SIZE, flagsOf(OPEN_FLAGS)], FD_RESULT),
  ],
  ["timerfd_create", sig([CLOCK, flagsOf(OPEN_FLAGS)], FD_RESULT)],
  ["timerfd_settime", sig([FD, flagsOf(TIMER_FLAGS), ITIMERSPEC, POINTER])],
  ["inotify_init", sig([], FD_RESULT)],
  ["inotify_init1", sig([flagsOf(OPEN_FLAGS)], FD_RESULT)],
  ["inotify_add_watch", sig([FD, PATH, HEX])],
  ["inotify_rm_watch", sig([FD, INT])],
  ["memfd_create", sig([STRING, flagsOf(MEMFD_FLAGS)], FD_RESULT)],

  // Names in the file system.
  ["stat", sig([PATH, STAT])],
  ["lstat", sig([PATH, STAT])],
  ["fstat", sig([FD, STAT])],
  ["newfstatat", sig([DIRFD, PATH, STAT, AT])],
  ["statx", sig([DIRFD, PATH, STATX_FLAGS, STATX_MASK, STATX])],
  ["statfs", sig([PATH, STATFS])],
  ["fstatfs", sig([FD, STATFS])],
  ["access", sig([PATH, ACCESS])],
  ["faccessat", sig([DIRFD, PATH, ACCESS])],
  ["faccessat2", sig([DIRFD, PATH, ACCESS, flagsOf(FACCESSAT_FLAGS)])],
  ["readlink", sig([PATH, OUT_BUFFER, ULONG])],
  ["readlinkat", sig([DIRFD, PATH, OUT_BUFFER, ULONG])],
  ["getcwd", sig([CWD, ULONG])],
  ["chdir", sig([PATH])],
  ["fchdir", sig([FD])],
  ["chroot", sig([PATH])],
  ["mkdir", sig([PATH, OCTAL])],
  ["mkdirat", sig([DIRFD, PATH, OCTAL])],
  ["mknod", sig([PATH, MODE, HEX])],
  ["mknodat", sig([DIRFD, PATH, MODE, HEX])],
  ["rmdir", sig([PATH])],
  ["unlink", sig([PATH])],
  ["unlinkat", sig([DIRFD, PATH, AT])],
  ["rename", sig([PATH, PATH])],
  ["renameat", sig([DIRFD, PATH, DIRFD, PATH])],
  ["renameat2", sig([DIRFD, PATH, DIRFD, PATH, flagsOf(RENAME_FLAGS)])],
  ["link", sig([PATH, PATH])],
  ["linkat", sig([DIRFD, PATH, DIRFD, PATH, AT])],
  ["symlink", sig([PATH, PATH])],
  ["symlinkat", sig([PATH, DIRFD, PATH])],
  ["chmod", sig([PATH, OCTAL])],
  ["fchmod", sig([FD, OCTAL])],
  ["fchmodat", sig([DIRFD, PATH, OCTAL])],
  ["chown", sig([PATH, INT, INT])],
  ["lchown", sig([PATH, INT, INT])],
  ["fchown", sig([FD, INT, INT])],
  ["fchownat", sig([DIRFD, PATH, INT, INT, AT])],
  ["utimensat", sig([DIRFD, PATH, TIMESPEC_PAIR, AT])],
  ["umask", sig([OCTAL], OCTAL_RESULT)],
  ["getxattr", sig([PATH, NAME, OUT_BUFFER, ULONG])],
  ["lgetxattr", sig([PATH, NAME, OUT_BUFFER, ULONG])],
  ["fgetxattr", sig([FD, NAME, OUT_BUFFER, ULONG])],
  ["setxattr", sig([PATH, NAME, inBuffer(3), ULONG, flagsOf(XATTR_FLAGS)])],
  ["lsetxattr", sig([PATH, NAME, inBuffer(3), ULONG, flagsOf(XATTR_FLAGS)])],
  ["fsetxattr", sig([FD, NAME, inBuffer(3), ULONG, flagsOf(XATTR_FLAGS)])],
  ["listxattr", sig([PATH, OUT_BUFFER, ULONG])],
  ["llistxattr", sig([PATH, OUT_BUFFER, ULONG])],
  ["flistxattr", sig([FD, OUT_BUFFER, ULONG])],
  ["removexattr", sig([PATH, NAME])],
  ["lremovexattr", sig([PATH, NAME])],
  ["fremovexattr", sig([FD, NAME])],

  // Memory.
  ["mmap", sig([POINTER, ULONG, PROT, MMAP_FLAGS_ARG, FD, HEX], HEX_RESULT)],
  ["mprotect", sig([POINTER, ULONG, PROT])],
  ["pkey_mprotect", sig([POINTER, ULONG, PROT, INT])],
  ["munmap", sig([POINTER, ULONG])],
  ["brk", sig([POINTER], HEX_RESULT)],
  [
    "mremap",
    sig(
      [POINTER, ULONG, ULONG, flagsOf(MREMAP_FLAGS), MREMAP_NEW_ADDRESS],
      HEX_RESULT,
    ),
  ],
  ["msync", sig([POINTER, ULONG, flagsOf(MSYNC_FLAGS)])],
  ["madvise", sig([POINTER, ULONG, xvalOf(MADVISE_ADVICE, "MADV_???")])],
  ["mlock", sig([POINTER, ULONG])],
  ["munlock", sig([POINTER, ULONG])],
  ["mincore", sig([POINTER, ULONG, POINTER])],

  // Processes.
  ["execve", sig([PATH, ARGV, ENVP])],
  ["execveat", sig([DIRFD, PATH, ARGV, ENVP, AT])],
  ["clone", sig(CLONE_ARGS)],
  ["clone3", sig([CLONE_ARGS_STRUCT, ULONG])],
  ["fork", sig([])],
  ["vfork", sig([])],
  ["exit", sig([INT])],
  ["exit_group", sig([INT])],
  ["wait4", sig([INT, WAIT_STATUS, flagsOf(WAIT_OPTIONS), RUSAGE_OUT])],
  [
    "waitid",
    sig([xvalOf(WAITID_TYPES), INT, POINTER, flagsOf(WAIT_OPTIONS), POINTER]),
  ],
  ["kill", sig([INT, SIGNAL])],
  ["tkill", sig([INT, SIGNAL])],
  ["tgkill", sig([INT, INT, SIGNAL])],
  ["getpid", sig([])],
  ["getppid", sig([])],
  ["gettid", sig([])],
  ["getpgrp", sig([])],
  ["getpgid", sig([INT])],
  ["setpgid", sig([INT, INT])],
  ["getsid", sig([INT])],
  ["setsid", sig([])],
  ["set_tid_address", sig([POINTER])],
  ["set_robust_list", sig([POINTER, ULONG])],
  ["get_robust_list", sig([INT, POINTER, POINTER])],
  ["rseq", sig([POINTER, HEX, INT, HEX])],
  [
    "futex",
    sig([POINTER, kind((call, i) => futexOpText(call.int(i))), ...FUTEX_REST]),
  ],
  ["arch_prctl", sig([ARCH_PRCTL_CODE, ARCH_PRCTL_ADDRESS])],
  ["prctl", sig([PRCTL_OPTION, ...PRCTL_REST])],
  ["unshare", sig([flagsOf(CLONE_FLAGS)])],
  ["sched_yield", sig([])],
  ["sched_getaffinity", sig([INT, UINT, CPU_SET_OUT])],
  ["sched_setaffinity", sig([INT, UINT, CPU_SET_IN])],
  ["pkey_alloc", sig([HEX, flagsOf(PKEY_ACCESS_RIGHTS)])],
  ["pkey_free", sig([INT])],
  ["getcpu", sig([INT_POINTER_OUT, INT_POINTER_OUT, POINTER])],
  ["restart_syscall", sig([RESUMING])],
  ["getrlimit", sig([RESOURCE, RLIMIT_OUT])],
  ["setrlimit", sig([RESOURCE, RLIMIT_IN])],
  ["prlimit64", sig([INT, RESOURCE, RLIMIT_IN, RLIMIT_OUT])],
  ["getrusage", sig([xvalOf(RUSAGE_WHO), RUSAGE_OUT])],
  ["getpriority", sig([INT, INT])],
  ["setpriority", sig([INT, INT, INT])],
  ["uname", sig([UTSNAME])],
  ["sysinfo", sig([SYSINFO])],
  ["getrandom", sig([OUT_BUFFER, ULONG, flagsOf(GETRANDOM_FLAGS)])],

  // Identity.
  ["getuid", sig([])],
  ["geteuid", sig([])],
  ["getgid", sig([])],
  ["getegid", sig([])],
  ["setuid", sig([INT])],
  ["setgid", sig([INT])],
  ["setreuid", sig([INT, INT])],
  ["setregid", sig([INT, INT])],
  ["setresuid", sig([INT, INT, INT])],
  ["setresgid", sig([INT, INT, INT])],
  ["getresuid", sig([INT_POINTER_OUT, INT_POINTER_OUT, INT_POINTER_OUT])],
  ["getresgid", sig([INT_POINTER_OUT, INT_POINTER_OUT, INT_POINTER_OUT])],
  ["getgroups", sig([INT, groups(0, true)])],
  ["capget", sig([CAP_HEADER, CAP_DATA_OUT])],
  ["capset", sig([CAP_HEADER, CAP_DATA_IN])],
  ["setgroups", sig([INT, groups(0, false)])],

  // Signals.
  ["rt_sigaction", sig([SIGNAL, SIGACTION_IN, SIGACTION_OUT, SIGSET_SIZE])],
  [
    "rt_sigprocmask",
    sig([
      xvalOf(SIGPROCMASK_HOW, "SIG_???"),
      sigsetIn(3),
      sigsetOut(3),
      SIGSET_SIZE,
    ]),
  ],
  ["rt_sigreturn", sig([SIGRETURN_MASK])],
  ["rt_sigpending", sig([sigsetOut(1), SIGSET_SIZE])],
  ["rt_sigsuspend", sig([sigsetIn(1), SIGSET_SIZE])],
  ["rt_sigtimedwait", sig([sigsetIn(3), POINTER, TIMESPEC, SIGSET_SIZE])],
  ["rt_sigqueueinfo", sig([INT, SIGNAL, POINTER])],
  ["sigaltstack", sig([stack(false), stack(true)])],
  ["pause", sig([])],
  ["alarm", sig([UINT])],

  // Time.
  ["nanosleep", sig([TIMESPEC, POINTER])],
  ["clock_nanosleep", sig([CLOCK, flagsOf(TIMER_FLAGS), TIMESPEC, POINTER])],
  ["clock_gettime", sig([CLOCK, TIMESPEC_OUT])],
  ["clock_getres", sig([CLOCK, TIMESPEC_OUT])],
  ["clock_settime", sig([CLOCK, TIMESPEC])],
  ["gettimeofday", sig([TIMEVAL_OUT, POINTER])],
  ["time", sig([POINTER])],
  ["getitimer", sig([xvalOf(ITIMER_WHICH), POINTER])],
  ["setitimer", sig([xvalOf(ITIMER_WHICH), POINTER, POINTER])],
  ["times", sig([POINTER])],

  // Sockets.
  ["socket", sig([FAMILY, SOCKET_TYPE, SOCKET_PROTOCOL], FD_RESULT)],
  ["socketpair", sig([FAMILY, SOCKET_TYPE, SOCKET_PROTOCOL, FD_PAIR])],
  ["connect", sig([FD, sockaddrIn(2), UINT])],
  ["bind", sig([FD, sockaddrIn(2), UINT])],
  ["listen", sig([FD, INT])],
  [
    "accept",
    sig([FD, sockaddrOut(2), SOCKLEN_INOUT, socklenBefore(2)], FD_RESULT),
  ],
  [
    "accept4",
    sig([
      FD,
      sockaddrOut(2),
      SOCKLEN_INOUT,
      flagsOf(SOCKET_TYPE_FLAGS),
      socklenBefore(2),
    ], FD_RESULT),
  ],
  ["getsockname", sig([FD, sockaddrOut(2), SOCKLEN_INOUT, socklenBefore(2)])],
  ["getpeername", sig([FD, sockaddrOut(2), SOCKLEN_INOUT, socklenBefore(2)])],
  ["sendto", sig([FD, inBuffer(2), ULONG, MSG, sockaddrIn(5), UINT])],
  [
    "recvfrom",
    sig([
      FD,
      OUT_BUFFER,
      ULONG,
      MSG,
      sockaddrOut(5),
      SOCKLEN_INOUT,
      socklenBefore(5),
    ]),
  ],
  ["sendmsg", sig([FD, MSGHDR_IN, MSG])],
  ["recvmsg", sig([FD, POINTER, MSG])],
  ["shutdown", sig([FD, xvalOf(SHUTDOWN_HOW)])],
  [
    "setsockopt",
    sig([FD, SOCKET_LEVEL, SOCKET_OPTION, SOCKET_OPTION_VALUE, UINT]),
  ],
  [
    "getsockopt",
    sig([FD, SOCKET_LEVEL, SOCKET_OPTION, INT_POINTER_OUT, INT_POINTER_OUT]),
  ],
]);

/**
 * i386 syscalls whose arguments are laid out differently from x86_64's
 * same-named call (64-bit values split over two registers, a pointer to an
 * argument block): they are recorded raw for i386 callers.
 */
const I386_RAW = new Set([
  "mmap",
  "select",
  "pread64",
  "pwrite64",
  "preadv",
  "pwritev",
  "readahead",
  "fadvise64",
  "fallocate",
  "truncate64",
  "ftruncate64",
  "clone",
  "sendfile",
]);

/**
 * Whether a syscall's decoded form names fds by what they refer to, in an
 * argument or in its result: only then are the fd tables worth keeping.
 *
 * @example
 * ```ts
 * import { namesFds } from "./signatures.ts";
 * namesFds("read"); // true
 * namesFds("getppid"); // false
 * ```
 */
export function namesFds(name: string): boolean {
  const signature = SIGNATURES.get(name);
  if (!signature) return false;
  return signature.result === FD_RESULT ||
    signature.args.some((arg) => arg.fds === true);
}

/**
 * The signature for a syscall of an ABI, or undefined to record it raw:
 * x86_64 calls use the table; i386 calls (`int 0x80`) use it only for
 * syscalls whose arguments are read the same way at 32 bits; x32 calls
 * are recorded raw.
 *
 * @example
 * ```ts
 * import { signatureFor } from "./signatures.ts";
 * signatureFor("write", "i386"); // the same as for x86_64
 * signatureFor("fstat", "i386"); // undefined: struct stat differs
 * ```
 */
export function signatureFor(
  name: string,
  abi: string | undefined,
): Signature | undefined {
  const signature = SIGNATURES.get(name);
  if (!signature || abi === undefined) return signature;
  if (abi !== "i386" || I386_RAW.has(name)) return undefined;
  return signature.args.some((arg) => arg.layout) ? undefined : signature;
}
