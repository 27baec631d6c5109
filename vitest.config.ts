import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Native addon + real processes: child processes isolate crashes better than threads.
    pool: 'forks',
    // Test files drive shared applications on one shared desktop, and the
    // machine has 2 cores: running files side by side only adds flakiness.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
