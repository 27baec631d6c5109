/**
 * Import boundaries of lam-bridge (docs/ARCHITECTURE.md "Layout"), checked in `npm test` by
 * test/checks/import-boundaries.test.ts and by `npm run lint:imports`.
 *
 * Layers, lowest first. A module may import its own layer and the layers below it, never above:
 *
 *   layer  folders                               may import (besides its own layer)
 *   0      lib/model                             zod only (no node: modules, nothing else from lib)
 *   1      bindings                              lib/model/errors.ts (its errors are LambErrors); node:
 *   2      lib/platform                          bindings, lib/model
 *   3      lib/snapshot, lib/act, lib/office     lib/platform, lib/model
 *   4      lib/observe, lib/agent                layers 0-3 except bindings
 *   5      lib/desktop (the Desktop facade:      layers 0-4 except bindings (the native platform's adapter
 *          snapshot + act + observe)             comes from lib/platform, not from the binary)
 *   -      lib/session (the headless desktop)    nothing from lib but lib/model: it starts processes and
 *                                                must work without the binary; only lib/cli imports it
 *   6      lib/server, lib/cli                   everything (the front ends; nothing imports them)
 *   -      lib/index.ts (the package entry)      layers 0-5
 *
 * Only lib/platform talks to the binary (bindings), and platform-specific modules (lib/platform/atspi/,
 * x11/, uia/, and today's flat lib/platform/atspi-*.ts, x11-*.ts, windows-*.ts) are reached from above only
 * through lib/platform's neutral entry points.
 *
 * Known violations that another change of issue 7 removes are listed in
 * .dependency-cruiser-known-violations.json (dependency-cruiser's --ignore-known baseline): new ones fail.
 */
const layer = {
  model: '^lib/model/',
  bindings: '^bindings/',
  platform: '^lib/platform/',
  core: '^lib/(snapshot|act|office)/',
  view: '^lib/(observe|agent)/',
  desktop: '^lib/desktop/',
  session: '^lib/session/',
  front: '^lib/(server|cli)/',
};
const platformSpecific = '^lib/platform/(atspi|x11|uia|windows)([-/]|\\.ts$)';

module.exports = {
  forbidden: [
    {
      name: 'model-imports-only-zod',
      comment: 'lib/model is the vocabulary every layer shares: zod schemas and types, nothing else.',
      severity: 'error',
      from: { path: layer.model },
      // node:module's createRequire is how lazy-schema.ts loads zod synchronously on first use (fast start).
      to: { pathNot: [layer.model, '^node_modules/zod/', '^module$'] },
    },
    {
      name: 'bindings-import-only-model-errors',
      comment: 'bindings loads and types the binary; it may only turn native errors into LambErrors.',
      severity: 'error',
      from: { path: layer.bindings },
      to: { path: '^lib/', pathNot: '^lib/model/errors\\.ts$' },
    },
    {
      name: 'only-platform-imports-bindings',
      comment: 'The binary is reached through lib/platform (a PlatformAdapter), never directly.',
      severity: 'error',
      from: { pathNot: [layer.platform, layer.bindings] },
      to: { path: layer.bindings },
    },
    {
      name: 'platform-specifics-stay-in-platform',
      comment: 'Nothing above lib/platform knows a platform\'s names: use the adapter interface.',
      severity: 'error',
      from: { pathNot: layer.platform },
      to: { path: platformSpecific },
    },
    {
      name: 'platform-imports-below-only',
      severity: 'error',
      from: { path: layer.platform },
      to: { path: '^lib/', pathNot: [layer.platform, layer.model] },
    },
    {
      name: 'core-imports-below-only',
      comment: 'lib/snapshot, lib/act, lib/office: platform and model (and each other).',
      severity: 'error',
      from: { path: layer.core },
      to: { path: '^lib/', pathNot: [layer.core, layer.platform, layer.model] },
    },
    {
      name: 'view-imports-below-only',
      comment: 'lib/observe, lib/agent: the core, platform and model (and each other).',
      severity: 'error',
      from: { path: layer.view },
      to: { path: '^lib/', pathNot: [layer.view, layer.core, layer.platform, layer.model] },
    },
    {
      name: 'desktop-imports-below-only',
      severity: 'error',
      from: { path: layer.desktop },
      to: { path: '^lib/', pathNot: [layer.desktop, layer.view, layer.core, layer.platform, layer.model] },
    },
    {
      name: 'session-stands-alone',
      comment: 'The headless desktop starts processes; it must load without the binary or the model layers above.',
      severity: 'error',
      from: { path: layer.session },
      to: { path: '^(lib|bindings)/', pathNot: [layer.session, layer.model] },
    },
    {
      name: 'only-front-ends-import-session',
      severity: 'error',
      from: { path: '^(lib|bindings)/', pathNot: [layer.session, layer.front] },
      to: { path: layer.session },
    },
    {
      name: 'nothing-imports-front-ends',
      comment: 'lib/server and lib/cli are entry points; the library must not depend on them.',
      severity: 'error',
      from: { path: '^(lib|bindings)/', pathNot: layer.front },
      to: { path: layer.front },
    },
    {
      name: 'package-entry-below-front-ends',
      severity: 'error',
      from: { path: '^lib/index\\.ts$' },
      to: { path: [layer.front, layer.session, layer.bindings] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^(lib|bindings)/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve would only fail at run time.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Not node_modules: edges into packages must stay visible (lib/model may import zod and nothing else).
    exclude: { path: '^(dist|build)/' },
    // Type-only imports count: a layer that imports another's types depends on it just the same.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
