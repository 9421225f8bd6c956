// The hierarchical mechanism (default; model/mechanisms/README.md, "hierarchical"): every property
// holds on tiny, on the peer pair (two writers exchanging updates) and when a writer moves between
// cells; with causalHoldBack off it degrades to arrival order and causal order breaks.
import { describe, expect, it } from 'vitest';
import { failures, fixture, ORIGIN_ORDER, PEER_PAIR_KEY, verdicts } from './verdicts.ts';

// Exhaustive runs of the peer pair take tens of seconds on a loaded 2-core machine.
describe('hierarchical', { timeout: 300_000 }, () => {
  it('holds every property on tiny', async () => {
    const v = await verdicts('tiny', 'hierarchical');
    expect(Object.keys(v.verdicts)).toHaveLength(22);
    expect(failures(v.verdicts)).toEqual({});
  });

  it('holds every property on the peer pair, and the per-origin ones with a moving writer', async () => {
    // strong-convergence is not promised: peers show their tentative updates in arrival order.
    // Every property's verdict on the peer pair: peer-pair-matrix.long.test.ts.
    expect(failures((await verdicts(fixture('peer-pair'), 'hierarchical', undefined, PEER_PAIR_KEY)).verdicts)).toEqual({ 'strong-convergence': 4 });
    expect(failures((await verdicts(fixture('fifo-move'), 'hierarchical', undefined, ORIGIN_ORDER)).verdicts)).toEqual({});
  });

  it('breaks causal order with causalHoldBack=false (the same counterexample as arrival-order)', async () => {
    const v = await verdicts(fixture('peer-pair'), 'hierarchical', { causalHoldBack: 'false' }, ['causal-order', 'total-order']);
    expect(v.verdicts).toEqual({ 'causal-order': 15, 'total-order': 'holds' });
  });
});
