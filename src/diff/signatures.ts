/**
 * What each argument and result of a syscall is, as far as comparing runs
 * needs to know: fds to renumber, pointers to mask, pids to name, and how
 * many argument registers the syscall reads at all.
 *
 * @module
 */

/**
 * The kind of one argument or result:
 * - `f` an fd; `d` a dirfd (fd or AT_FDCWD)
 * - `p` a pointer; `s` a pointer to a string (a path, a name)
 * - `a` a pointer or a number, depending on another argument (ioctl, fcntl)
 * - `n` a number; `i` a C int (32 bits, signed); `x` flags, shown in hex
 * - `P` a pid or tid (32 bits, signed; negative for a process group)
 * - `t` a time (the clock, different on every run)
 * - `g` not a value at all: an argument slot the call ignores, or the
 *   register rt_sigreturn restored and "returns"
 * - `w` a futex word's expected value (it races between threads)
 * - `r` a buffer of random bytes (getrandom's)
 * - `o` a buffer the call fills (read's): its contents are part of the
 *   result, so alignment matches the call without them
 */
export type Kind =
  | "f"
  | "d"
  | "p"
  | "s"
  | "a"
  | "n"
  | "i"
  | "x"
  | "P"
  | "t"
  | "g"
  | "w"
  | "r"
  | "o";

/** The argument kinds and result kind of one syscall. */
export interface Signature {
  /** One kind per argument the syscall takes. */
  args: readonly Kind[];
  /** What the return value is. */
  ret: Kind;
}

// Name, argument kinds, result kind when not a plain number. Taken from the
// kernel's SYSCALL_DEFINE prototypes (include/linux/syscalls.h). Names only
// the i386 ABI has are included so its lines are trimmed too.
const TABLE = `
read fon
write fpn
open sxx f
close f
stat sp
fstat fp
lstat sp
poll pni
lseek fni
mmap pnxxfn p
mprotect pnx
munmap pn
brk p p
rt_sigaction ippn
rt_sigprocmask ippn
rt_sigreturn - g
ioctl fxa
pread64 fonn
pwrite64 fpnn
readv fon
writev fpn
access sx
pipe p
select npppp
sched_yield -
mremap pnnxp p
msync pnx
mincore pnp
madvise pni
shmget nnx
shmat ipx p
shmctl iip
dup f f
dup2 ff f
pause -
nanosleep pp
getitimer ip
alarm n
setitimer ipp
getpid - P
sendfile ffpn
socket iii f
connect fpn
accept fpp f
sendto fpnxpn
recvfrom fonxpp
sendmsg fpx
recvmsg fpx
shutdown fi
bind fpn
listen fi
getsockname fpp
getpeername fpp
socketpair iiip
setsockopt fiipn
getsockopt fiipp
clone xpppp P
fork - P
vfork - P
execve spp
exit i
wait4 Ppxp P
kill Pi
uname p
semget nix
semop ipn
semctl iiia
shmdt p
msgget nx
msgsnd ipnx
msgrcv ionnx
msgctl iip
fcntl fia
flock fi
fsync f
fdatasync f
truncate sn
ftruncate fn
getdents fon
getcwd on
chdir s
fchdir f
rename ss
mkdir sx
rmdir s
creat sx f
link ss
unlink s
symlink ss
readlink son
chmod sx
fchmod fx
chown snn
fchown fnn
lchown snn
umask x x
gettimeofday pp
getrlimit ip
getrusage ip
sysinfo p
times p t
ptrace iPpp
getuid -
syslog ipn
getgid -
setuid n
setgid n
geteuid -
getegid -
setpgid PP
getppid - P
getpgrp - P
setsid - P
setreuid nn
setregid nn
getgroups np
setgroups np
setresuid nnn
getresuid ppp
setresgid nnn
getresgid ppp
getpgid P P
setfsuid n
setfsgid n
getsid P P
capget pp
capset pp
rt_sigpending pn
rt_sigtimedwait pppn
rt_sigqueueinfo Pip
rt_sigsuspend pn
sigaltstack pp
utime sp
mknod sxn
personality x x
statfs sp
fstatfs fp
getpriority iP
setpriority iPi
sched_setparam Pp
sched_getparam Pp
sched_setscheduler Pip
sched_getscheduler P
sched_get_priority_max i
sched_get_priority_min i
sched_rr_get_interval Pp
mlock pn
munlock pn
mlockall x
munlockall -
vhangup -
pivot_root ss
prctl iaaaa
arch_prctl ia
adjtimex p
setrlimit ip
chroot s
sync -
acct s
settimeofday pp
mount sssxp
umount2 sx
swapon sx
swapoff s
reboot iixp
sethostname sn
setdomainname sn
gettid - P
readahead fnn
setxattr sspnx
lsetxattr sspnx
fsetxattr fspnx
getxattr sson
lgetxattr sson
fgetxattr fson
listxattr son
llistxattr son
flistxattr fon
removexattr ss
lremovexattr ss
fremovexattr fs
tkill Pi
time p t
futex pxnapn
sched_setaffinity Pnp
sched_getaffinity Pnp
set_thread_area p
io_setup np
io_destroy n
io_getevents nnnpp
io_submit nnp
io_cancel npp
get_thread_area p
epoll_create n f
getdents64 fon
set_tid_address p P
restart_syscall -
semtimedop ipnp
fadvise64 fnni
timer_create ipp
timer_settime nxpp
timer_gettime np
timer_getoverrun n
timer_delete n
clock_settime ip
clock_gettime ip
clock_getres ip
clock_nanosleep ixpp
exit_group i
epoll_wait fpni
epoll_ctl fifp
tgkill PPi
utimes sp
mbind pnnpnx
set_mempolicy ipn
get_mempolicy ppnpx
mq_open sxxp f
mq_unlink s
mq_timedsend fpnnp
mq_timedreceive fonpp
mq_notify fp
mq_getsetattr fpp
waitid iPpxp
inotify_init - f
inotify_add_watch fsx
inotify_rm_watch fi
openat dsxx f
mkdirat dsx
mknodat dsxn
fchownat dsnnx
futimesat dsp
newfstatat dspx
unlinkat dsx
renameat dsds
linkat dsdsx
symlinkat sds
readlinkat dson
fchmodat dsx
faccessat dsx
pselect6 nppppp
ppoll pnppn
unshare x
set_robust_list pn
get_robust_list Ppp
splice fpfpnx
tee ffnx
sync_file_range fnnx
vmsplice fpnx
move_pages Pnpppx
utimensat dspx
epoll_pwait fpnipn
signalfd fpn f
timerfd_create ix f
eventfd n f
fallocate fxnn
timerfd_settime fxpp
timerfd_gettime fp
accept4 fppx f
signalfd4 fpnx f
eventfd2 nx f
epoll_create1 x f
dup3 ffx f
pipe2 px
inotify_init1 x f
preadv fonnn
pwritev fpnnn
rt_tgsigqueueinfo PPip
perf_event_open pPiix f
recvmmsg fpnxp
fanotify_init xx f
fanotify_mark fxxds
prlimit64 Pipp
name_to_handle_at dsppx
open_by_handle_at fpx f
clock_adjtime ip
syncfs f
sendmmsg fpnx
setns fx
getcpu ppp
process_vm_readv Ppnpnx
process_vm_writev Ppnpnx
kcmp PPinn
finit_module fsx
sched_setattr Ppx
sched_getattr Ppnx
renameat2 dsdsx
seccomp xxp
getrandom rnx
memfd_create sx f
execveat dsppx
userfaultfd x f
membarrier xx
mlock2 pnx
copy_file_range fpfpnx
preadv2 fonnnx
pwritev2 fpnnnx
pkey_mprotect pnxi
pkey_alloc xx
pkey_free i
statx dsxxp
io_pgetevents nnnppp
rseq pnxn
pidfd_send_signal fipx
io_uring_setup np f
io_uring_enter fnnxpn
io_uring_register fnpn
open_tree dsx f
move_mount dsdsx
fsopen sx f
fsconfig fispi
fsmount fxx f
fspick dsx f
pidfd_open Px f
clone3 pn P
close_range nnx
openat2 dspn f
pidfd_getfd fix f
faccessat2 dsxx
process_madvise fpnix
epoll_pwait2 fpnppn
mount_setattr dsxpn
landlock_create_ruleset pnx f
landlock_add_rule fipx
landlock_restrict_self fx
memfd_secret x f
process_mrelease fx
futex_waitv pnxpi
set_mempolicy_home_node pnnx
cachestat fppx
fchmodat2 dsxx
map_shadow_stack pnx p
mmap2 pnxxfn p
_llseek fnnpi
fstat64 fp
stat64 sp
lstat64 sp
fstatat64 dspx
fcntl64 fia
waitpid Ppx P
socketcall ip
ugetrlimit ip
getuid32 -
getgid32 -
geteuid32 -
getegid32 -
`;

const SIGNATURES: ReadonlyMap<string, Signature> = parse(TABLE);

const O_CLOEXEC = 0x80000;

// Where a syscall that returns a new fd says "close on exec": the argument
// and its bit (O_CLOEXEC, and the SOCK_/EFD_/IN_/SFD_/TFD_ flags equal to
// it; MFD_CLOEXEC and FAN_CLOEXEC are 1, PERF_FLAG_FD_CLOEXEC 8), or
// always for pidfds. openat2 carries it inside struct open_how: unknown.
const CLOSE_ON_EXEC: Record<string, [number, number] | "always"> = {
  open: [1, O_CLOEXEC],
  openat: [2, O_CLOEXEC],
  socket: [1, O_CLOEXEC],
  accept4: [3, O_CLOEXEC],
  dup3: [2, O_CLOEXEC],
  eventfd2: [1, O_CLOEXEC],
  epoll_create1: [0, O_CLOEXEC],
  inotify_init1: [0, O_CLOEXEC],
  signalfd4: [3, O_CLOEXEC],
  timerfd_create: [1, O_CLOEXEC],
  userfaultfd: [0, O_CLOEXEC],
  memfd_create: [1, 1],
  fanotify_init: [0, 1],
  perf_event_open: [4, 8],
  pidfd_open: "always",
  pidfd_getfd: "always",
};

/**
 * Whether a syscall that returned a new fd made it close-on-exec, from its
 * raw arguments.
 *
 * @example
 * ```ts
 * import { closesOnExec } from "./signatures.ts";
 * closesOnExec("openat", [4294967196, 0, 0x80000, 0, 0, 0]); // true
 * ```
 */
export function closesOnExec(
  name: string,
  args: readonly (number | string)[],
): boolean {
  const rule = CLOSE_ON_EXEC[name];
  if (rule === undefined) return false;
  if (rule === "always") return true;
  const [index, bit] = rule;
  return (BigInt(args[index] ?? 0) & BigInt(bit)) !== 0n;
}

// futex(2) reads the arguments its operation needs (op & FUTEX_CMD_MASK):
// uaddr, op, val, timeout or val2, uaddr2, val3.
const FUTEX_ARGS = [
  "pxwp", // FUTEX_WAIT
  "pxn", // FUTEX_WAKE
  "pxn", // FUTEX_FD
  "pxnnp", // FUTEX_REQUEUE
  "pxnnpw", // FUTEX_CMP_REQUEUE
  "pxnnpx", // FUTEX_WAKE_OP
  "pxgp", // FUTEX_LOCK_PI
  "px", // FUTEX_UNLOCK_PI
  "px", // FUTEX_TRYLOCK_PI
  "pxwpgx", // FUTEX_WAIT_BITSET
  "pxnggx", // FUTEX_WAKE_BITSET
  "pxwpp", // FUTEX_WAIT_REQUEUE_PI
  "pxnnpw", // FUTEX_CMP_REQUEUE_PI
  "pxgp", // FUTEX_LOCK_PI2
];
const FUTEX_CMD_MASK = 0x7f;

/**
 * The signature of one call, for syscalls whose arguments depend on
 * another argument (futex's operation); else the same as
 * {@linkcode signatureOf}.
 *
 * @example
 * ```ts
 * import { signatureOfCall } from "./signatures.ts";
 * signatureOfCall("futex", [0x7f00, 0x81, 1, 0, 0, 0])?.args; // p x n
 * ```
 */
export function signatureOfCall(
  name: string,
  args: readonly (number | string)[],
): Signature | undefined {
  if (name !== "futex") return signatureOf(name);

  const operation =
    FUTEX_ARGS[Number(BigInt(args[1] ?? 0) & 0x7fn) & FUTEX_CMD_MASK];
  if (operation === undefined) return signatureOf(name);
  return { args: [...operation] as Kind[], ret: "n" };
}

/**
 * The signature of a syscall by name, or undefined for one the table does
 * not know (its six argument registers are then all shown).
 *
 * @example
 * ```ts
 * import { signatureOf } from "./signatures.ts";
 * signatureOf("openat"); // { args: ["d", "s", "x", "x"], ret: "f" }
 * ```
 */
export function signatureOf(name: string): Signature | undefined {
  return SIGNATURES.get(name);
}

function parse(table: string): Map<string, Signature> {
  const signatures = new Map<string, Signature>();
  for (const row of table.trim().split("\n")) {
    const [name, args, ret = "n"] = row.split(" ");
    signatures.set(name, {
      args: args === "-" ? [] : [...args] as Kind[],
      ret: ret as Kind,
    });
  }
  return signatures;
}
