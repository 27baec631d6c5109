/**
 * Set-of-mark screenshots: PNG encoding and UFO-style annotation of a captured image.
 *
 * Image library: sharp (libvips), chosen over @napi-rs/canvas (Skia). Both ship their binary inside npm
 * packages (sharp: @img/sharp-linux-x64 + @img/sharp-libvips-linux-x64, optional dependencies, no install
 * script; canvas: @napi-rs/canvas-<platform>), so both install offline and nothing is fetched at run time.
 * - Speed at 1920x1080 (measured here with sharp; bench/screenshot.bench.ts, 2-core EPYC): the whole overlay
 *   (every fill, label and the red mark) is one SVG composited in one libvips pass, ~30 ms for 59 labels, and
 *   PNG encoding through zlib-ng takes ~10 ms at level 6; with the ~3 ms native capture that is ~44 ms for
 *   capture + annotate + PNG, against ~111 ms for ImageMagick's `import -window root` (capture + PNG only).
 *   The first call in a process also pays ~100 ms to load libvips and fontconfig's font list. Both steps
 *   run on libuv's pool, off the JS thread. @napi-rs/canvas (not installed here: one image library, so its
 *   side is read from its API, not measured) draws on the JS thread (putImageData / getImageData move 8 MB
 *   each way while the event loop waits), and its `encode('png')` takes no compression level: a 1080p PNG
 *   costs whatever Skia's default zlib costs, with no knob to trade size for time.
 * - Text for labels: canvas has the nicer API (fillText, measureText). sharp renders SVG <text> through
 *   librsvg + Pango + fontconfig, which finds the system's fonts (DejaVu, Liberation or Arial); label boxes
 *   are sized from the digits' advance (labels are numbers), so no text measuring is needed.
 * - Maintenance: sharp is among the most used native packages on npm (libvips underneath, maintained since
 *   2013, prebuilt for glibc and musl Linux, macOS, Windows, and a wasm32 fallback) and is one of the
 *   codebases docs/HOUSE_STYLE.md learns from. @napi-rs/canvas is healthy too, but younger and with fewer users.
 * sharp is loaded lazily: processes that never take a screenshot do not load libvips.
 *
 * What is drawn follows UFO (ufo/automator/ui_control/screenshot.py, AnnotationDecorator with highlight_bbox):
 * a fill at alpha 80/255 in the control type's colour with a light red outline (255,160,160 at alpha 180)
 * on one overlay, so overlapping fills replace each other instead of piling up; then for each control a box
 * at its top-left in the same colour, opaque, with a 2 px red border and the label in black; the last acted-on
 * control (`mark`) gets a 3 px red box around it. Colours are UFO's ANNOTATION_COLORS (config_dev.yaml) where
 * UFO has one; UFO paints every other type in its default #FFF68F, here they get colours of their own so
 * that a radio button and a check box can be told apart.
 *
 * Coordinates: control rects are screen coordinates; an image captured from a window carries its screen
 * origin (x, y), which is subtracted.
 */
import { LambError } from '../model/errors.js';
import type { ControlType } from '../model/control-type.js';
import type { Rect, UINode } from '../model/node.js';
import type { SnapshotData } from '../model/snapshot.js';
import type { ControlFilterOptions, ControlFilterPreset } from './control-filter.js';
import { formatUfo } from './formats/ufo.js';
import { formatUfoV2 } from './formats/ufo-v2.js';
import type { LabelMap } from './labels.js';

/** RGBA pixels, rows packed (stride = width * 4), top row first. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Buffer;
  /** Screen position of the top-left pixel (default 0, 0: a whole-screen capture). */
  readonly x?: number;
  readonly y?: number;
}

/** An axis-aligned rectangle in image pixels (integers). */
export interface PixelRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** UFO's ANNOTATION_COLORS (ufo/config/config_dev.yaml). */
export const UFO_ANNOTATION_COLORS: Readonly<Partial<Record<ControlType, string>>> = Object.freeze({
  Button: '#FFF68F',
  Edit: '#A5F0B5',
  TabItem: '#A5E7F0',
  Document: '#FFD18A',
  ListItem: '#D9C3FE',
  MenuItem: '#E7FEC3',
  ScrollBar: '#FEC3F8',
  TreeItem: '#D6D6D6',
  Hyperlink: '#91FFEB',
  ComboBox: '#D8B6D4',
});

/** UFO's colour for every type its table lacks. */
export const ANNOTATION_DEFAULT_COLOR = '#FFF68F';

/** UFO's colours plus one for each other type of the UFO control lists. */
export const ANNOTATION_COLORS: Readonly<Partial<Record<ControlType, string>>> = Object.freeze({
  ...UFO_ANNOTATION_COLORS,
  RadioButton: '#B4C8FF',
  CheckBox: '#FFB38A',
  Spinner: '#C8F0A0',
  DataItem: '#A0E6C8',
  Group: '#E6E6FA',
  Text: '#F0F0F0',
});

/** UFO's fill alpha (80/255 ≈ 31 %), outline colour and alpha, label border and mark colours. */
export const ANNOTATION_FILL_ALPHA = 80 / 255;
export const ANNOTATION_OUTLINE = { color: '#FFA0A0', alpha: 180 / 255 } as const;
export const ANNOTATION_LABEL_BORDER = '#FF0000';
export const ANNOTATION_MARK_COLOR = '#FF0000';

export interface AnnotateOptions {
  /**
   * The labels to draw: the label map of an observation of this same snapshot (`snapshot.observe('ufo-v2')`),
   * so the numbers are exactly those the model read. Default: the labels the `format` observation gives.
   */
  labels?: LabelMap;
  /** The observation whose labels are drawn when `labels` is not given (default 'ufo-v2'). */
  format?: 'ufo-v2' | 'ufo';
  /** Passed to the format: the same control filter as the observation. */
  filter?: ControlFilterPreset | ControlFilterOptions;
  /** Passed to the format: a token budget changes which controls get labels. */
  maxTokens?: number;
  /** The last acted-on control, boxed in red: a ref in the snapshot, or a screen rect. */
  mark?: string | Rect | null;
  /** Label font size in px at scale 1 (default 22, UFO's LAM setting). */
  fontSize?: number;
  /**
   * Display scale (device pixels per logical pixel, e.g. 1.5 on a 150 % Windows monitor): multiplies the font
   * size and line widths. Controls keep their pixel size whatever part of the screen is captured, so labels
   * follow the display's density, not the image's size. Default 1.
   */
  scale?: number;
  /** Colour per control type, over ANNOTATION_COLORS. */
  colors?: Partial<Record<ControlType, string>>;
  /** Draw the translucent fills and outlines (default true); labels only when false. */
  fills?: boolean;
}

/** One drawn label. */
export interface AnnotationMark {
  label: string;
  ref: string;
  role: ControlType;
  color: string;
  /** The control's rect in image pixels, clipped to the image. */
  rect: PixelRect;
  /** The label box (border included), in image pixels. */
  box: PixelRect;
}

export interface AnnotationLayout {
  /** The overlay, the size of the image. */
  svg: string;
  marks: AnnotationMark[];
  /** The red box's outer rect in image pixels, or null when there is no mark (or it is off the image). */
  marked: PixelRect | null;
  labels: LabelMap;
}

export interface AnnotatedImage extends RgbaImage, Omit<AnnotationLayout, 'svg'> {}

const FONT_FAMILY = "'DejaVu Sans', Arial, 'Liberation Sans', Helvetica, sans-serif";
/** Advance of a digit in those fonts, in em (DejaVu Sans 0.636, Arial and Liberation Sans 0.556). */
const DIGIT_ADVANCE_EM = 0.64;

function checkImage(image: RgbaImage, operation: string): void {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0)
    throw new LambError('INVALID_ARGUMENT', `${operation} (lam-bridge): image size ${width}x${height} is not a positive integer size`);
  if (!Buffer.isBuffer(data) || data.length !== width * height * 4)
    throw new LambError(
      'INVALID_ARGUMENT',
      `${operation} (lam-bridge): expected ${width * height * 4} bytes of RGBA for ${width}x${height}, got ${Buffer.isBuffer(data) ? data.length : typeof data}`,
    );
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function clip(r: PixelRect, width: number, height: number): PixelRect | null {
  const x0 = Math.max(0, r.x);
  const y0 = Math.max(0, r.y);
  const x1 = Math.min(width, r.x + r.width);
  const y1 = Math.min(height, r.y + r.height);
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : null;
}

/** A screen rect in image pixels, snapped to whole pixels (edges rounded, so touching rects stay touching). */
function toImage(r: Rect, originX: number, originY: number): PixelRect {
  const x = Math.round(r.x - originX);
  const y = Math.round(r.y - originY);
  return { x, y, width: Math.round(r.x - originX + r.width) - x, height: Math.round(r.y - originY + r.height) - y };
}

function labelsFor(snapshot: SnapshotData, options: AnnotateOptions): LabelMap {
  if (options.labels) return options.labels;
  const common = {
    ...(options.filter === undefined ? {} : { filter: options.filter }),
    ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }),
  };
  return (options.format ?? 'ufo-v2') === 'ufo' ? formatUfo(snapshot, common).labels : formatUfoV2(snapshot, common).labels;
}

/**
 * The overlay for one image: pure (no image library, no platform), so the layout is tested on every OS.
 * Labels whose element is not in the snapshot, has no rect or lies off the image are not drawn.
 */
export function annotationLayout(
  image: Pick<RgbaImage, 'width' | 'height' | 'x' | 'y'>,
  snapshot: SnapshotData,
  options: AnnotateOptions = {},
): AnnotationLayout {
  const { width, height } = image;
  const originX = image.x ?? 0;
  const originY = image.y ?? 0;
  const scale = options.scale ?? 1;
  const fontSize = Math.round((options.fontSize ?? 22) * scale);
  if (!(Number.isFinite(scale) && scale > 0 && scale <= 8) || !(fontSize >= 4 && fontSize <= 400))
    throw new LambError('INVALID_ARGUMENT', `annotate (lam-bridge): scale ${options.scale} and fontSize ${options.fontSize} give no usable label size`);
  const colors = { ...ANNOTATION_COLORS, ...options.colors };
  const labels = labelsFor(snapshot, options);
  const byRef = new Map<string, UINode>();
  for (const n of snapshot.nodes) byRef.set(n.ref, n);

  const border = Math.max(1, Math.round(2 * scale));
  const padX = Math.max(2, Math.round(fontSize * 0.25));
  const padY = Math.max(1, Math.round(fontSize * 0.12));
  const boxHeight = Math.round(fontSize * 0.95) + 2 * padY + 2 * border;

  const marks: AnnotationMark[] = [];
  const fills: string[] = [];
  const outlines: string[] = [];
  const boxes: string[] = [];
  for (const [label, entry] of Object.entries(labels.labels)) {
    const node = byRef.get(entry.ref);
    if (!node?.rect) continue;
    const rect = clip(toImage(node.rect, originX, originY), width, height);
    if (!rect) continue;
    const color = colors[node.role] ?? ANNOTATION_DEFAULT_COLOR;
    const boxWidth = Math.ceil(label.length * DIGIT_ADVANCE_EM * fontSize) + 2 * padX + 2 * border;
    const box = {
      x: Math.max(0, Math.min(rect.x, width - boxWidth)),
      y: Math.max(0, Math.min(rect.y, height - boxHeight)),
      width: Math.min(boxWidth, width),
      height: Math.min(boxHeight, height),
    };
    marks.push({ label, ref: node.ref, role: node.role, color, rect, box });
    fills.push(`<rect x="${rect.x}" y="${rect.y}" width="${rect.width}" height="${rect.height}" fill="${color}"/>`);
    if (rect.width > 2 && rect.height > 2)
      outlines.push(`<rect x="${rect.x + 1}" y="${rect.y + 1}" width="${rect.width - 2}" height="${rect.height - 2}"/>`);
    const half = border / 2;
    // Digits are ~0.73 em tall: centre them on the box's middle.
    const baseline = box.y + box.height / 2 + 0.36 * fontSize;
    boxes.push(
      `<rect x="${box.x + half}" y="${box.y + half}" width="${box.width - border}" height="${box.height - border}" fill="${color}" stroke="${ANNOTATION_LABEL_BORDER}" stroke-width="${border}"/>` +
        `<text x="${box.x + box.width / 2}" y="${baseline.toFixed(1)}">${escapeXml(label)}</text>`,
    );
  }

  let marked: PixelRect | null = null;
  let markSvg = '';
  if (options.mark != null) {
    const rect = typeof options.mark === 'string' ? byRef.get(options.mark)?.rect : options.mark;
    if (rect) {
      const line = Math.max(1, Math.round(3 * scale));
      const inner = toImage(rect, originX, originY);
      const outer = { x: inner.x - line, y: inner.y - line, width: inner.width + 2 * line, height: inner.height + 2 * line };
      if (clip(outer, width, height)) {
        marked = outer;
        const h = line / 2;
        markSvg = `<rect x="${outer.x + h}" y="${outer.y + h}" width="${outer.width - line}" height="${outer.height - line}" fill="none" stroke="${ANNOTATION_MARK_COLOR}" stroke-width="${line}"/>`;
      }
    }
  }

  const showFills = options.fills !== false;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    // Group opacity: each group is drawn opaque and then blended once, so overlaps replace, as in UFO's overlay.
    (showFills && fills.length ? `<g opacity="${ANNOTATION_FILL_ALPHA.toFixed(4)}">${fills.join('')}</g>` : '') +
    (showFills && outlines.length
      ? `<g opacity="${ANNOTATION_OUTLINE.alpha.toFixed(4)}" fill="none" stroke="${ANNOTATION_OUTLINE.color}" stroke-width="${border}">${outlines.join('')}</g>`
      : '') +
    (boxes.length
      ? `<g font-family="${FONT_FAMILY}" font-size="${fontSize}" fill="#000000" text-anchor="middle">` +
        boxes.join('') +
        '</g>'
      : '') +
    markSvg +
    '</svg>';
  return { svg, marks, marked, labels };
}

// ---------------------------------------------------------------------------------------------------------
// The image library, loaded on first use.

type Sharp = typeof import('sharp').default;
let sharpModule: Sharp | undefined;

async function loadSharp(): Promise<Sharp> {
  if (sharpModule) return sharpModule;
  try {
    sharpModule = (await import('sharp')).default;
  } catch (cause) {
    throw new LambError(
      'INTERNAL',
      [
        `screenshot (sharp): cannot load the image library for ${process.platform}-${process.arch}.`,
        `  ${(cause as Error).message.split('\n')[0]}`,
        'Possible solutions:',
        '- Install lam-bridge with its optional dependencies (npm installs @img/sharp-<platform> with sharp; do not use --omit=optional).',
        '- See https://sharp.pixelplumbing.com/install for platforms without a prebuilt binary.',
      ].join('\n'),
      { cause },
    );
  }
  return sharpModule;
}

async function raw(image: RgbaImage) {
  return (await loadSharp())(image.data, { raw: { width: image.width, height: image.height, channels: 4 } });
}

export interface PngOptions {
  /** zlib level 0-9 (default 6: with sharp's zlib-ng it is about as fast as 1 here, and much smaller). */
  compressionLevel?: number;
}

/** The image as a PNG file's bytes (RGBA, 8 bits a channel). Runs off the JS thread. */
export async function encodePng(image: RgbaImage, options: PngOptions = {}): Promise<Buffer> {
  checkImage(image, 'encodePng');
  const level = options.compressionLevel ?? 6;
  if (!Number.isInteger(level) || level < 0 || level > 9)
    throw new LambError('INVALID_ARGUMENT', `encodePng (lam-bridge): compressionLevel must be an integer 0-9, got ${level}`);
  return (await raw(image)).png({ compressionLevel: level, adaptiveFiltering: false }).toBuffer();
}

/**
 * The set-of-mark image: the labelled controls of `snapshot` (the same filter and labels as the ufo-v2 / ufo
 * observation) drawn over `image`, and the `mark` control boxed in red. A new image; `image` is not changed.
 */
export async function annotate(image: RgbaImage, snapshot: SnapshotData, options: AnnotateOptions = {}): Promise<AnnotatedImage> {
  checkImage(image, 'annotate');
  const { svg, ...layout } = annotationLayout(image, snapshot, options);
  const origin = { x: image.x ?? 0, y: image.y ?? 0 };
  if (layout.marks.length === 0 && layout.marked === null)
    return { width: image.width, height: image.height, data: Buffer.from(image.data), ...origin, ...layout };
  const { data, info } = await (await raw(image))
    .composite([{ input: Buffer.from(svg), top: 0, left: 0 }])
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 4 || info.width !== image.width || info.height !== image.height)
    throw new LambError('INTERNAL', `annotate (sharp): expected ${image.width}x${image.height}x4, got ${info.width}x${info.height}x${info.channels}`);
  return { width: image.width, height: image.height, data, ...origin, ...layout };
}
