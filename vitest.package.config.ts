// The package suite (`npm run test:package`, run by CI): packs replcheck and uses the tarball
// from a fresh project. Slow (npm pack, npm install, tsc), so kept out of `npm test`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/package/*.package.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 900_000,
  },
});
