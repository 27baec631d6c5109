/**
 * `npm run bench:office`: Office functions through lam-bridge against PyUNO, in one run, in one headless soffice
 * (the bridge's own, lib/office/uno/soffice.ts):
 * - set_cell_value (=AVERAGE over three cells, and a number in turn) and set_font (the title bold at 16 pt, and
 *   back in turn), each the whole runner call: argument validation, the suite calls and the read-back checks;
 *   the baseline (bench/baselines/pyuno_office.py, python3-uno) does the same edits and reads them back;
 * - the object bridge itself: 20 cell writes as 40 ops in one batch against one op per hop;
 * - soffice's cold start (spawn until a document is open) and the warm open of a .docx.
 * Medians, p90s and ratios are printed as a Markdown table (recorded in bench/RESULTS.md).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Batch } from '../lib/office/office-bridge.js';
import { runOfficeFunction } from '../lib/office/office-runner.js';
import { OfficeSession } from '../lib/office/office-session.js';
import { Soffice } from '../lib/office/uno/soffice.js';

const ROOT = join(import.meta.dirname, '..', '..');
const PY = '/usr/bin/python3';
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const TARGET_MS = 20;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (p === 50) {
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  }
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

async function timed(n: number, f: (i: number) => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < WARMUP + n; i++) {
    const t = performance.now();
    await f(i);
    if (i >= WARMUP) times.push(performance.now() - t);
  }
  return times;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lamb-bench-office-'));
  const docx = join(dir, 'report.docx');
  execFileSync(PY, ['-c', 'import docx,sys; d=docx.Document(); d.add_paragraph("Quarterly report"); d.add_paragraph("Sales grew."); d.save(sys.argv[1])', docx]);
  const soffice = new Soffice();
  const session = await OfficeSession.start({ soffice });
  try {
    // Cold: spawn soffice (fresh profile) until a new spreadsheet is open.
    let t = performance.now();
    const calc = await session.open('excel');
    const coldMs = performance.now() - t;
    process.stderr.write(`bench: soffice cold start + new spreadsheet ${coldMs.toFixed(0)} ms (pid ${soffice.pid})\n`);
    t = performance.now();
    const writer = await session.open('word', { file: docx });
    const openDocxMs = performance.now() - t;

    const sheet = await (await calc.document.obj('getSheets')).obj('getByIndex', 0);
    const sheetName = String(await sheet.call('getName'));
    for (const [r, v] of [120, 150, 90].entries()) await (await sheet.obj('getCellByPosition', 1, r)).call('setValue', v);

    const cell = await timed(RUNS, async (i) => {
      const args = i % 2 === 0 ? { sheet_name: sheetName, cell_reference: 'B4', formula: '=AVERAGE(B1:B3)' } : { sheet_name: sheetName, cell_reference: 'B4', value: i };
      const r = await runOfficeFunction(calc, 'set_cell_value', args);
      if (r.verdict !== 'verified') throw new Error(`bench: set_cell_value ${i} not verified: ${JSON.stringify(r)}`);
    });
    const font = await timed(RUNS, async (i) => {
      const args = i % 2 === 0 ? { target: 'title', bold: true, font_size: 16 } : { target: 'title', bold: false, font_size: 12 };
      const r = await runOfficeFunction(writer, 'set_font', args);
      if (r.verdict !== 'verified') throw new Error(`bench: set_font ${i} not verified: ${JSON.stringify(r)}`);
    });

    // The bridge itself: 20 cells, 2 ops each, one hop per op against one batch.
    const perHop = await timed(RUNS, async (i) => {
      for (let c = 0; c < 20; c++) await (await sheet.obj('getCellByPosition', 3, c)).call('setValue', i + c);
    });
    const batched = await timed(RUNS, async (i) => {
      const b = session.connection.batch();
      for (let c = 0; c < 20; c++) b.call(Batch.ref(b.call(sheet, 'getCellByPosition', 3, c)), 'setValue', i + c);
      await b.run();
    });
    await session.close(calc);
    await session.close(writer);

    const baselineOut = execFileSync(PY, [join(ROOT, 'bench/baselines/pyuno_office.py'), soffice.pipe, docx, String(RUNS), String(WARMUP)], { encoding: 'utf8' });
    const base = JSON.parse(baselineOut) as { set_cell_value: number[]; set_font: number[]; connectMs: number };

    const row = (what: string, ours: number[], theirs: number[] | null) => {
      const m = percentile(ours, 50);
      const b = theirs ? percentile(theirs, 50) : null;
      return `| ${what} | ${fmt(m)} / ${fmt(percentile(ours, 90))} | ${b === null ? '—' : `${fmt(b)} / ${fmt(percentile(theirs!, 90))}`} | ${b === null ? '—' : `${(b / m).toFixed(2)}x`} |`;
    };
    const lines = [
      `machine: ${cpus().length} x ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; LibreOffice headless, ${RUNS} runs after ${WARMUP} warm-up`,
      '',
      '| action (verified by reading back) | lam-bridge median / p90 (ms) | PyUNO median / p90 (ms) | PyUNO / lam-bridge |',
      '|---|---|---|---|',
      row('excel set_cell_value (=AVERAGE, a number)', cell, base.set_cell_value),
      row('word set_font (title bold 16 pt, back)', font, base.set_font),
      row('20 cell writes, one op per hop (40 hops)', perHop, null),
      row('20 cell writes, one batch (40 ops, 1 hop)', batched, null),
      '',
      `soffice cold start until a new spreadsheet is open: ${coldMs.toFixed(0)} ms; open a small .docx (warm): ${openDocxMs.toFixed(0)} ms; PyUNO connect: ${base.connectMs.toFixed(0)} ms`,
      `target: median at most ${TARGET_MS} ms for set_cell_value and set_font: ${percentile(cell, 50) <= TARGET_MS && percentile(font, 50) <= TARGET_MS ? 'met' : 'NOT met'}`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    await session.dispose();
    await soffice.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
