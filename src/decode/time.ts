/**
 * Time structures: `struct timespec`, `struct timeval`, `struct rusage`
 * and `struct itimerspec`, x86_64 layouts (`<linux/time_types.h>`,
 * `<linux/time.h>`, `<linux/resource.h>`).
 *
 * @module
 */

import type { DecodedStruct, DecodedValue } from "../recording/events.ts";
import type { Call } from "./call.ts";
import { type Kind, kind } from "./kinds.ts";
import { readStruct } from "./memory.ts";

/**
 * `{tv_sec=1, tv_nsec=500}` from 16 bytes at `offset` of `view`.
 *
 * @example
 * ```ts
 * import { timespecAt } from "./time.ts";
 * timespecAt(new DataView(new ArrayBuffer(16)), 0);
 * // { struct: { tv_sec: 0, tv_nsec: 0 } }
 * ```
 */
export function timespecAt(view: DataView, offset: number): DecodedStruct {
  return {
    struct: {
      tv_sec: long(view, offset),
      tv_nsec: long(view, offset + 8),
    },
  };
}

/**
 * `{tv_sec=1, tv_usec=500}` from 16 bytes at `offset` of `view`.
 *
 * @example
 * ```ts
 * import { timevalAt } from "./time.ts";
 * timevalAt(new DataView(new ArrayBuffer(16)), 0);
 * // { struct: { tv_sec: 0, tv_usec: 0 } }
 * ```
 */
export function timevalAt(view: DataView, offset: number): DecodedStruct {
  return {
    struct: {
      tv_sec: long(view, offset),
      tv_usec: long(view, offset + 8),
    },
  };
}

function long(view: DataView, offset: number): number | string {
  const value = view.getBigInt64(offset, true);
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : value.toString();
}

function readWith(
  call: Call,
  i: number,
  size: number,
  decode: (view: DataView) => DecodedValue,
): DecodedValue {
  if (call.address(i) === 0) return "NULL";
  const view = readStruct(call.tid, call.address(i), size);
  return view ? decode(view) : call.pointer(i);
}

/**
 * A struct timespec read at entry (nanosleep's request, a timeout).
 *
 * @example
 * What it shows as nanosleep's request:
 * ```ts
 * import { TIMESPEC } from "./time.ts";
 * TIMESPEC; // {tv_sec=1, tv_nsec=0}
 * ```
 */
export const TIMESPEC: Kind = kind(
  (call, i) => readWith(call, i, 16, (view) => timespecAt(view, 0)),
  { layout: true },
);

/**
 * A struct timespec filled by the call (clock_gettime).
 *
 * @example
 * What it shows as clock_gettime's time:
 * ```ts
 * import { TIMESPEC_OUT } from "./time.ts";
 * TIMESPEC_OUT; // {tv_sec=1700000000, tv_nsec=1234}
 * ```
 */
export const TIMESPEC_OUT: Kind = kind(
  (call, i) => readWith(call, i, 16, (view) => timespecAt(view, 0)),
  { out: true, layout: true },
);

/**
 * Two struct timespec read at entry (utimensat's times).
 *
 * @example
 * What it shows as utimensat's times:
 * ```ts
 * import { TIMESPEC_PAIR } from "./time.ts";
 * TIMESPEC_PAIR; // [{tv_sec=0, tv_nsec=0}, {tv_sec=0, tv_nsec=0}]
 * ```
 */
export const TIMESPEC_PAIR: Kind = kind(
  (call, i) =>
    readWith(
      call,
      i,
      32,
      (view) => [timespecAt(view, 0), timespecAt(view, 16)],
    ),
  { layout: true },
);

/**
 * A struct timeval filled by the call (gettimeofday).
 *
 * @example
 * What it shows as gettimeofday's time:
 * ```ts
 * import { TIMEVAL_OUT } from "./time.ts";
 * TIMEVAL_OUT; // {tv_sec=1700000000, tv_usec=1234}
 * ```
 */
export const TIMEVAL_OUT: Kind = kind(
  (call, i) => readWith(call, i, 16, (view) => timevalAt(view, 0)),
  { out: true, layout: true },
);

/**
 * A struct itimerspec read at entry (timerfd_settime's new value).
 *
 * @example
 * What it shows as timerfd_settime's value:
 * ```ts
 * import { ITIMERSPEC } from "./time.ts";
 * ITIMERSPEC; // {it_interval={tv_sec=0, tv_nsec=0}, it_value={tv_sec=1, tv_nsec=0}}
 * ```
 */
export const ITIMERSPEC: Kind = kind(
  (call, i) =>
    readWith(call, i, 32, (view) => ({
      struct: {
        it_interval: timespecAt(view, 0),
        it_value: timespecAt(view, 16),
      },
    })),
  { layout: true },
);

/**
 * A struct rusage filled by the call: the times, then `...`.
 *
 * @example
 * What it shows as wait4's usage:
 * ```ts
 * import { RUSAGE_OUT } from "./time.ts";
 * RUSAGE_OUT; // {ru_utime={tv_sec=0, tv_usec=812}, ru_stime={tv_sec=0, tv_usec=0}, ...}
 * ```
 */
export const RUSAGE_OUT: Kind = kind(
  (call, i) =>
    readWith(call, i, 144, (view) => ({
      struct: {
        ru_utime: timevalAt(view, 0),
        ru_stime: timevalAt(view, 16),
      },
      more: true,
    })),
  { out: true, layout: true },
);
