/** The set-of-mark overlay's layout: pure, no image library, no desktop. */
import { describe, expect, it } from 'vitest';
import type { ControlType, SnapshotData, UINode } from '../../lib/model/index.js';
import { formatUfo } from '../../lib/observe/formats/ufo.js';
import {
  ANNOTATION_COLORS,
  ANNOTATION_DEFAULT_COLOR,
  UFO_ANNOTATION_COLORS,
  annotationLayout,
} from '../../lib/observe/screenshot.js';

function node(ref: string, parent: string | null, role: ControlType, name: string, rect: UINode['rect'], states?: UINode['states']): UINode {
  return {
    ref,
    parent,
    role,
    rawRole: role.toLowerCase(),
    name,
    value: null,
    automationId: null,
    states: states ?? ['enabled', 'visible'],
    rect,
    actions: [],
  };
}

// A window at (100, 50) on the screen with controls in screen coordinates.
const snapshot: SnapshotData = {
  platform: 'atspi',
  app: { name: 'demo', pid: 42 },
  window: { ref: 'w', title: 'Demo' },
  root: 'w',
  durationMs: 1,
  truncated: false,
  incomplete: false,
  nodes: [
    node('w', null, 'Window', 'Demo', { x: 100, y: 50, width: 400, height: 300 }),
    node('ok', 'w', 'Button', 'OK', { x: 120, y: 70, width: 80, height: 30 }),
    node('hidden', 'w', 'Button', 'Hidden', { x: 120, y: 70, width: 80, height: 30 }, ['enabled']),
    node('check', 'w', 'CheckBox', 'Remember me', { x: 120.4, y: 110.6, width: 150, height: 20 }),
    node('corner', 'w', 'Edit', 'Name', { x: 480, y: 330, width: 40, height: 40 }),
    node('label', 'w', 'Text', 'Just text', { x: 120, y: 200, width: 60, height: 20 }),
    node('outside', 'w', 'Button', 'Far', { x: 900, y: 900, width: 20, height: 20 }),
  ],
};
const image = { width: 400, height: 300, x: 100, y: 50 };

describe('annotationLayout', () => {
  it('labels what the ufo-v2 list labels, in window pixels, snapped to whole pixels', () => {
    const layout = annotationLayout(image, snapshot);
    // Hidden (not visible) and Text (not in UFO v2's CONTROL_LIST) get no label; the far button has a label
    // in the list but nothing on this image to draw.
    expect(Object.values(layout.labels.labels).map((l) => l.ref)).toEqual(['ok', 'check', 'corner', 'outside']);
    expect(layout.marks.map((m) => [m.label, m.ref])).toEqual([['1', 'ok'], ['2', 'check'], ['3', 'corner']]);
    expect(layout.marks[0]!.rect).toEqual({ x: 20, y: 20, width: 80, height: 30 });
    expect(layout.marks[1]!.rect).toEqual({ x: 20, y: 61, width: 150, height: 20 });
    // Clipped to the image.
    expect(layout.marks[2]!.rect).toEqual({ x: 380, y: 280, width: 20, height: 20 });
  });

  it('puts label boxes at the top-left, kept inside the image, at font size 22 by default', () => {
    const { marks } = annotationLayout(image, snapshot);
    const [ok, , corner] = marks;
    expect([ok!.box.x, ok!.box.y]).toEqual([20, 20]);
    expect(ok!.box.height).toBeGreaterThanOrEqual(22);
    expect(ok!.box.height).toBeLessThanOrEqual(36);
    expect(corner!.box.x + corner!.box.width).toBeLessThanOrEqual(400);
    expect(corner!.box.y + corner!.box.height).toBeLessThanOrEqual(300);
    const bigger = annotationLayout(image, snapshot, { scale: 2 }).marks[0]!.box;
    expect(bigger.height).toBeGreaterThan(1.8 * ok!.box.height);
  });

  it("colours by control type: UFO's table first, its default for what UFO lacks only when asked", () => {
    const { marks, svg } = annotationLayout(image, snapshot);
    expect(marks[0]!.color).toBe(UFO_ANNOTATION_COLORS.Button);
    expect(marks[1]!.color).toBe(ANNOTATION_COLORS.CheckBox);
    expect(marks[2]!.color).toBe(UFO_ANNOTATION_COLORS.Edit);
    expect(svg).toContain(`fill="${UFO_ANNOTATION_COLORS.Button}"`);
    expect(svg).toMatch(/<g opacity="0\.3137">/);
    const ufoOnly = annotationLayout(image, snapshot, { colors: { CheckBox: ANNOTATION_DEFAULT_COLOR } });
    expect(ufoOnly.marks[1]!.color).toBe('#FFF68F');
  });

  it('uses given labels (an observation of the same snapshot) instead of computing them', () => {
    const labels = formatUfo(snapshot, { filter: { roles: ['Text', 'Edit'] } }).labels;
    const layout = annotationLayout(image, snapshot, { labels });
    expect(layout.marks.map((m) => [m.label, m.ref])).toEqual([['1', 'corner'], ['2', 'label']]);
    expect(layout.labels).toBe(labels);
  });

  it('boxes the mark around the control, from a ref or a rect; none for an unknown ref', () => {
    expect(annotationLayout(image, snapshot, { mark: 'ok' }).marked).toEqual({ x: 17, y: 17, width: 86, height: 36 });
    expect(annotationLayout(image, snapshot, { mark: { x: 110, y: 60, width: 10, height: 10 } }).marked).toEqual({
      x: 7,
      y: 7,
      width: 16,
      height: 16,
    });
    expect(annotationLayout(image, snapshot, { mark: 'gone' }).marked).toBeNull();
    expect(annotationLayout(image, snapshot, { mark: 'outside' }).marked).toBeNull();
  });

  it('escapes label text and rejects unusable sizes', () => {
    const labels = formatUfo(snapshot).labels;
    const odd = { ...labels, labels: { '<1&>': labels.labels['1']! } };
    expect(annotationLayout(image, snapshot, { labels: odd }).svg).toContain('&#60;1&#38;&#62;');
    expect(() => annotationLayout(image, snapshot, { fontSize: 0 })).toThrow(/INVALID_ARGUMENT|usable/);
    expect(() => annotationLayout(image, snapshot, { scale: -1 })).toThrow();
  });
});
