/** Screen capture and set-of-mark screenshots of a real GTK 3 app (gtk3-widget-factory) on the test desktop. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../lib/session/index.js';
import { Desktop, LambError, type Snapshot, type UINode, type WindowInfo } from '../../lib/index.js';
import {
  ANNOTATION_COLORS,
  ANNOTATION_FILL_ALPHA,
  ANNOTATION_MARK_COLOR,
  annotate,
  type AnnotatedImage,
  type AnnotationMark,
  type PixelRect,
} from '../../lib/observe/screenshot.js';
import { AtspiAdapter } from '../../lib/platform/atspi/atspi-adapter.js';
import type { CapturedImage } from '../../lib/platform/platform-adapter.js';
import { startApp } from '../fixtures/apps.js';
import { lamb } from '../helpers/cli.js';

type Rgb = [number, number, number];

const hex = (color: string): Rgb => [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16)) as Rgb;
const pixel = (image: { width: number; data: Buffer }, x: number, y: number): Rgb => {
  const o = (y * image.width + x) * 4;
  return [image.data[o]!, image.data[o + 1]!, image.data[o + 2]!];
};
const inside = (r: PixelRect, x: number, y: number) => x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height;
const near = (a: Rgb, b: Rgb, tolerance: number) => a.every((v, i) => Math.abs(v - b[i]!) <= tolerance);

/** Luminance variance: a blank (one-colour) capture has 0. */
function variance(image: { data: Buffer }): number {
  let sum = 0;
  let sum2 = 0;
  const n = image.data.length / 4;
  for (let o = 0; o < image.data.length; o += 4) {
    const l = 0.299 * image.data[o]! + 0.587 * image.data[o + 1]! + 0.114 * image.data[o + 2]!;
    sum += l;
    sum2 += l * l;
  }
  return sum2 / n - (sum / n) ** 2;
}

/**
 * Pixels where only this mark's fill shows: inside its rect (3 px in from the edges, past its outline), in
 * no label box, and not inside any control whose fill is drawn after it, nor near another control's outline.
 */
function fillOnlyPixels(image: AnnotatedImage, mark: AnnotationMark): [number, number][] {
  const index = image.marks.indexOf(mark);
  const out: [number, number][] = [];
  const r = mark.rect;
  for (let y = r.y + 3; y < r.y + r.height - 3; y++) {
    for (let x = r.x + 3; x < r.x + r.width - 3; x++) {
      if (image.marks.some((m) => inside(m.box, x, y))) continue;
      if (image.marks.some((m, i) => i > index && inside(m.rect, x, y))) continue;
      const nearEdge = image.marks.some(
        (m) =>
          m !== mark &&
          inside({ x: m.rect.x - 3, y: m.rect.y - 3, width: m.rect.width + 6, height: m.rect.height + 6 }, x, y) &&
          !inside({ x: m.rect.x + 3, y: m.rect.y + 3, width: m.rect.width - 6, height: m.rect.height - 6 }, x, y),
      );
      if (!nearEdge) out.push([x, y]);
    }
  }
  return out;
}

function pngSize(png: Buffer): { width: number; height: number } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

async function rejection(promise: Promise<unknown>): Promise<LambError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LambError);
  return error as LambError;
}

describe('screenshots of gtk3-widget-factory', () => {
  let app: RunningApp;
  let desk: Desktop;
  let adapter: AtspiAdapter;
  let window: WindowInfo;
  let snap: Snapshot;
  let clean: CapturedImage;
  let annotated: AnnotatedImage;
  let page1: UINode;
  let checkBox: UINode;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lamb-screenshot-'));
    app = await startApp('widgetFactory');
    desk = await Desktop.open({ timeoutMs: 10_000 });
    adapter = new AtspiAdapter();
    window = (await desk.windows()).find((w) => w.pid === app.pid && w.rect !== null)!;
    // The app's window must be on top of whatever other tests left mapped.
    await adapter.input({ events: [], window: window.ref, timeoutMs: 5000 });
    snap = await desk.snapshot({ pid: app.pid });
    page1 = snap.find({ role: 'RadioButton', name: 'Page 1' })[0]!;
    checkBox = snap.find({ role: 'CheckBox', name: 'checkbutton', states: ['enabled', 'visible'] })[0]!;
    clean = await adapter.capture(window.rect, 5000);
    annotated = await annotate(clean, snap.data, { mark: checkBox.ref });
  });
  afterAll(async () => {
    await desk?.close();
    await app?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('captures the whole screen at its size, and it is not blank', async () => {
    const screen = await adapter.capture(null, 5000);
    expect([screen.width, screen.height, screen.x, screen.y]).toEqual([1920, 1080, 0, 0]);
    expect(screen.data.length).toBe(1920 * 1080 * 4);
    expect(variance(screen)).toBeGreaterThan(100);
    // Opaque everywhere.
    for (let o = 3; o < screen.data.length; o += 4 * 9973) expect(screen.data[o]).toBe(255);
  });

  it("captures the app's window at the window's size and place, showing the window", () => {
    const r = window.rect!;
    expect([clean.x, clean.y, clean.width, clean.height]).toEqual([r.x, r.y, r.width, r.height]);
    expect(clean.data.length).toBe(r.width * r.height * 4);
    expect(variance(clean)).toBeGreaterThan(100);
  });

  it('clamps a rect hanging over the screen edge, and rejects bad rects with INVALID_ARGUMENT', async () => {
    const corner = await adapter.capture({ x: 1900, y: 1070, width: 100, height: 100 }, 5000);
    expect([corner.x, corner.y, corner.width, corner.height]).toEqual([1900, 1070, 20, 10]);
    const negative = await adapter.capture({ x: -10, y: -20, width: 30, height: 40 }, 5000);
    expect([negative.x, negative.y, negative.width, negative.height]).toEqual([0, 0, 20, 20]);

    for (const rect of [
      { x: 5000, y: 0, width: 10, height: 10 }, // off screen
      { x: 0, y: -50, width: 10, height: 10 }, // above it
      { x: 0, y: 0, width: 0, height: 10 }, // no area
      { x: 0, y: 0, width: 10, height: -4 },
    ]) {
      expect((await rejection(adapter.capture(rect, 5000))).code, JSON.stringify(rect)).toBe('INVALID_ARGUMENT');
    }
    for (const rect of [
      { x: 0, y: 0, width: 0, height: 10 },
      { x: 0.5, y: 0, width: 10, height: 10 },
      { x: 0, y: 0, width: Number.NaN, height: 10 },
      { x: 4000, y: 4000, width: 10, height: 10 },
    ]) {
      expect((await rejection(desk.screenshot({ rect }))).code, JSON.stringify(rect)).toBe('INVALID_ARGUMENT');
    }
  });

  it('labels the same controls, with the same numbers, as the ufo-v2 control list', () => {
    const observed = snap.observe('ufo-v2', { countTokens: false }).labels!;
    const refs = (labels: Record<string, { ref: string }>) => Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, v.ref]));
    expect(refs(annotated.labels.labels)).toEqual(refs(observed.labels));
    expect(annotated.marks.length).toBeGreaterThan(20);
    // Every label shown is one of the list's, in the list's order.
    expect(annotated.marks.map((m) => m.label)).toEqual(Object.keys(observed.labels).filter((l) => annotated.marks.some((m) => m.label === l)));
  });

  it("tints the 'Page 1' radio button and a check box with their type's colour at alpha 80/255", () => {
    for (const node of [page1, checkBox]) {
      const mark = annotated.marks.find((m) => m.ref === node.ref);
      expect(mark, node.name).toBeDefined();
      const color = hex(ANNOTATION_COLORS[node.role]!);
      expect(mark!.color).toBe(ANNOTATION_COLORS[node.role]);
      const pixels = fillOnlyPixels(annotated, mark!);
      expect(pixels.length, `${node.role} '${node.name}' has pixels showing only its fill`).toBeGreaterThan(20);
      let tinted = 0;
      for (const [x, y] of pixels) {
        const before = pixel(clean, x, y);
        const expected = before.map((v, i) => v * (1 - ANNOTATION_FILL_ALPHA) + color[i]! * ANNOTATION_FILL_ALPHA) as Rgb;
        const after = pixel(annotated, x, y);
        expect(near(after, expected, 3), `${node.role} at ${x},${y}: ${after} vs ${expected.map(Math.round)}`).toBe(true);
        if (!near(after, before, 4)) tinted++;
      }
      // The tint is visible (the widget's own pixels differ from the type colour).
      expect(tinted / pixels.length).toBeGreaterThan(0.5);
    }
    // Two types, two colours.
    expect(ANNOTATION_COLORS.RadioButton).not.toBe(ANNOTATION_COLORS.CheckBox);
  });

  it("draws each label box at its control's top-left, in the type colour with a red border", () => {
    for (const node of [page1, checkBox]) {
      const mark = annotated.marks.find((m) => m.ref === node.ref)!;
      const { box, rect } = mark;
      expect([box.x, box.y]).toEqual([rect.x, rect.y]);
      const midY = box.y + Math.floor(box.height / 2);
      // Border (2 px), then padding before the digits.
      expect(pixel(annotated, box.x, midY)).toEqual(hex('#FF0000'));
      expect(pixel(annotated, box.x + box.width - 1, midY)).toEqual(hex('#FF0000'));
      expect(pixel(annotated, box.x + box.width - 1, midY)).toEqual(hex('#FF0000'));
      expect(near(pixel(annotated, box.x + 3, midY), hex(mark.color), 1)).toBe(true);
      expect(near(pixel(annotated, box.x + Math.floor(box.width / 2), box.y + 3), hex(mark.color), 1)).toBe(true);
      // The digits are drawn: dark pixels in the box's middle.
      let dark = 0;
      for (let y = box.y + 4; y < box.y + box.height - 4; y++)
        for (let x = box.x + 4; x < box.x + box.width - 4; x++) if (pixel(annotated, x, y).every((v) => v < 90)) dark++;
      expect(dark, `digits of label ${mark.label}`).toBeGreaterThan(10);
    }
  });

  it('boxes the marked control in red, around it', () => {
    const r = annotated.marks.find((m) => m.ref === checkBox.ref)!.rect;
    const outer = annotated.marked!;
    expect(outer).toEqual({ x: r.x - 3, y: r.y - 3, width: r.width + 6, height: r.height + 6 });
    const red = hex(ANNOTATION_MARK_COLOR);
    const midX = r.x + Math.floor(r.width / 2);
    const midY = r.y + Math.floor(r.height / 2);
    for (const [x, y] of [
      [r.x - 2, midY],
      [r.x + r.width + 1, midY],
      [midX, r.y + r.height + 1],
      [r.x + r.width + 2, r.y + r.height + 2],
    ] as const) {
      expect(pixel(annotated, x, y), `${x},${y}`).toEqual(red);
      expect(pixel(clean, x, y)).not.toEqual(red);
    }
    // The control itself is not painted over by the box.
    expect(pixel(annotated, r.x + r.width - 1, midY)).not.toEqual(red);
  });

  it('desk.screenshot encodes a PNG of the window and remembers the labels it drew', async () => {
    const shot = await desk.screenshot({ pid: app.pid, annotate: true, mark: page1.ref });
    expect(pngSize(shot.png)).toEqual({ width: window.rect!.width, height: window.rect!.height });
    expect([shot.x, shot.y]).toEqual([window.rect!.x, window.rect!.y]);
    expect(Object.keys(shot.labels!.labels).length).toBeGreaterThan(20);
    expect(shot.marked).not.toBeNull();
    // The PNG holds the annotated pixels.
    const { data, info } = await sharp(shot.png).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(4);
    const page1Mark = shot.marks!.find((m) => m.ref === page1.ref)!;
    expect(pixel({ width: info.width, data }, page1Mark.box.x, page1Mark.box.y + 10)).toEqual(hex('#FF0000'));

    const plain = await desk.screenshot();
    expect(pngSize(plain.png)).toEqual({ width: 1920, height: 1080 });
    expect(plain.labels).toBeUndefined();
  });

  it('lamb snapshot --screenshot writes a valid PNG of the window, progress on stderr', async () => {
    const file = join(dir, 'shot.png');
    const r = await lamb(['snapshot', '--pid', String(app.pid), '--format', 'ufo-v2', '--screenshot', file, '--annotate']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/"control_text": "Page 1", "control_type": "RadioButton"/);
    expect(r.stderr).toMatch(/screenshot \d+x\d+ at \d+,\d+, \d+ labels written to /);
    const png = readFileSync(file);
    expect(pngSize(png)).toEqual({ width: window.rect!.width, height: window.rect!.height });
    const decoded = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect(variance({ data: decoded.data })).toBeGreaterThan(100);

    const bad = await lamb(['snapshot', '--pid', String(app.pid), '--annotate']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/INVALID_ARGUMENT/);
  });
});
