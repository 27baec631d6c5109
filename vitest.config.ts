import { defineConfig } from 'vitest/config';

/**
 * Three projects (`vitest run --project NAME`):
 * - unit: pure TypeScript, no desktop, no native binary, no root, any OS (`npm run test:unit`);
 * - checks: the repository's own rules, also desktop-free: test/ type-checks, import boundaries, platform
 *   names only where they belong;
 * - desktop: the backend contract suite, e2e and lifecycle tests on real apps, with one headless desktop for
 *   the whole run (test/global-setup.ts) and the native addon.
 * - wine: the Windows addon run by Windows node.exe under Wine 10 in a Debian chroot (test/wine/global-setup.ts
 *   sets it up, root and Linux only; elsewhere every test skips with the reason).
 * The desktop-free groups run first (groupOrder) so a broken rule or unit fails fast, before minutes of apps.
 * wine runs last, after desktop and not beside it: on 2 cores Wine's slow UIA client (0.4–3 s a call) and
 * node.exe launches would steal CPU from the desktop suite's timing-sensitive checks, and the two share nothing.
 */
export default defineConfig({
  test: {
    // Native addon + real processes: child processes isolate crashes better than threads.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'checks', include: ['test/checks/**/*.test.ts'], sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: {
          name: 'desktop',
          // test/native compiles native sources with the platform's build tools: it belongs where the addon is built.
          include: ['test/contract/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/lifecycle/**/*.test.ts', 'test/native/**/*.test.ts', 'test/office/**/*.test.ts', 'test/server/**/*.test.ts', 'test/agent/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          // Test files drive shared applications on one shared desktop, and the machine has 2 cores:
          // running files side by side only adds flakiness.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'wine',
          include: ['test/wine/**/*.test.ts'],
          globalSetup: ['test/wine/global-setup.ts'],
          // One Xvfb and one wineserver for the run, and Windows test apps that own the Wine desktop's focus.
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
