/** lam-bridge: the public library API (CONTRACT.md "Library"). */
export { Desktop, type DesktopOptions } from './desktop/desktop.js';
export { Snapshot, type NodeQuery } from './desktop/snapshot.js';
export * from './model/index.js';
