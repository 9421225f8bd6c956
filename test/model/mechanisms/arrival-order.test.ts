// arrival-order, the deliberately broken mechanism (README, "arrival-order"): nothing holds back,
// so a dependency created by a peer exchange is numbered after its effect (causal order fails);
// Global IDs are still one order every replica follows, so total order and convergence hold.
import { describe, expect, it } from 'vitest';
import { failures, fixture, PEER_PAIR_KEY, verdicts } from './verdicts.ts';

// Exhaustive runs of the peer pair take tens of seconds on a loaded 2-core machine.
describe('arrival-order', { timeout: 300_000 }, () => {
  it('holds every property on tiny (one writer: nothing to reorder)', async () => {
    expect(failures((await verdicts('tiny', 'arrival-order')).verdicts)).toEqual({});
  });

  it('violates only causal-order on the peer pair, with a 15-step counterexample', async () => {
    // Every property's verdict: peer-pair-matrix.long.test.ts.
    const v = await verdicts(fixture('peer-pair'), 'arrival-order', undefined, PEER_PAIR_KEY);
    expect(failures(v.verdicts)).toEqual({ 'causal-order': 15, 'strong-convergence': 4 });
  });
});
