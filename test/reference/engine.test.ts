// Reference engine, action by action on small configurations: effects on the view, the IIRA's
// state sequence, Host Manager retries, duplicate suppression, ordering hold-back, refusals.
import { describe, expect, it } from 'vitest';
import { ReferenceEngine } from '../../reference/index.ts';
import type { ReplicationAction } from '../../traces/replication.ts';
import { AGENT_STATES } from '../../traces/replication.ts';
import { line, rich, withKnobs } from './configs.ts';

/** Applies actions, failing the test with the refusal if one is refused. */
function run(e: ReferenceEngine, ...actions: ReplicationAction[]): ReferenceEngine {
  for (const a of actions) expect(e.apply(a), JSON.stringify(a)).toBeUndefined();
  return e;
}
const up = (host: string, item = 'x', value = 1): ReplicationAction => ({ type: 'update', host, item, value });
const send = (from: string, to: string, kind: 'RU' | 'ReRU', instance: string, updates: string[]): ReplicationAction => ({ type: 'send', from, to, kind, instance, updates });
const mig = (instance: string, ok = true): ReplicationAction => ({ type: 'migrate', instance, ok });
const exe = (instance: string): ReplicationAction => ({ type: 'execute', instance });
const order = (server: string, updates: string[]): ReplicationAction => ({ type: 'order', server, updates });
/** mh1#1 all the way up to the MS and committed there. */
const climb: ReplicationAction[] = [
  up('mh1'), send('mh1', 'c1', 'RU', 'mh1/1', ['mh1#1']), mig('mh1/1'), exe('mh1/1'), order('c1', ['mh1#1']),
  send('c1', 'z1', 'RU', 'c1/1', ['mh1#1']), mig('c1/1'), exe('c1/1'), order('z1', ['mh1#1']),
  send('z1', 'ms', 'RU', 'z1/1', ['mh1#1']), mig('z1/1'), exe('z1/1'), order('ms', ['mh1#1']),
];

describe('initial state', () => {
  it('lays out the tree, members and replicated objects with their related closure', () => {
    const v = new ReferenceEngine(rich).view();
    expect(v.nodes.map((n) => n.parent)).toEqual([-1, 0, 0, 1, 1, 2, 3, 3, 4, 5]);
    expect(v.nodes.map((n) => n.member)).toEqual([true, true, true, true, true, true, true, true, false, true]);
    // mh1: o + related r = 0b101; mh2: o, p, r; mh3 not joined yet; servers hold everything
    expect(v.nodes.map((n) => n.objects)).toEqual([7, 7, 7, 7, 7, 7, 5, 7, 0, 5]);
    expect(v.nodes.every((n) => n.agent === 'monitoring' && n.order.length === 4)).toBe(true);
    expect(v.nextGid).toBe(1);
  });
});

describe('local updates and reads', () => {
  it('a host update is tentative, flagged F, with the updates it had merged as deps', () => {
    const e = run(new ReferenceEngine(line), up('mh1', 'x', 2));
    const v = e.view();
    expect(v.updates).toEqual([{ origin: 3, seq: 1, item: 0, value: 2, deps: [], gid: 0, stamp: [] }]);
    expect(v.nodes[3]).toMatchObject({ order: [[0]], applied: [0], flagF: [0], writes: 1 });
    run(e, { type: 'peer', from: 'mh1', to: 'mh2', updates: ['mh1#1'] }, up('mh2'));
    expect(e.view().updates[1]).toMatchObject({ origin: 4, seq: 1, deps: [0] });
    const one = new ReferenceEngine({ ...line, writers: ['mh1'] });
    expect(one.apply(up('mh2'))).toBe('update mh2 x=1: mh2 is not one of the configured writers');
  });
  it('refuses a host update of an infrequently changed object (counted, bounded by the refusals knob); the MS commits its own at once', () => {
    const e = new ReferenceEngine(rich);
    run(e, up('mh1', 'z'));
    expect(e.view().refused).toBe(1);
    expect(e.view().updates).toEqual([]);
    expect(e.apply(up('mh1', 'z'))).toMatch(/refused attempt\(s\) allowed are used/);
    run(e, up('ms', 'z', 2));
    expect(e.view().updates[0].gid).toBe(1);
    expect(e.view().nodes[0]).toMatchObject({ order: [[], [], [], [0]], committed: 1 });
    expect(e.view().nextGid).toBe(2);
  });
  it('a cell server\'s own update joins its Collection-VLDS', () => {
    const v = run(new ReferenceEngine(rich), up('c1', 'y')).view();
    expect(v.nodes[3]).toMatchObject({ collected: [0], flagF: [], order: [[], [], [0], []] });
  });
  it('records reads at hosts only, with what the host sees', () => {
    const e = run(new ReferenceEngine(line), up('mh1'), { type: 'read', host: 'mh1', item: 'x' });
    expect(e.view().reads).toEqual([{ host: 3, item: 0, seen: [0], writesBefore: 1 }]);
    expect(e.apply({ type: 'read', host: 'c1', item: 'x' })).toMatch(/c1 is a server/);
  });
  it('bounds updates per host', () => {
    const e = run(new ReferenceEngine(line), up('mh1'), up('mh1'));
    expect(e.apply(up('mh1'))).toBe('update mh1 x=1: mh1 has used its 2 update(s)');
  });
});

describe('IIRA and Host Manager', () => {
  it('moves an instance through monitoring, retrieving, creating, migrating, executing, then removes it', () => {
    const e = run(new ReferenceEngine(line), up('mh1'), send('mh1', 'c1', 'RU', 'mh1/1', ['mh1#1']));
    let v = e.view();
    expect(v.instances[0]).toMatchObject({ from: 3, n: 1, to: 2, kind: 'RU', state: 'migrating', trail: AGENT_STATES.slice(0, 4), updates: [0] });
    expect(v.nodes[3]).toMatchObject({ agent: 'migrating', made: 1, flagF: [0] });
    run(e, mig('mh1/1'));
    v = e.view();
    expect(v.instances[0]).toMatchObject({ state: 'executing', trail: AGENT_STATES.slice(0, 5) });
    expect(v.nodes[3]).toMatchObject({ agent: 'monitoring', flagF: [], flagT: [0] });
    run(e, exe('mh1/1'));
    v = e.view();
    expect(v.instances).toEqual([]);
    expect(v.nodes[2]).toMatchObject({ collected: [0], executed: ['mh1/1'] });
  });
  it('retries a failed transfer: no acknowledgement, flags stay F, bounded; a disconnected end blocks it', () => {
    const e = run(new ReferenceEngine(line), up('mh1'), send('mh1', 'c1', 'RU', 'mh1/1', ['mh1#1']), mig('mh1/1', false));
    expect(e.view().instances[0]).toMatchObject({ state: 'migrating', failures: 1 });
    expect(e.view().used.failures).toBe(1);
    expect(e.view().nodes[3].flagF).toEqual([0]);
    expect(e.apply(mig('mh1/1', false))).toBe('migrate mh1/1 (fails): the 1 failed migration(s) allowed are used');
    run(e, { type: 'disconnect', host: 'mh1' });
    expect(e.apply(mig('mh1/1'))).toBe('migrate mh1/1: mh1 is disconnected');
    run(e, { type: 'reconnect', host: 'mh1' }, mig('mh1/1'));
    expect(e.view().nodes[3].flagT).toEqual([0]);
  });
  it('sends up only once the previous RU instance is gone, and ships exactly the F rows', () => {
    const e = run(new ReferenceEngine(line), up('mh1'), send('mh1', 'c1', 'RU', 'mh1/1', ['mh1#1']), up('mh1'));
    expect(e.apply(send('mh1', 'c1', 'RU', 'mh1/2', ['mh1#2']))).toBe("send mh1/2 RU mh1 -> c1: mh1's RU instance mh1/1 still exists");
    run(e, mig('mh1/1'), exe('mh1/1'));
    expect(e.apply(send('mh1', 'c1', 'RU', 'mh1/2', ['mh1#1', 'mh1#2']))).toBe('send mh1/2 RU mh1 -> c1: mh1 would ship [mh1#2], not [mh1#1, mh1#2]');
    expect(e.apply(send('mh1', 'c1', 'RU', 'mh1/3', ['mh1#2']))).toBe('send mh1/3 RU mh1 -> c1: the new instance is mh1/2, not mh1/3');
  });
  it('with flagOnSend the flags turn T when the instance is sent (the broken variant)', () => {
    const e = run(new ReferenceEngine(withKnobs(line, { flagOnSend: true })), up('mh1'), send('mh1', 'c1', 'RU', 'mh1/1', ['mh1#1']));
    expect(e.view().nodes[3]).toMatchObject({ flagF: [], flagT: [0] });
  });
  it('refuses an action on an instance that does not exist, naming it', () => {
    expect(new ReferenceEngine(line).apply(mig('mh1/2'))).toBe('migrate mh1/2: no such instance mh1/2 (from mh1)');
  });
});

describe('duplicate deliveries', () => {
  const dup = [up('mh1'), send('mh1', 'c1', 'RU', 'mh1/1', ['mh1#1']), mig('mh1/1'), { type: 'duplicate', instance: 'mh1/1' } as ReplicationAction];
  it('suppressed by default: the copy arrives but does not run again', () => {
    const e = run(new ReferenceEngine(line), ...dup, exe('mh1/1'));
    expect(e.view().instances[0]).toMatchObject({ state: 'executing', copies: 0 });
    run(e, exe('mh1/1'));
    const v = e.view();
    expect(v.instances).toEqual([]);
    expect(v.nodes[2]).toMatchObject({ collected: [0], executed: ['mh1/1'] });
    expect(v.used.duplicates).toBe(1);
  });
  it('without duplicate suppression the copy runs again', () => {
    const e = run(new ReferenceEngine(withKnobs(line, { duplicateSuppression: false })), ...dup, exe('mh1/1'), exe('mh1/1'));
    expect(e.view().nodes[2]).toMatchObject({ collected: [0, 0], executed: ['mh1/1', 'mh1/1'] });
  });
  it('one extra copy at a time, within the budget', () => {
    const e = run(new ReferenceEngine(line), ...dup);
    expect(e.apply({ type: 'duplicate', instance: 'mh1/1' })).toMatch(/already has an extra copy/);
  });
});

describe('ordering', () => {
  // mh2 sees mh1#1 through a peer exchange, writes mh2#1, and its RU reaches c1 first.
  const effectFirst: ReplicationAction[] = [
    up('mh1'), { type: 'peer', from: 'mh1', to: 'mh2', updates: ['mh1#1'] }, up('mh2'),
    send('mh2', 'c1', 'RU', 'mh2/1', ['mh2#1']), mig('mh2/1'), exe('mh2/1'),
  ];
  const twoWriters = { ...line, writers: ['mh1', 'mh2'] };
  it('a cell holds back an update until its causal predecessors are known there', () => {
    const e = run(new ReferenceEngine(twoWriters), ...effectFirst);
    expect(e.view().updates[1].deps).toEqual([0]);
    expect(e.apply(order('c1', ['mh2#1']))).toMatch(/holds back every collected update \(mh2#1\)/);
    run(e, send('mh1', 'c1', 'RU', 'mh1/1', ['mh1#1']), mig('mh1/1'), exe('mh1/1'));
    expect(e.apply(order('c1', ['mh2#1', 'mh1#1']))).toBe('order c1: c1 releases [mh1#1, mh2#1] in that order, not [mh2#1, mh1#1]');
    run(e, order('c1', ['mh1#1', 'mh2#1']));
    expect(e.view().nodes[2]).toMatchObject({ collected: [], flagF: [0, 1] });
  });
  it('without hold-back (knob off, or the arrival-order mechanism) it forwards in arrival order', () => {
    for (const e of [new ReferenceEngine(withKnobs(twoWriters, { causalHoldBack: false })), new ReferenceEngine(twoWriters, 'arrival-order')]) {
      run(e, ...effectFirst, order('c1', ['mh2#1']));
      expect(e.view().nodes[2].flagF).toEqual([1]);
    }
  });
  it('the MS assigns consecutive Global IDs in a causal order and merges them into the master replica', () => {
    const e = run(new ReferenceEngine(line), ...climb, up('ms', 'x', 2), up('mh1', 'x', 2),
      send('mh1', 'c1', 'RU', 'mh1/2', ['mh1#2']), mig('mh1/2'), exe('mh1/2'), order('c1', ['mh1#2']),
      send('c1', 'z1', 'RU', 'c1/2', ['mh1#2']), mig('c1/2'), exe('c1/2'), order('z1', ['mh1#2']),
      send('z1', 'ms', 'RU', 'z1/2', ['mh1#2']), mig('z1/2'), exe('z1/2'), order('ms', ['mh1#2']));
    const v = e.view();
    expect(v.updates.map((u) => u.gid)).toEqual([1, 2, 3]);
    expect(v.nextGid).toBe(4);
    expect(v.nodes[0]).toMatchObject({ order: [[0, 1, 2]], applied: [0, 1, 2], committed: 3, collected: [] });
    expect(e.apply(order('ms', []))).toBe('order ms: ms has no collected updates to order');
  });
  it('merging at a host puts the committed prefix first, in Global ID order', () => {
    const e = run(new ReferenceEngine({ ...line, writers: ['mh1', 'mh2'] }), ...climb, up('mh2'),
      send('ms', 'z1', 'ReRU', 'ms/1', ['mh1#1']), mig('ms/1'), exe('ms/1'),
      send('z1', 'c1', 'ReRU', 'z1/2', ['mh1#1']), mig('z1/2'), exe('z1/2'),
      send('c1', 'mh2', 'ReRU', 'c1/2', ['mh1#1']), mig('c1/2'), exe('c1/2'));
    const v = e.view();
    expect(v.updates.map((u) => u.gid)).toEqual([1, 0]);
    // mh2 wrote mh2#1 (id 1) before mh1#1 (id 0) arrived committed: the committed one goes first
    expect(v.nodes[4]).toMatchObject({ order: [[0, 1]], applied: [1, 0], committed: 1, flagF: [1] });
    expect(e.apply(send('c1', 'mh2', 'ReRU', 'c1/3', ['mh1#1']))).toMatch(/cursor 1 is not behind c1's 1/);
  });
});

describe('initial replication and Change-Replicated-Data', () => {
  // the MS writes z (object r, related to o) and y; both reach c2 through the ReRU stream
  const committedAtC2: ReplicationAction[] = [
    up('ms', 'y', 1), send('ms', 'z1', 'ReRU', 'ms/1', ['ms#1']), mig('ms/1'), exe('ms/1'),
    send('z1', 'c2', 'ReRU', 'z1/1', ['ms#1']), mig('z1/1'), exe('z1/1'),
  ];
  it('join: the cell creates the IR instance, ships its committed data and cursor, the host installs it and its ROI climbs to the MS', () => {
    const e = run(new ReferenceEngine(rich), ...committedAtC2, { type: 'join', host: 'mh3', objects: ['p'] });
    let v = e.view();
    expect(v.nodes[8]).toMatchObject({ member: true, objects: 0 });
    expect(v.nodes[4].agent).toBe('creating');
    expect(v.instances.find((i) => i.kind === 'IR')).toMatchObject({ from: 4, n: 1, to: 8, state: 'creating', objects: 2, snapshot: [] });
    expect(e.apply({ type: 'send', from: 'c2', to: 'mh3', kind: 'IR', instance: 'c2/1', updates: [], objects: ['p'] })).toMatch(/ships the data \[ms#1\], not \[\]/);
    run(e, { type: 'send', from: 'c2', to: 'mh3', kind: 'IR', instance: 'c2/1', updates: ['ms#1'], objects: ['p'] }, mig('c2/1'), exe('c2/1'));
    v = e.view();
    expect(v.nodes[8]).toMatchObject({ objects: 2, order: [[], [], [0], []], applied: [0], committed: 1, executed: ['c2/1'] });
    expect(v.instances).toEqual([expect.objectContaining({ from: 8, n: 1, to: 4, kind: 'ROI', objects: 2, state: 'migrating' })]);
    // (Issue 13) The IR's acknowledgement already told c2 (version 1: the ROI's number); z1 and the MS learn from the report.
    const roi = (n: number) => e.current.nodes[n].metadata!.hostsReplicatedObjects.find((r) => r.host === 8);
    expect([roi(4), roi(1), roi(0)]).toEqual([{ host: 8, objects: 2, items: [2], version: 1 }, undefined, undefined]);
    run(e, mig('mh3/1'), exe('mh3/1'));
    expect(e.view().instances).toEqual([]);
    expect([roi(4), roi(1), roi(0), roi(3)]).toEqual([1, 2, 3, 4].map(() => ({ host: 8, objects: 2, items: [2], version: 1 })));
    expect(e.current.nodes[4].metadata!.hostsObj).toContainEqual({ host: 8, type: 'MH', region: 4 });
    expect(e.current.nodes[0].metadata!.hostsObj).toContainEqual({ host: 8, type: 'MH', region: 4 });
  });
  it('join names the selection with its related objects and is bounded', () => {
    const e = new ReferenceEngine(rich);
    expect(e.apply({ type: 'join', host: 'mh1', objects: ['o'] })).toMatch(/member from the start/);
    expect(e.apply({ type: 'join', host: 'mh3', objects: [] })).toMatch(/selects \[p\]/);
    run(e, { type: 'join', host: 'mh3', objects: ['p'] });
    expect(e.apply({ type: 'join', host: 'mh3', objects: ['p'] })).toMatch(/already joined/);
  });
  it('removing an object drops its items locally and reports upward; adding one ships only what is new', () => {
    const e = run(new ReferenceEngine(rich), up('mh2', 'y'), { type: 'changeInterests', host: 'mh2', remove: 'p' });
    let v = e.view();
    expect(v.nodes[7]).toMatchObject({ objects: 5, order: [[], [], [], []], applied: [0] });
    expect(v.instances).toEqual([expect.objectContaining({ from: 7, kind: 'ROI', objects: 5 })]);
    expect(e.apply({ type: 'changeInterests', host: 'mh1', remove: 'r' })).toMatch(/Object-Related-List/);
    run(e, { type: 'changeInterests', host: 'mh1', add: 'p' });
    v = e.view();
    expect(v.instances.find((i) => i.kind === 'IR')).toMatchObject({ from: 3, to: 6, objects: 2 });
    expect(e.apply({ type: 'changeInterests', host: 'mh1', remove: 'o' })).toMatch(/still under way/);
  });
});

describe('environment', () => {
  it('moves a mobile host between cells, bounded; instances keep their addressee', () => {
    const e = new ReferenceEngine(rich);
    run(e, { type: 'move', host: 'mh1', to: 'c3' });
    expect(e.view().nodes[6].parent).toBe(5);
    expect(e.view().used.moves).toBe(1);
    expect(e.apply({ type: 'move', host: 'fh1', to: 'c1' })).toMatch(/fixed host/);
    expect(e.apply({ type: 'move', host: 'mh1', to: 'z1' })).toMatch(/z1 is not a cell/);
    // (Issue 13) The servers learn the new Region from the host's registration at c3, not from the move.
    const region = () => e.current.nodes.map((n) => n.metadata?.hostsObj.find((r) => r.host === 6)?.region);
    expect(region().slice(0, 6)).toEqual([3, 3, 3, 3, 3, 3]);
    expect(e.view().instances).toEqual([expect.objectContaining({ from: 6, n: 1, to: 5, kind: 'ROI', row: { host: 6, region: 5, version: 1 } })]);
    run(e, mig('mh1/1'), exe('mh1/1'));
    expect(region().slice(0, 6)).toEqual([5, 5, 5, 5, 5, 5]);
  });
  it('refuses to disconnect twice or a server at all', () => {
    const e = run(new ReferenceEngine(line), { type: 'disconnect', host: 'mh1' });
    expect(e.apply({ type: 'disconnect', host: 'mh1' })).toMatch(/already disconnected/);
    expect(e.apply({ type: 'disconnect', host: 'c1' })).toMatch(/c1 is a server/);
  });
  it('leaves the state untouched when it refuses', () => {
    const e = run(new ReferenceEngine(line), up('mh1'));
    const before = JSON.stringify(e.current);
    expect(e.apply(send('mh1', 'c1', 'RU', 'mh1/1', ['mh1#2']))).toBeDefined();
    expect(JSON.stringify(e.current)).toBe(before);
  });
});
