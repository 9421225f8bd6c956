// Vector-clock causal broadcast (README, "vector-causal"): causal order holds, total order does
// not (replicas keep their delivery order), so settled replicas may differ from the MS.
import { describe, expect, it } from 'vitest';
import { vectorCausal, vectorClock } from '../../../model/mechanisms/vector-causal.ts';
import { contextOf, failures, fixture, sketch, PEER_PAIR_KEY, verdicts } from './verdicts.ts';

// Exhaustive runs of the peer pair take tens of seconds on a loaded 2-core machine.
describe('vector-causal', { timeout: 300_000 }, () => {
  it('stamps the sparse vector clock of the writer\'s past', () => {
    // mh1 (node 3) has seen mh2#1 (node 4, clock {4:1}); its own first write gets {3:1, 4:1}.
    const s = sketch([{}, {}, {}, { applied: [0] }, { writes: 1, applied: [0] }], [{ origin: 4, seq: 1, stamp: [4, 1] }]);
    expect(vectorClock(s, 3)).toEqual([3, 1, 4, 1]);
    expect(vectorClock(s, 4)).toEqual([4, 2]);
  });

  it('keeps every replica in delivery order (arrange moves nothing)', () => {
    const ctx = contextOf(fixture('peer-pair'));
    const s = sketch([], [{ gid: 2 }, { gid: 1 }]);
    expect(vectorCausal.arrange(ctx, s.updates, 3, [0, 1], 2)).toEqual([0, 1]);
  });

  it('holds every property on tiny', async () => {
    expect(failures((await verdicts('tiny', 'vector-causal')).verdicts)).toEqual({});
  });

  it('keeps causal order but loses total order and convergence on the peer pair', async () => {
    // Every property's verdict on the peer pair (ca-state and its reachable form included): peer-pair-matrix.long.test.ts.
    const v = await verdicts(fixture('peer-pair'), 'vector-causal', undefined, PEER_PAIR_KEY);
    expect(failures(v.verdicts)).toEqual({ 'total-order': 26, 'eventual-consistency': 29, 'strong-convergence': 4 });
  }, 180_000);
});
