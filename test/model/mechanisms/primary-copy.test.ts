// Lazy primary copy (README, "primary-copy"): writes are forwarded to the primary (the MS) and
// applied at the writer only when they come back committed, so read-your-writes fails unless
// `waitOwnCommit` (old name `eager`) makes the host wait. CA is stable: while its write is in flight the writer lacks its
// own update, so it is not available (def. 3.1.10 as the properties read it) and not in CA.
import { describe, expect, it } from 'vitest';
import { primaryCopy } from '../../../model/mechanisms/primary-copy.ts';
import { modelOf, run } from '../helpers.ts';
import { failures, fixture, ORIGIN_ORDER, PEER_PAIR_KEY, verdicts } from './verdicts.ts';

// Exhaustive runs of the peer pair take tens of seconds on a loaded 2-core machine.
describe('primary-copy', { timeout: 300_000 }, () => {
  it('does not apply a write at the writer; it arrives there through the ReRU stream', () => {
    const m = modelOf('tiny', 'primary-copy');
    const s = run(m, m.init()[0]!, 'mh1 writes x=1 (mh1#1)');
    const mh1 = s.nodes[m.topology.nodeByName.get('mh1')!]!;
    expect(primaryCopy.localApply).toBe(false);
    expect(mh1.applied).toEqual([]);
    expect(mh1.flagF).toEqual([0]);
    expect(m.actions(s).some((a) => a.t === 'peer')).toBe(false);
  });

  it('holds every property on tiny, ca-state:stable included', async () => {
    const v = await verdicts('tiny', 'primary-copy');
    expect(Object.keys(v.verdicts)).toHaveLength(22);
    expect(failures(v.verdicts)).toEqual({});
  });

  it('holds causal and total order on the peer pair', async () => {
    // Every property's verdict on the peer pair: peer-pair-matrix.long.test.ts.
    expect(failures((await verdicts(fixture('peer-pair'), 'primary-copy', undefined, PEER_PAIR_KEY)).verdicts)).toEqual({});
  });

  it('fails read-your-writes (2 steps: write, read) unless eager makes the read wait', async () => {
    expect(failures((await verdicts(fixture('read-own'), 'primary-copy')).verdicts)).toEqual({ 'read-your-writes': 2 });
    expect(failures((await verdicts(fixture('read-own'), 'primary-copy', { eager: 'true' })).verdicts)).toEqual({});
  });

  it('keeps FIFO for a moving writer only with the primary\'s per-origin hold-back', async () => {
    expect(failures((await verdicts(fixture('fifo-move'), 'primary-copy', undefined, ORIGIN_ORDER)).verdicts)).toEqual({});
    const off = await verdicts(fixture('fifo-move'), 'primary-copy', { fifoHoldBack: 'false' }, ORIGIN_ORDER);
    expect(failures(off.verdicts)).toEqual({ 'causal-order': 18, 'fifo-order': 18, 'monotonic-writes': 18 });
  });
});
