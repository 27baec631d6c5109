/**
 * `npm run bench:screenshot`: a set-of-mark screenshot of the whole 1920x1080 screen against ImageMagick's
 * `import -window root x.png` (the classic shell way to grab an X screen as PNG), in one run, on the
 * headless desktop with gtk3-widget-factory (started by `lamb desktop run --apps widgetFactory`):
 * - capture: native XShm (or XGetImage) on the platform thread, BGRX -> RGBA, into a Buffer;
 * - annotate: the ufo-v2 labels of the app's snapshot (taken once, outside the timing) drawn with sharp;
 * - encode: PNG (zlib level 6).
 * Medians of BENCH_RUNS (default 20) runs, printed as a Markdown table with ratios. Target: capture +
 * annotate <= 100 ms.
 */
import { execFileSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Desktop } from '../lib/index.js';
import { annotate, encodePng } from '../lib/observe/screenshot.js';
import { AtspiAdapter } from '../lib/platform/atspi/atspi-adapter.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const TARGET_MS = 100;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const value = await f();
  return [value, performance.now() - t];
}

async function main(): Promise<void> {
  const desk = await Desktop.open({ timeoutMs: 10_000 });
  const adapter = new AtspiAdapter();
  const app = (await desk.applications()).filter((a) => a.name === 'gtk3-widget-factory').at(-1);
  if (!app || app.pid === null) throw new Error('bench: gtk3-widget-factory is not running (start it with the harness: --apps widgetFactory)');
  await adapter.input({ events: [], window: app.ref, timeoutMs: 5000 });
  const snap = await desk.snapshot({ pid: app.pid });

  // Warm up: the first capture opens the X connection and the shared-memory segment, the first annotate
  // loads libvips, fontconfig and the fonts.
  for (let i = 0; i < 3; i++) await encodePng(await annotate(await adapter.capture(null, 5000), snap.data));

  const capture: number[] = [];
  const annotateMs: number[] = [];
  const encode: number[] = [];
  const cleanEncode: number[] = [];
  let labels = 0;
  let pngBytes = 0;
  let cleanBytes = 0;
  let size = '';
  for (let i = 0; i < RUNS; i++) {
    const [image, c] = await timed(() => adapter.capture(null, 5000));
    const [annotated, a] = await timed(() => annotate(image, snap.data));
    const [png, e] = await timed(() => encodePng(annotated));
    const [clean, ce] = await timed(() => encodePng(image));
    capture.push(c);
    annotateMs.push(a);
    encode.push(e);
    cleanEncode.push(ce);
    labels = annotated.marks.length;
    pngBytes = png.length;
    cleanBytes = clean.length;
    size = `${image.width}x${image.height}`;
  }
  const captureAnnotate = capture.map((c, i) => c + annotateMs[i]!);
  const total = captureAnnotate.map((ca, i) => ca + encode[i]!);
  const cleanTotal = capture.map((c, i) => c + cleanEncode[i]!);

  // The whole library call, snapshot included, for reference.
  const deskRuns: number[] = [];
  for (let i = 0; i < Math.max(5, RUNS >> 1); i++)
    deskRuns.push((await timed(() => desk.screenshot({ pid: app.pid!, annotate: true })))[1]);

  // The baseline, in the same run and on the same screen.
  const file = join(tmpdir(), `lamb-bench-import-${process.pid}.png`);
  const imports: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    execFileSync('/usr/bin/import', ['-window', 'root', file], { stdio: 'ignore', timeout: 60_000 });
    imports.push(performance.now() - t);
  }
  const importBytes = statSync(file).size;
  rmSync(file, { force: true });

  const base = median(imports);
  const row = (what: string, values: number[], note = '') =>
    `| ${what} | ${median(values).toFixed(1)} | ${Math.min(...values).toFixed(1)} | ${(base / median(values)).toFixed(1)}x | ${note} |`;
  const lines = [
    `Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}; ` +
      `screen ${size} (Xvfb), ${labels} labels (gtk3-widget-factory, ufo-v2), ${RUNS} runs, medians in ms.`,
    '',
    '| step | median ms | min ms | import / this | note |',
    '|---|---|---|---|---|',
    row('capture (XShm, BGRX -> RGBA, Buffer)', capture),
    row('annotate (sharp: one SVG overlay composited)', annotateMs),
    row('PNG encode of the annotated image (sharp, zlib 6)', encode, `${(pngBytes / 1024).toFixed(0)} KiB`),
    row(`**capture + annotate** (target <= ${TARGET_MS} ms)`, captureAnnotate, median(captureAnnotate) <= TARGET_MS ? 'met' : '**missed**'),
    row('**capture + annotate + PNG**', total),
    row('capture + PNG, no annotation (what import does)', cleanTotal, `${(cleanBytes / 1024).toFixed(0)} KiB`),
    row('desk.screenshot({ pid, annotate }) incl. snapshot, window only', deskRuns),
    row('baseline: `import -window root x.png` (ImageMagick)', imports, `${(importBytes / 1024).toFixed(0)} KiB`),
  ];
  process.stdout.write(lines.join('\n') + '\n');
  await desk.close();
}

await main();
