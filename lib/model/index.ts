export * from './errors.js';
export * from './control-type.js';
export * from './node.js';
export * from './snapshot.js';
export * from './window.js';
export * from './target.js';
export * from './validation.js';
export * from './action.js';
