/**
 * (Issue 13) Peer exchange as PEER instances and the peerRelay knob in the model: the instance
 * lifecycle and its loss when an end goes away, fixed-host peers, the relay carrying an update of
 * an away origin up, servers' id-based de-duplication shown both ways (relayDedup=false violates
 * total-order), and `stranded-updates` (model/stranded.ts) in one state and over random runs.
 */
import { describe, expect, it } from 'vitest';
import replication, { PRESETS, resolveConfig } from '../../model/index.ts';
import { createReplicationModel } from '../../model/index.ts';
import { builtinMechanism } from '../../model/mechanisms/index.ts';
import { strandedUpdates } from '../../model/stranded.ts';
import type { CaMetrics, CaMetricsReport } from '../../model/ca-metrics.ts';
import { replicationProperties } from '../../properties/index.ts';
import { checkCAStep } from '../../properties/ca-state.ts';
import { makeStatics } from '../../properties/context.ts';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import { simulate } from '../../src/engine/random.ts';
import type { ReplicationAction, ReplicationState } from '../../traces/replication.ts';

function modelOf(knobs: Record<string, boolean> = {}, bounds: Record<string, number> = {}) {
  const base = PRESETS['peer-relay']!;
  const config = resolveConfig({ ...base, knobs: { ...base.knobs, ...knobs }, bounds: { ...base.bounds, ...bounds } }, 'peer-relay');
  return { config, model: createReplicationModel(config, builtinMechanism('hierarchical')) };
}

/** Runs a script of semantic actions in the model, failing on one that is not enabled. */
function script(model: ReturnType<typeof modelOf>['model'], actions: ReplicationAction[]): ReplicationState {
  let s = model.init()[0]!;
  for (const a of actions) {
    const act = model.actions(s).find((x) => JSON.stringify(model.actionToJson(x)) === JSON.stringify(a));
    expect(act, `${JSON.stringify(a)} enabled`).toBeDefined();
    s = model.next(s, act!)!;
  }
  return s;
}

const SERVERS = [true, true, true, false, false];
const write: ReplicationAction = { type: 'update', host: 'mh1', item: 'x', value: 1 };
const peerSend: ReplicationAction = { type: 'send', from: 'mh1', to: 'fh1', kind: 'PEER', instance: 'mh1/1', updates: ['mh1#1'] };
const peerOk: ReplicationAction[] = [peerSend, { type: 'migrate', instance: 'mh1/1', ok: true }, { type: 'execute', instance: 'mh1/1' }];

describe('PEER instances', () => {
  it('go send, migrate, execute; the fixed host receives the update as a tentative one', () => {
    const { model } = modelOf({ peerRelay: false });
    const s = script(model, [write, peerSend]);
    expect(s.instances).toMatchObject([{ kind: 'PEER', from: 3, to: 4, state: 'migrating', updates: [0] }]);
    // one PEER instance per pair at a time: no second send while it exists
    expect(model.actions(s).map((a) => model.actionToJson(a)).filter((a) => a.type === 'send' && a.kind === 'PEER')).toEqual([]);
    const t = script(model, [write, ...peerOk]);
    expect(t.nodes[4]).toMatchObject({ order: [[0]], flagF: [], executed: ['mh1/1'] });
  });
  it('are lost while migrating when the sender disconnects; the fused peer step is gone', () => {
    const { model } = modelOf();
    const s = script(model, [write, peerSend, { type: 'disconnect', host: 'mh1' }]);
    expect(s.instances).toEqual([]);
    expect(model.actions(script(model, [write])).some((a) => model.actionToJson(a).type === 'peer')).toBe(false);
  });
});

describe('peerRelay', () => {
  it('the receiver flags the peer\'s update F and its RU carries it up while the origin is away', () => {
    const { model } = modelOf();
    const s = script(model, [write, ...peerOk, { type: 'disconnect', host: 'mh1' }]);
    expect(s.nodes[4]!.flagF).toEqual([0]);
    expect(strandedUpdates(s, SERVERS)).toEqual([0]);
    const t = script(model, [write, ...peerOk, { type: 'disconnect', host: 'mh1' },
      { type: 'send', from: 'fh1', to: 'c1', kind: 'RU', instance: 'fh1/1', updates: ['mh1#1'] }]);
    expect(strandedUpdates(t, SERVERS)).toEqual([]);
  });
  it('without it the update stays stranded at the peer until its origin comes back', () => {
    const { model } = modelOf({ peerRelay: false });
    const s = script(model, [write, ...peerOk, { type: 'disconnect', host: 'mh1' }]);
    expect(s.nodes[4]!.flagF).toEqual([]);
    expect(strandedUpdates(s, SERVERS)).toEqual([0]);
    expect(strandedUpdates(script(model, [write, ...peerOk, { type: 'disconnect', host: 'mh1' }, { type: 'reconnect', host: 'mh1' }]), SERVERS)).toEqual([]);
  });
});

describe('id-based de-duplication at servers, both ways (exhaustive, no disconnection)', () => {
  const names = ['total-order', 'exactly-once', 'eventual-consistency', 'propagation-flag'];
  it('holds with relayDedup (the default)', async () => {
    const { config, model } = modelOf({}, { disconnects: 0 });
    const props = replicationProperties({ index: model.topology.index, config }).filter((p) => names.includes(p.name));
    const r = await exhaustive(model, props);
    expect(r.outcome).toBe('pass');
    expect(r.properties.map((p) => p.status)).toEqual(names.map(() => 'holds'));
    for (const p of ['eventual-consistency', 'propagation-flag']) expect(r.properties.find((q) => q.name === p)!.witnesses, p).toBeGreaterThan(0);
  });
  it('relayDedup=false: the MS numbers the update twice (total-order violated)', async () => {
    const { config, model } = modelOf({ relayDedup: false }, { disconnects: 0 });
    const props = replicationProperties({ index: model.topology.index, config }).filter((p) => p.name === 'total-order');
    const v = (await exhaustive(model, props)).properties[0]!;
    expect(v.status).toBe('violated');
    expect(v.explanation!.facts.join(' ')).toMatch(/no update (carries|has) gid 1/);
  });
});

describe('stranded-updates in random runs\' metrics', () => {
  it('counted beside the CA table (metrics.stranded), reproducible by seed', async () => {
    const run = async () => {
      const t = await replication.create({ params: {}, config: 'peer-relay', mechanism: 'hierarchical', cwd: process.cwd() });
      return (await simulate(t.model, t.properties.filter((p) => p.name === 'total-order'), { seed: 3, runs: 200, metrics: t.metrics!() })).metrics as CaMetricsReport;
    };
    const m = await run();
    expect(m.stranded.walks).toBe(200);
    expect(m.stranded.walksWithStranded).toBeGreaterThan(0);
    expect(m.stranded.updates).toBeGreaterThanOrEqual(m.stranded.walksWithStranded);
    expect(m.note).toMatch(/stranded-updates \(informative\)/);
    expect(await run()).toEqual(m);
  });
  it('survive a checkpoint (snapshot/restore) and add up across shards (tallies/absorb)', async () => {
    const t = await replication.create({ params: {}, config: 'peer-relay', mechanism: 'hierarchical', cwd: process.cwd() });
    const observer = t.metrics!() as CaMetrics;
    await simulate(t.model, t.properties.filter((p) => p.name === 'total-order'), { seed: 3, runs: 200, metrics: observer });
    const figures = (observer.report() as CaMetricsReport).stranded;
    const restored = t.metrics!() as CaMetrics;
    restored.restore(structuredClone(observer.snapshot()));
    expect((restored.report() as CaMetricsReport).stranded).toEqual(figures);
    const sum = t.metrics!() as CaMetrics;
    sum.absorb(observer.tallies());
    sum.absorb(observer.tallies());
    const twice = (sum.report() as CaMetricsReport).stranded;
    expect(twice).toEqual({ ...figures, walks: 2 * figures.walks, walksWithStranded: 2 * figures.walksWithStranded, updates: 2 * figures.updates, atEnd: 2 * figures.atEnd, states: 2 * figures.states });
  });
});

describe('crash-peer (main\'s finding 8) with peers as instances', () => {
  const run = async (knobs: Record<string, string>) => {
    const t = await replication.create({ params: {}, config: 'crash-peer', mechanism: 'hierarchical', cwd: process.cwd(), knobs });
    const props = t.properties.filter((p) => ['eventual-consistency', 'ca-state:stable'].includes(p.name));
    expect(props).toHaveLength(2);
    return simulate(t.model, props, { seed: 1, runs: 300 });
  };
  it('without relay the peer\'s update built on an erased write still never settles (eventual-consistency violated)', async () => {
    const r = await run({ peerInstances: 'true' });
    expect(r.properties.find((p) => p.name === 'eventual-consistency')!.status).toBe('violated');
  }, 120_000);
  it('with peerRelay the peer carries the erased write up: both hold (a PEER instance in transit counts as holding its updates)', async () => {
    const r = await run({ peerInstances: 'true', peerRelay: 'true' });
    expect(r.properties.map((p) => [p.name, p.status])).toEqual([['eventual-consistency', 'holds'], ['ca-state:stable', 'holds']]);
  }, 120_000);
});

describe('a PEER instance in transit after its sender crashed (fault view)', () => {
  it('the delivery does not take the receiver out of CA: the update was held by the instance, not erased', () => {
    const base = PRESETS['crash-peer']!;
    const config = resolveConfig({ ...base, knobs: { ...base.knobs, peerInstances: true, peerRelay: true } }, 'crash-peer');
    const model = createReplicationModel(config, builtinMechanism('hierarchical'));
    const st = makeStatics(model.topology.index, config);
    const steps: ReplicationAction[] = [
      write, { type: 'send', from: 'mh1', to: 'mh2', kind: 'PEER', instance: 'mh1/1', updates: ['mh1#1'] },
      { type: 'migrate', instance: 'mh1/1', ok: true }, { type: 'crash', node: 'mh1' }, { type: 'execute', instance: 'mh1/1' },
    ];
    const before = script(model, steps.slice(0, 4));
    const after = script(model, steps);
    expect(after.nodes[4]!.flagF).toEqual([0]); // mh2 relays mh1#1, which mh1's crash erased
    expect(checkCAStep(st, before, after)).toBe(true);
  });
});
