// Long suites (`npm run test:long`): larger presets and longer random campaigns, kept out of `npm test`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.long.test.ts'],
    testTimeout: 1_800_000,
    hookTimeout: 600_000,
  },
});
