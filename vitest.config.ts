import { defineConfig } from 'vitest/config';

/**
 * Three projects (`vitest run --project NAME`):
 * - unit: pure TypeScript, no desktop, no native binary, no root, any OS (`npm run test:unit`);
 * - checks: the repository's own rules, also desktop-free: test/ type-checks, import boundaries, platform
 *   names only where they belong;
 * - desktop: the backend contract suite, e2e and lifecycle tests on real apps, with one headless desktop for
 *   the whole run (test/global-setup.ts) and the native addon.
 * The desktop-free groups run first (groupOrder) so a broken rule or unit fails fast, before minutes of apps.
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
          include: ['test/contract/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/lifecycle/**/*.test.ts', 'test/native/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          // Test files drive shared applications on one shared desktop, and the machine has 2 cores:
          // running files side by side only adds flakiness.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
