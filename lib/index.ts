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
// The agent loop of `lamb run` (docs/CONTRACT.md "Library"): a request carried out with any chat model.
export {
  runAgent,
  responseStatus,
  type AgentDesktop,
  type AgentRunOptions,
  type AgentRunResult,
  type AgentSnapshot,
  type AgentTarget,
} from './agent/agent-loop.js';
export {
  ModelClient,
  modelKeyFromEnv,
  chatCompletionsUrl,
  userMessage,
  type ChatCompletion,
  type ChatMessage,
  type ChatModel,
  type ContentPart,
  type ModelClientOptions,
} from './agent/model-client.js';
export { systemPrompt, type PromptStyle } from './agent/system-prompt.js';
export {
  TrajectoryFile,
  parseTrajectory,
  readTrajectory,
  TRAJECTORY_VERSION,
  RunLine,
  StepLine,
  EndLine,
  ModelAttempt,
  Outcome,
  type Trajectory,
  type TrajectoryLine,
  type TrajectorySink,
} from './agent/trajectory.js';
export { exportTrajectory, trainingJsonLines, type StepRecord, type TaskPlanRecord, type TrainingRecord } from './agent/trajectory-export.js';
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
