/**
 * Compiles a syscall selection into a seccomp-BPF program that stops the
 * tracee (SECCOMP_RET_TRACE) only for the selected syscalls and lets every
 * other syscall run at full speed (SECCOMP_RET_ALLOW).
 *
 * The syscall number is matched by a binary search over the ranges of
 * selected numbers, so a filter for any selection runs about log2(ranges)
 * comparisons per syscall instead of one per selected name.
 *
 * @module
 */

import { SECCOMP } from "../libc/constants.ts";
import {
  type Instruction,
  jump,
  jumpIfAnyBit,
  jumpIfAtLeast,
  jumpIfEqual,
  load,
  MAX_CONDITIONAL_JUMP,
  returnValue,
} from "./bpf.ts";

/** SECCOMP_RET_DATA of a stop for a syscall the user selected. */
export const DATA_SELECTED = 1;
/**
 * SECCOMP_RET_DATA of a stop the tracer needs for its own bookkeeping but the
 * user did not select (execve, so that a failed launch is seen): the tracer
 * follows it but records nothing.
 */
export const DATA_BOOKKEEPING = 2;

/** Which syscalls of one ABI stop, and why. */
export interface AbiRules {
  /** The numbers that stop and are recorded, or "all" for every number. */
  selected: ReadonlySet<number> | "all";
  /** Numbers that stop only for the tracer's bookkeeping. */
  bookkeeping: ReadonlySet<number>;
}

/** The rules of one audit architecture. */
export interface ArchRules {
  /** AUDIT_ARCH_* value as seccomp_data.arch holds it. */
  auditArch: number;
  /** Rules for numbers without `splitBit`. */
  rules: AbiRules;
  /**
   * A second ABI sharing the audit arch, told apart by a bit in the syscall
   * number (x32 on x86_64): its rules, for numbers that carry the bit.
   */
  split?: { bit: number; rules: AbiRules };
}

const OFFSET_NR = 0;
const OFFSET_ARCH = 4;
const ALLOW = SECCOMP.RET_ALLOW;
const TRACE_SELECTED = SECCOMP.RET_TRACE | DATA_SELECTED;
const TRACE_BOOKKEEPING = SECCOMP.RET_TRACE | DATA_BOOKKEEPING;
const NUMBER_LIMIT = 2 ** 32;

/**
 * Builds the filter program for the given architectures. A syscall made
 * under an architecture that is not listed stops as selected, so that no
 * syscall is silently hidden from the recording.
 *
 * @example Stop only on openat (257) of x86_64
 * ```ts
 * import { compileFilter } from "./filter.ts";
 * const program = compileFilter([{
 *   auditArch: 0xc000003e,
 *   rules: { selected: new Set([257]), bookkeeping: new Set([59]) },
 * }]);
 * ```
 */
export function compileFilter(arches: readonly ArchRules[]): Instruction[] {
  const blocks = arches.map(compileArch);
  const program: Instruction[] = [load(OFFSET_ARCH)];

  // Per arch a test and a long jump to its block (blocks can be longer than
  // a conditional jump reaches), then the fallback return, then the blocks.
  let blocksBefore = 0;
  arches.forEach((arch, index) => {
    const pairsAfter = arches.length - index - 1;
    program.push(jumpIfEqual(arch.auditArch, 0, 1));
    program.push(jump(pairsAfter * 2 + 1 + blocksBefore));
    blocksBefore += blocks[index].length;
  });
  program.push(returnValue(TRACE_SELECTED));
  for (const block of blocks) program.push(...block);
  return program;
}

function compileArch(arch: ArchRules): Instruction[] {
  const main = compileRules(arch.rules);
  if (!arch.split) return [load(OFFSET_NR), ...main];

  const split = compileRules(arch.split.rules);
  return [
    load(OFFSET_NR),
    ...conditional(jumpIfAnyBit, arch.split.bit, main.length),
    ...main,
    ...split,
  ];
}

/**
 * `if (A op k) skip distance`, as one conditional jump when it reaches, else
 * as a conditional hop onto an unconditional jump.
 */
function conditional(
  make: (k: number, jt: number, jf: number) => Instruction,
  k: number,
  distance: number,
): Instruction[] {
  if (distance <= MAX_CONDITIONAL_JUMP) return [make(k, distance, 0)];
  return [make(k, 0, 1), jump(distance)];
}

function compileRules(rules: AbiRules): Instruction[] {
  if (rules.selected === "all") return [returnValue(TRACE_SELECTED)];

  return compileSegments(segmentsOf(rules.selected, rules.bookkeeping));
}

/** A run of numbers from `start` up to the next segment's start, one verdict. */
interface Segment {
  start: number;
  verdict: number;
}

function segmentsOf(
  selected: ReadonlySet<number>,
  bookkeeping: ReadonlySet<number>,
): Segment[] {
  const verdicts = new Map<number, number>();
  for (const nr of bookkeeping) verdicts.set(nr >>> 0, TRACE_BOOKKEEPING);
  for (const nr of selected) verdicts.set(nr >>> 0, TRACE_SELECTED);

  const segments: Segment[] = [{ start: 0, verdict: ALLOW }];
  for (const nr of [...verdicts.keys()].sort((a, b) => a - b)) {
    appendSegment(segments, nr, verdicts.get(nr)!);
    if (nr + 1 < NUMBER_LIMIT) appendSegment(segments, nr + 1, ALLOW);
  }
  return segments;
}

function appendSegment(segments: Segment[], start: number, verdict: number) {
  const last = segments[segments.length - 1];
  if (last.start === start) last.verdict = verdict;
  else if (last.verdict !== verdict) segments.push({ start, verdict });

  // Overwriting a placeholder can make two neighbours agree: merge them.
  const [before, after] = segments.slice(-2);
  if (segments.length > 1 && before.verdict === after.verdict) segments.pop();
}

/** A binary search over the segments; each leaf returns its verdict. */
function compileSegments(segments: readonly Segment[]): Instruction[] {
  if (segments.length === 1) return [returnValue(segments[0].verdict)];

  const middle = segments.length >> 1;
  const below = compileSegments(segments.slice(0, middle));
  const above = compileSegments(segments.slice(middle));
  const test = conditional(jumpIfAtLeast, segments[middle].start, below.length);
  return [...test, ...below, ...above];
}
