/**
 * What strace knows of each syscall beside its number: how many arguments
 * it takes, and the classes `-e trace=%file,%process,...` select it by.
 *
 * Transcribed from strace's own tables, `src/linux/x86_64/syscallent.h`,
 * `src/linux/i386/syscallent.h`, `src/linux/32/syscallent-common-32.h` and
 * `src/linux/generic/syscallent-common.h` (strace 6.x): per syscall the
 * argument count and the sysent flags that are classes, TD (%desc), TF
 * (%file), TI (%ipc), TN (%network), TP (%process), TS (%signal), TM
 * (%memory), TC (%creds), TCL (%clock), TST (%stat), TLST (%lstat), TFST
 * (%fstat), TSTA (%%stat), TSF (%statfs), TFSF (%fstatfs), TSFA
 * (%%statfs) and PU (%pure). The i386 list holds the syscalls that only
 * i386 has, or that take another number of arguments there.
 *
 * @module
 */

/** A class of syscalls, as `-e trace=%NAME` names it. */
export type SyscallClass =
  | "desc"
  | "file"
  | "ipc"
  | "network"
  | "process"
  | "signal"
  | "memory"
  | "creds"
  | "clock"
  | "stat"
  | "lstat"
  | "fstat"
  | "%stat"
  | "statfs"
  | "fstatfs"
  | "%statfs"
  | "pure";

/** strace's sysent flag for each class. */
const FLAG_CLASSES: Readonly<Record<string, SyscallClass>> = {
  TD: "desc",
  TF: "file",
  TI: "ipc",
  TN: "network",
  TP: "process",
  TS: "signal",
  TM: "memory",
  TC: "creds",
  TCL: "clock",
  TST: "stat",
  TLST: "lstat",
  TFST: "fstat",
  TSTA: "%stat",
  TSF: "statfs",
  TFSF: "fstatfs",
  TSFA: "%statfs",
  PU: "pure",
};

/**
 * Every class, as `%NAME` spells it.
 *
 * @example
 * ```ts
 * import { SYSCALL_CLASSES } from "./syscall_traits.ts";
 * SYSCALL_CLASSES.includes("file"); // true
 * ```
 */
export const SYSCALL_CLASSES: readonly SyscallClass[] = Object.values(
  FLAG_CLASSES,
);

/** What is known of one syscall. */
export interface SyscallTraits {
  /** How many arguments it takes. */
  args: number;
  /** The classes it belongs to. */
  classes: readonly SyscallClass[];
}

// name, argument count, sysent flags ("-" for none)
const X86_64 = `
read 3 TD
write 3 TD
open 3 TD|TF
close 1 TD
stat 2 TF|TST|TSTA
fstat 2 TD|TFST|TSTA
lstat 2 TF|TLST|TSTA
poll 3 TD
lseek 3 TD
mmap 6 TD|TM
mprotect 3 TM
munmap 2 TM
brk 1 TM
rt_sigaction 4 TS
rt_sigprocmask 4 TS
rt_sigreturn 0 TS
ioctl 3 TD
pread64 4 TD
pwrite64 4 TD
readv 3 TD
writev 3 TD
access 2 TF
pipe 1 TD
select 5 TD
sched_yield 0 -
mremap 5 TM
msync 3 TM
mincore 3 TM
madvise 3 TM
shmget 3 TI
shmat 3 TI|TM
shmctl 3 TI
dup 1 TD
dup2 2 TD
pause 0 TS
nanosleep 2 -
getitimer 2 -
alarm 1 -
setitimer 3 -
getpid 0 PU
sendfile 4 TD|TN
socket 3 TN
connect 3 TN
accept 3 TN
sendto 6 TN
recvfrom 6 TN
sendmsg 3 TN
recvmsg 3 TN
shutdown 2 TN
bind 3 TN
listen 2 TN
getsockname 3 TN
getpeername 3 TN
socketpair 4 TN
setsockopt 5 TN
getsockopt 5 TN
clone 5 TP
fork 0 TP
vfork 0 TP
execve 3 TF|TP
exit 1 TP
wait4 4 TP
kill 2 TS|TP
uname 1 -
semget 3 TI
semop 3 TI
semctl 4 TI
shmdt 1 TI|TM
msgget 2 TI
msgsnd 4 TI
msgrcv 5 TI
msgctl 3 TI
fcntl 3 TD
flock 2 TD
fsync 1 TD
fdatasync 1 TD
truncate 2 TF
ftruncate 2 TD
getdents 3 TD
getcwd 2 TF
chdir 1 TF
fchdir 1 TD
rename 2 TF
mkdir 2 TF
rmdir 1 TF
creat 2 TD|TF
link 2 TF
unlink 1 TF
symlink 2 TF
readlink 3 TF
chmod 2 TF
fchmod 2 TD
chown 3 TF
fchown 3 TD
lchown 3 TF
umask 1 -
gettimeofday 2 TCL
getrlimit 2 -
getrusage 2 -
sysinfo 1 -
times 1 -
ptrace 4 -
getuid 0 TC|PU
syslog 3 -
getgid 0 TC|PU
setuid 1 TC
setgid 1 TC
geteuid 0 TC|PU
getegid 0 TC|PU
setpgid 2 -
getppid 0 PU
getpgrp 0 PU
setsid 0 -
setreuid 2 TC
setregid 2 TC
getgroups 2 TC
setgroups 2 TC
setresuid 3 TC
getresuid 3 TC
setresgid 3 TC
getresgid 3 TC
getpgid 1 -
setfsuid 1 TC
setfsgid 1 TC
getsid 1 -
capget 2 TC
capset 2 TC
rt_sigpending 2 TS
rt_sigtimedwait 4 TS
rt_sigqueueinfo 3 TS|TP
rt_sigsuspend 2 TS
sigaltstack 2 TS
utime 2 TF
mknod 3 TF
uselib 1 TF
personality 1 -
ustat 2 TSFA
statfs 2 TF|TSF|TSFA
fstatfs 2 TD|TFSF|TSFA
sysfs 3 -
getpriority 2 -
setpriority 3 -
sched_setparam 2 -
sched_getparam 2 -
sched_setscheduler 3 -
sched_getscheduler 1 -
sched_get_priority_max 1 -
sched_get_priority_min 1 -
sched_rr_get_interval 2 -
mlock 2 TM
munlock 2 TM
mlockall 1 TM
munlockall 0 TM
vhangup 0 -
modify_ldt 3 -
pivot_root 2 TF
_sysctl 1 -
prctl 5 TC
arch_prctl 2 -
adjtimex 1 TCL
setrlimit 2 -
chroot 1 TF
sync 0 -
acct 1 TF
settimeofday 2 TCL
mount 5 TF
umount2 2 TF
swapon 2 TF
swapoff 1 TF
reboot 4 -
sethostname 2 -
setdomainname 2 -
iopl 1 -
ioperm 3 -
create_module 2 -
init_module 3 -
delete_module 2 -
get_kernel_syms 1 -
query_module 5 -
quotactl 4 TF
nfsservctl 3 -
getpmsg 5 TN
putpmsg 5 TN
afs_syscall 5 -
tuxcall 3 -
security 3 -
gettid 0 PU
readahead 3 TD
setxattr 5 TF
lsetxattr 5 TF
fsetxattr 5 TD
getxattr 4 TF
lgetxattr 4 TF
fgetxattr 4 TD
listxattr 3 TF
llistxattr 3 TF
flistxattr 3 TD
removexattr 2 TF
lremovexattr 2 TF
fremovexattr 2 TD
tkill 2 TS|TP
time 1 TCL
futex 6 -
sched_setaffinity 3 -
sched_getaffinity 3 -
set_thread_area 1 -
io_setup 2 TM
io_destroy 1 TM
io_getevents 5 -
io_submit 3 -
io_cancel 3 -
get_thread_area 1 -
lookup_dcookie 3 -
epoll_create 1 TD
epoll_ctl_old 4 -
epoll_wait_old 4 -
remap_file_pages 5 TM
getdents64 3 TD
set_tid_address 1 -
restart_syscall 0 -
semtimedop 4 TI
fadvise64 4 TD
timer_create 3 -
timer_settime 4 -
timer_gettime 2 -
timer_getoverrun 1 -
timer_delete 1 -
clock_settime 2 TCL
clock_gettime 2 TCL
clock_getres 2 TCL
clock_nanosleep 4 -
exit_group 1 TP
epoll_wait 4 TD
epoll_ctl 4 TD
tgkill 3 TS|TP
utimes 2 TF
vserver 5 -
mbind 6 TM
set_mempolicy 3 TM
get_mempolicy 5 TM
mq_open 4 TD
mq_unlink 1 -
mq_timedsend 5 TD
mq_timedreceive 5 TD
mq_notify 2 TD
mq_getsetattr 3 TD
kexec_load 4 -
waitid 5 TP
add_key 5 -
request_key 4 -
keyctl 5 -
ioprio_set 3 -
ioprio_get 2 -
inotify_init 0 TD
inotify_add_watch 3 TD|TF
inotify_rm_watch 2 TD
migrate_pages 4 TM
openat 4 TD|TF
mkdirat 3 TD|TF
mknodat 4 TD|TF
fchownat 5 TD|TF
futimesat 3 TD|TF
newfstatat 4 TD|TF|TFST|TSTA
unlinkat 3 TD|TF
renameat 4 TD|TF
linkat 5 TD|TF
symlinkat 3 TD|TF
readlinkat 4 TD|TF
fchmodat 3 TD|TF
faccessat 3 TD|TF
pselect6 6 TD
ppoll 5 TD
unshare 1 -
set_robust_list 2 -
get_robust_list 3 -
splice 6 TD
tee 4 TD
sync_file_range 4 TD
vmsplice 4 TD
move_pages 6 TM
utimensat 4 TD|TF
epoll_pwait 6 TD
signalfd 3 TD|TS
timerfd_create 2 TD
eventfd 1 TD
fallocate 4 TD
timerfd_settime 4 TD
timerfd_gettime 2 TD
accept4 4 TN
signalfd4 4 TD|TS
eventfd2 2 TD
epoll_create1 1 TD
dup3 3 TD
pipe2 2 TD
inotify_init1 1 TD
preadv 4 TD
pwritev 4 TD
rt_tgsigqueueinfo 4 TP|TS
perf_event_open 5 TD
recvmmsg 5 TN
fanotify_init 2 TD
fanotify_mark 5 TD|TF
prlimit64 4 -
name_to_handle_at 5 TD|TF
open_by_handle_at 3 TD
clock_adjtime 2 TCL
syncfs 1 TD
sendmmsg 4 TN
setns 2 TD
getcpu 3 -
process_vm_readv 6 -
process_vm_writev 6 -
kcmp 5 -
finit_module 3 TD
sched_setattr 3 -
sched_getattr 4 -
renameat2 5 TD|TF
seccomp 3 -
getrandom 3 -
memfd_create 2 TD
kexec_file_load 5 TD
bpf 3 TD
execveat 5 TD|TF|TP
userfaultfd 1 TD
membarrier 3 -
mlock2 3 TM
copy_file_range 6 TD
preadv2 6 TD
pwritev2 6 TD
pkey_mprotect 4 TM
pkey_alloc 2 -
pkey_free 1 -
statx 5 TD|TF|TFST|TSTA
io_pgetevents 6 -
rseq 4 -
pidfd_send_signal 4 TD|TS|TP
io_uring_setup 2 TD
io_uring_enter 6 TD|TS
io_uring_register 4 TD|TM
open_tree 3 TD|TF
move_mount 5 TD|TF
fsopen 2 TD
fsconfig 5 TD|TF
fsmount 3 TD
fspick 3 TD|TF
pidfd_open 2 TD
clone3 2 TP
close_range 3 -
openat2 4 TD|TF
pidfd_getfd 3 TD
faccessat2 4 TD|TF
process_madvise 5 TD
epoll_pwait2 6 TD
mount_setattr 5 TD|TF
quotactl_fd 4 TD
landlock_create_ruleset 3 TD
landlock_add_rule 4 TD
landlock_restrict_self 2 TD
memfd_secret 1 TD
process_mrelease 2 TD
futex_waitv 5 -
set_mempolicy_home_node 4 TM
cachestat 4 TD
fchmodat2 4 TD|TF
map_shadow_stack 3 TM
futex_wake 4 -
futex_wait 6 -
futex_requeue 4 -
statmount 4 -
listmount 4 -
lsm_get_self_attr 4 -
lsm_set_self_attr 4 -
lsm_list_modules 3 -
mseal 3 TM
setxattrat 6 TD|TF
getxattrat 6 TD|TF
`;

const I386 = `
waitpid 3 TP
break 0 TM
oldstat 2 TF|TST|TSTA
umount 1 TF
stime 1 -
oldfstat 2 TD|TFST|TSTA
stty 2 -
gtty 2 -
nice 1 -
ftime 0 -
prof 0 -
signal 2 TS
lock 0 -
mpx 0 -
ulimit 2 -
oldolduname 1 -
sigaction 3 TS
sgetmask 0 TS
ssetmask 1 TS
sigsuspend 3 TS
sigpending 1 TS
select 1 TD
oldlstat 2 TF|TLST|TSTA
readdir 3 TD
mmap 1 TD|TM
profil 4 -
socketcall 2 TD
olduname 1 -
idle 0 -
vm86old 1 -
ipc 6 TI
sigreturn 0 TS
sigprocmask 3 TS
bdflush 2 -
_llseek 5 TD
_newselect 5 TD
vm86 5 -
pread64 5 TD
pwrite64 5 TD
ugetrlimit 2 -
mmap2 6 TD|TM
truncate64 3 TF
ftruncate64 3 TD
stat64 2 TF|TST|TSTA
lstat64 2 TF|TLST|TSTA
fstat64 2 TD|TFST|TSTA
lchown32 3 TF
getuid32 0 TC|PU
getgid32 0 TC|PU
geteuid32 0 TC|PU
getegid32 0 TC|PU
setreuid32 2 TC
setregid32 2 TC
getgroups32 2 TC
setgroups32 2 TC
fchown32 3 TD
setresuid32 3 TC
getresuid32 3 TC
setresgid32 3 TC
getresgid32 3 TC
chown32 3 TF
setuid32 1 TC
setgid32 1 TC
setfsuid32 1 TC
setfsgid32 1 TC
fcntl64 3 TD
readahead 4 TD
sendfile64 4 TD|TN
fadvise64 5 TD
lookup_dcookie 4 -
statfs64 3 TF|TSF|TSFA
fstatfs64 3 TD|TFSF|TSFA
fadvise64_64 6 TD
fstatat64 4 TD|TF|TFST|TSTA
sync_file_range 6 TD
fallocate 6 TD
preadv 5 TD
pwritev 5 TD
fanotify_mark 6 TD|TF
clock_gettime64 2 TCL
clock_settime64 2 TCL
clock_adjtime64 2 TCL
clock_getres_time64 2 TCL
clock_nanosleep_time64 4 -
timer_gettime64 2 -
timer_settime64 4 -
timerfd_gettime64 2 TD
timerfd_settime64 4 TD
utimensat_time64 4 TD|TF
pselect6_time64 6 TD
ppoll_time64 5 TD
io_pgetevents_time64 6 -
recvmmsg_time64 5 TN
mq_timedsend_time64 5 TD
mq_timedreceive_time64 5 TD
semtimedop_time64 4 TI
rt_sigtimedwait_time64 4 TS
futex_time64 6 -
sched_rr_get_interval_time64 2 -
`;

let x86_64Table: Map<string, SyscallTraits> | null = null;
let i386Table: Map<string, SyscallTraits> | null = null;

/**
 * The traits of a syscall by name, for an ABI ("x86_64", "i386", "x32";
 * x32 shares the x86_64 list); undefined for a name strace does not know.
 *
 * @example
 * ```ts
 * import { syscallTraits } from "./syscall_traits.ts";
 * syscallTraits("openat")?.classes; // ["desc", "file"]
 * syscallTraits("pread64", "i386")?.args; // 5
 * ```
 */
export function syscallTraits(
  name: string,
  abi = "x86_64",
): SyscallTraits | undefined {
  x86_64Table ??= parse(X86_64);
  if (abi !== "i386") return x86_64Table.get(name);

  i386Table ??= parse(I386);
  return i386Table.get(name) ?? x86_64Table.get(name);
}

/**
 * Every syscall name in a class, over all ABIs.
 *
 * @example
 * ```ts
 * import { namesInClass } from "./syscall_traits.ts";
 * namesInClass("creds").includes("getuid"); // true
 * ```
 */
export function namesInClass(syscallClass: SyscallClass): string[] {
  x86_64Table ??= parse(X86_64);
  i386Table ??= parse(I386);
  const names = new Set<string>();
  for (const table of [x86_64Table, i386Table]) {
    for (const [name, traits] of table) {
      if (traits.classes.includes(syscallClass)) names.add(name);
    }
  }
  return [...names];
}

/**
 * The class a `%NAME` names, accepting strace's aliases (`%net`); undefined
 * for an unknown class.
 *
 * @example
 * ```ts
 * import { classNamed } from "./syscall_traits.ts";
 * classNamed("net"); // "network"
 * ```
 */
export function classNamed(name: string): SyscallClass | undefined {
  if (name === "net") return "network";
  return SYSCALL_CLASSES.find((known) => known === name);
}

function parse(text: string): Map<string, SyscallTraits> {
  const table = new Map<string, SyscallTraits>();
  for (const line of text.trim().split("\n")) {
    const [name, args, flags] = line.split(" ");
    const classes = flags === "-"
      ? []
      : flags.split("|").map((flag) => FLAG_CLASSES[flag]);
    table.set(name, { args: Number(args), classes });
  }
  return table;
}
