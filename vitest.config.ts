// Unit and property suites run by `npm test` (kept under five minutes on a 2-core machine; the
// slowest end-to-end CLI suites are `*.slow.test.ts`, run by `npm run test:slow` and by CI).
// Timeouts are generous on purpose: a test must never fail because the machine is busy (other
// CPU-bound processes beside the suite); a real hang still ends, after ten minutes.
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/**/*.long.test.ts', 'test/**/*.slow.test.ts', 'test/**/*.package.test.ts', 'node_modules/**'],
    // Vitest's default is one worker fewer than the cores: a single worker on a 2-core machine.
    // Two workers halve the wall time there; the tests do not depend on a quiet machine.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // The CLI's default --workers is the number of cores; the suite's many short runs would each
    // start threads for nothing, so it runs them on one thread (test/cli/workers.slow.test.ts and
    // test/engine/parallel-search.slow.test.ts pass --workers explicitly).
    env: { REPLCHECK_WORKERS: '1' },
    // (Stop 30) fast-check's seed pinned (FC_SEED=random explores): test/setup/fast-check-seed.ts.
    setupFiles: ['test/setup/fast-check-seed.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
