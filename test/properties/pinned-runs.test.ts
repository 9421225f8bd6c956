/**
 * Pinned exhaustive runs with every property (issue 17): state and transition counts, the
 * violated properties, witness counts per property (in registry order) and a hash of the
 * counterexamples and explanations (pinned-digest.ts). The speed work on the explorer, encoding,
 * memos and property checks must not move any of them; a deliberate semantic change of the
 * model or a property updates them here. Small, fast configurations; the big ones are in
 * pinned-runs.long.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { expectPinned, type Pinned } from './pinned-digest.ts';

const PINNED: Pinned[] = [
  {
    config: 'tiny', mechanism: 'hierarchical', knobs: {},
    states: 80, transitions: 135,
    violated: [],
    witnesses: [0,0,0,2,77,2,54,98,0,0,54,0,0,75,56,0,0,0,0,0,0,0],
    hash: 'bac4520e83368072',
  },
  {
    config: 'two-zones', mechanism: 'hierarchical', knobs: {"duplicateSuppression":"false"},
    states: 5582, transitions: 12878,
    violated: ["eventual-consistency","ca-state","ca-state:reachable","ca-state:stable","exactly-once"],
    witnesses: [0,0,0,102,5477,102,5257,12636,168,16,4999,0,0,5558,5154,0,0,0,0,0,0,102],
    hash: '5df6585bf37d18fa',
  },
  {
    config: 'publisher', mechanism: 'hierarchical', knobs: {"flagOnSend":"true"},
    states: 4838, transitions: 7889,
    violated: ["propagation-flag"],
    witnesses: [344,1276,0,146,4690,146,4504,3746,456,766,4504,3617,0,4710,3792,4838,0,0,0,0,0,0], // (stop 31) committed-prefix witnesses by value: 912 counted order arrays rebuilt unchanged
    hash: '26b2e4b19792995f',
  },
  {
    config: 'reads', mechanism: 'hierarchical', knobs: {},
    states: 8392, transitions: 16691,
    violated: [],
    witnesses: [620,4508,0,362,8027,362,7559,8264,1548,2798,7559,0,0,8068,6282,0,0,4660,4465,0,88,0],
    hash: '4f395b62cc9f0fc4',
  },
  {
    config: 'faults', mechanism: 'hierarchical', knobs: {},
    states: 7132, transitions: 23654,
    violated: [],
    witnesses: [0,0,0,16,7114,16,4044,21278,0,0,4044,0,6812,7104,6784,0,0,0,0,0,0,0],
    hash: 'a5aa1eac0661c82d',
  },
  {
    config: 'crash-cell', mechanism: 'hierarchical', knobs: {},
    states: 105, transitions: 136,
    violated: ["eventual-consistency","ca-state","ca-state:reachable","progress","exactly-once","propagation-flag","durability","durability:eventually","recovery-ca"],
    witnesses: [0,0,0,7,96,7,82,72,4,0,82,0,0,96,54,0,0,0,0,0,0,0,76,26,40,0,61],
    hash: '1db5e1eda9d01fca',
  },
  {
    config: 'crash-permanent', mechanism: 'hierarchical', knobs: {},
    states: 81, transitions: 128,
    violated: [],
    witnesses: [0,0,0,9,70,9,65,92,0,0,65,0,0,75,49,0,0,0,0,0,0,0,34,10,0,0,0],
    hash: '914394ecd9e738cb',
  },
];

describe('pinned exhaustive runs with every property', () => {
  it.each(PINNED.map((p) => [`${p.config} ${p.mechanism} ${JSON.stringify(p.knobs)}`, p] as const))('%s', async (_name, p) => {
    await expectPinned(p);
  });
});
