// The flat sequencer (README, "sequencer"): total order and FIFO hold, causal order does not;
// the per-origin hold-back at the MS is what keeps FIFO when a writer's updates take two paths.
import { describe, expect, it } from 'vitest';
import { sequencer } from '../../../model/mechanisms/sequencer.ts';
import type { ReplicationState, UpdateView } from '../../../traces/replication.ts';
import { modelOf } from '../helpers.ts';
import { failures, fixture, ORIGIN_ORDER, PEER_PAIR_KEY, verdicts } from './verdicts.ts';

function up(origin: number, seq: number, gid = 0): UpdateView {
  return { origin, seq, item: 0, value: 1, deps: [], gid, stamp: [] };
}

// Exhaustive runs of the peer pair take tens of seconds on a loaded 2-core machine.
describe('sequencer', { timeout: 300_000 }, () => {
  it('commits in arrival order, holding back an update whose origin has an earlier one without a Global ID', () => {
    const ctx = { topo: modelOf('small').topology };
    // ids: 0 = a#1 (no gid), 1 = a#2, 2 = b#1
    const s = { updates: [up(3, 1), up(3, 2), up(4, 1)] } as unknown as ReplicationState;
    expect(sequencer.commit(ctx, s, [1, 2])).toEqual([2]);
    expect(sequencer.commit(ctx, s, [1, 2, 0])).toEqual([2, 0, 1]);
    const done = { updates: [up(3, 1, 1), up(3, 2), up(4, 1)] } as unknown as ReplicationState;
    expect(sequencer.commit(ctx, done, [1, 2])).toEqual([1, 2]);
  });

  it('holds every property on tiny', async () => {
    expect(failures((await verdicts('tiny', 'sequencer')).verdicts)).toEqual({});
  });

  it('violates only causal-order on the peer pair (15 steps)', async () => {
    // Every property's verdict on the peer pair: peer-pair-matrix.long.test.ts.
    expect(failures((await verdicts(fixture('peer-pair'), 'sequencer', undefined, PEER_PAIR_KEY)).verdicts)).toEqual({ 'causal-order': 15, 'strong-convergence': 4 });
  });

  it('keeps FIFO for a writer that moves between cells, and loses it with fifoHoldBack=false', async () => {
    expect(failures((await verdicts(fixture('fifo-move'), 'sequencer', undefined, ORIGIN_ORDER)).verdicts)).toEqual({});
    const off = await verdicts(fixture('fifo-move'), 'sequencer', { fifoHoldBack: 'false' }, ORIGIN_ORDER);
    expect(failures(off.verdicts)).toEqual({ 'causal-order': 18, 'fifo-order': 18, 'monotonic-writes': 18 });
  });
});
