// Last writer wins on skewed clocks (README, "lww"): converges, but orders an effect before its
// cause when the cause's writer runs ahead; its Global IDs are stream positions only.
import { describe, expect, it } from 'vitest';
import { clockOffset, lww } from '../../../model/mechanisms/lww.ts';
import { contextOf, failures, fixture, ORIGIN_ORDER, sketch, PEER_PAIR_KEY, verdicts } from './verdicts.ts';

// Exhaustive runs of the peer pair take tens of seconds on a loaded 2-core machine.
describe('lww', { timeout: 300_000 }, () => {
  const ctx = contextOf(fixture('peer-pair'));

  it('stamps a global write counter plus the writer\'s offset (the first writer runs clockSkew ahead)', () => {
    expect(clockOffset(ctx.topo, 3)).toBe(2);
    expect(clockOffset(ctx.topo, 4)).toBe(0);
    expect(lww.stamp(ctx, sketch([], []), 3, 0)).toEqual([3]);
    expect(lww.stamp(ctx, sketch([], [{}]), 4, 0)).toEqual([2]);
  });

  it('orders every replica by (timestamp, host), committed or not', () => {
    const s = sketch([], [{ origin: 3, stamp: [3], gid: 1 }, { origin: 4, stamp: [2], gid: 2 }, { origin: 4, stamp: [3] }]);
    expect(lww.arrange(ctx, s.updates, 0, [0, 1, 2], 2)).toEqual([1, 0, 2]);
  });

  it('holds every property on tiny', async () => {
    expect(failures((await verdicts('tiny', 'lww')).verdicts)).toEqual({});
  });

  it('orders an effect before its cause on the peer pair (3 steps) and breaks the Global ID order', async () => {
    // Every property's verdict on the peer pair: peer-pair-matrix.long.test.ts.
    const v = await verdicts(fixture('peer-pair'), 'lww', undefined, [...PEER_PAIR_KEY, 'committed-prefix']);
    expect(failures(v.verdicts)).toEqual({ 'causal-order': 3, 'total-order': 17, 'committed-prefix': 23 });
  });

  it('keeps no FIFO order for a writer that moves between cells', async () => {
    const v = await verdicts(fixture('fifo-move'), 'lww', undefined, ORIGIN_ORDER);
    expect(failures(v.verdicts)).toEqual({ 'causal-order': 18, 'total-order': 22, 'fifo-order': 18, 'monotonic-writes': 18 });
  });
});
