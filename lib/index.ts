/** lam-bridge: the public library API (CONTRACT.md "Library"). */
export { Desktop, type DesktopOptions } from './snapshot/desktop.js';
export { Snapshot, type NodeQuery } from './snapshot/snapshot.js';
export * from './model/index.js';
