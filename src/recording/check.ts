/**
 * Checks a parsed JSON value against the event types of the recording
 * format: a known `type`, every required field present with the right
 * type, numbers that are safe integers, and no key that could reach an
 * object's prototype. Fields the format does not know are kept, so that a
 * reader accepts lines from a newer writer of the same format version.
 *
 * @module
 */

import type { RecordingEvent } from "./events.ts";

/**
 * Why a value is not an event; the reader adds the file and line and
 * turns it into a SystapeError.
 *
 * @example
 * ```ts
 * import { checkEvent, EventProblem } from "./check.ts";
 * try {
 *   checkEvent({ type: "teleport" });
 * } catch (error) {
 *   if (error instanceof EventProblem) console.log(error.message);
 * }
 * ```
 */
export class EventProblem extends Error {
  /** Creates the problem with its one-line description. */
  constructor(message: string) {
    super(message);
    this.name = "EventProblem";
  }
}

/** Describes what is wrong with a value, or returns null when it fits. */
type Check = (value: unknown) => string | null;

const MAX_WORD = 2n ** 64n;
const MIN_WORD = -(2n ** 63n);
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

const string: Check = (value) =>
  typeof value === "string" ? null : "should be a string";

const boolean: Check = (value) =>
  typeof value === "boolean" ? null : "should be true or false";

const integer: Check = (value) =>
  Number.isSafeInteger(value) ? null : "should be a safe integer";

const natural: Check = (value) =>
  Number.isSafeInteger(value) && (value as number) >= 0
    ? null
    : "should be a safe integer >= 0";

const id: Check = (value) =>
  Number.isSafeInteger(value) && (value as number) > 0
    ? null
    : "should be a positive integer";

/** A 64-bit value: a safe integer, or a decimal string within 64 bits. */
const word: Check = (value) => {
  if (Number.isSafeInteger(value)) return null;
  if (typeof value !== "string" || !/^-?[0-9]{1,20}$/.test(value)) {
    return "should be a safe integer or a decimal string";
  }
  const big = BigInt(value);
  return big >= MIN_WORD && big < MAX_WORD ? null : "is beyond 64 bits";
};

const nullable = (check: Check): Check => (value) =>
  value === null ? null : check(value);

const arrayOf = (check: Check, length?: number): Check => (value) => {
  if (!Array.isArray(value)) return "should be an array";
  if (length !== undefined && value.length !== length) {
    return `should have ${length} entries`;
  }
  for (let index = 0; index < value.length; index++) {
    const problem = check(value[index]);
    if (problem) return `[${index}] ${problem}`;
  }
  return null;
};

const oneOf = (...choices: unknown[]): Check => (value) =>
  choices.includes(value)
    ? null
    : `should be one of ${choices.map((c) => JSON.stringify(c)).join(", ")}`;

const object = (fields: Fields): Check => (value) => {
  if (!isPlainObject(value)) return "should be an object";
  return checkFields(value, fields);
};

/** A field's check; optional fields may be absent but not null. */
type Fields = Record<string, Check | { optional: Check }>;

const THREAD_EVENT = { t: natural, pid: id, tid: id };

const SCHEMAS: Record<RecordingEvent["type"], Fields> = {
  header: {
    format: string,
    tool: object({ name: string, version: string }),
    argv: arrayOf(string),
    cwd: string,
    arch: string,
    kernel: string,
    selection: (value) => value === "all" ? null : arrayOf(string)(value),
    start: string,
    env: arrayOf(string),
    redacted: arrayOf(string),
  },
  syscall: {
    ...THREAD_EVENT,
    name: string,
    // syscall(-1) and other negative numbers are real calls (ENOSYS).
    nr: integer,
    abi: { optional: string },
    args: arrayOf(word, 6),
    ret: nullable(word),
    errno: nullable(string),
    dur: nullable(natural),
    unfinished: { optional: oneOf(true) },
    decoded: {
      optional: (value) =>
        isPlainObject(value)
          ? arrayOf(() => null)(value.args)
          : "should be an object",
    },
  },
  spawn: {
    ...THREAD_EVENT,
    kind: oneOf("fork", "vfork", "clone", "thread"),
    child: id,
    childPid: id,
  },
  exec: {
    ...THREAD_EVENT,
    filename: nullable(string),
    exe: nullable(string),
    formerTid: { optional: id },
  },
  signal: {
    ...THREAD_EVENT,
    signal: string,
    signo: natural,
    code: integer,
    sender: nullable(integer),
  },
  stop: { ...THREAD_EVENT, signal: string },
  continue: { ...THREAD_EVENT },
  exit: {
    ...THREAD_EVENT,
    process: boolean,
    code: nullable(integer),
    signal: nullable(string),
    core: boolean,
  },
  end: {
    t: natural,
    code: nullable(integer),
    signal: nullable(string),
    exitStatus: natural,
    syscalls: natural,
    reason: { optional: string },
  },
};

/**
 * Returns `value` typed as an event when it is one; throws an
 * {@linkcode EventProblem} describing the first thing wrong otherwise.
 *
 * @example
 * ```ts
 * import { checkEvent } from "./check.ts";
 * const event = checkEvent({ type: "continue", t: 5, pid: 7, tid: 7 });
 * // event.type === "continue"
 * ```
 */
export function checkEvent(value: unknown): RecordingEvent {
  if (!isPlainObject(value)) {
    throw new EventProblem(`not an object but ${describeType(value)}`);
  }
  const forbidden = findForbiddenKey(value);
  if (forbidden) throw new EventProblem(`forbidden key "${forbidden}"`);

  const type = value.type;
  if (typeof type !== "string") {
    throw new EventProblem('no "type" field naming the event');
  }
  if (!Object.hasOwn(SCHEMAS, type)) {
    throw new EventProblem(`unknown event type ${quote(type)}`);
  }
  const problem = checkFields(value, SCHEMAS[type as RecordingEvent["type"]]);
  if (problem) throw new EventProblem(`${type} event: ${problem}`);
  return value as unknown as RecordingEvent;
}

function checkFields(
  value: Record<string, unknown>,
  fields: Fields,
): string | null {
  for (const [name, field] of Object.entries(fields)) {
    const optional = typeof field === "object";
    const check = typeof field === "object" ? field.optional : field;
    if (!Object.hasOwn(value, name)) {
      if (optional) continue;
      return `missing field "${name}"`;
    }
    const problem = check(value[name]);
    if (problem) return `field "${name}" ${problem}`;
  }
  return null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * JSON.parse makes `__proto__` an own key rather than setting the
 * prototype, but code that copies the object later (spread, assign) would
 * not; such keys have no place in a recording, so they are refused. The
 * walk is bounded: the reader refuses deeply nested lines before parsing.
 */
function findForbiddenKey(value: unknown): string | null {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findForbiddenKey(item);
      if (found) return found;
    }
    return null;
  }
  if (!isPlainObject(value)) return null;

  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return key;
    const found = findForbiddenKey(value[key]);
    if (found) return found;
  }
  return null;
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
