import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractJsonObject } from '../../lib/act/lenient-json.js';
import { detectShape, parseModelResponse } from '../../lib/agent/parse-response.js';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/model-responses');

interface Expected {
  ok: boolean;
  shape?: string;
  stage?: string;
  /** Subset the validated response must match. */
  fields?: Record<string, unknown>;
  /** Number of actions (ActionList / action list). */
  count?: number;
  /** Repairs that must have been applied (exact list when empty). */
  repairs?: string[];
  errorIncludes?: string[];
}

const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<string, Expected>;

describe('model response corpus', () => {
  it('has at least 25 cases, each with an expectation', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.txt')).sort();
    expect(files.length).toBeGreaterThanOrEqual(25);
    expect(Object.keys(expected).sort()).toEqual(files);
  });

  for (const [file, exp] of Object.entries(expected)) {
    it(`${file}: ${exp.ok ? `parses as ${exp.shape}` : `fails at ${exp.stage}`}`, () => {
      const text = readFileSync(join(DIR, file), 'utf8');
      const r = parseModelResponse(text);
      if (exp.ok) {
        if (!r.ok) throw new Error(`expected success, got: ${r.error}`);
        expect(r.shape).toBe(exp.shape);
        if (exp.fields) expect(r.response).toMatchObject(exp.fields);
        if (exp.count !== undefined) {
          const list = r.shape === 'ufo-v1-list' ? (r.response as { ActionList: unknown[] }).ActionList : (r.response as { action: unknown[] }).action;
          expect(list.length).toBe(exp.count);
        }
        if (exp.repairs) {
          if (exp.repairs.length === 0) expect(r.repairs).toEqual([]);
          else for (const rep of exp.repairs) expect(r.repairs).toContain(rep);
        }
      } else {
        if (r.ok) throw new Error(`expected failure, got ${r.shape}: ${JSON.stringify(r.response)}`);
        expect(r.stage).toBe(exp.stage);
        // Worded to be sent back to the model as is.
        expect(r.error.startsWith('Your previous answer could not be used: ')).toBe(true);
        expect(r.error).toContain('Expected a JSON object like {');
        expect(r.error.endsWith('Reply with only the corrected JSON object, without code fences or other text.')).toBe(true);
        for (const s of exp.errorIncludes ?? []) expect(r.error).toContain(s);
      }
    });
  }
});

describe('parseModelResponse details', () => {
  it('fills UFO defaults: missing ControlLabel/ControlText become "", missing Args {}', () => {
    const r = parseModelResponse('{"Observation": "o", "Thought": "t", "Function": "wait", "Status": "CONTINUE"}');
    expect(r.ok && r.response).toMatchObject({ ControlLabel: '', ControlText: '', Args: {} });
  });

  it('keeps extra fields', () => {
    const r = parseModelResponse('{"observation": "o", "thought": "t", "action": null, "questions": ["Which file?"]}');
    expect(r.ok && r.response).toMatchObject({ questions: ['Which file?'] });
  });

  it('rejects an answer in the other generation when a shape is expected', () => {
    const v1 = '{"Observation": "o", "Thought": "t", "Function": "", "Args": {}, "Status": "FINISH"}';
    expect(parseModelResponse(v1, { expect: 'ufo-v1-any' }).ok).toBe(true);
    const r = parseModelResponse(v1, { expect: 'ufo-any' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.stage).toBe('shape');
      expect(r.error).toContain('uses the ufo-v1 field names, but this step expects the ufo-any format');
      expect(r.error).toContain('"observation"');
    }
  });

  it('wraps a lone plan string of the newest shape into a list', () => {
    const r = parseModelResponse('{"observation": "o", "thought": "t", "plan": "<FINISH>"}');
    expect(r.ok && r.response).toMatchObject({ plan: ['<FINISH>'] });
  });

  it('requires at least one action in an ActionList', () => {
    const r = parseModelResponse('{"Observation": "o", "Thought": "t", "ActionList": []}');
    expect(!r.ok && r.error).toContain('"ActionList" must contain at least one action');
  });

  it('points at the failing action in a list', () => {
    const r = parseModelResponse('{"Observation": "o", "Thought": "t", "ActionList": [{"Function": "a", "Args": {}, "Status": "CONTINUE"}, {"Function": "b", "Args": {}, "Status": "NEXT"}]}');
    expect(!r.ok && r.error).toContain('"ActionList[1].Status" is the string "NEXT"');
  });

  it('limits the number of reported problems', () => {
    const r = parseModelResponse('{"Observation": 1, "Thought": 2, "ControlLabel": [], "ControlText": 3, "Function": 4, "Args": 5, "Status": 6, "Plan": 7}');
    expect(!r.ok && r.error).toMatch(/and \d+ more problems/);
  });
});

describe('extractJsonObject', () => {
  it('takes an exact JSON object without repairs', () => {
    expect(extractJsonObject('{"a": 1}')).toEqual({ ok: true, value: { a: 1 }, repairs: [] });
  });

  it('quotes bare keys and drops comments', () => {
    const r = extractJsonObject('{Observation: "x", // note\n Status: "FINISH"}');
    expect(r).toMatchObject({ ok: true, value: { Observation: 'x', Status: 'FINISH' } });
  });

  it('keeps numbers with exponents and negative values', () => {
    expect(extractJsonObject("{'wheel_dist': -5, 'x': 1e-3, 'y': .5}")).toMatchObject({ ok: true, value: { wheel_dist: -5, x: 0.001, y: 0.5 } });
  });

  it('handles apostrophes inside single-quoted strings and backslash paths', () => {
    expect(extractJsonObject("{'Thought': 'It's the user's file', 'Status': 'FINISH'}"))
      .toMatchObject({ ok: true, value: { Thought: "It's the user's file" } });
    expect(extractJsonObject('{"p": "C:\\users\\x"}')).toMatchObject({ ok: true, value: { p: 'C:\\users\\x' } });
  });

  it('reports an unterminated fence as truncated', () => {
    expect(extractJsonObject('```json\n{"a": [1, 2')).toMatchObject({ ok: false, kind: 'truncated' });
  });

  it('prefers the object the caller accepts', () => {
    const text = 'Control: {"label": "1"} Answer: {"Observation": "o"}';
    expect(extractJsonObject(text, (o) => detectShape(o) !== null)).toMatchObject({ ok: true, value: { Observation: 'o' } });
    expect(extractJsonObject(text)).toMatchObject({ ok: true, value: { label: '1' } });
  });

  it('returns any JSON object unchanged, bare, pretty-printed, fenced or in prose', () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.constantFrom('bare', 'pretty', 'fenced', 'prose'), (obj, style) => {
      const json = JSON.stringify(obj, null, style === 'pretty' ? 2 : undefined);
      const text = style === 'fenced' ? '```json\n' + json + '\n```' : style === 'prose' ? 'Answer: ' + json + ' (done)' : json;
      const r = extractJsonObject(text);
      expect(r.ok && r.value).toEqual(JSON.parse(json));
    }), { numRuns: 300 });
  });
});
