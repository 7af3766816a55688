import {
  AUDIT_ARCH_I386,
  AUDIT_ARCH_X86_64,
  I386_SYSCALL_NAMES,
  X32_SYSCALL_BIT,
  X32_SYSCALL_NAMES,
  X86_64_SYSCALL_NAMES,
} from "../src/arch/x86_64_tables.ts";
import { ERRNO_MESSAGES, ERRNO_NAMES } from "../src/arch/errno_tables.ts";
import {
  SIGNAL_COUNT,
  SIGNAL_NAMES,
  SIGRTMIN_KERNEL,
} from "../src/arch/signal_tables.ts";

const REPO_ROOT = new URL("../", import.meta.url);
const GENERATED = ["x86_64_tables.ts", "errno_tables.ts", "signal_tables.ts"];

/** [table name, table, header, entry name, number] known from the headers. */
const KNOWN: [string, readonly string[], string, string, number][] = [
  ["X86_64_SYSCALL_NAMES", X86_64_SYSCALL_NAMES, "unistd_64.h", "read", 0],
  ["X86_64_SYSCALL_NAMES", X86_64_SYSCALL_NAMES, "unistd_64.h", "execve", 59],
  [
    "X86_64_SYSCALL_NAMES",
    X86_64_SYSCALL_NAMES,
    "unistd_64.h",
    "exit_group",
    231,
  ],
  ["X86_64_SYSCALL_NAMES", X86_64_SYSCALL_NAMES, "unistd_64.h", "openat", 257],
  [
    "X86_64_SYSCALL_NAMES",
    X86_64_SYSCALL_NAMES,
    "unistd_64.h",
    "io_uring_setup",
    425,
  ],
  ["X86_64_SYSCALL_NAMES", X86_64_SYSCALL_NAMES, "unistd_64.h", "clone3", 435],
  ["I386_SYSCALL_NAMES", I386_SYSCALL_NAMES, "unistd_32.h", "exit", 1],
  ["I386_SYSCALL_NAMES", I386_SYSCALL_NAMES, "unistd_32.h", "write", 4],
  ["I386_SYSCALL_NAMES", I386_SYSCALL_NAMES, "unistd_32.h", "getpid", 20],
  ["X32_SYSCALL_NAMES", X32_SYSCALL_NAMES, "unistd_x32.h", "read", 0],
  ["X32_SYSCALL_NAMES", X32_SYSCALL_NAMES, "unistd_x32.h", "rt_sigaction", 512],
  ["ERRNO_NAMES", ERRNO_NAMES, "errno-base.h", "ENOENT", 2],
  ["ERRNO_NAMES", ERRNO_NAMES, "errno-base.h", "EAGAIN", 11],
  ["ERRNO_NAMES", ERRNO_NAMES, "errno-base.h", "EACCES", 13],
  ["ERRNO_NAMES", ERRNO_NAMES, "errno.h", "EDEADLK", 35],
  ["ERRNO_NAMES", ERRNO_NAMES, "errno.h", "ENOSYS", 38],
  ["SIGNAL_NAMES", SIGNAL_NAMES, "signal.h", "SIGABRT", 6],
  ["SIGNAL_NAMES", SIGNAL_NAMES, "signal.h", "SIGKILL", 9],
  ["SIGNAL_NAMES", SIGNAL_NAMES, "signal.h", "SIGCHLD", 17],
  ["SIGNAL_NAMES", SIGNAL_NAMES, "signal.h", "SIGSTOP", 19],
  ["SIGNAL_NAMES", SIGNAL_NAMES, "signal.h", "SIGIO", 29],
  ["SIGNAL_NAMES", SIGNAL_NAMES, "signal.h", "SIGSYS", 31],
];

// Plain checks rather than node:assert: type-checking `node:` imports needs
// npm:@types/node, which this repository does not install.
function assertEqual<T>(actual: T, expected: T, message = ""): void {
  if (!Object.is(actual, expected)) {
    const got = JSON.stringify(actual), want = JSON.stringify(expected);
    throw new Error(`expected ${want}, got ${got}${message && `: ${message}`}`);
  }
}

function assertTrue(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

for (const [tableName, table, header, name, number] of KNOWN) {
  Deno.test(`${tableName} matches ${header} for ${name}`, () => {
    assertEqual(table[number], name);
  });
}

Deno.test("X32_SYSCALL_NAMES is indexed without __X32_SYSCALL_BIT", () => {
  assertEqual(X32_SYSCALL_BIT, 0x40000000);
  const length = X32_SYSCALL_NAMES.length;
  assertTrue(length > 512 && length < 1024, `unexpected length ${length}`);
});

Deno.test("unassigned syscall numbers map to the empty string", () => {
  assertEqual(I386_SYSCALL_NAMES[222], "");
  assertEqual(X32_SYSCALL_NAMES[400], "");
});

Deno.test("AUDIT_ARCH constants match linux/audit.h", () => {
  assertEqual(AUDIT_ARCH_X86_64, 0xc000003e);
  assertEqual(AUDIT_ARCH_I386, 0x40000003);
});

Deno.test("ERRNO_NAMES keeps primary names, not EWOULDBLOCK/EDEADLOCK", () => {
  for (const alias of ["EWOULDBLOCK", "EDEADLOCK"]) {
    assertTrue(!ERRNO_NAMES.includes(alias), `${alias} is an alias`);
  }
  assertEqual(ERRNO_NAMES[0], "");
});

Deno.test("ERRNO_MESSAGES holds glibc strerror() text", () => {
  assertEqual(ERRNO_MESSAGES.length, ERRNO_NAMES.length);
  assertEqual(ERRNO_MESSAGES[2], "No such file or directory");
  assertEqual(ERRNO_MESSAGES[11], "Resource temporarily unavailable");
  assertEqual(ERRNO_MESSAGES[38], "Function not implemented");
});

Deno.test("SIGNAL_NAMES covers 1..31 with index 0 empty", () => {
  assertEqual(SIGNAL_NAMES.length, 32);
  assertEqual(SIGNAL_NAMES[0], "");
  for (const [number, name] of SIGNAL_NAMES.entries()) {
    if (number > 0) assertTrue(name.startsWith("SIG"), `${number}: "${name}"`);
  }
  assertEqual(SIGRTMIN_KERNEL, 32);
  assertEqual(SIGNAL_COUNT, 64);
});

Deno.test("committed tables are byte-identical to a fresh generation", async () => {
  const out = await Deno.makeTempDir({ prefix: "systape_tables_" });
  try {
    const { success, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "tools/gen_tables.ts", "--out", out],
      cwd: REPO_ROOT,
      stdout: "null",
      stderr: "piped",
    }).output();
    assertTrue(success, new TextDecoder().decode(stderr));
    for (const name of GENERATED) {
      const fresh = await Deno.readFile(`${out}/${name}`);
      const committed = await Deno.readFile(
        new URL(`src/arch/${name}`, REPO_ROOT),
      );
      assertTrue(
        sameBytes(committed, fresh),
        `src/arch/${name} differs from the headers: run \`npm run gen\``,
      );
    }
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});
