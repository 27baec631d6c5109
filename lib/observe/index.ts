// What a model is shown: observation formats, control filter, labels, token budget, snapshot diffs.
export * from './observe.js';
export * from './control-filter.js';
export * from './labels.js';
export * from './token-budget.js';
export * from './diff.js';
export * from './screenshot.js';
export { pyJsonDumps, pyJsonString } from './py-json.js';
export { formatUfoV2, type UfoV2Options, type UfoV2KeyOrder } from './formats/ufo-v2.js';
export { formatUfo, type UfoOptions } from './formats/ufo.js';
export { formatTree, type TreeOptions, type TreeResult } from './formats/tree.js';
export { formatJson, type JsonOptions, type JsonResult, type OmittedRange } from './formats/json.js';
export type { ControlListResult } from './formats/control-list.js';
export { formatOsworldXml, serializeOsworld, type OsworldXmlOptions } from './formats/osworld-xml.js';
export { formatOsworld, linearizeOsworld, judgeNode, trimOsworld, type OsworldOptions } from './formats/osworld.js';
export { osworldTree, pyFloatRepr, type OsworldElement } from './formats/osworld-tree.js';
