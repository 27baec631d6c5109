// Run by Windows node.exe (or a renamed copy of it) under Wine 10 (test/wine/addon-load.test.ts): loads the
// addon the way the package does, through node-gyp-build from the package root (PREBUILDS_ONLY=1 in the
// environment: the repo's build/Release holds the Linux binary), and prints one JSON report on stdout.
//
//   <node.exe> addon-load.cjs <package root>
'use strict';
const path = require('path');

const [root] = process.argv.slice(2);
const startedAt = process.uptime();
const t0 = process.hrtime.bigint();
const nodeGypBuild = require('node-gyp-build');
const found = nodeGypBuild.path(root);
const addon = nodeGypBuild(root);
const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;
const report = {
  execPath: process.execPath,
  platformOs: `${process.platform} ${process.arch}`,
  found: path.relative(root, found),
  platform: addon.platform(),
  exports: Object.keys(addon).sort(),
  // From the process start: node.exe's own start-up under Wine, then the require of the prebuild.
  startMs: Math.round(startedAt * 1000),
  loadMs: Math.round(loadMs * 10) / 10,
};
process.stdout.write(JSON.stringify(report) + '\n');
