/**
 * (Issue 13, fix of the stale registration) A mobile host moves from c1 to c2, crashes with nothing
 * checkpointed and recovers at cursor 0 while its move's registration (cursor 1) is still in
 * flight. Before the fix that registration arrived afterwards and set c2's acknowledged cursor
 * back to 1, so c2 never resent ms#1 (`progress`, `recovery-ca` violated in 18 steps). Now the
 * recovered host re-registers as a newer report (version made + 1) and the old one is stale:
 * every property holds, exhaustively, under each handoff policy; the stale report is reached.
 */
import { describe, expect, it } from 'vitest';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import { simulate } from '../../src/engine/random.ts';
import type { ReplicationState } from '../../traces/replication.ts';
import type { FaultsInput } from '../../model/faults-config.ts';
import { buildVariant } from './variants.ts';

const faults: FaultsInput = { crashes: 1, nodes: ['c1', 'c2', 'mh1'], checkpoint: { cell: 'on-ack', mobile: 'never' } };

describe('a host recovering after a move, its registration still in flight', () => {
  it.each(['none', 'forward', 'resend'] as const)('every property holds under handoff=%s', async (handoff) => {
    const { model, properties } = buildVariant({ preset: 'handoff', override: { faults, knobs: { handoff } } });
    const result = await exhaustive(model, properties);
    const failing = result.properties.filter((p) => p.status !== 'holds').map((p) => `${p.name}: ${p.status}`);
    expect(failing).toEqual([]);
    expect(result.properties.map((p) => p.name)).toEqual(expect.arrayContaining(['progress', 'recovery-ca', 'metadata-convergence']));
  });

  it('with ROI hops (too many states to exhaust): 400 random walks keep every property (a tying re-registration failed progress here)', async () => {
    const { model, properties } = buildVariant({ preset: 'handoff', override: { faults, knobs: { handoff: 'forward', roiHops: true } } });
    const result = await simulate(model, properties, { seed: 1, runs: 400 });
    expect(result.properties.filter((p) => p.status === 'violated').map((p) => p.name)).toEqual([]);
  });

  it('reaches the case: mh1 recovered at cursor 0 with its pre-crash registration (cursor 1) in flight, and c2 keeps 0', () => {
    const { model } = buildVariant({ preset: 'handoff', override: { faults, knobs: { handoff: 'none' } } });
    const labels = [
      'ms writes x=1 (ms#1)', 'send ReRU ms/1 ms->z1 [ms#1]', 'migrate ms/1 ok', 'execute ms/1', 'send ReRU z1/1 z1->c1 [ms#1]',
      'migrate z1/1 ok', 'execute z1/1', 'send ReRU c1/1 c1->mh1 [ms#1]', 'migrate c1/1 ok', 'execute c1/1', 'mh1 moves to c2',
      'mh1 crashes', 'mh1 recovers', 'migrate mh1/1 ok', 'execute mh1/1',
    ];
    let s: ReplicationState = model.init()[0]!;
    for (const label of labels) {
      const a = model.actions(s).find((x) => model.formatAction!(x) === label);
      expect(a, `${label} enabled`).toBeDefined();
      s = model.next(s, a!)!;
    }
    const at = (id: string): number => model.topology.index.nodes.findIndex((n) => n.id === id);
    const c2 = at('c2');
    const mh1 = at('mh1');
    expect(s.nodes[mh1]!.committed).toBe(0);
    expect(s.nodes[c2]!.meta!.acked).toEqual([]); // the acknowledged cursor stays 0: c2 will resend ms#1
    expect(s.instances.some((x) => x.kind === 'ReRU')).toBe(false);
    expect(model.actions(s).map((x) => model.formatAction!(x))).toContain('send ReRU z1/2 z1->c2 [ms#1]');
  });
});
