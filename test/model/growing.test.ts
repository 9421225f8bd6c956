// (Issue 13) The growing topology in the model: configuration checks (fixed hosts above cell
// level, children of joiner servers), and the enabling and effect of a server's join, its
// initial replication and a host's leave, on scripted runs.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/engine/errors.ts';
import { PRESETS, resolveConfig } from '../../model/index.ts';
import type { ConfigInput } from '../../model/config-types.ts';
import type { ReplicationState } from '../../traces/replication.ts';
import { modelFor } from '../reference/differential.ts';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import { replicationProperties } from '../../properties/index.ts';

const base = PRESETS['new-server']!;

function modelOf(over: Partial<ConfigInput> = {}) {
  return modelFor(resolveConfig({ ...base, ...over }), 'hierarchical');
}

/** Runs actions by label (each must be enabled) and returns the final state. */
function run(model: ReturnType<typeof modelOf>, labels: string[]): ReplicationState {
  let s = model.init()[0]!;
  for (const label of labels) {
    const a = model.actions(s).find((x) => model.formatAction!(x) === label);
    expect(a, `${label} enabled; enabled: ${model.actions(s).map((x) => model.formatAction!(x)).join(' | ')}`).toBeDefined();
    s = model.next(s, a!)!;
  }
  return s;
}

function labels(model: ReturnType<typeof modelOf>, s: ReplicationState): string[] {
  return model.actions(s).map((x) => model.formatAction!(x));
}

describe('configuration', () => {
  it('a fixed host may attach to a zone or the master; a mobile host may not', () => {
    const hosts = [{ id: 'mh1', kind: 'mobile' as const, cell: 'c1', interests: ['o'] }, { id: 'fh1', kind: 'fixed' as const, cell: 'z1', interests: ['o'] }, { id: 'fh2', kind: 'fixed' as const, cell: 'ms', interests: ['o'] }];
    const c = resolveConfig({ ...base, hosts });
    expect(c.hosts.map((h) => h.cell)).toEqual(['c1', 'z1', 'ms']);
    expect(() => resolveConfig({ ...base, hosts: [{ id: 'mh1', kind: 'mobile', cell: 'z1', interests: ['o'] }] })).toThrow(/config\.hosts\[0\]\.cell must be one of the cell ids/);
  });
  it('the cells of a joiner zone and the hosts of a joiner cell must join too', () => {
    expect(() => resolveConfig({ ...base, hosts: [{ id: 'mh2', kind: 'mobile', cell: 'c2', interests: ['o'] }] }))
      .toThrow(new UsageError('config.hosts[0].joins must be true: its server c2 joins during the run, so its hosts attach only after it (got absent)'));
    expect(() => resolveConfig({ ...base, zones: [{ id: 'z1', joins: true }] })).toThrow(/config\.cells\[0\]\.joins must be true/);
  });
});

describe('server join and initial replication', () => {
  it('c2 joins; its host waits until c2 holds its replica; c2 gets the parent\'s data, cursor and metadata', () => {
    const model = modelOf();
    const s0 = model.init()[0]!;
    expect(s0.nodes[3]!.member).toBe(false);
    expect(s0.nodes[3]!.meta).toBeUndefined();
    expect(labels(model, s0)).toContain('c2 joins {o}');
    expect(labels(model, s0).some((l) => l.startsWith('mh2 joins'))).toBe(false);
    const path = ['mh1 writes x=1 (mh1#1)', 'send RU mh1/1 mh1->c1 [mh1#1]', 'migrate mh1/1 ok', 'execute mh1/1', 'c1 orders [mh1#1]',
      'send RU c1/1 c1->z1 [mh1#1]', 'migrate c1/1 ok', 'execute c1/1', 'z1 orders [mh1#1]', 'send RU z1/1 z1->ms [mh1#1]', 'migrate z1/1 ok',
      'execute z1/1', 'ms assigns gid 1 [mh1#1]', 'send ReRU ms/1 ms->z1 [mh1#1]', 'migrate ms/1 ok', 'execute ms/1', 'c2 joins {o}'];
    const joined = run(model, path);
    expect(joined.nodes[3]!.member).toBe(true);
    expect(joined.nodes[1]!.meta!.servers).toEqual([3]);
    expect(labels(model, joined).some((l) => l.startsWith('mh2 joins'))).toBe(false);
    const installed = run(model, [...path, 'send IR z1/2 z1->c2 {o} [mh1#1]', 'migrate z1/2 ok', 'execute z1/2']);
    const c2 = installed.nodes[3]!;
    expect(c2.committed).toBe(1);
    expect(c2.order[0]).toEqual([0]);
    expect(c2.meta!.servers).toEqual([3]);
    expect(installed.nodes[0]!.meta!.servers).toEqual([3]);
    expect(installed.nodes[1]!.meta!.acked).toContain(3);
    expect(labels(model, installed)).toContain('mh2 joins {o}');
  });
});

describe('leave', () => {
  const hosts = [{ id: 'mh1', kind: 'mobile' as const, cell: 'c1', interests: ['o'], leaves: true }];
  it('only once flushed; it unregisters with an ROI and every server learns it', () => {
    const model = modelOf({ hosts, writers: ['mh1'] });
    const wrote = run(model, ['mh1 writes x=1 (mh1#1)']);
    expect(labels(model, wrote)).not.toContain('mh1 leaves');
    const flushed = run(model, ['mh1 writes x=1 (mh1#1)', 'send RU mh1/1 mh1->c1 [mh1#1]', 'migrate mh1/1 ok', 'execute mh1/1', 'mh1 leaves']);
    const mh1 = flushed.nodes[4]!;
    expect(mh1.member).toBe(false);
    expect(mh1.left).toBe(true);
    const roi = flushed.instances.find((x) => x.kind === 'ROI')!;
    expect(roi.row).toEqual({ host: 4, region: -1, version: 2 });
    const done = run(model, ['mh1 writes x=1 (mh1#1)', 'send RU mh1/1 mh1->c1 [mh1#1]', 'migrate mh1/1 ok', 'execute mh1/1', 'mh1 leaves', 'migrate mh1/2 ok', 'execute mh1/2']);
    for (const q of [0, 1, 2]) expect(done.nodes[q]!.meta!.rows.slice(0, 4), `server ${q}`).toEqual([0, -1, 0, 2]);
    expect(labels(model, done).some((l) => l.startsWith('mh1 '))).toBe(false);
  });
});

describe('faults on a joined server', () => {
  it.each([
    ['in place, nothing persisted', { crashes: 1, nodes: ['c2'], checkpoint: { cell: 'never' as const } }],
    ['on a replacement, on-ack checkpoints', { crashes: 1, nodes: ['c2'], recovery: 'replacement' as const, checkpoint: 'on-ack' as const }],
  ])('c2 crashes (%s): new-server and metadata-convergence hold (exhaustive)', async (_what, faults) => {
    const config = resolveConfig({ ...base, hosts: [base.hosts![0]!], faults });
    const model = modelFor(config, 'hierarchical');
    const props = replicationProperties({ index: model.topology.index, config }).filter((p) => p.name === 'new-server' || p.name === 'metadata-convergence');
    const result = await exhaustive(model, props);
    expect(result.stats).not.toHaveProperty('limit');
    expect(result.properties.map((p) => [p.name, p.status])).toEqual([['metadata-convergence', 'holds'], ['new-server', 'holds']]);
    expect(result.properties.every((p) => (p.witnesses ?? 0) > 0)).toBe(true);
  }, 120_000);
});
