import type { OfficeApp, OfficeCheck, OfficeDocumentInfo, OfficeSuite } from '../model/office.js';
import type { OfficeConnection, OfficeObject } from './office-bridge.js';

/*
 * How an Office function is written (docs/OFFICE.md): once per app, against OpenDocument, with the suite's
 * difference inside the app's own document interface (lib/office/<app>/: a UNO implementation for
 * LibreOffice and a COM one for Microsoft Office). The runner (office-runner.ts) validates the arguments with
 * the function's zod schema before anything reaches the suite, runs it, and turns its outcome into an
 * ActionResult: verified when every check holds, unverified when one does not.
 */

/** A document open in a suite session: what a function acts on. */
export interface OpenDocument {
  readonly app: OfficeApp;
  readonly suite: OfficeSuite;
  readonly connection: OfficeConnection;
  /** UNO: the document component (XModel); COM: the Document / Workbook / Presentation. */
  readonly document: OfficeObject;
  /** UNO: the Desktop; COM: the Application. */
  readonly application: OfficeObject;
  /** Opened by the bridge hidden (no window) rather than attached to one a user sees. */
  readonly hidden: boolean;
  info(): Promise<OfficeDocumentInfo>;
}

/** What a function's run returns; the runner adds timing, the verdict and the document. */
export interface OfficeOutcome {
  /** The suite calls that did it, e.g. "UNO XTextRange CharWeight/CharHeight" or "COM Selection.Font". */
  method: string;
  /** What the function gives the model back (table2markdown's table, get_range_values' rows, a path). */
  result?: unknown;
  /** In words, what the read-back looked for ("paragraph 1 bold at 16 pt"). */
  expected: string;
  /** The facts read back; all must hold for "verified". Read-only functions check what they read. */
  checks: OfficeCheck[];
  warning?: string;
}

export interface OfficeFunctionSpec<Args = never> {
  readonly app: OfficeApp;
  /** UFO's name (insert_table, set_font, ...) or the bridge's own (add_slide, set_cell_value, ...). */
  readonly name: string;
  /** Changes the document (false: select_*, get_range_values, table2markdown). */
  readonly mutates: boolean;
  /** Validates and canonicalizes the arguments; throws nothing itself (the runner formats the issues). */
  readonly schema: { safeParse(input: unknown): { success: true; data: Args } | { success: false; error: { issues: readonly unknown[] } } };
  run(document: OpenDocument, args: Args): Promise<OfficeOutcome>;
}

/** A check, built in one place so that `ok` always means the same comparison. */
export function check(what: string, expected: unknown, actual: unknown, ok: boolean = sameValue(expected, actual)): OfficeCheck {
  return { what, expected, actual, ok };
}

/** Deep equality of JSON-like values; numbers within 1e-9 relative (a suite's double round trip). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

/** A spec of any argument type, for lists (run is a method, so a spec's own Args stay checked where it is written). */
export type AnyOfficeFunction = OfficeFunctionSpec<any>;
