// The fuzz suite with a bounded number of cases for `npm test` (issue 16; counts in bench/RESULTS.md).
import { fuzzSuite } from './suite.ts';

fuzzSuite({ configs: 200, traces: 150, flags: 300, plugins: 80 }, 300_000);
