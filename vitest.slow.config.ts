// Slow end-to-end CLI suites (`npm run test:slow`, run by CI after `npm test`): each spawns many
// CLI processes (plugins, signals, checkpoints, watchdog, worker threads, the default suite), so
// together they would push `npm test` past its five-minute budget on a 2-core machine. Same
// settings as vitest.config.ts; only the files differ.
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.slow.test.ts'],
    maxWorkers: Math.max(2, availableParallelism() - 1),
    env: { REPLCHECK_WORKERS: '1' },
    setupFiles: ['test/setup/fast-check-seed.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
