// Bayou (README, "bayou"): committed prefix by the primary's Global IDs, tentative suffix by
// Lamport timestamp, re-sorted at every merge; every checked property holds.
import { describe, expect, it } from 'vitest';
import { bayou } from '../../../model/mechanisms/bayou.ts';
import { contextOf, failures, fixture, sketch, PEER_PAIR_KEY, verdicts } from './verdicts.ts';

// Exhaustive runs of the peer pair take tens of seconds on a loaded 2-core machine.
describe('bayou', { timeout: 300_000 }, () => {
  it('arranges the committed prefix by Global ID and re-sorts the tentative suffix by (timestamp, host)', () => {
    const ctx = contextOf(fixture('peer-pair'));
    const s = sketch([], [
      { origin: 3, stamp: [5], gid: 2 }, { origin: 4, stamp: [1], gid: 1 },
      { origin: 4, stamp: [3] }, { origin: 3, stamp: [3] }, { origin: 3, stamp: [2], gid: 3 },
    ]);
    // gid 3 is not yet committed at a replica whose cursor is 2: it is tentative there.
    expect(bayou.arrange(ctx, s.updates, 3, [2, 0, 4, 3, 1], 2)).toEqual([1, 0, 4, 3, 2]);
    expect(bayou.arrange(ctx, s.updates, 3, [1, 0, 4, 3, 2], 3)).toEqual([1, 0, 4, 3, 2]);
  });

  it('holds every property on tiny and on the peer pair', async () => {
    expect(failures((await verdicts('tiny', 'bayou')).verdicts)).toEqual({});
    // Every property's verdict on the peer pair: peer-pair-matrix.long.test.ts.
    const v = await verdicts(fixture('peer-pair'), 'bayou', undefined, PEER_PAIR_KEY);
    expect(failures(v.verdicts)).toEqual({});
  });
});
