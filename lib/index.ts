/** lam-bridge: the public library API (CONTRACT.md "Library"). */
export { Desktop, type DesktopOptions } from './desktop/desktop.js';
export { Snapshot, type NodeQuery } from './desktop/snapshot.js';
export * from './model/index.js';
export type { Screenshot, ScreenshotExtras } from './desktop/screenshot.js';
export {
  annotate,
  annotationLayout,
  encodePng,
  ANNOTATION_COLORS,
  UFO_ANNOTATION_COLORS,
  type AnnotateOptions,
  type AnnotatedImage,
  type AnnotationMark,
  type PixelRect,
  type RgbaImage,
} from './observe/screenshot.js';
