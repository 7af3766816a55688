/**
 * What tools/gen_decode_tables.ts generates: each table's name, the headers
 * its values come from, and its names in the order strace prints them
 * (strace's `src/xlat/<table>.in`, cited per table).
 *
 * @module
 */

import type { TableSpec } from "./gen_decode_tables.ts";

const ASM = "x86_64-linux-gnu/asm";
const BITS = "x86_64-linux-gnu/bits";
const FCNTL = [`${ASM}/fcntl.h`, "asm-generic/fcntl.h", "linux/fcntl.h"];
const MMAN = [
  `${ASM}/mman.h`,
  "asm-generic/mman.h",
  "asm-generic/mman-common.h",
  "linux/mman.h",
];
const SOCKET = [
  `${BITS}/socket.h`,
  `${BITS}/socket_type.h`,
  "x86_64-linux-gnu/sys/socket.h",
  `${ASM}/socket.h`,
  "asm-generic/socket.h",
];

/**
 * The tables, in the order they are written.
 *
 * @example
 * ```ts
 * import { TABLES } from "./decode_table_specs.ts";
 * TABLES.map((table) => table.name).includes("OPEN_FLAGS"); // true
 * ```
 */
export const TABLES: TableSpec[] = [
  {
    name: "OPEN_ACCESS_MODES",
    doc: "The access mode of open flags (`flags & O_ACCMODE`).",
    headers: FCNTL,
    names: "O_RDONLY O_WRONLY O_RDWR O_ACCMODE",
  },
  {
    name: "OPEN_FLAGS",
    doc: "open(2) flags beside the access mode (strace: open_mode_flags).",
    headers: FCNTL,
    names: `O_CREAT O_EXCL O_NOCTTY O_TRUNC O_APPEND O_NONBLOCK O_SYNC
      __O_SYNC O_DSYNC O_DIRECT O_LARGEFILE O_NOFOLLOW O_NOATIME O_CLOEXEC
      O_PATH O_TMPFILE __O_TMPFILE O_DIRECTORY FASYNC`,
  },
  {
    name: "AT_FLAGS",
    doc: "The `AT_*` flags of the *at syscalls (strace: at_flags).",
    headers: FCNTL,
    names: `AT_SYMLINK_NOFOLLOW AT_REMOVEDIR AT_SYMLINK_FOLLOW AT_NO_AUTOMOUNT
      AT_EMPTY_PATH AT_RECURSIVE`,
  },
  {
    name: "FACCESSAT_FLAGS",
    doc: "faccessat2(2) flags (strace: faccessat_flags).",
    headers: FCNTL,
    names: "AT_SYMLINK_NOFOLLOW AT_EACCESS AT_EMPTY_PATH",
  },
  {
    name: "AT_STATX_SYNC_TYPES",
    doc: "statx(2) synchronisation types (strace: at_statx_sync_types).",
    headers: FCNTL,
    names: "AT_STATX_SYNC_AS_STAT AT_STATX_FORCE_SYNC AT_STATX_DONT_SYNC",
  },
  {
    name: "STATX_MASKS",
    doc: "statx(2) mask bits (strace: statx_masks).",
    headers: ["linux/stat.h"],
    names: `STATX_ALL STATX_BASIC_STATS STATX_TYPE STATX_MODE STATX_NLINK
      STATX_UID STATX_GID STATX_ATIME STATX_MTIME STATX_CTIME STATX_INO
      STATX_SIZE STATX_BLOCKS STATX_BTIME STATX_MNT_ID STATX_DIOALIGN
      STATX_MNT_ID_UNIQUE STATX_SUBVOL STATX_WRITE_ATOMIC STATX_DIO_READ_ALIGN`,
  },
  {
    name: "STATX_ATTRS",
    doc: "statx(2) attribute bits (strace: statx_attrs).",
    headers: ["linux/stat.h"],
    names: `STATX_ATTR_COMPRESSED STATX_ATTR_IMMUTABLE STATX_ATTR_APPEND
      STATX_ATTR_NODUMP STATX_ATTR_ENCRYPTED STATX_ATTR_AUTOMOUNT
      STATX_ATTR_MOUNT_ROOT STATX_ATTR_VERITY STATX_ATTR_DAX
      STATX_ATTR_WRITE_ATOMIC`,
  },
  {
    name: "FILE_TYPES",
    doc: "File types of a mode (`mode & S_IFMT`).",
    headers: ["linux/stat.h"],
    names: "S_IFREG S_IFSOCK S_IFLNK S_IFBLK S_IFDIR S_IFCHR S_IFIFO",
  },
  {
    name: "MODE_FLAGS",
    doc: "The set-id and sticky bits of a mode, shown by name.",
    headers: ["linux/stat.h"],
    names: "S_ISUID S_ISGID S_ISVTX",
  },
  {
    name: "MMAP_PROT",
    doc: "mmap(2) and mprotect(2) protections (strace: mmap_prot).",
    headers: MMAN,
    names: "PROT_NONE PROT_READ PROT_WRITE PROT_EXEC PROT_SEM PROT_GROWSDOWN " +
      "PROT_GROWSUP",
  },
  {
    name: "MMAP_TYPES",
    doc: "The mapping type of mmap(2) flags (`flags & MAP_TYPE`).",
    headers: MMAN,
    names: "MAP_SHARED MAP_PRIVATE MAP_SHARED_VALIDATE MAP_DROPPABLE",
  },
  {
    name: "MMAP_FLAGS",
    doc: "mmap(2) flags beside the type (strace: mmap_flags).",
    headers: MMAN,
    names: `MAP_FIXED MAP_ANONYMOUS MAP_32BIT MAP_ABOVE4G MAP_NORESERVE
      MAP_POPULATE MAP_NONBLOCK MAP_GROWSDOWN MAP_DENYWRITE MAP_EXECUTABLE
      MAP_LOCKED MAP_STACK MAP_HUGETLB MAP_SYNC MAP_UNINITIALIZED
      MAP_FIXED_NOREPLACE`,
  },
  {
    name: "MREMAP_FLAGS",
    doc: "mremap(2) flags (strace: mremap_flags).",
    headers: MMAN,
    names: "MREMAP_MAYMOVE MREMAP_FIXED MREMAP_DONTUNMAP",
  },
  {
    name: "MADVISE_ADVICE",
    doc: "madvise(2) advice values (strace: madvise_cmds).",
    headers: MMAN,
    names: `MADV_NORMAL MADV_RANDOM MADV_SEQUENTIAL MADV_WILLNEED MADV_DONTNEED
      MADV_FREE MADV_REMOVE MADV_DONTFORK MADV_DOFORK MADV_MERGEABLE
      MADV_UNMERGEABLE MADV_HUGEPAGE MADV_NOHUGEPAGE MADV_DONTDUMP MADV_DODUMP
      MADV_WIPEONFORK MADV_KEEPONFORK MADV_COLD MADV_PAGEOUT
      MADV_POPULATE_READ MADV_POPULATE_WRITE MADV_DONTNEED_LOCKED
      MADV_COLLAPSE MADV_HWPOISON MADV_SOFT_OFFLINE`,
  },
  {
    name: "CLONE_FLAGS",
    doc: "clone(2) flags (strace: clone_flags); the low byte is the exit " +
      "signal.",
    headers: ["linux/sched.h"],
    names: `CLONE_VM CLONE_FS CLONE_FILES CLONE_SIGHAND CLONE_PIDFD CLONE_PTRACE
      CLONE_VFORK CLONE_PARENT CLONE_THREAD CLONE_NEWNS CLONE_SYSVSEM
      CLONE_SETTLS CLONE_PARENT_SETTID CLONE_CHILD_CLEARTID CLONE_UNTRACED
      CLONE_CHILD_SETTID CLONE_NEWCGROUP CLONE_NEWUTS CLONE_NEWIPC
      CLONE_NEWUSER CLONE_NEWPID CLONE_NEWNET CLONE_IO CLONE_NEWTIME
      CLONE_CLEAR_SIGHAND CLONE_INTO_CGROUP`,
  },
  {
    name: "SA_FLAGS",
    doc: "sigaction(2) flags (strace: sigact_flags).",
    headers: [`${ASM}/signal.h`, "asm-generic/signal-defs.h"],
    names: `SA_RESTORER SA_ONSTACK SA_RESTART SA_INTERRUPT SA_NODEFER
      SA_RESETHAND SA_SIGINFO SA_NOCLDSTOP SA_NOCLDWAIT`,
  },
  {
    name: "SIGPROCMASK_HOW",
    doc: "How sigprocmask(2) changes the mask (strace: sigprocmaskcmds).",
    headers: [`${ASM}/signal.h`, "asm-generic/signal-defs.h"],
    names: "SIG_BLOCK SIG_UNBLOCK SIG_SETMASK",
  },
  {
    name: "FUTEX_OPS",
    doc: "futex(2) operations, with and without FUTEX_PRIVATE_FLAG " +
      "(strace: futexops).",
    headers: ["linux/futex.h"],
    names: `FUTEX_WAIT FUTEX_WAKE FUTEX_FD FUTEX_REQUEUE FUTEX_CMP_REQUEUE
      FUTEX_WAKE_OP FUTEX_LOCK_PI FUTEX_UNLOCK_PI FUTEX_TRYLOCK_PI
      FUTEX_WAIT_BITSET FUTEX_WAKE_BITSET FUTEX_WAIT_REQUEUE_PI
      FUTEX_CMP_REQUEUE_PI FUTEX_LOCK_PI2 FUTEX_WAIT_PRIVATE FUTEX_WAKE_PRIVATE
      FUTEX_REQUEUE_PRIVATE FUTEX_CMP_REQUEUE_PRIVATE FUTEX_WAKE_OP_PRIVATE
      FUTEX_LOCK_PI_PRIVATE FUTEX_UNLOCK_PI_PRIVATE FUTEX_TRYLOCK_PI_PRIVATE
      FUTEX_WAIT_BITSET_PRIVATE FUTEX_WAKE_BITSET_PRIVATE
      FUTEX_WAIT_REQUEUE_PI_PRIVATE FUTEX_CMP_REQUEUE_PI_PRIVATE
      FUTEX_LOCK_PI2_PRIVATE`,
  },
  {
    name: "FCNTL_COMMANDS",
    doc: "fcntl(2) commands (strace: fcntlcmds).",
    headers: FCNTL,
    names: `F_DUPFD F_GETFD F_SETFD F_GETFL F_SETFL F_GETLK F_SETLK F_SETLKW
      F_SETOWN F_GETOWN F_SETSIG F_GETSIG F_SETOWN_EX F_GETOWN_EX
      F_GETOWNER_UIDS F_OFD_GETLK F_OFD_SETLK F_OFD_SETLKW F_SETLEASE
      F_GETLEASE F_NOTIFY F_DUPFD_QUERY F_CREATED_QUERY F_CANCELLK
      F_DUPFD_CLOEXEC F_SETPIPE_SZ F_GETPIPE_SZ F_ADD_SEALS F_GET_SEALS`,
  },
  {
    name: "FD_FLAGS",
    doc: "File descriptor flags of fcntl(F_GETFD/F_SETFD).",
    headers: FCNTL,
    names: "FD_CLOEXEC",
  },
  {
    name: "LOCK_TYPES",
    doc: "Lock types of struct flock.",
    headers: FCNTL,
    names: "F_RDLCK F_WRLCK F_UNLCK",
  },
  {
    name: "FLOCK_OPERATIONS",
    doc: "flock(2) operations (strace: flockcmds).",
    headers: FCNTL,
    names: "LOCK_SH LOCK_EX LOCK_NB LOCK_UN",
  },
  {
    name: "SEEK_WHENCE",
    doc: "lseek(2) whence values (strace: whence_codes).",
    headers: ["linux/fs.h"],
    names: "SEEK_SET SEEK_CUR SEEK_END SEEK_DATA SEEK_HOLE",
  },
  {
    name: "ACCESS_MODES",
    doc: "access(2) modes; 0 is F_OK (strace: access_modes).",
    headers: ["unistd.h"],
    names: "R_OK W_OK X_OK",
  },
  {
    name: "WAIT_OPTIONS",
    doc: "wait4(2) and waitid(2) options (strace: wait4_options).",
    headers: ["linux/wait.h"],
    names: `WNOHANG WEXITED WSTOPPED WCONTINUED WNOWAIT __WCLONE __WALL
      __WNOTHREAD`,
  },
  {
    name: "RLIMIT_RESOURCES",
    doc: "getrlimit(2) resources (strace: resources).",
    headers: ["asm-generic/resource.h"],
    names: `RLIMIT_CPU RLIMIT_FSIZE RLIMIT_DATA RLIMIT_STACK RLIMIT_CORE
      RLIMIT_RSS RLIMIT_NPROC RLIMIT_NOFILE RLIMIT_MEMLOCK RLIMIT_AS
      RLIMIT_LOCKS RLIMIT_SIGPENDING RLIMIT_MSGQUEUE RLIMIT_NICE RLIMIT_RTPRIO
      RLIMIT_RTTIME`,
  },
  {
    name: "RUSAGE_WHO",
    doc: "getrusage(2) targets (strace: usagewho).",
    headers: ["linux/resource.h"],
    names: "RUSAGE_SELF RUSAGE_CHILDREN RUSAGE_BOTH RUSAGE_THREAD",
  },
  {
    name: "ADDRESS_FAMILIES",
    doc: "Socket address families (strace: addrfams).",
    headers: SOCKET,
    names: `AF_UNSPEC AF_UNIX AF_INET AF_AX25 AF_IPX AF_APPLETALK AF_NETROM
      AF_BRIDGE AF_ATMPVC AF_X25 AF_INET6 AF_ROSE AF_DECnet AF_NETBEUI
      AF_SECURITY AF_KEY AF_NETLINK AF_PACKET AF_ASH AF_ECONET AF_ATMSVC
      AF_RDS AF_SNA AF_IRDA AF_PPPOX AF_WANPIPE AF_LLC AF_IB AF_MPLS AF_CAN
      AF_TIPC AF_BLUETOOTH AF_IUCV AF_RXRPC AF_ISDN AF_PHONET AF_IEEE802154
      AF_CAIF AF_ALG AF_NFC AF_VSOCK AF_KCM AF_QIPCRTR AF_SMC AF_XDP AF_MCTP`,
  },
  {
    name: "SOCKET_TYPES",
    doc: "Socket types (strace: socktypes).",
    headers: SOCKET,
    names: `SOCK_STREAM SOCK_DGRAM SOCK_RAW SOCK_RDM SOCK_SEQPACKET SOCK_DCCP
      SOCK_PACKET`,
  },
  {
    name: "SOCKET_TYPE_FLAGS",
    doc: "Flags or-ed into a socket type (strace: sock_type_flags).",
    headers: SOCKET,
    names: "SOCK_CLOEXEC SOCK_NONBLOCK",
  },
  {
    name: "IP_PROTOCOLS",
    doc: "IP protocol numbers (strace: inet_protocols).",
    headers: ["linux/in.h", "linux/in6.h"],
    names: `IPPROTO_IP IPPROTO_ICMP IPPROTO_IGMP IPPROTO_IPIP IPPROTO_TCP
      IPPROTO_EGP IPPROTO_PUP IPPROTO_UDP IPPROTO_IDP IPPROTO_TP IPPROTO_DCCP
      IPPROTO_IPV6 IPPROTO_ROUTING IPPROTO_FRAGMENT IPPROTO_RSVP IPPROTO_GRE
      IPPROTO_ESP IPPROTO_AH IPPROTO_ICMPV6 IPPROTO_NONE IPPROTO_DSTOPTS
      IPPROTO_MTP IPPROTO_BEETPH IPPROTO_ENCAP IPPROTO_PIM IPPROTO_COMP
      IPPROTO_L2TP IPPROTO_SCTP IPPROTO_MH IPPROTO_UDPLITE IPPROTO_MPLS
      IPPROTO_ETHERNET IPPROTO_RAW IPPROTO_MPTCP`,
  },
  {
    name: "SOCKET_LEVELS",
    doc: "setsockopt(2) levels (strace: socketlayers).",
    headers: [
      `${BITS}/in.h`,
      "netinet/tcp.h",
      "netinet/udp.h",
      "asm-generic/socket.h",
    ],
    names: "SOL_IP SOL_SOCKET SOL_TCP SOL_UDP SOL_IPV6",
  },
  {
    name: "SOCKET_OPTIONS",
    doc: "SOL_SOCKET options (strace: sock_options).",
    headers: [`${ASM}/socket.h`, "asm-generic/socket.h"],
    names: `SO_DEBUG SO_REUSEADDR SO_TYPE SO_ERROR SO_DONTROUTE SO_BROADCAST
      SO_SNDBUF SO_RCVBUF SO_KEEPALIVE SO_OOBINLINE SO_NO_CHECK SO_PRIORITY
      SO_LINGER SO_BSDCOMPAT SO_REUSEPORT SO_PASSCRED SO_PEERCRED SO_RCVLOWAT
      SO_SNDLOWAT SO_RCVTIMEO_OLD SO_SNDTIMEO_OLD SO_BINDTODEVICE SO_TIMESTAMP_OLD
      SO_ACCEPTCONN SO_PEERSEC SO_SNDBUFFORCE SO_RCVBUFFORCE SO_PASSSEC
      SO_MARK SO_PROTOCOL SO_DOMAIN SO_RXQ_OVFL SO_PEEK_OFF SO_BUSY_POLL
      SO_INCOMING_CPU SO_COOKIE SO_PEERGROUPS SO_ZEROCOPY SO_RCVTIMEO_NEW
      SO_SNDTIMEO_NEW SO_PEERPIDFD`,
  },
  {
    name: "TCP_OPTIONS",
    doc: "SOL_TCP options (strace: sock_tcp_options).",
    headers: ["linux/tcp.h"],
    names: `TCP_NODELAY TCP_MAXSEG TCP_CORK TCP_KEEPIDLE TCP_KEEPINTVL
      TCP_KEEPCNT TCP_SYNCNT TCP_LINGER2 TCP_DEFER_ACCEPT TCP_WINDOW_CLAMP
      TCP_INFO TCP_QUICKACK TCP_CONGESTION TCP_MD5SIG TCP_USER_TIMEOUT
      TCP_FASTOPEN TCP_NOTSENT_LOWAT TCP_ULP TCP_FASTOPEN_CONNECT`,
  },
  {
    name: "MSG_FLAGS",
    doc: "send(2) and recv(2) flags (strace: msg_flags).",
    headers: SOCKET,
    names: `MSG_OOB MSG_PEEK MSG_DONTROUTE MSG_CTRUNC MSG_PROXY MSG_TRUNC
      MSG_DONTWAIT MSG_EOR MSG_WAITALL MSG_FIN MSG_SYN MSG_CONFIRM MSG_RST
      MSG_ERRQUEUE MSG_NOSIGNAL MSG_MORE MSG_WAITFORONE MSG_BATCH
      MSG_ZEROCOPY MSG_FASTOPEN MSG_CMSG_CLOEXEC`,
  },
  {
    name: "SHUTDOWN_HOW",
    doc: "shutdown(2) directions (strace: shutdown_modes).",
    headers: SOCKET,
    names: "SHUT_RD SHUT_WR SHUT_RDWR",
  },
  {
    name: "POLL_EVENTS",
    doc: "poll(2) event bits (strace: pollflags).",
    headers: ["asm-generic/poll.h"],
    names: `POLLIN POLLPRI POLLOUT POLLERR POLLHUP POLLNVAL POLLRDNORM
      POLLRDBAND POLLWRNORM POLLWRBAND POLLMSG POLLREMOVE POLLRDHUP`,
  },
  {
    name: "EPOLL_EVENTS",
    doc: "epoll event bits (strace: epollevents).",
    headers: ["linux/eventpoll.h", ...FCNTL],
    names: `EPOLLIN EPOLLPRI EPOLLOUT EPOLLERR EPOLLHUP EPOLLNVAL EPOLLRDNORM
      EPOLLRDBAND EPOLLWRNORM EPOLLWRBAND EPOLLMSG EPOLLRDHUP EPOLLEXCLUSIVE
      EPOLLWAKEUP EPOLLONESHOT EPOLLET`,
  },
  {
    name: "EPOLL_CTL_OPS",
    doc: "epoll_ctl(2) operations (strace: epollctls).",
    headers: ["linux/eventpoll.h"],
    names: "EPOLL_CTL_ADD EPOLL_CTL_DEL EPOLL_CTL_MOD",
  },
  {
    name: "EPOLL_CREATE_FLAGS",
    doc: "epoll_create1(2) flags (strace: epollflags).",
    headers: ["linux/eventpoll.h", ...FCNTL],
    names: "EPOLL_CLOEXEC",
  },
  {
    name: "EVENTFD_FLAGS",
    doc: "eventfd2(2) flags (strace: efd_flags).",
    headers: [`${BITS}/eventfd.h`],
    names: "EFD_SEMAPHORE EFD_CLOEXEC EFD_NONBLOCK",
  },
  {
    name: "MEMFD_FLAGS",
    doc: "memfd_create(2) flags (strace: memfd_create_flags).",
    headers: ["linux/memfd.h"],
    names: "MFD_CLOEXEC MFD_ALLOW_SEALING MFD_HUGETLB MFD_NOEXEC_SEAL MFD_EXEC",
  },
  {
    name: "ARCH_PRCTL_CODES",
    doc: "arch_prctl(2) codes on x86 (strace: archvals).",
    headers: [`${ASM}/prctl.h`],
    names: `ARCH_SET_GS ARCH_SET_FS ARCH_GET_FS ARCH_GET_GS ARCH_GET_CPUID
      ARCH_SET_CPUID ARCH_GET_XCOMP_SUPP ARCH_GET_XCOMP_PERM
      ARCH_REQ_XCOMP_PERM ARCH_GET_XCOMP_GUEST_PERM ARCH_REQ_XCOMP_GUEST_PERM
      ARCH_MAP_VDSO_X32 ARCH_MAP_VDSO_32 ARCH_MAP_VDSO_64 ARCH_GET_UNTAG_MASK
      ARCH_ENABLE_TAGGED_ADDR ARCH_GET_MAX_TAG_BITS ARCH_FORCE_TAGGED_SVA
      ARCH_SHSTK_ENABLE ARCH_SHSTK_DISABLE ARCH_SHSTK_LOCK ARCH_SHSTK_UNLOCK
      ARCH_SHSTK_STATUS`,
  },
  {
    name: "PRCTL_OPTIONS",
    doc: "prctl(2) options (strace: prctl_options).",
    headers: ["linux/prctl.h"],
    names: `PR_SET_PDEATHSIG PR_GET_PDEATHSIG PR_GET_DUMPABLE PR_SET_DUMPABLE
      PR_GET_UNALIGN PR_SET_UNALIGN PR_GET_KEEPCAPS PR_SET_KEEPCAPS
      PR_GET_FPEMU PR_SET_FPEMU PR_GET_FPEXC PR_SET_FPEXC PR_GET_TIMING
      PR_SET_TIMING PR_SET_NAME PR_GET_NAME PR_GET_ENDIAN PR_SET_ENDIAN
      PR_GET_SECCOMP PR_SET_SECCOMP PR_CAPBSET_READ PR_CAPBSET_DROP
      PR_GET_TSC PR_SET_TSC PR_GET_SECUREBITS PR_SET_SECUREBITS
      PR_SET_TIMERSLACK PR_GET_TIMERSLACK PR_TASK_PERF_EVENTS_DISABLE
      PR_TASK_PERF_EVENTS_ENABLE PR_MCE_KILL PR_MCE_KILL_GET PR_SET_MM
      PR_SET_CHILD_SUBREAPER PR_GET_CHILD_SUBREAPER PR_SET_NO_NEW_PRIVS
      PR_GET_NO_NEW_PRIVS PR_GET_TID_ADDRESS PR_SET_THP_DISABLE
      PR_GET_THP_DISABLE PR_MPX_ENABLE_MANAGEMENT PR_MPX_DISABLE_MANAGEMENT
      PR_SET_FP_MODE PR_GET_FP_MODE PR_CAP_AMBIENT PR_SVE_SET_VL
      PR_SVE_GET_VL PR_GET_SPECULATION_CTRL PR_SET_SPECULATION_CTRL
      PR_PAC_RESET_KEYS PR_SET_TAGGED_ADDR_CTRL PR_GET_TAGGED_ADDR_CTRL
      PR_SET_IO_FLUSHER PR_GET_IO_FLUSHER PR_SET_SYSCALL_USER_DISPATCH
      PR_SCHED_CORE PR_SET_MDWE PR_GET_MDWE PR_SET_VMA PR_SET_PTRACER`,
  },
  {
    name: "GETRANDOM_FLAGS",
    doc: "getrandom(2) flags (strace: getrandom_flags).",
    headers: ["linux/random.h"],
    names: "GRND_NONBLOCK GRND_RANDOM GRND_INSECURE",
  },
  {
    name: "CLOCK_IDS",
    doc: "Clock ids (strace: clocknames).",
    headers: ["linux/time.h"],
    names: `CLOCK_REALTIME CLOCK_MONOTONIC CLOCK_PROCESS_CPUTIME_ID
      CLOCK_THREAD_CPUTIME_ID CLOCK_MONOTONIC_RAW CLOCK_REALTIME_COARSE
      CLOCK_MONOTONIC_COARSE CLOCK_BOOTTIME CLOCK_REALTIME_ALARM
      CLOCK_BOOTTIME_ALARM CLOCK_SGI_CYCLE CLOCK_TAI`,
  },
  {
    name: "TIMER_FLAGS",
    doc: "clock_nanosleep(2) and timer_settime(2) flags.",
    headers: ["linux/time.h"],
    names: "TIMER_ABSTIME",
  },
  {
    name: "ITIMER_WHICH",
    doc: "getitimer(2) timers (strace: itimer_which).",
    headers: ["linux/time.h"],
    names: "ITIMER_REAL ITIMER_VIRTUAL ITIMER_PROF",
  },
  {
    name: "IOCTL_COMMANDS",
    doc: "Terminal and generic file ioctl(2) requests whose value the " +
      "headers give without the _IO* macros.",
    headers: ["asm-generic/ioctls.h"],
    names: `TCGETS TCSETS TCSETSW TCSETSF TCGETA TCSETA TCSETAW TCSETAF TCSBRK
      TCXONC TCFLSH TIOCEXCL TIOCNXCL TIOCSCTTY TIOCGPGRP TIOCSPGRP TIOCOUTQ
      TIOCSTI TIOCGWINSZ TIOCSWINSZ TIOCMGET TIOCMBIS TIOCMBIC TIOCMSET
      TIOCGSOFTCAR TIOCSSOFTCAR FIONREAD TIOCLINUX TIOCCONS TIOCGSERIAL
      TIOCSSERIAL TIOCPKT FIONBIO TIOCNOTTY TIOCSETD TIOCGETD TCSBRKP
      TIOCSBRK TIOCCBRK TIOCGSID TIOCGRS485 TIOCSRS485 TCGETX TCSETX TCSETXF
      TCSETXW TIOCVHANGUP FIONCLEX FIOCLEX FIOASYNC TIOCSERCONFIG
      TIOCSERGWILD TIOCSERSWILD TIOCGLCKTRMIOS TIOCSLCKTRMIOS TIOCSERGSTRUCT
      TIOCSERGETLSR TIOCSERGETMULTI TIOCSERSETMULTI TIOCMIWAIT TIOCGICOUNT
      FIOQSIZE`,
  },
  {
    name: "XATTR_FLAGS",
    doc: "setxattr(2) flags (strace: xattrflags).",
    headers: ["linux/xattr.h"],
    names: "XATTR_CREATE XATTR_REPLACE",
  },
  {
    name: "RENAME_FLAGS",
    doc: "renameat2(2) flags (strace: rename_flags).",
    headers: ["linux/fs.h"],
    names: "RENAME_NOREPLACE RENAME_EXCHANGE RENAME_WHITEOUT",
  },
  {
    name: "CLOSE_RANGE_FLAGS",
    doc: "close_range(2) flags (strace: close_range_flags).",
    headers: ["linux/close_range.h"],
    names: "CLOSE_RANGE_UNSHARE CLOSE_RANGE_CLOEXEC",
  },
  {
    name: "SIGINFO_CODES",
    doc: "si_code values any signal may carry (strace: siginfo_codes).",
    headers: ["asm-generic/siginfo.h"],
    names: `SI_USER SI_KERNEL SI_QUEUE SI_TIMER SI_MESGQ SI_ASYNCIO SI_SIGIO
      SI_TKILL SI_DETHREAD SI_ASYNCNL`,
  },
  {
    name: "SIGCHLD_CODES",
    doc: "si_code values of SIGCHLD (strace: sigchld_codes).",
    headers: ["asm-generic/siginfo.h"],
    names: `CLD_EXITED CLD_KILLED CLD_DUMPED CLD_TRAPPED CLD_STOPPED
      CLD_CONTINUED`,
  },
  {
    name: "SIGSEGV_CODES",
    doc: "si_code values of SIGSEGV (strace: sigsegv_codes).",
    headers: ["asm-generic/siginfo.h"],
    names: `SEGV_MAPERR SEGV_ACCERR SEGV_BNDERR SEGV_PKUERR SEGV_ACCADI
      SEGV_ADIDERR SEGV_ADIPERR SEGV_MTEAERR SEGV_MTESERR SEGV_CPERR`,
  },
  {
    name: "CAPABILITIES",
    doc: "Capability numbers, bit positions in capget(2)'s sets (strace: cap).",
    headers: ["linux/capability.h"],
    names: `CAP_CHOWN CAP_DAC_OVERRIDE CAP_DAC_READ_SEARCH CAP_FOWNER CAP_FSETID
      CAP_KILL CAP_SETGID CAP_SETUID CAP_SETPCAP CAP_LINUX_IMMUTABLE
      CAP_NET_BIND_SERVICE CAP_NET_BROADCAST CAP_NET_ADMIN CAP_NET_RAW
      CAP_IPC_LOCK CAP_IPC_OWNER CAP_SYS_MODULE CAP_SYS_RAWIO CAP_SYS_CHROOT
      CAP_SYS_PTRACE CAP_SYS_PACCT CAP_SYS_ADMIN CAP_SYS_BOOT CAP_SYS_NICE
      CAP_SYS_RESOURCE CAP_SYS_TIME CAP_SYS_TTY_CONFIG CAP_MKNOD CAP_LEASE
      CAP_AUDIT_WRITE CAP_AUDIT_CONTROL CAP_SETFCAP CAP_MAC_OVERRIDE
      CAP_MAC_ADMIN CAP_SYSLOG CAP_WAKE_ALARM CAP_BLOCK_SUSPEND CAP_AUDIT_READ
      CAP_PERFMON CAP_BPF CAP_CHECKPOINT_RESTORE`,
  },
  {
    name: "CAPABILITY_VERSIONS",
    doc: "capget(2) header versions (strace: cap_version).",
    headers: ["linux/capability.h"],
    names: `_LINUX_CAPABILITY_VERSION_1 _LINUX_CAPABILITY_VERSION_2
      _LINUX_CAPABILITY_VERSION_3`,
  },
  {
    name: "PKEY_ACCESS_RIGHTS",
    doc: "pkey_alloc(2) access rights (strace: pkey_access).",
    headers: MMAN,
    names: "PKEY_DISABLE_ACCESS PKEY_DISABLE_WRITE",
  },
];
