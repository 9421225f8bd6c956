// Unit and property suites run by `npm test` (kept under five minutes on a 2-core machine).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/**/*.long.test.ts', 'test/**/*.package.test.ts', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
