import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lamb } from '../helpers/cli.js';

/*
 * `lamb office` as a script runs it: the compiled CLI on real .docx/.xlsx files in a real headless LibreOffice,
 * the saved files read back by python-docx / openpyxl; bad input exits 2 and leaves the file byte-identical.
 */

const PY = '/usr/bin/python3';
let dir: string;
let docx: string;
let xlsx: string;

function py(code: string, ...args: string[]): string {
  return execFileSync(PY, ['-c', code, ...args], { encoding: 'utf8' }).trim();
}
function lines(stdout: string): Record<string, unknown>[] {
  return stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lamb-office-cli-'));
  docx = join(dir, 'report.docx');
  py('import docx,sys; d=docx.Document(); d.add_paragraph("Quarterly report"); d.add_paragraph("Sales grew in every region."); d.save(sys.argv[1])', docx);
  xlsx = join(dir, 'sales.xlsx');
  py(
    'import openpyxl,sys; w=openpyxl.Workbook(); s=w.active; s.title="Sales"\n' +
      'for i,(m,v) in enumerate([("Oct",120),("Nov",150),("Dec",90)], start=1): s.cell(i,1,m); s.cell(i,2,v)\n' +
      'w.save(sys.argv[1])',
    xlsx,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lamb office (real LibreOffice)', () => {
  it('makes the title of a .docx bold at 16 pt and saves it as .docx (exit 0, verified)', { timeout: 120_000 }, async () => {
    const r = await lamb(['office', 'word', 'set_font', '{"target":"title","bold":true,"font_size":16}', '--file', docx], { timeoutMs: 110_000 });
    expect(r.stderr).toContain(`saved ${docx}`);
    expect(r.code).toBe(0);
    const [result] = lines(r.stdout);
    expect(result).toMatchObject({ ok: true, verdict: 'verified', function: 'set_font', document: { app: 'word', suite: 'uno', title: 'report.docx', path: docx } });
    const runs = JSON.parse(py('import docx,sys,json; p=docx.Document(sys.argv[1]).paragraphs[0]; print(json.dumps([[r.text, r.bold, r.font.size.pt if r.font.size else None] for r in p.runs]))', docx)) as [string, boolean, number][];
    expect(runs.map((x) => x[0]).join('')).toBe('Quarterly report');
    expect(runs.every((x) => x[1] === true && x[2] === 16)).toBe(true);
  });

  it('writes =AVERAGE over the quarter into an .xlsx through an action list, and reads it back with --no-save', { timeout: 120_000 }, async () => {
    const r = await lamb(
      ['office', 'excel', '--actions', JSON.stringify([{ function: 'set_cell_value', args: { sheet_name: 'Sales', cell_reference: 'B4', formula: '=AVERAGE(B1:B3)' } }]), '--file', xlsx],
      { timeoutMs: 110_000 },
    );
    expect(r.code).toBe(0);
    expect(py('import openpyxl,sys; print(openpyxl.load_workbook(sys.argv[1])["Sales"]["B4"].value)', xlsx)).toBe('=AVERAGE(B1:B3)');
    const before = readFileSync(xlsx);
    const look = await lamb(['office', 'excel', 'get_range_values', '{"sheet_name":"Sales","start_row":4,"start_col":2,"end_row":4,"end_col":2}', '--file', xlsx, '--no-save'], { timeoutMs: 110_000 });
    expect(look.code).toBe(0);
    expect(JSON.stringify(lines(look.stdout)[0]?.result)).toContain('120');
    expect(readFileSync(xlsx).equals(before)).toBe(true);
  });

  it('refuses bad input with exit 2 before LibreOffice changes anything, leaving the file byte-identical', { timeout: 120_000 }, async () => {
    const victim = join(dir, 'victim.docx');
    copyFileSync(docx, victim);
    const original = readFileSync(victim);
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'just text\n');
    const fakeDocx = join(dir, 'fake.docx');
    writeFileSync(fakeDocx, 'not a zip at all\n');
    const cases: [string, string[], RegExp][] = [
      ['not an Office document (.txt)', ['office', 'word', 'set_font', '{"bold":true}', '--file', text], /is not a word document/],
      ['a .docx that is not one', ['office', 'word', 'set_font', '{"bold":true}', '--file', fakeDocx], /is not an Office document/],
      ['a missing file', ['office', 'word', 'set_font', '{"bold":true}', '--file', join(dir, 'missing.docx')], /does not exist/],
      ['an unknown function', ['office', 'word', 'set_fnt', '{"bold":true}', '--file', victim], /did you mean set_font/],
      ['bad arguments', ['office', 'word', 'set_font', '{"font_size":"huge"}', '--file', victim], /font_size/],
      ['arguments that are not JSON', ['office', 'word', 'set_font', '{bold:', '--file', victim], /not JSON/],
      ['a bad step later in a list', ['office', 'word', '--actions', '[{"function":"set_font","args":{"target":"title","bold":true}},{"function":"insert_table","args":{"rows":0}}]', '--file', victim], /actions\[1\]/],
      ['no document named', ['office', 'word', 'set_font', '{"bold":true}'], /exactly one of --file/],
      ['an unknown app', ['office', 'outlook', 'send', '{}', '--new'], /word, excel, powerpoint/],
    ];
    for (const [what, args, message] of cases) {
      const r = await lamb(args, { timeoutMs: 60_000 });
      expect({ what, code: r.code }).toEqual({ what, code: 2 });
      const out = lines(r.stdout)[0] as { ok: boolean; error: { code: string; message: string } };
      expect(out.ok, what).toBe(false);
      expect(['INVALID_ARGUMENT', 'TARGET_NOT_FOUND'], what).toContain(out.error.code);
      expect(out.error.message, what).toMatch(message);
    }
    expect(readFileSync(victim).equals(original)).toBe(true);
    expect(readFileSync(fakeDocx, 'utf8')).toBe('not a zip at all\n');
    expect(readFileSync(text, 'utf8')).toBe('just text\n');
  });

  it('a failing action exits 2 and does not save the file', { timeout: 120_000 }, async () => {
    const victim = join(dir, 'victim2.xlsx');
    copyFileSync(xlsx, victim);
    const original = readFileSync(victim);
    const r = await lamb(['office', 'excel', 'set_cell_value', '{"sheet_name":"NoSuchSheet","cell_reference":"A1","value":1}', '--file', victim], { timeoutMs: 110_000 });
    expect(r.code).toBe(2);
    expect(lines(r.stdout)[0]).toMatchObject({ ok: false, verdict: 'failed', error: { code: 'TARGET_NOT_FOUND' } });
    expect(r.stderr).toContain('not saved');
    expect(readFileSync(victim).equals(original)).toBe(true);
  });
});
