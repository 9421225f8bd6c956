// Lamport timestamps (README, "lamport"): stamps extend happens-before, the MS commits in
// (timestamp, host) order once stable, so every safety property holds; the cost is blocking on
// writers that may still write a smaller key, which breaks liveness (a settled state must be
// reachable without new updates) wherever a writer may stay silent.
import { describe, expect, it } from 'vitest';
import { lamport } from '../../../model/mechanisms/lamport.ts';
import { contextOf, failures, fixture, sketch, PEER_PAIR_KEY, verdicts } from './verdicts.ts';

// peer-pair: nodes ms=0, z1=1, c1=2, mh1=3, mh2=4; writers mh1 and mh2, one update each.
const ctx = contextOf(fixture('peer-pair'));
const five = (writes: [number, number], applied: [number[], number[]] = [[], []]) =>
  [{}, {}, {}, { writes: writes[0], applied: applied[0] }, { writes: writes[1], applied: applied[1] }];

// Exhaustive runs of the peer pair take tens of seconds on a loaded 2-core machine.
describe('lamport', { timeout: 300_000 }, () => {
  it('stamps 1 + the largest clock in the writer\'s past', () => {
    expect(lamport.stamp(ctx, sketch(five([0, 0]), []), 3, 0)).toEqual([1]);
    const s = sketch(five([0, 1], [[1], [1]]), [{ origin: 2, stamp: [4] }, { origin: 4, stamp: [2] }]);
    expect(lamport.stamp(ctx, s, 3, 0)).toEqual([3]); // sees update 1 (clock 2)
    expect(lamport.stamp(ctx, s, 4, 0)).toEqual([3]); // own earlier update, clock 2
  });

  it('commits only stable updates, in (timestamp, host) order', () => {
    // mh1#1 at clock 1; mh2 may still write at clock 1, but (1, mh2) > (1, mh1): stable.
    expect(lamport.commit(ctx, sketch(five([1, 0]), [{ origin: 3, stamp: [1] }]), [0])).toEqual([0]);
    // mh2#1 at clock 1; mh1 may still write (1, mh1) < (1, mh2): blocked.
    expect(lamport.commit(ctx, sketch(five([0, 1]), [{ origin: 4, stamp: [1] }]), [0])).toEqual([]);
    // mh2#1 (clock 2) has arrived, mh1#1 (clock 1) has not: blocked until it does, then key order.
    const both = sketch(five([1, 1]), [{ origin: 3, stamp: [1] }, { origin: 4, stamp: [2], deps: [0] }]);
    expect(lamport.commit(ctx, both, [1])).toEqual([]);
    expect(lamport.commit(ctx, both, [1, 0])).toEqual([0, 1]);
  });

  it('holds every property on tiny, and every safety property on the peer pair, where a silent writer blocks liveness', async () => {
    expect(failures((await verdicts('tiny', 'lamport')).verdicts)).toEqual({});
    // Every property's verdict on the peer pair: peer-pair-matrix.long.test.ts.
    const v = await verdicts(fixture('peer-pair'), 'lamport', undefined, [...PEER_PAIR_KEY, 'eventual-consistency:reachable', 'progress']);
    // One host writes; its update reaches the MS, which waits for the other writer forever.
    expect(failures(v.verdicts)).toEqual({ 'eventual-consistency:reachable': 12, progress: 12 });
  }, 180_000);
});
