import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ActionResult } from '../../lib/model/action-result.js';
import { check, type AnyOfficeFunction, type OpenDocument } from '../../lib/office/office-function.js';
import { runOfficeFunction, runOfficeSequence, type OfficeRegistry } from '../../lib/office/office-runner.js';

/*
 * The runner's own logic (lookup, validation before the suite, verdicts, stopping a list) on a registry of
 * double functions over a double document: the real functions and suites are tested in test/office/.
 */

function doubleDocument(): OpenDocument & { cells: Record<string, number> } {
  const cells: Record<string, number> = {};
  return {
    app: 'excel',
    suite: 'uno',
    connection: null as never,
    document: null as never,
    application: null as never,
    hidden: true,
    cells,
    info: async () => ({ app: 'excel', suite: 'uno', title: 'double.xlsx', path: '/tmp/double.xlsx' }),
  };
}

type Doc = ReturnType<typeof doubleDocument>;

const setCell: AnyOfficeFunction = {
  app: 'excel',
  name: 'set_cell_double',
  mutates: true,
  schema: z.object({ cell: z.string().regex(/^[A-Z]+\d+$/, 'expected a cell like A1'), value: z.number(), lie: z.boolean().default(false) }).strict(),
  async run(doc: Doc, args: { cell: string; value: number; lie: boolean }) {
    doc.cells[args.cell] = args.value;
    const actual = args.lie ? args.value + 1 : doc.cells[args.cell];
    return { method: 'double setValue', expected: `${args.cell} = ${args.value}`, checks: [check(`${args.cell} value`, args.value, actual)], result: actual };
  },
};
const explode: AnyOfficeFunction = {
  app: 'excel',
  name: 'explode_double',
  mutates: true,
  schema: z.object({}).strict(),
  async run() {
    throw new Error('the double blew up');
  },
};
const registry: OfficeRegistry = { word: [], powerpoint: [], excel: [setCell, explode] };

describe('office runner', () => {
  it('gives a verified ActionResult with the checks as evidence and the document', async () => {
    const doc = doubleDocument();
    const r = await runOfficeFunction(doc, 'set_cell_double', { cell: 'B2', value: 5 }, { registry });
    expect(ActionResult.parse(r)).toBeTruthy();
    expect(r).toMatchObject({
      ok: true,
      verdict: 'verified',
      function: 'set_cell_double',
      target: null,
      method: 'double setValue',
      result: 5,
      evidence: { before: null, after: null, changes: [], expected: 'B2 = 5', checks: [{ what: 'B2 value', expected: 5, actual: 5, ok: true }] },
      document: { title: 'double.xlsx', path: '/tmp/double.xlsx' },
    });
  });

  it('is unverified when a check does not hold', async () => {
    const r = await runOfficeFunction(doubleDocument(), 'set_cell_double', { cell: 'B2', value: 5, lie: true }, { registry });
    expect(r).toMatchObject({ ok: true, verdict: 'unverified' });
  });

  it('refuses an unknown function with the list and a suggestion, and bad args before running', async () => {
    const doc = doubleDocument();
    const unknown = await runOfficeFunction(doc, 'set_cel_double', {}, { registry });
    expect(unknown).toMatchObject({ ok: false, verdict: 'failed', error: { code: 'INVALID_ARGUMENT' } });
    expect(unknown.error?.message).toContain('did you mean set_cell_double?');
    expect(unknown.error?.message).toContain('set_cell_double, explode_double');
    const bad = await runOfficeFunction(doc, 'set_cell_double', { cell: 'nowhere', value: 'x', extra: 1 }, { registry });
    expect(bad.error?.code).toBe('INVALID_ARGUMENT');
    expect(bad.error?.message).toMatch(/args\.cell: expected a cell like A1/);
    expect(bad.error?.message).toMatch(/args\.value/);
    expect(bad.error?.message).toMatch(/unknown argument "extra"; excel set_cell_double takes cell, value, lie/);
    expect(doc.cells).toEqual({});
  });

  it('turns a throw into a failed result', async () => {
    const r = await runOfficeFunction(doubleDocument(), 'explode_double', {}, { registry });
    expect(r).toMatchObject({ ok: false, verdict: 'failed', error: { code: 'INTERNAL', message: 'the double blew up' } });
  });

  it('runs a list in order, validates all of it first, and stops at the first failure', async () => {
    const doc = doubleDocument();
    const ok = await runOfficeSequence(doc, [{ function: 'set_cell_double', args: { cell: 'A1', value: 1 } }, { function: 'set_cell_double', args: { cell: 'A2', value: 2 } }], { registry });
    expect(ok.map((r) => r.verdict)).toEqual(['verified', 'verified']);
    const badLater = doubleDocument();
    const v = await runOfficeSequence(badLater, [{ function: 'set_cell_double', args: { cell: 'A1', value: 1 } }, { function: 'set_cell_double', args: { cell: '?' } }], { registry });
    expect(v).toHaveLength(1);
    expect(v[0]?.error?.message).toMatch(/^actions\[1\]: /);
    expect(badLater.cells).toEqual({});
    const stops = doubleDocument();
    const s = await runOfficeSequence(stops, [{ function: 'set_cell_double', args: { cell: 'A1', value: 1 } }, { function: 'explode_double' }, { function: 'set_cell_double', args: { cell: 'A3', value: 3 } }], { registry });
    expect(s.map((r) => r.verdict)).toEqual(['verified', 'failed']);
    expect(stops.cells).toEqual({ A1: 1 });
  });
});
