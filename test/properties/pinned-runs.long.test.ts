/**
 * Pinned exhaustive runs with every property on the bigger configurations (issue 17): see
 * pinned-runs.test.ts. Each takes tens of seconds, hence the long suite.
 */
import { describe, it } from 'vitest';
import { expectPinned, type Pinned } from './pinned-digest.ts';

const PINNED: Pinned[] = [
  {
    config: 'small', mechanism: 'hierarchical', knobs: {},
    states: 132439, transitions: 429461,
    violated: ["strong-convergence"],
    witnesses: [30646,80400,0,512,131926,512,121714,247293,42465,73596,117390,0,96194,132384,126618,0,0,0,0,0,0,0],
    hash: 'ae5a7a530ce64880',
  },
  {
    config: 'fifo-move', mechanism: 'sequencer', knobs: {"fifoHoldBack":"false"},
    states: 304962, transitions: 734959,
    violated: ["causal-order","fifo-order","monotonic-writes"],
    witnesses: [304263,255905,304263,7420,297540,7420,260316,602307,97259,228925,257384,0,0,304929,283612,0,0,0,0,304263,0,7303],
    hash: '45f02eb20be49478',
  },
  {
    config: 'faults', mechanism: 'hierarchical', knobs: {"duplicateSuppression":"false"},
    states: 200596, transitions: 640992,
    violated: ["total-order","eventual-consistency","ca-state","ca-state:reachable","ca-state:stable","exactly-once","propagation-flag","agent-lifecycle"],
    witnesses: [0,131808,0,1336,199258,1336,178556,634490,11256,19760,72308,0,200248,200568,188064,0,0,0,0,0,0,0],
    hash: '3dee744c5f1c2099',
  },
];

describe('pinned exhaustive runs with every property (long)', () => {
  it.each(PINNED.map((p) => [`${p.config} ${p.mechanism} ${JSON.stringify(p.knobs)}`, p] as const))('%s', async (_name, p) => {
    await expectPinned(p);
  }, 600_000);
});
