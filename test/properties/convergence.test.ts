/** Unit tests of eventual-consistency and ca-state (all three forms) on hand-built states. */
import { describe, expect, it } from 'vitest';
import type { ReplicationAction, ReplicationState } from '../../traces/replication.ts';
import { caFailures } from '../../properties/ca-state.ts';
import { makeStatics } from '../../properties/context.ts';
import { Builder, factsOf, oneCell } from './builder.ts';

describe('eventual-consistency', () => {
  it('holds on a settled, converged state; the goal of :reachable is met there', () => {
    const b = oneCell(2);
    b.gen('mh1', 'x'); b.gen('mh2', 'x');
    b.syncAll();
    expect(b.check('eventual-consistency')).toBe(true);
    expect(b.check('eventual-consistency:reachable')).toBe(true);
  });

  it('is violated when a settled replica\'s order differs from the master\'s', () => {
    const b = oneCell(2);
    const u = b.gen('mh1', 'x');
    const v = b.gen('mh2', 'x');
    b.syncAll();
    b.node('mh2').order[b.item('x')] = [v, u];
    const verdict = b.check('eventual-consistency');
    expect(factsOf(verdict)).toContain("mh2's order for x is [mh2#1, mh1#1], the MS's is [mh1#1, mh2#1]");
    expect(verdict).toMatchObject({ replica: 'mh2' });
  });

  it('does not judge unsettled states, and says why they are not settled', () => {
    const b = oneCell(2);
    b.gen('mh1', 'x');
    b.node('mh2').connected = false;
    expect(b.check('eventual-consistency')).toBe(true);
    const goal = factsOf(b.check('eventual-consistency:reachable'));
    expect(goal).toContain('mh2 is disconnected');
    expect(goal).toContain('mh1 has 1 update(s) flagged F');
  });

  it('counts a replica behind the MS\'s last gid as unsettled', () => {
    const b = oneCell(2);
    b.gen('mh1', 'x');
    b.syncAll();
    b.commit('mh2', 0);
    b.node('mh2').order[b.item('x')] = [];
    expect(b.check('eventual-consistency')).toBe(true);
    expect(factsOf(b.check('eventual-consistency:reachable'))).toBe('mh2 has merged the ReRU stream up to gid 0, but mh1#1 on an item it holds has gid 1');
  });

  it('does not wait for a host\'s cursor to pass Global IDs on items it does not hold', () => {
    const b = new Builder({
      hosts: { mh1: { cell: 'c1', interests: ['o', 'p'] }, mh2: { cell: 'c1', interests: ['o'] } },
      objects: [{ id: 'o', items: ['x'] }, { id: 'p', items: ['y'] }],
    });
    b.gen('mh1', 'x');
    b.syncAll();
    b.gen('mh1', 'y');
    b.syncAll();
    b.commit('mh2', 1);
    expect(b.check('eventual-consistency:reachable')).toBe(true);
    expect(b.check('eventual-consistency')).toBe(true);
  });
});

describe('ca-state', () => {
  it('holds when settled and converged', () => {
    const b = oneCell(2);
    b.gen('mh1', 'x');
    b.syncAll();
    expect(b.check('ca-state')).toBe(true);
    expect(b.check('ca-state:reachable')).toBe(true);
  });

  it('is violated (settled) when a replica is not consistent', () => {
    const b = oneCell(2);
    const u = b.gen('mh1', 'x');
    const v = b.gen('mh2', 'x');
    b.syncAll();
    b.node('c1').order[b.item('x')] = [v, u];
    const verdict = b.check('ca-state');
    expect(factsOf(verdict)).toContain('c1 is not consistent on x: its order is [mh2#1, mh1#1], the MS\'s is [mh1#1, mh2#1]');
  });

  it('counts updates still on a disconnected host against availability (global)', () => {
    const b = oneCell(2);
    b.gen('mh1', 'x');
    b.syncAll();
    const w = b.gen('mh1', 'x');
    b.node('mh1').connected = false;
    expect(b.s.updates[w].gid).toBe(0);
    const verdict = b.check('ca-state:reachable');
    expect(factsOf(verdict)).toMatch(/^ms is not available on x: mh1#2 has not been merged into it/);
    expect(factsOf(verdict)).toContain('mh1#2 is at mh1 (disconnected): merged, flag F');
  });

  it('counts a replica\'s own update it no longer has against its availability', () => {
    const b = oneCell(2);
    b.gen('mh1', 'x');
    b.node('mh1').order[b.item('x')] = []; // dropped and re-added its object before mh1#1 returned
    const facts = caFailures(makeStatics(b.index, b.config), b.state(), b.n('mh1'));
    expect(facts[0]).toBe('mh1 is not available on x: mh1#1 has not been merged into it');
  });

  describe('ca-state:stable (transition)', () => {
    const b = oneCell(2);
    b.gen('mh1', 'x');
    b.syncAll();
    const base = b.state();
    const broken = structuredClone(base);
    broken.nodes[b.n('mh2')].order[b.item('x')] = [];
    const p = b.prop('ca-state:stable');
    const step = (s: ReplicationState, t: ReplicationState) => p.step!(s, null, t);

    it('holds when a non-update step leaves every replica in CA, and counts it as a witness', () => {
      const moved = structuredClone(base);
      moved.nodes[b.n('mh2')].connected = false;
      expect(step(base, moved)).toBe(true);
      expect(p.antecedent?.transition?.(base, null, moved)).toBe(true);
    });

    it('ignores steps that generate an update or change what the replica holds', () => {
      const withUpdate = structuredClone(broken);
      withUpdate.updates = [...withUpdate.updates, { ...withUpdate.updates[0]!, seq: 2 }];
      expect(step(base, withUpdate)).toBe(true);
      const dropped = structuredClone(broken);
      dropped.nodes[b.n('mh2')].objects = 0;
      expect(step(base, dropped)).toBe(true);
    });

    it('is violated by a step that takes a replica out of CA', () => {
      const verdict = step(base, broken);
      expect(factsOf(verdict)).toMatch(/^mh2 is in CA here and no update is generated, but after the step it is not/);
      expect(factsOf(verdict)).toContain("mh2 is not consistent on x: its order is [], the MS's is [mh1#1]");
    });
  });
});
