/** lam-bridge: the public library API (docs/CONTRACT.md "Library"). */
export { Desktop, type DesktopOptions } from './desktop/desktop.js';
export { Snapshot, type NodeQuery } from './desktop/snapshot.js';
export * from './model/index.js';
export { observe, OBSERVE_FORMATS, type Observation, type ObserveFormat, type ObserveOptions } from './observe/observe.js';
export { CONTROL_FILTER_PRESETS, UFO_FILTER, UFO_V2_FILTER } from './observe/control-filter.js';
export { countTokens } from './observe/token-budget.js';
export { diffSnapshots, renderDiff, type SnapshotDiff } from './observe/diff.js';
export { loadLabelMap, saveLabelMap, type LabelMap } from './observe/labels.js';
export {
  actionRecordFromResult,
  buildUserPrompt,
  buildUserContent,
  parseModelResponse,
  type LamStepPromptInput,
} from './agent/index.js';
export { parseActionInput } from './act/parse-action.js';
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
export * from './office/index.js';
