/**
 * Numbers from the kernel's user-space ABI that the tracer passes to libc:
 * ptrace requests, options and events, wait flags, clone flags, seccomp and
 * prctl values. Each group cites the header it comes from; these are fixed by
 * the kernel ABI and are the same on every architecture systape supports.
 *
 * @module
 */

/** ptrace(2) requests, from `<linux/ptrace.h>`. */
export const PTRACE = {
  CONT: 7,
  KILL: 8,
  POKEDATA: 5,
  POKEUSER: 6,
  GETREGS: 12,
  SETREGS: 13,
  DETACH: 17,
  SYSCALL: 24,
  GETEVENTMSG: 0x4201,
  GETSIGINFO: 0x4202,
  SEIZE: 0x4206,
  INTERRUPT: 0x4207,
  LISTEN: 0x4208,
  GET_SYSCALL_INFO: 0x420e,
} as const;

/** ptrace(2) options set at PTRACE_SEIZE, from `<linux/ptrace.h>`. */
export const PTRACE_O = {
  TRACESYSGOOD: 1,
  TRACEFORK: 1 << 1,
  TRACEVFORK: 1 << 2,
  TRACECLONE: 1 << 3,
  TRACEEXEC: 1 << 4,
  TRACEVFORKDONE: 1 << 5,
  TRACEEXIT: 1 << 6,
  TRACESECCOMP: 1 << 7,
  EXITKILL: 1 << 20,
} as const;

/** PTRACE_EVENT_* codes found in `status >> 16` of a ptrace-stop. */
export const PTRACE_EVENT = {
  FORK: 1,
  VFORK: 2,
  CLONE: 3,
  EXEC: 4,
  VFORK_DONE: 5,
  EXIT: 6,
  SECCOMP: 7,
  STOP: 128,
} as const;

/** `op` of struct ptrace_syscall_info, from `<linux/ptrace.h>`. */
export const SYSCALL_INFO_OP = {
  NONE: 0,
  ENTRY: 1,
  EXIT: 2,
  SECCOMP: 3,
} as const;

/** waitpid(2) flags, from `<linux/wait.h>`. */
export const WAIT = {
  NOHANG: 1,
  UNTRACED: 2,
  ALL: 0x40000000,
} as const;

/** Clone flags the tracer reads from clone(2)/clone3(2) arguments. */
export const CLONE = {
  VM: 0x100,
  FILES: 0x400,
  VFORK: 0x4000,
  THREAD: 0x10000,
  UNTRACED: 0x800000,
} as const;

/** The signals the tracer itself sends or singles out, from `<asm/signal.h>`. */
export const SIG = {
  HUP: 1,
  INT: 2,
  QUIT: 3,
  KILL: 9,
  PIPE: 13,
  TERM: 15,
  CHLD: 17,
  CONT: 18,
  STOP: 19,
  TSTP: 20,
  TTIN: 21,
  TTOU: 22,
  TRAP: 5,
} as const;

/** errno values the tracer acts on, from `<asm-generic/errno-base.h>`. */
export const ERRNO = {
  EPERM: 1,
  ENOENT: 2,
  ESRCH: 3,
  EINTR: 4,
  EACCES: 13,
  ECHILD: 10,
  EINVAL: 22,
  ENOEXEC: 8,
} as const;

/** seccomp(2) and prctl(2) values used to install the filter. */
export const SECCOMP = {
  SET_MODE_FILTER: 1,
  RET_ALLOW: 0x7fff0000,
  RET_TRACE: 0x7ff00000,
  RET_DATA_MASK: 0x0000ffff,
  PR_SET_NO_NEW_PRIVS: 38,
} as const;
