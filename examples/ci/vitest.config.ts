// The example suite's own vitest configuration: `npx vitest run --config examples/ci/vitest.config.ts`.
// In your project this is your usual vitest.config.ts; only the setup file matters to replcheck.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['*.test.ts'],
    setupFiles: ['./setup.ts'],
    // Exhaustive checks and random campaigns take seconds, not milliseconds.
    testTimeout: 120_000,
  },
});
