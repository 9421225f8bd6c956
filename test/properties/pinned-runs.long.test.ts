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
    witnesses: [30646,80400,0,512,131926,512,121714,247293,42465,73596,117390,0,96194,132384,126618,0,0,0,0,0,0],
    hash: '49ac250b5f485957',
  },
  {
    config: 'fifo-move', mechanism: 'sequencer', knobs: {"fifoHoldBack":"false"},
    states: 61775, transitions: 145834,
    violated: ["causal-order","fifo-order","monotonic-writes"],
    witnesses: [61550,49503,61550,1134,60639,1134,54915,114200,19734,43040,54707,0,0,61760,56904,0,0,0,0,61550,0],
    hash: '1d6863574b464515',
  },
  {
    config: 'faults', mechanism: 'hierarchical', knobs: {"duplicateSuppression":"false"},
    states: 200596, transitions: 640992,
    violated: ["total-order","eventual-consistency","ca-state","ca-state:reachable","ca-state:stable","exactly-once","propagation-flag","agent-lifecycle"],
    witnesses: [0,131808,0,1336,199258,1336,178556,634490,11256,19760,72308,0,200248,200568,188064,0,0,0,0,0,0],
    hash: '4ad2b021792802b8',
  },
];

describe('pinned exhaustive runs with every property (long)', () => {
  it.each(PINNED.map((p) => [`${p.config} ${p.mechanism} ${JSON.stringify(p.knobs)}`, p] as const))('%s', async (_name, p) => {
    await expectPinned(p);
  }, 600_000);
});
