import {
  LambError,
  ScreenshotOptions,
  zodToLambError,
  type Rect,
  type SnapshotData,
  type SnapshotOptions,
} from '../model/index.js';
import { currentDesktop } from '../platform/desktop-identity.js';
import type { LabelMap } from '../observe/labels.js';
import { annotate, encodePng, type AnnotationMark, type PixelRect, type RgbaImage } from '../observe/screenshot.js';
import type { CapturedImage, PlatformAdapter } from '../platform/platform-adapter.js';
import { Budget } from '../snapshot/budget.js';
import type { Snapshot } from './snapshot.js';

/** What `desk.screenshot()` returns. */
export interface Screenshot {
  /** The PNG file's bytes. */
  png: Buffer;
  width: number;
  height: number;
  /** Screen position of the image's top-left pixel. */
  x: number;
  y: number;
  /** With annotate: the labels drawn, label -> element (the Desktop keeps them, so `act` takes them as ids). */
  labels?: LabelMap;
  /** With annotate: where each label and its control are in the image. */
  marks?: AnnotationMark[];
  /** With mark: the red box in image pixels; null when the marked element is gone or off the image. */
  marked?: PixelRect | null;
  /** Milliseconds spent capturing, annotating and encoding. */
  timings: { captureMs: number; annotateMs: number; encodeMs: number };
}

export interface ScreenshotExtras {
  /** Annotate this snapshot's controls and capture its window, instead of taking a snapshot of a target. */
  snapshot?: Snapshot;
  /** The label map of an observation of `snapshot`, so the numbers drawn are the ones the model read. */
  labels?: LabelMap;
}

export interface ScreenshotContext {
  adapter: PlatformAdapter;
  timeoutMs: number;
  takeSnapshot(options: SnapshotOptions): Promise<Snapshot>;
  rememberLabels(labels: LabelMap): void;
}

const round2 = (ms: number) => Math.round(ms * 100) / 100;

function union(rects: Rect[]): Rect {
  const x0 = Math.min(...rects.map((r) => r.x));
  const y0 = Math.min(...rects.map((r) => r.y));
  const x1 = Math.max(...rects.map((r) => r.x + r.width));
  const y1 = Math.max(...rects.map((r) => r.y + r.height));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * The screen area showing a snapshot: its window's rect; for a whole app, the box around its windows; failing
 * both (a popup that is not listed as a window), the root element's own rect.
 */
async function regionOf(adapter: PlatformAdapter, data: SnapshotData, budget: Budget): Promise<Rect> {
  const windows = await adapter.windows(budget.remainingMs());
  if (data.window) {
    const rect = windows.find((w) => w.ref === data.window!.ref)?.rect;
    if (rect) return rect;
  }
  const own = windows.filter((w) => w.pid !== null && w.pid === data.app.pid && w.rect !== null).map((w) => w.rect!);
  if (data.window === null && own.length > 0) return union(own);
  const rootRect = data.nodes[0]?.rect;
  if (rootRect && rootRect.width > 0 && rootRect.height > 0) return rootRect;
  if (own.length > 0) return union(own);
  throw new LambError('NOT_VISIBLE', `screenshot (lam-bridge): ${data.app.name || 'the target'} has nothing on screen to capture`);
}

/** The marked element's screen rect: from the snapshot, else read afresh; null when it is gone. */
async function markRect(adapter: PlatformAdapter, ref: string, data: SnapshotData | undefined, budget: Budget): Promise<Rect | null> {
  const known = data?.nodes.find((n) => n.ref === ref);
  if (known) return known.rect;
  try {
    const read = await adapter.snapshot({ root: ref, visibleOnly: false, maxDepth: 0, ancestors: false, timeoutMs: budget.remainingMs() });
    return read.nodes[0]?.rect ?? null;
  } catch (error) {
    // The acted-on control often goes away (a menu item, a dialog's button): no box, not an error.
    if (error instanceof LambError && ['ELEMENT_STALE', 'TARGET_NOT_FOUND', 'APP_NOT_RUNNING', 'INVALID_ARGUMENT'].includes(error.code))
      return null;
    throw error;
  }
}

/** desk.screenshot(): capture, optionally annotate, encode; options validated before anything runs. */
export async function takeScreenshot(
  context: ScreenshotContext,
  options: ScreenshotOptions & ScreenshotExtras,
): Promise<Screenshot> {
  const { snapshot: given, labels: givenLabels, ...rest } = options;
  const parsed = ScreenshotOptions.safeParse({ timeoutMs: context.timeoutMs, ...rest });
  if (!parsed.success) throw zodToLambError('screenshot', parsed.error);
  const o = parsed.data;
  const target = {
    ...(o.app === undefined ? {} : { app: o.app }),
    ...(o.pid === undefined ? {} : { pid: o.pid }),
    ...(o.window === undefined ? {} : { window: o.window }),
    ...(o.ref === undefined ? {} : { ref: o.ref }),
  };
  const hasTarget = Object.keys(target).length > 0;
  if (given && hasTarget)
    throw new LambError('INVALID_ARGUMENT', 'screenshot (lam-bridge): give a snapshot or a target (app, pid, window, ref), not both');
  if (givenLabels && !given)
    throw new LambError('INVALID_ARGUMENT', 'screenshot (lam-bridge): labels belong to a snapshot; pass the snapshot they were made from');
  const budget = new Budget(o.timeoutMs);

  // The snapshot: the given one; a full one to annotate; or just the root (and its window) to find the region.
  let data = given?.data;
  if (!data && o.annotate) data = (await context.takeSnapshot({ ...target, timeoutMs: budget.remainingMs() })).data;
  else if (!data && hasTarget && o.rect === undefined)
    data = (await context.takeSnapshot({ ...target, maxDepth: 0, timeoutMs: budget.remainingMs() })).data;

  const region = o.rect ?? (data && (hasTarget || given) ? await regionOf(context.adapter, data, budget) : null);
  const mark = o.mark === undefined ? null : await markRect(context.adapter, o.mark, data, budget);

  let t = performance.now();
  const captured: CapturedImage = await context.adapter.capture(region, budget.remainingMs());
  const captureMs = performance.now() - t;

  t = performance.now();
  let image: RgbaImage = captured;
  let annotation: Pick<Screenshot, 'labels' | 'marks' | 'marked'> = {};
  if (o.annotate || o.mark !== undefined) {
    const annotated = await annotate(captured, data ?? emptySnapshot(context.adapter.platform), {
      ...(o.annotate ? {} : { labels: noLabels(data ?? emptySnapshot(context.adapter.platform)) }),
      ...(o.annotate && givenLabels ? { labels: givenLabels } : {}),
      format: o.format,
      mark,
    });
    image = annotated;
    annotation = {
      ...(o.annotate ? { labels: annotated.labels, marks: annotated.marks } : {}),
      ...(o.mark === undefined ? {} : { marked: annotated.marked }),
    };
    // The numbers in the image are actionable: `act` resolves them like an observation's labels.
    if (o.annotate && !givenLabels) context.rememberLabels(annotated.labels);
  }
  const annotateMs = performance.now() - t;

  t = performance.now();
  const png = await encodePng(image, { compressionLevel: o.compressionLevel });
  const encodeMs = performance.now() - t;
  return {
    png,
    width: image.width,
    height: image.height,
    x: captured.x,
    y: captured.y,
    ...annotation,
    timings: { captureMs: round2(captureMs), annotateMs: round2(annotateMs), encodeMs: round2(encodeMs) },
  };
}

function emptySnapshot(platform: SnapshotData['platform']): SnapshotData {
  return {
    platform,
    app: { name: '', pid: null },
    window: null,
    root: '',
    durationMs: 0,
    truncated: false,
    incomplete: false,
    nodes: [],
  };
}

/** A label map with no labels: a mark without the set-of-mark overlay. */
function noLabels(d: SnapshotData): LabelMap {
  return {
    version: 2,
    format: 'none',
    createdAt: new Date().toISOString(),
    desktop: currentDesktop(),
    platform: d.platform,
    app: d.app,
    window: d.window,
    root: d.root,
    labels: {},
  };
}
