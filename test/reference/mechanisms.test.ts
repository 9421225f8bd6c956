// The reference engine's ordering mechanisms, one scripted scenario each (engine only): UT-DI
// clocks, what cells, zones and the MS release or hold back, how replicas merge, peer delivery,
// local application of writes, and the knobs fifoHoldBack, eager and clockSkew.
import { describe, expect, it } from 'vitest';
import { engineEnabled, ENGINE_MECHANISMS, ReferenceEngine, replicationReference } from '../../reference/index.ts';
import type { ReplicationAction } from '../../traces/replication.ts';
import { line, mover, withKnobs } from './configs.ts';
import { climb, hop, order, peer, read, run, up } from './steps.ts';

/** line (ms, z1, c1, mh1 = node 3, mh2 = node 4, item x) with the two hosts as the only writers. */
const two = { ...line, writers: ['mh1', 'mh2'] };
/** The committed mh1#1 (MS counter 1) down to `host` through z1 (z1's instance `zn`) and c1 (c1's instance `cn`). */
const down = (u: string, host: string, zn: number, cn: number): ReplicationAction[] => [
  ...hop('ReRU', 'ms', 'z1', 'ms/1', [u]), ...hop('ReRU', 'z1', 'c1', `z1/${zn}`, [u]), ...hop('ReRU', 'c1', host, `c1/${cn}`, [u]),
];
const stamps = (e: ReferenceEngine) => e.view().updates.map((u) => u.stamp);

describe('mechanism registry', () => {
  it('replays every mechanism of the specification and refuses other names', () => {
    expect(ENGINE_MECHANISMS).toEqual(['hierarchical', 'arrival-order', 'sequencer', 'lamport', 'vector-causal', 'lww', 'primary-copy', 'bayou']);
    for (const m of ENGINE_MECHANISMS) expect(replicationReference.unsupported({ model: 'replication', mechanism: m })).toBeUndefined();
    expect(replicationReference.unsupported({ model: 'replication', mechanism: 'paxos' })).toMatch(/mechanism 'paxos' is not supported by the reference engine/);
    expect(() => new ReferenceEngine(line, 'paxos' as 'lamport')).toThrow(/not paxos/);
  });
  it('validates the new knobs', () => {
    expect(() => new ReferenceEngine(withKnobs(line, { clockSkew: -1 }), 'lww')).toThrow(/clockSkew must be a whole number/);
    expect(() => new ReferenceEngine(withKnobs(line, { clockSkew: 1.5 }), 'lww')).toThrow(/clockSkew/);
    expect(() => new ReferenceEngine({ ...line, knobs: { fifoHoldBack: 'yes' } }, 'sequencer')).toThrow(/fifoHoldBack must be a boolean/);
  });
});

describe('sequencer', () => {
  it('cells relay in arrival order: no causal hold-back below the MS', () => {
    const e = run(new ReferenceEngine(two, 'sequencer'), up('mh1'), peer('mh1', 'mh2', ['mh1#1']), up('mh2'), ...hop('RU', 'mh2', 'c1', 'mh2/1', ['mh2#1']));
    expect(e.view().updates[1].deps).toEqual([0]);
    run(e, order('c1', ['mh2#1']));
    expect(e.view().nodes[2].flagF).toEqual([1]);
  });
  it('the MS holds back an update whose origin has an earlier one without a Global ID (a writer that moved across zones)', () => {
    const script = [up('mh1'), ...hop('RU', 'mh1', 'c1', 'mh1/1', ['mh1#1']), { type: 'move', host: 'mh1', to: 'c2' } as ReplicationAction, up('mh1'), ...climb('mh1#2', 'mh1', 'c2', 'z2', [2, 1, 1])];
    // (Issue 13) Hand-written: the oracle knob, so the move sends no registration instance (mh1's RU stays mh1/2).
    const oracle = withKnobs(mover, { oracle: true });
    const e = run(new ReferenceEngine(oracle, 'sequencer'), ...script);
    expect(e.apply(order('ms', ['mh1#2']))).toMatch(/an earlier update of their origin has no Global ID yet/);
    run(e, order('c1', ['mh1#1']), ...hop('RU', 'c1', 'z1', 'c1/1', ['mh1#1']), order('z1', ['mh1#1']), ...hop('RU', 'z1', 'ms', 'z1/1', ['mh1#1']));
    expect(e.view().nodes[0].collected).toEqual([1, 0]);
    run(e, order('ms', ['mh1#1', 'mh1#2']));
    expect(e.view().updates.map((u) => u.gid)).toEqual([1, 2]);
    const off = run(new ReferenceEngine(withKnobs(oracle, { fifoHoldBack: false }), 'sequencer'), ...script, order('ms', ['mh1#2']));
    expect(off.view().updates.map((u) => u.gid)).toEqual([0, 1]);
  });
  it('peers deliver in FIFO order: not past a missing earlier update of the same origin', () => {
    const script = [up('mh1'), ...climb('mh1#1', 'mh1', 'c1', 'z1', [1, 1, 1]), order('ms', ['mh1#1']), ...down('mh1#1', 'mh1', 2, 2), up('mh1', 'x', 2)];
    const e = run(new ReferenceEngine(two, 'sequencer'), ...script);
    // mh1#1 is committed at mh1 (not offered), mh2 lacks it: mh1#2 waits
    expect(e.apply(peer('mh1', 'mh2', ['mh1#2']))).toMatch(/sequencer delivers none of \[mh1#2\] from mh1 to mh2/);
    run(new ReferenceEngine(withKnobs(two, { fifoHoldBack: false }), 'sequencer'), ...script, peer('mh1', 'mh2', ['mh1#2']));
  });
});

describe('lamport', () => {
  it('commits in (clock, origin) order, only updates no smaller key can precede any more', () => {
    const e = run(new ReferenceEngine(two, 'lamport'), up('mh2'), up('mh1'), ...climb('mh2#1', 'mh2', 'c1', 'z1', [1, 1, 1]));
    expect(stamps(e)).toEqual([[1], [1]]);
    // mh1#1 has the smaller key (1, mh1) and no Global ID yet
    expect(e.apply(order('ms', ['mh2#1']))).toMatch(/none is stable yet/);
    run(e, ...climb('mh1#1', 'mh1', 'c1', 'z1', [1, 2, 2]));
    expect(e.view().nodes[0].collected).toEqual([0, 1]);
    expect(e.apply(order('ms', ['mh2#1', 'mh1#1']))).toMatch(/releases \[mh1#1, mh2#1\]/);
    run(e, order('ms', ['mh1#1', 'mh2#1']));
    expect(e.view().updates.map((u) => u.gid)).toEqual([2, 1]);
  });
  it('waits for a writer with budget whose next key could be smaller; stamps one past what the writer has seen', () => {
    const e = run(new ReferenceEngine({ ...line, writers: ['ms', 'mh1'] }, 'lamport'), up('mh1'), ...climb('mh1#1', 'mh1', 'c1', 'z1', [1, 1, 1]));
    expect(e.apply(order('ms', ['mh1#1']))).toMatch(/none is stable/); // the MS could still stamp (1, ms)
    run(e, up('ms'), order('ms', ['mh1#1']), up('ms', 'x', 2));
    expect(stamps(e)).toEqual([[1], [1], [2]]);
    expect(e.view().nodes[0].order).toEqual([[1, 0, 2]]);
  });
  it('exchanges nothing between peers', () => {
    const e = run(new ReferenceEngine(two, 'lamport'), up('mh1'));
    expect(e.apply(peer('mh1', 'mh2', ['mh1#1']))).toMatch(/lamport delivers none of \[mh1#1\]/);
    expect(engineEnabled(e).some((a) => a.type === 'peer')).toBe(false);
  });
});

describe('vector-causal', () => {
  it('stamps vector clocks and the MS delivers an update once everything its clock covers is delivered', () => {
    const e = run(new ReferenceEngine(two, 'vector-causal'), up('mh1'), peer('mh1', 'mh2', ['mh1#1']), up('mh2'));
    expect(stamps(e)).toEqual([[3, 1], [3, 1, 4, 1]]);
    run(e, ...climb('mh2#1', 'mh2', 'c1', 'z1', [1, 1, 1]));
    expect(e.apply(order('ms', ['mh2#1']))).toMatch(/vector clocks cover updates not delivered yet/);
    run(e, ...climb('mh1#1', 'mh1', 'c1', 'z1', [1, 2, 2]), order('ms', ['mh1#1', 'mh2#1']));
    expect(e.view().updates.map((u) => u.gid)).toEqual([1, 2]);
  });
  it('replicas keep delivery order: a committed update does not move ahead of an earlier tentative one', () => {
    const script = [up('mh2'), up('mh1'), ...climb('mh1#1', 'mh1', 'c1', 'z1', [1, 1, 1]), order('ms', ['mh1#1']), ...down('mh1#1', 'mh2', 2, 2)];
    const e = run(new ReferenceEngine(two, 'vector-causal'), ...script);
    expect(e.view().nodes[4]).toMatchObject({ order: [[0, 1]], committed: 1 });
    expect(run(new ReferenceEngine(two), ...script).view().nodes[4].order).toEqual([[1, 0]]);
  });
});

describe('lww', () => {
  it('stamps physical time plus skew and orders by timestamp everywhere: an effect can precede its cause', () => {
    const e = run(new ReferenceEngine(two, 'lww'), up('mh1'), peer('mh1', 'mh2', ['mh1#1']), up('mh2'));
    expect(stamps(e)).toEqual([[3], [2]]); // mh1 (the first writer) runs 2 ticks ahead
    expect(e.view().updates[1].deps).toEqual([0]);
    expect(e.view().nodes[4].order).toEqual([[1, 0]]);
    run(e, peer('mh2', 'mh1', ['mh2#1']));
    expect(e.view().nodes[3].order).toEqual([[1, 0]]);
    const even = run(new ReferenceEngine(withKnobs(two, { clockSkew: 0 }), 'lww'), up('mh1'), peer('mh1', 'mh2', ['mh1#1']), up('mh2'));
    expect(stamps(even)).toEqual([[1], [2]]);
    expect(even.view().nodes[4].order).toEqual([[0, 1]]);
  });
  it('without configured writers the MS is the first writer', () => {
    expect(stamps(run(new ReferenceEngine(line, 'lww'), up('c1'), up('ms')))).toEqual([[1], [4]]);
  });
});

describe('primary-copy', () => {
  it('forwards a write without applying it; the writer sees it when it comes back committed', () => {
    const e = run(new ReferenceEngine({ ...line, writers: ['mh1', 'c1'] }, 'primary-copy'), up('mh1'), read('mh1'));
    expect(e.view().nodes[3]).toMatchObject({ order: [[]], applied: [], flagF: [0], writes: 1 });
    expect(e.view().reads[0].seen).toEqual([]);
    expect(e.apply(peer('mh1', 'mh2', []))).toMatch(/mh1 has nothing mh2 lacks/);
    run(e, ...climb('mh1#1', 'mh1', 'c1', 'z1', [1, 1, 1]), order('ms', ['mh1#1']), ...down('mh1#1', 'mh1', 2, 2), read('mh1'));
    expect(e.view().nodes[3]).toMatchObject({ order: [[0]], applied: [0], committed: 1 });
    expect(e.view().reads[1].seen).toEqual([0]);
    run(e, up('c1', 'x', 2));
    expect(e.view().nodes[2]).toMatchObject({ collected: [1], order: [[0]] });
  });
});

describe('bayou', () => {
  it('rolls the tentative writes back and replays them in timestamp order, after the committed prefix', () => {
    const e = run(new ReferenceEngine(two, 'bayou'), up('mh1'), up('mh2'), peer('mh2', 'mh1', ['mh2#1']), peer('mh1', 'mh2', ['mh1#1']));
    // keys (1, mh1) < (1, mh2): mh2 received mh1#1 after writing its own, yet orders it first
    expect(e.view().nodes[3].order).toEqual([[0, 1]]);
    expect(e.view().nodes[4].order).toEqual([[0, 1]]);
    run(e, ...climb('mh2#1', 'mh2', 'c1', 'z1', [1, 1, 1]), order('ms', ['mh2#1']), ...down('mh2#1', 'mh1', 2, 2));
    expect(e.view().nodes[3]).toMatchObject({ order: [[1, 0]], committed: 1 });
    run(e, up('mh2', 'x', 2));
    expect(stamps(e)).toEqual([[1], [1], [2]]);
  });
});

describe('knob waitOwnCommit (old name eager, still read from older traces)', () => {
  it.each([['waitOwnCommit'], ['eager']])('%s: a node waits for its own update to come back committed before it writes or reads again', (knob) => {
    const e = run(new ReferenceEngine(withKnobs({ ...line, writers: ['mh1'] }, { [knob]: true })), up('mh1'));
    expect(e.apply(up('mh1', 'x', 2))).toBe('update mh1 x=2: waiting for its own commit: mh1 cannot write until its update mh1#1 is back committed');
    expect(e.apply(read('mh1'))).toMatch(/mh1 cannot read/);
    expect(engineEnabled(e).filter((a) => (a.type === 'update' || a.type === 'read') && a.host === 'mh1')).toEqual([]);
    run(e, read('mh2'), ...climb('mh1#1', 'mh1', 'c1', 'z1', [1, 1, 1]), order('ms', ['mh1#1']), ...down('mh1#1', 'mh1', 2, 2), read('mh1'), up('mh1', 'x', 2));
    expect(e.view().nodes[3].writes).toBe(2);
  });
});
