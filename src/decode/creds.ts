/**
 * Capability sets of capget(2) and capset(2): the header
 * (`{version=_LINUX_CAPABILITY_VERSION_3, pid=0}`) and the effective,
 * permitted and inheritable sets as strace shows them,
 * `1<<CAP_CHOWN|1<<CAP_KILL`. Layouts from `<linux/capability.h>`.
 *
 * @module
 */

import type { DecodedValue } from "../recording/events.ts";
import type { Call } from "./call.ts";
import { type Kind, kind } from "./kinds.ts";
import { readStruct } from "./memory.ts";
import { xlatName, xval } from "./xlat.ts";
import { CAPABILITIES, CAPABILITY_VERSIONS } from "./xlat_tables.ts";

const VERSION_1 = 0x19980330;

/**
 * A capability set of up to 64 bits, as strace shows it.
 *
 * @example
 * ```ts
 * import { capabilitySetText } from "./creds.ts";
 * capabilitySetText(0b101n); // "1<<CAP_CHOWN|1<<CAP_DAC_READ_SEARCH"
 * capabilitySetText(0n); // "0"
 * ```
 */
export function capabilitySetText(set: bigint): string {
  const names: string[] = [];
  for (let bit = 0; bit < 64; bit++) {
    if ((set >> BigInt(bit)) & 1n) {
      names.push(`1<<${xlatName(CAPABILITIES, bit) ?? bit}`);
    }
  }
  return names.length ? names.join("|") : "0";
}

/**
 * capget's and capset's header, read at entry.
 *
 * @example
 * What it shows:
 * ```ts
 * import { CAP_HEADER } from "./creds.ts";
 * CAP_HEADER; // {version=_LINUX_CAPABILITY_VERSION_3, pid=0}
 * ```
 */
export const CAP_HEADER: Kind = kind((call, i) => {
  const view = readStruct(call.tid, call.address(i), 8);
  if (!view) return call.pointer(i);
  call.notes.capVersion = view.getUint32(0, true);
  return {
    struct: {
      version: xval(
        CAPABILITY_VERSIONS,
        view.getUint32(0, true),
        "_LINUX_CAPABILITY_VERSION_???",
      ),
      pid: view.getInt32(4, true),
    },
  };
});

function capData(call: Call, i: number): DecodedValue {
  if (call.address(i) === 0) return "NULL";
  // Version 1 has one 32-bit struct; versions 2 and 3 two, low bits first.
  const count = call.notes.capVersion === VERSION_1 ? 1 : 2;
  const view = readStruct(call.tid, call.address(i), count * 12);
  if (!view) return call.pointer(i);

  const set = (offset: number) => {
    let bits = BigInt(view.getUint32(offset, true));
    if (count === 2) bits |= BigInt(view.getUint32(12 + offset, true)) << 32n;
    return capabilitySetText(bits);
  };
  return {
    struct: { effective: set(0), permitted: set(4), inheritable: set(8) },
  };
}

/**
 * capset's sets, read at entry.
 *
 * @example
 * What it shows:
 * ```ts
 * import { CAP_DATA_IN } from "./creds.ts";
 * CAP_DATA_IN; // {effective=1<<CAP_KILL, permitted=1<<CAP_KILL, inheritable=0}
 * ```
 */
export const CAP_DATA_IN: Kind = kind(capData);

/**
 * capget's sets, read at exit.
 *
 * @example
 * What it shows:
 * ```ts
 * import { CAP_DATA_OUT } from "./creds.ts";
 * CAP_DATA_OUT; // {effective=1<<CAP_CHOWN|1<<CAP_KILL, permitted=1<<CAP_CHOWN|1<<CAP_KILL, inheritable=0}
 * ```
 */
export const CAP_DATA_OUT: Kind = kind(capData, { out: true });
