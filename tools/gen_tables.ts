/**
 * Generates systape's number-to-name tables for x86-64 Linux: system call
 * names (x86-64, i386 and x32 ABIs), errno names and glibc's messages for
 * them, signal names, and the AUDIT_ARCH and x32 constants a tracer checks.
 *
 * The tables are generated from the kernel headers installed by Debian's
 * linux-libc-dev (and the messages from this machine's glibc `strerror()`),
 * never typed by hand, so they stay exactly what the kernel defines. The
 * output is committed; `tests/tables_test.ts` reruns this script and fails if
 * the committed files differ from a fresh generation.
 *
 * Usage: `deno run -A tools/gen_tables.ts [--out DIR]` (default `src/arch`).
 * Output is formatted with `deno fmt` using the repository's configuration.
 *
 * @module
 */

import { evaluate, type Macros, preprocess } from "./c_expression.ts";
import { format } from "./format.ts";

const INCLUDE = "/usr/include";
const ASM = `${INCLUDE}/x86_64-linux-gnu/asm`;

/** Every header this script reads. */
const HEADERS = {
  unistd: `${ASM}/unistd.h`,
  unistd64: `${ASM}/unistd_64.h`,
  unistd32: `${ASM}/unistd_32.h`,
  unistdX32: `${ASM}/unistd_x32.h`,
  audit: `${INCLUDE}/linux/audit.h`,
  elfEm: `${INCLUDE}/linux/elf-em.h`,
  errnoBase: `${INCLUDE}/asm-generic/errno-base.h`,
  errno: `${INCLUDE}/asm-generic/errno.h`,
  linuxErrno: `${INCLUDE}/linux/errno.h`,
  signal: `${ASM}/signal.h`,
  genericSignal: `${INCLUDE}/asm-generic/signal.h`,
} as const;

const REPO_ROOT = import.meta.dirname!.replace(/\/tools$/, "");
const DEFAULT_OUT = `${REPO_ROOT}/src/arch`;

/** One object-like `#define NAME BODY`, in header order. */
interface Define {
  name: string;
  body: string;
}

// ---------------------------------------------------------------------------
// Reading headers

/**
 * Lists the object-like macros of a header. `#if` blocks are not evaluated:
 * the headers read here define the values used unconditionally.
 */
function parseDefines(text: string): Define[] {
  const defines: Define[] = [];
  const re = /^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)(\(?)(.*)$/gm;
  for (const m of preprocess(text).matchAll(re)) {
    if (m[2] === "(") continue; // function-like macro
    defines.push({ name: m[1], body: m[3].trim() });
  }
  return defines;
}

async function readDefines(...paths: string[]): Promise<Define[]> {
  const texts = await Promise.all(paths.map((p) => Deno.readTextFile(p)));
  return texts.flatMap(parseDefines);
}

function toMacros(defines: Define[]): Macros {
  const macros: Macros = new Map();
  for (const { name, body } of defines) {
    if (!macros.has(name)) macros.set(name, body);
  }
  return macros;
}

function evaluateNumber(name: string, macros: Macros): number {
  const value = Number(evaluate(name, macros));
  if (!Number.isSafeInteger(value)) throw new Error(`${name} is not a number`);
  return value;
}

// ---------------------------------------------------------------------------
// Building tables

/** True if a macro body is just another macro's name (EWOULDBLOCK EAGAIN). */
function isAlias(body: string): boolean {
  return /^[A-Za-z_]\w*$/.test(body);
}

/**
 * Builds a number-to-name table, `""` where no name is defined. Aliases defined
 * as another name are skipped; where two names are both defined with the same
 * number (SIGABRT/SIGIOT, SIGSYS/SIGUNUSED) the first in the header wins.
 */
function namesByNumber(
  entries: { name: string; value: number }[],
): string[] {
  const max = Math.max(...entries.map((e) => e.value));
  const table: string[] = new Array(max + 1).fill("");
  for (const { name, value } of entries) {
    if (value < 0) throw new Error(`${name} has negative number ${value}`);
    if (table[value] === "") table[value] = name;
  }
  return table;
}

/** Defines whose name matches `pattern` and whose body is not an alias. */
function numbered(
  defines: Define[],
  pattern: RegExp,
  macros: Macros,
): { name: string; value: number }[] {
  return defines
    .filter((d) => pattern.test(d.name) && !isAlias(d.body))
    .map((d) => ({ name: d.name, value: evaluateNumber(d.body, macros) }));
}

async function syscallNames(path: string, offset = 0): Promise<string[]> {
  const defines = await readDefines(path);
  const macros = toMacros([...await readDefines(HEADERS.unistd), ...defines]);
  const entries = numbered(defines, /^__NR_/, macros).map((e) => ({
    name: e.name.slice("__NR_".length),
    value: e.value - offset,
  }));
  return namesByNumber(entries);
}

/** Calls this machine's glibc strerror() for 0..max. */
function strerrorMessages(max: number): string[] {
  const libc = Deno.dlopen(
    "libc.so.6",
    {
      strerror: { parameters: ["i32"], result: "pointer" },
    } as const,
  );
  try {
    return Array.from({ length: max + 1 }, (_, n) => {
      const ptr = libc.symbols.strerror(n);
      if (ptr === null) throw new Error(`strerror(${n}) returned NULL`);
      return Deno.UnsafePointerView.getCString(ptr);
    });
  } finally {
    libc.close();
  }
}

// ---------------------------------------------------------------------------
// Rendering TypeScript

function banner(sources: string[], summary: string): string {
  return [
    "// Generated by tools/gen_tables.ts from the headers listed below; do not",
    "// edit by hand, rerun `npm run gen` instead.",
    ...sources.map((s) => `//   ${s}`),
    "",
    `/**\n * ${summary}\n *\n * @module\n */`,
    "",
  ].join("\n");
}

function jsdoc(lines: string[], example: string): string {
  const body = [...lines, "", "@example", "```ts", example, "```"];
  return ["/**", ...body.map((l) => (l ? ` * ${l}` : " *")), " */"].join("\n");
}

function renderNames(doc: string, name: string, names: string[]): string {
  const items = names.map((n, i) => `  ${JSON.stringify(n)}, // ${i}`);
  return `${doc}\nexport const ${name}: readonly string[] = [\n${
    items.join("\n")
  }\n];\n`;
}

function renderConst(doc: string, name: string, value: number, hex = false) {
  const literal = hex ? `0x${value.toString(16).padStart(8, "0")}` : value;
  return `${doc}\nexport const ${name} = ${literal};\n`;
}

// ---------------------------------------------------------------------------
// The three output files

async function x86_64Tables(): Promise<string> {
  const archMacros = toMacros(
    await readDefines(HEADERS.audit, HEADERS.elfEm, HEADERS.unistd),
  );
  const x32Bit = evaluateNumber("__X32_SYSCALL_BIT", archMacros);
  return [
    banner(
      [
        HEADERS.unistd64,
        HEADERS.unistd32,
        HEADERS.unistdX32,
        HEADERS.unistd,
        HEADERS.audit,
        HEADERS.elfEm,
      ],
      "System call numbers and audit architecture values for x86-64 Linux.",
    ),
    renderNames(
      jsdoc(
        [
          "x86-64 system call names by number (`__NR_*` in `<asm/unistd_64.h>`);",
          '`""` for numbers with no system call.',
        ],
        'X86_64_SYSCALL_NAMES[257] // "openat"',
      ),
      "X86_64_SYSCALL_NAMES",
      await syscallNames(HEADERS.unistd64),
    ),
    renderNames(
      jsdoc(
        [
          "i386 system call names by number (`__NR_*` in `<asm/unistd_32.h>`),",
          "used when a 64-bit program enters the kernel with `int 0x80`;",
          '`""` for numbers with no system call.',
        ],
        'I386_SYSCALL_NAMES[20] // "getpid"',
      ),
      "I386_SYSCALL_NAMES",
      await syscallNames(HEADERS.unistd32),
    ),
    renderNames(
      jsdoc(
        [
          "x32 system call names (`__NR_*` in `<asm/unistd_x32.h>`), indexed by",
          'the number without {@link X32_SYSCALL_BIT}; `""` for numbers with',
          "no system call. Numbers 512 and up are x32-specific entry points.",
        ],
        'X32_SYSCALL_NAMES[512] // "rt_sigaction"',
      ),
      "X32_SYSCALL_NAMES",
      await syscallNames(HEADERS.unistdX32, x32Bit),
    ),
    renderConst(
      jsdoc(
        [
          "`AUDIT_ARCH_X86_64` from `<linux/audit.h>`",
          "(`EM_X86_64 | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE`), the `arch` of",
          "`struct seccomp_data` and `PTRACE_GET_SYSCALL_INFO` for x86-64 calls.",
        ],
        "AUDIT_ARCH_X86_64 // 0xc000003e",
      ),
      "AUDIT_ARCH_X86_64",
      evaluateNumber("AUDIT_ARCH_X86_64", archMacros),
      true,
    ),
    renderConst(
      jsdoc(
        [
          "`AUDIT_ARCH_I386` from `<linux/audit.h>` (`EM_386 | __AUDIT_ARCH_LE`),",
          "the `arch` reported for i386 (`int 0x80`) system calls.",
        ],
        "AUDIT_ARCH_I386 // 0x40000003",
      ),
      "AUDIT_ARCH_I386",
      evaluateNumber("AUDIT_ARCH_I386", archMacros),
      true,
    ),
    renderConst(
      jsdoc(
        [
          "`__X32_SYSCALL_BIT` from `<asm/unistd.h>`: set in the system call",
          "number of x32 calls, which report `AUDIT_ARCH_X86_64` as their arch.",
        ],
        "(0x40000001 & X32_SYSCALL_BIT) !== 0 // true: x32 write",
      ),
      "X32_SYSCALL_BIT",
      x32Bit,
      true,
    ),
  ].join("\n");
}

/** Kernel-internal codes (ERESTARTSYS = 512, ...) if the header has them. */
async function restartCodes(macros: Macros): Promise<string> {
  const defines = await readDefines(HEADERS.linuxErrno);
  const codes = numbered(defines, /^E[A-Z0-9_]+$/, macros)
    .filter((e) => e.value >= 512);
  if (codes.length === 0) {
    return [
      `// The kernel-internal codes ERESTARTSYS (512), ERESTARTNOINTR,`,
      `// ERESTARTNOHAND, ENOIOCTLCMD, ERESTART_RESTARTBLOCK, ... are defined`,
      `// only in the kernel's own include/linux/errno.h; the user-space`,
      `// ${HEADERS.linuxErrno} does not define them, so they are left out.`,
      "",
    ].join("\n");
  }
  return codes.map((c) =>
    renderConst(
      jsdoc(
        [`\`${c.name}\` from \`<linux/errno.h>\`.`],
        `${c.name} // ${c.value}`,
      ),
      c.name,
      c.value,
    )
  ).join("\n");
}

async function errnoTables(): Promise<string> {
  const defines = await readDefines(HEADERS.errnoBase, HEADERS.errno);
  const macros = toMacros(defines);
  const names = namesByNumber(numbered(defines, /^E[A-Z0-9]+$/, macros));
  return [
    banner(
      [
        HEADERS.errnoBase,
        HEADERS.errno,
        HEADERS.linuxErrno,
        "libc.so.6 strerror()",
      ],
      "errno names and messages for Linux system call errors.",
    ),
    renderNames(
      jsdoc(
        [
          "errno names by number, from `<asm-generic/errno-base.h>` and",
          '`<asm-generic/errno.h>`; `""` where no name is defined. Aliases',
          "(EWOULDBLOCK = EAGAIN, EDEADLOCK = EDEADLK) give way to the primary name.",
        ],
        'ERRNO_NAMES[2] // "ENOENT"',
      ),
      "ERRNO_NAMES",
      names,
    ),
    renderNames(
      jsdoc(
        [
          "glibc's `strerror()` message for each errno number, in the C locale,",
          "as strace prints it after the errno name.",
        ],
        'ERRNO_MESSAGES[11] // "Resource temporarily unavailable"',
      ),
      "ERRNO_MESSAGES",
      strerrorMessages(names.length - 1),
    ),
    await restartCodes(macros),
  ].join("\n");
}

async function signalTables(): Promise<string> {
  const defines = await readDefines(HEADERS.signal);
  // x86's <asm/signal.h> defines SIGRTMAX as _NSIG but, in user space, leaves
  // _NSIG undefined; <asm-generic/signal.h> has the same value (64).
  const nsig = (await readDefines(HEADERS.genericSignal))
    .filter((d) => d.name === "_NSIG");
  const macros = toMacros([...defines, ...nsig]);
  const rtmin = evaluateNumber("SIGRTMIN", macros);
  const standard = numbered(defines, /^SIG[A-Z0-9]+$/, macros)
    .filter((e) => e.value >= 1 && e.value < rtmin);
  return [
    banner(
      [HEADERS.signal, HEADERS.genericSignal],
      "Signal names and numbers for x86-64 Linux.",
    ),
    renderNames(
      jsdoc(
        [
          "Standard signal names by number (1 to 31) from `<asm/signal.h>`;",
          'index 0 is `""`. Where names share a number the one strace prints',
          "is kept (SIGABRT, not SIGIOT; SIGIO, not SIGPOLL; SIGSYS, not",
          "SIGUNUSED). Numbers {@link SIGRTMIN_KERNEL} to {@link SIGNAL_COUNT}",
          "are real-time signals, which have no names here: callers name them",
          "(strace prints `SIGRTMIN`, `SIGRT_1`, ...).",
        ],
        'SIGNAL_NAMES[9] // "SIGKILL"',
      ),
      "SIGNAL_NAMES",
      namesByNumber(standard),
    ),
    renderConst(
      jsdoc(
        [
          "The kernel's first real-time signal (`SIGRTMIN` in `<asm/signal.h>`).",
          "glibc reserves the first few for itself, so its SIGRTMIN is higher.",
        ],
        "SIGRTMIN_KERNEL // 32",
      ),
      "SIGRTMIN_KERNEL",
      rtmin,
    ),
    renderConst(
      jsdoc(
        [
          "The highest signal number (`_NSIG`, which `<asm/signal.h>` uses as",
          "`SIGRTMAX`); signal numbers run from 1 to SIGNAL_COUNT.",
        ],
        "SIGNAL_COUNT // 64",
      ),
      "SIGNAL_COUNT",
      evaluateNumber("SIGRTMAX", macros),
    ),
  ].join("\n");
}

// ---------------------------------------------------------------------------
// Main

function parseOutDir(args: string[]): string {
  if (args.length === 0) return DEFAULT_OUT;
  const dir = args[0] === "--out" && args.length === 2
    ? args[1]
    : args.length === 1 && args[0].startsWith("--out=")
    ? args[0].slice("--out=".length)
    : undefined;
  if (!dir) throw new Error("usage: gen_tables.ts [--out DIR]");
  return dir;
}

async function main(args: string[]): Promise<void> {
  const out = parseOutDir(args);
  const names = ["x86_64_tables.ts", "errno_tables.ts", "signal_tables.ts"];
  const sources = await Promise.all(
    [x86_64Tables(), errnoTables(), signalTables()].map(async (source) =>
      format(await source)
    ),
  );
  await Deno.mkdir(out, { recursive: true });
  for (const [i, name] of names.entries()) {
    const path = `${out}/${name}`;
    await Deno.writeTextFile(path, sources[i]);
    console.log(`wrote ${path}`);
  }
}

if (import.meta.main) await main(Deno.args);
