import type { z } from 'zod';
import { zod } from './lazy-schema.js';
import { describeValue } from './describe-value.js';

/*
 * The lenient field builders every action schema shares (UI actions in action.ts, Office functions in
 * office-*.ts): models are sloppy in predictable ways (numbers as strings, "True", null for absent), and the
 * canonical output of each builder is a fixed point, so parsing a parsed action again changes nothing.
 * Call the builders only inside a lazy schema's build (lazy-schema.ts).
 */

export const got = (iss: { input?: unknown }): string => `got ${describeValue(iss.input)}`;

// ---- lenient coercions (input side only; each output is already canonical, so they are idempotent) ----

export const nullToUndefined = (v: unknown): unknown => (v === null ? undefined : v);
/** pywinauto/pyautogui treat "" like "not given" for click_input's pressed and drag's key_hold. */
export const blankToUndefined = (v: unknown): unknown =>
  v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v;

/** Matches what Python's float() accepts for plain decimal numbers, which is what UFO does to x, y, duration... */
export const NUMERIC_STRING = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
export const numericStringToNumber = (v: unknown): unknown =>
  typeof v === 'string' && v.length <= 64 && NUMERIC_STRING.test(v) ? Number(v) : v;

export const booleanStringToBoolean = (v: unknown): unknown => {
  if (typeof v !== 'string' || v.length > 8) return v;
  const s = v.trim().toLowerCase();
  return s === 'true' ? true : s === 'false' ? false : v;
};

/** A control id: a ref or a UFO label; a non-negative integer is accepted and turned into its decimal string. */
export const idToString = (v: unknown): unknown =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? String(v) : v;

export function boundedString(max: number, what: string) {
  const z = zod();
  return z
    .string({ error: (iss) => `expected ${what} (a string), ${got(iss)}` })
    .max(max, { error: (iss) => `expected ${what} of at most ${max} characters, ${describeLength(iss.input)}` });
}

export function describeLength(input: unknown): string {
  return typeof input === 'string' ? `got ${input.length} characters` : got({ input });
}

export function flag() {
  const z = zod();
  return z.preprocess(
    booleanStringToBoolean,
    z.boolean({ error: (iss) => `expected true or false, ${got(iss)}` }),
  );
}

export function finiteInRange(min: number, max: number, what = 'a number') {
  const z = zod();
  const message = (iss: { input?: unknown }) => `expected ${what} between ${min} and ${max}, ${got(iss)}`;
  return z.preprocess(
    numericStringToNumber,
    z.number({ error: message }).min(min, { error: message }).max(max, { error: message }),
  );
}

/** Drops keys whose value is undefined (an optional given as null), so the canonical form has no such keys. */
export function withoutUndefined<T extends Record<string, unknown>>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}

export function args<S extends z.core.$ZodLooseShape>(shape: S) {
  const z = zod();
  return z.strictObject(shape).transform(withoutUndefined);
}

