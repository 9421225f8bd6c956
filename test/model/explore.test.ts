/**
 * Exhaustive exploration of the presets with the engine: pinned state counts (a change in them
 * means the model's semantics changed: update README's table), structural validity of every
 * reachable state, the causal-order bug of the broken mechanism, and agreement of property
 * verdicts with and without the symmetry reduction.
 */
import { describe, expect, it } from 'vitest';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import { always } from '../../src/engine/property.ts';
import type { Property } from '../../src/engine/property.ts';
import type { ReplicationState } from '../../traces/replication.ts';
import { replicationProperties } from '../../properties/index.ts';
import type { ConfigInput } from '../../model/config-types.ts';
import type { ReplicationModel } from '../../model/replication.ts';
import { invalidities } from '../../model/validity.ts';
import { modelOf } from './helpers.ts';

function valid(m: ReplicationModel): Property<ReplicationState> {
  return always('valid', (s) => {
    const problems = invalidities(m.topology, s);
    return problems.length ? { facts: problems } : true;
  });
}

/** For every u with a Global ID and every dep d of u: d has a smaller Global ID. */
const gidCausal = always<ReplicationState>('gid-causal', (s) => {
  for (const u of s.updates) {
    if (!u.gid) continue;
    for (const d of u.deps) {
      const g = s.updates[d]!.gid;
      if (!g || g > u.gid) return { facts: [`a cause of the update with gid ${u.gid} has gid ${g}`] };
    }
  }
  return true;
});

describe('pinned state counts (symmetry on)', () => {
  it('tiny', async () => {
    const m = modelOf('tiny');
    const r = await exhaustive(m, [valid(m), gidCausal]);
    expect(r.stats.distinctStates).toBe(80);
    expect(r.outcome).toBe('pass');
  });

  it('small: every state valid; hierarchical keeps Global IDs causal', async () => {
    const m = modelOf('small');
    const r = await exhaustive(m, [valid(m), gidCausal]);
    expect(r.stats.distinctStates).toBe(132_439);
    expect(r.properties.map((p) => p.status)).toEqual(['holds', 'holds']);
  });
});

describe('the broken mechanism', () => {
  it('arrival-order gives an effect a smaller Global ID than its cause on small', async () => {
    const m = modelOf('small', 'arrival-order');
    const r = await exhaustive(m, [gidCausal]);
    const p = r.properties[0]!;
    expect(p.status).toBe('violated');
    const path = p.path!.map((st) => (st.action ? m.formatAction!(st.action) : 'init'));
    expect(path).toContain('peer mh1->mh2 [mh1#1]');
    expect(path[path.length - 1]).toMatch(/^ms assigns gid 1 \[mh2#1\]$/);
  });
});

/** mh1 writes, mh2 and mh3 (interchangeable) subscribe; `knobs` select a variant. */
function subscribers(knobs: Record<string, boolean | number>, bounds: Record<string, number> = {}): ConfigInput {
  return {
    master: { id: 'ms' }, zones: [{ id: 'z1' }], cells: [{ id: 'c1', zone: 'z1' }],
    hosts: ['mh1', 'mh2', 'mh3'].map((id) => ({ id, kind: 'mobile' as const, cell: 'c1', interests: ['o'] })),
    objects: [{ id: 'o', kind: 'frequent', items: ['x'] }],
    bounds: { updatesPerHost: 1, values: 1, ...bounds },
    writers: ['mh1'],
    knobs: { refusals: 0, ...knobs },
  };
}

async function verdicts(m: ReplicationModel): Promise<{ states: number; verdicts: Record<string, string> }> {
  const props = [
    valid(m), gidCausal,
    ...replicationProperties({ index: m.topology.index, config: m.topology.config }),
  ];
  const r = await exhaustive(m, props);
  return { states: r.stats.distinctStates, verdicts: Object.fromEntries(r.properties.map((p) => [p.name, p.status])) };
}

describe('symmetry reduction', () => {
  it.each([
    ['default', subscribers({})],
    ['flag on send', subscribers({ flagOnSend: true })],
    ['faults', subscribers({}, { disconnects: 1, failedMigrations: 1 })],
  ])('reduced and unreduced explorations agree on every verdict (%s)', async (_name, cfg) => {
    const reduced = await verdicts(modelOf(cfg, 'hierarchical', true));
    const full = await verdicts(modelOf(cfg, 'hierarchical', false));
    expect(reduced.verdicts).toEqual(full.verdicts);
    expect(reduced.states).toBeLessThan(full.states);
  });

  it('the broken variants are caught with it', async () => {
    const flag = await verdicts(modelOf(subscribers({ flagOnSend: true }), 'hierarchical', true));
    expect(flag.verdicts['propagation-flag']).toBe('violated');
    const m = modelOf(subscribers({ duplicateSuppression: false }, { duplicates: 1 }), 'hierarchical', true);
    const once = replicationProperties({ index: m.topology.index, config: m.topology.config }).filter((p) => p.name === 'exactly-once');
    const r = await exhaustive(m, once);
    expect(r.properties[0]!.status).toBe('violated');
  });
});
