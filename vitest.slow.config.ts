// Slow suites (`npm run test:slow`, run by CI after `npm test`): end-to-end CLI runs (plugins,
// signals, checkpoints, watchdog, worker threads, the search heap, compare's timed costs, the
// default suite, measure) and the reference engine's differential and fault campaigns, which
// together would push `npm test` past its five-minute budget on a busy 2-core machine (stop 32:
// 361 s under load with four of these still in it). (Stop 36) The HTML reports in headless Chromium,
// the CLI's memory-limit runs and its end-to-end bad-input suites (user code that throws, fault
// input, input messages, model files that do not compile, a reader closing the pipe), the
// exhaustive search on worker threads through the library, and the reference engine's
// differential suites (the mechanisms, the handoff protocol, the two judges) joined them: on a
// slower 2-vCPU machine `npm test` took 300 s idle with them, and still 252 to 308 s with all
// but the last three moved. (Stop 38) `npm test` with a CPU-bound process beside it took 331 s,
// then 296 s once the drain-filter and feeders-index equivalence walks, the reference engine's
// peer and growing differential walks and the timed layer's statistical validation joined them;
// the seed-order-with-moves scenarios in both engines followed, for room. Same settings as
// vitest.config.ts; only the files differ.
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
