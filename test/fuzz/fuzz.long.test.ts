// The fuzz suite with many cases for `npm run test:long` (issue 16; counts in bench/RESULTS.md).
import { fuzzSuite } from './suite.ts';

fuzzSuite({ configs: 1000, traces: 600, flags: 1500, plugins: 400 }, 1_800_000);
