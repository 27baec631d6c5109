// One LAM step's text side: the user prompt UFO builds, and the model's answer parsed back.
export * from './prompt.js';
export * from './action-representation.js';
export * from './blackboard.js';
export * from './parse-response.js';
export * from './response-schema.js';
export { extractJsonObject, type ExtractResult } from '../act/lenient-json.js';
export { pyRepr, pyStr } from './py-repr.js';
export * from './action-record.js';
