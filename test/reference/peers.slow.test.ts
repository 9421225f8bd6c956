// (Issue 13) Peer exchange as PEER instances, fixed-host peers and the peerRelay knob, model
// against the reference engine: random walks both ways (with environment faults and with crashes),
// a scripted relay, the broken relayDedup=false counterexample replayed, and the UT-DI send-time
// list growing by one entry per hop.
import { describe, expect, it } from 'vitest';
import { ReferenceEngine } from '../../reference/index.ts';
import { bodyEntries } from '../../reference/vlds.ts';
import type { ReplicationAction, ResolvedConfig } from '../../traces/replication.ts';
import { configFor, engineWalkInModel, modelWalkInEngine, scriptInBoth, shortestCounterexampleReplay } from './differential.ts';
import { crossZone, line, withKnobs } from './configs.ts';

const PEERS = { peerInstances: true, peerRelay: true };
/** cross-zone with a fixed host in c1 (a fixed peer of mh1 and mh2), peers as instances, relaying. */
const crossZonePeers: ResolvedConfig = withKnobs({
  ...crossZone,
  hosts: [...crossZone.hosts, { id: 'fh1', kind: 'fixed', cell: 'c1', interests: ['o'] }],
  writers: [...(crossZone.writers ?? []), 'fh1'],
}, PEERS);
const crashPeers = configFor('peer-relay', {}, {
  hosts: [...(configFor('peer-relay').hosts), { id: 'mh2', kind: 'mobile', cell: 'c1', interests: ['o'] }],
  writers: ['mh1', 'mh2'],
  bounds: { updatesPerHost: 2, values: 1, disconnects: 2, failedMigrations: 1, duplicates: 1 },
  faults: { crashes: 2, losses: 1, nodes: ['c1', 'mh1', 'fh1'], checkpoint: { cell: 'on-ack', zone: 'on-ack', mobile: 'never', fixed: 'always' } },
});

/** Configurations and how many seeds each walk direction runs (the crash one is the slowest). */
const cases: [string, ResolvedConfig, number][] = [
  ['line, peers as instances', withKnobs(line, { peerInstances: true }), 6],
  ['line, peers as instances, relaying', withKnobs(line, PEERS), 6],
  ['line, fused peers, relaying', withKnobs(line, { peerRelay: true }), 6],
  ['cross-zone with a fixed peer, relaying', crossZonePeers, 6],
  ['peer-relay with crashes and lost acknowledgements', crashPeers, 3],
];

describe.each(cases)('%s', (_name, config, seeds) => {
  it('model random walks replay step for step in the engine', () => {
    for (let seed = 1; seed <= seeds; seed++) expect(modelWalkInEngine(config, 'hierarchical', seed, 90), `seed ${seed}`).toBeUndefined();
  });
  it('engine random walks: same enabled actions as the model, each step the model\'s step', () => {
    for (let seed = 1; seed <= seeds; seed++) expect(engineWalkInModel(config, 'hierarchical', seed, 90), `seed ${seed}`).toBeUndefined();
  });
});

const up = (host: string): ReplicationAction => ({ type: 'update', host, item: 'x', value: 1 });
const send = (from: string, to: string, kind: 'RU' | 'PEER', instance: string, updates: string[]): ReplicationAction => ({ type: 'send', from, to, kind, instance, updates });
const mig = (instance: string): ReplicationAction => ({ type: 'migrate', instance, ok: true });
const exe = (instance: string): ReplicationAction => ({ type: 'execute', instance });

describe('a relayed update', () => {
  const config = configFor('peer-relay');
  const script: ReplicationAction[] = [
    up('mh1'), send('mh1', 'fh1', 'PEER', 'mh1/1', ['mh1#1']), mig('mh1/1'), exe('mh1/1'),
    { type: 'disconnect', host: 'mh1' },
    send('fh1', 'c1', 'RU', 'fh1/1', ['mh1#1']), mig('fh1/1'), exe('fh1/1'),
  ];
  it('the fixed peer carries the update of its away origin up in its own RU; model and engine agree step by step', () => {
    expect(scriptInBoth(config, 'hierarchical', script)).toBeUndefined();
    const e = new ReferenceEngine(config);
    for (const a of script) expect(e.apply(a), JSON.stringify(a)).toBeUndefined();
    const v = e.view();
    expect(v.nodes[2]!.collected).toEqual([0]); // c1 collected mh1#1 from fh1
    expect(v.nodes[4]!.flagT).toEqual([0]); // fh1's relay was acknowledged
    expect(v.nodes[3]!.flagF).toEqual([0]); // mh1 (away) still has to send its own
  });
  it('a PEER instance still migrating is lost when its receiver disconnects', () => {
    const e = new ReferenceEngine(config);
    for (const a of [up('mh1'), send('mh1', 'fh1', 'PEER', 'mh1/1', ['mh1#1'])]) expect(e.apply(a)).toBeUndefined();
    expect(e.view().instances).toHaveLength(1);
    expect(e.apply({ type: 'disconnect', host: 'mh1' })).toBeUndefined();
    expect(e.view().instances).toHaveLength(0);
    expect(e.apply({ type: 'peer', from: 'mh1', to: 'fh1', updates: ['mh1#1'] })).toMatch(/runs as PEER instances/);
  });
  it('without de-duplication at servers (relayDedup=false) the MS numbers it twice: total-order violated, and the counterexample replays', async () => {
    const broken = configFor('peer-relay', { relayDedup: false }, { bounds: { updatesPerHost: 1, values: 1 } });
    const { trace, report } = await shortestCounterexampleReplay('hierarchical', 'total-order', broken);
    expect(trace.steps.some((s) => (s.action as { kind?: string } | undefined)?.kind === 'PEER')).toBe(true);
    expect(report.divergence).toBeUndefined();
    expect(report).toMatchObject({ result: 'reproduced', verdict: { trace: 'violated', engine: 'violated' } });
  }, 120_000);
});

describe('UT-DI send times (reference engine)', () => {
  it('grow by one entry per hop: host->cell, cell->zone, zone->MS', () => {
    const e = new ReferenceEngine(line);
    const steps: ReplicationAction[] = [
      up('mh1'), send('mh1', 'c1', 'RU', 'mh1/1', ['mh1#1']), mig('mh1/1'), exe('mh1/1'), { type: 'order', server: 'c1', updates: ['mh1#1'] },
      { type: 'send', from: 'c1', to: 'z1', kind: 'RU', instance: 'c1/1', updates: ['mh1#1'] }, mig('c1/1'),
    ];
    const sent = (name: string) => {
      const inst = e.current.instances.find((x) => `${e.topo.nodes[x.vlds.header.sender]!.id}/${x.vlds.header.instanceId}` === name)!;
      return bodyEntries(inst.vlds.updates)[0]!.tracking.sent;
    };
    for (const a of steps.slice(0, 2)) expect(e.apply(a)).toBeUndefined();
    const t1 = sent('mh1/1');
    expect(t1).toHaveLength(1);
    for (const a of steps.slice(2)) expect(e.apply(a)).toBeUndefined();
    const t2 = sent('c1/1');
    expect(t2).toHaveLength(2);
    expect(t2[0]).toBe(t1[0]);
    expect(t2[1]).toBeGreaterThan(t2[0]!);
    for (const a of [exe('c1/1'), { type: 'order', server: 'z1', updates: ['mh1#1'] } as ReplicationAction, send('z1', 'ms', 'RU', 'z1/1', ['mh1#1']), mig('z1/1')]) expect(e.apply(a)).toBeUndefined();
    const t3 = sent('z1/1');
    expect(t3).toHaveLength(3);
    expect(t3.slice(0, 2)).toEqual(t2);
    expect(t3[2]).toBeGreaterThan(t3[1]!);
  });
});
