/**
 * Unit tests of the protocol invariants (single-publisher, exactly-once, propagation-flag,
 * agent-lifecycle, related-closure, initial-replication) on hand-built states, each both ways.
 */
import { describe, expect, it } from 'vitest';
import { Builder, factsOf, oneCell } from './builder.ts';

/** mh1 and mh2 interested in o, whose Object-Related-List is [r] (infrequent, item y). */
function withReference(): Builder {
  return new Builder({
    hosts: { mh1: { cell: 'c1', interests: ['o'] }, mh2: { cell: 'c1', interests: ['o'] } },
    objects: [{ id: 'o', items: ['x'], related: ['r'] }, { id: 'r', kind: 'infrequent', items: ['y'] }],
  });
}

describe('single-publisher', () => {
  it('holds when only the MS writes the infrequently changed object', () => {
    const b = withReference();
    b.gen('ms', 'y'); b.gen('mh1', 'x');
    expect(b.check('single-publisher')).toBe(true);
  });
  it('is violated by a host\'s update of it', () => {
    const b = withReference();
    b.gen('mh1', 'y');
    const verdict = b.check('single-publisher');
    expect(factsOf(verdict)).toBe('mh1#1 writes y of r, an infrequently changed object, but was generated at mh1, not at the MS (ms)');
    expect(verdict).toMatchObject({ replica: 'mh1', updates: ['mh1#1'] });
  });
});

describe('exactly-once', () => {
  it('holds on a settled state where everything was applied once', () => {
    const b = oneCell(2);
    b.gen('mh1', 'x');
    b.syncAll();
    b.node('c1').executed = ['mh1/1'];
    expect(b.check('exactly-once')).toBe(true);
  });
  it('is violated by an update applied twice', () => {
    const b = oneCell(2);
    const u = b.gen('mh1', 'x');
    b.merge('c1', u);
    b.node('c1').applied.push(u);
    const verdict = b.check('exactly-once');
    expect(factsOf(verdict)).toBe('c1 applied mh1#1 twice (entries 1 and 2 of its log)');
    expect(verdict).toMatchObject({ replica: 'c1', updates: ['mh1#1'] });
  });
  it('does not count a host re-inserting history after an interest change, but does count a server', () => {
    const b = oneCell(2);
    const u = b.gen('mh1', 'x');
    b.merge('c1', u);
    b.node('mh1').applied.push(u);
    b.s.used.interestChanges = 1;
    expect(b.check('exactly-once')).toBe(true);
    b.node('c1').applied.push(u);
    expect(factsOf(b.check('exactly-once'))).toBe('c1 applied mh1#1 twice (entries 1 and 2 of its log)');
  });
  it('is violated by an update ordered twice and by an instance executed twice', () => {
    const b = oneCell(2);
    const u = b.gen('mh1', 'x');
    b.node('c1').order[b.item('x')] = [u, u];
    b.node('c1').applied = [u];
    expect(factsOf(b.check('exactly-once'))).toBe("c1's order for x contains mh1#1 twice");
    b.node('c1').order[b.item('x')] = [u];
    b.node('c1').executed = ['mh1/1', 'mh1/1'];
    expect(factsOf(b.check('exactly-once'))).toBe('instance mh1/1 executed twice at c1');
  });
  it('is violated by a settled replica that never applied an update on its items', () => {
    const b = oneCell(2);
    const u = b.gen('mh1', 'x');
    b.syncAll();
    b.node('mh2').applied = [];
    expect(factsOf(b.check('exactly-once'))).toContain('mh2 holds x but never applied mh1#1');
    b.node('mh2').applied = [u];
    expect(b.check('exactly-once')).toBe(true);
  });
});

describe('propagation-flag', () => {
  it('holds when the node above has every T-flagged update', () => {
    const b = oneCell(2);
    const u = b.gen('mh1', 'x');
    b.node('mh1').flagF = []; b.node('mh1').flagT = [u];
    b.node('c1').collected = [u];
    expect(b.check('propagation-flag')).toBe(true);
  });
  it('counts an instance that has arrived at the node above (acknowledged, not yet executed)', () => {
    const b = oneCell(2);
    const u = b.gen('mh1', 'x');
    b.node('mh1').flagF = []; b.node('mh1').flagT = [u];
    b.instance('mh1', 'c1', { updates: [u], state: 'executing', trail: ['monitoring', 'retrieving', 'creating', 'migrating', 'executing'] });
    expect(b.check('propagation-flag')).toBe(true);
  });
  it('is violated by a T flag the node above does not back', () => {
    const b = oneCell(2);
    const u = b.gen('mh1', 'x');
    b.node('mh1').flagF = []; b.node('mh1').flagT = [u];
    b.instance('mh1', 'c1', { updates: [u] });
    const verdict = b.check('propagation-flag');
    expect(factsOf(verdict)).toMatch(/^mh1 flags mh1#1 T \(propagated\), but the node above it, c1, does not have it, nor does any other server/);
    expect(factsOf(verdict)).toContain('instance mh1/1 (RU to c1, migrating)');
  });
  it('is violated by an update flagged both F and T, and by a T flag at the MS', () => {
    const b = oneCell(2);
    const u = b.gen('mh1', 'x');
    b.node('mh1').flagT = [u];
    b.node('c1').collected = [u];
    expect(factsOf(b.check('propagation-flag'))).toBe('mh1 flags mh1#1 both F and T');
    b.node('mh1').flagF = [];
    b.node('ms').flagT = [u];
    expect(factsOf(b.check('propagation-flag'))).toBe('the MS flags mh1#1 T, but there is no node above the MS');
  });
  it('accepts any server for a mobile host that moved, but not for a fixed host', () => {
    const b = new Builder({
      cells: { c1: 'z1', c2: 'z1' },
      hosts: { mh1: { cell: 'c1', interests: ['o'] }, fh1: { cell: 'c1', interests: ['o'], kind: 'fixed' } },
      objects: [{ id: 'o', items: ['x'] }],
    });
    const u = b.gen('mh1', 'x');
    b.node('mh1').flagF = []; b.node('mh1').flagT = [u];
    b.node('c1').flagF = [u];
    b.node('mh1').parent = b.n('c2');
    expect(b.check('propagation-flag')).toBe(true);
    const f = b.gen('fh1', 'x');
    b.node('fh1').flagF = []; b.node('fh1').flagT = [f];
    b.node('c2').collected = [f];
    expect(factsOf(b.check('propagation-flag'))).toMatch(/^fh1 flags fh1#1 T \(propagated\), but the node above it, c1, does not have it$/m);
  });
});

describe('agent-lifecycle', () => {
  it('holds for instances on their way and after they are gone', () => {
    const b = oneCell(2);
    b.instance('mh1', 'c1');
    b.instance('c1', 'mh2', { state: 'executing', trail: ['monitoring', 'retrieving', 'creating', 'migrating', 'executing'] });
    b.node('c1').executed = ['mh2/1'];
    expect(b.check('agent-lifecycle')).toBe(true);
  });
  it('is violated by a trail out of order or disagreeing with the state', () => {
    const b = oneCell(2);
    const inst = b.instance('mh1', 'c1', { trail: ['monitoring', 'retrieving', 'creating', 'migrating', 'migrating'] });
    expect(factsOf(b.check('agent-lifecycle'))).toBe('instance mh1/1\'s trail is monitoring > retrieving > creating > migrating > migrating: step 5 is migrating, expected executing');
    inst.trail = ['monitoring', 'retrieving', 'creating', 'migrating'];
    inst.state = 'executing';
    expect(factsOf(b.check('agent-lifecycle'))).toBe('instance mh1/1 is executing, but its trail ends with migrating');
  });
  it('is violated by an instance that still exists after executing, unless a duplicated delivery accounts for it', () => {
    const b = oneCell(2);
    const inst = b.instance('mh1', 'c1', { state: 'executing', trail: ['monitoring', 'retrieving', 'creating', 'migrating', 'executing'] });
    b.node('c1').executed = ['mh1/1'];
    expect(factsOf(b.check('agent-lifecycle'))).toBe('instance mh1/1 has executed at c1 but still exists (executing, 0 more copies), more than the 0 duplicated deliveries so far account for');
    b.s.used.duplicates = 1;
    expect(b.check('agent-lifecycle')).toBe(true);
    inst.copies = 1;
    expect(factsOf(b.check('agent-lifecycle'))).toMatch(/^instance mh1\/1 has executed at c1 but still exists \(executing, 1 more copies\)/);
    b.s.used.duplicates = 2;
    expect(b.check('agent-lifecycle')).toBe(true);
  });
  it('is violated by an instance executed twice, at one node or two', () => {
    const b = oneCell(2);
    b.node('c1').executed = ['mh1/1', 'mh1/1'];
    expect(factsOf(b.check('agent-lifecycle'))).toBe('instance mh1/1 executed twice at c1');
    b.node('c1').executed = ['mh1/1'];
    b.node('z1').executed = ['mh1/1'];
    expect(factsOf(b.check('agent-lifecycle'))).toBe('instance mh1/1 executed at both z1 and c1');
  });
});

describe('related-closure', () => {
  it('holds when hosts hold the related objects of what they hold', () => {
    expect(withReference().check('related-closure')).toBe(true);
  });
  it('is violated by a host holding an object without its related objects', () => {
    const b = withReference();
    b.node('mh2').objects = 1;
    const verdict = b.check('related-closure');
    expect(factsOf(verdict)).toBe('mh2 holds o, whose Object-Related-List is [r], but not r');
    expect(verdict).toMatchObject({ replica: 'mh2' });
  });
});

describe('initial-replication', () => {
  /** mh1 writes u and v (gids 1, 2); mh3 joins later and has not yet got anything. */
  function joiner(): { b: Builder; u: number; v: number } {
    const b = new Builder({
      hosts: { mh1: { cell: 'c1', interests: ['o'] }, mh3: { cell: 'c1', interests: ['o'], joins: true } },
      objects: [{ id: 'o', items: ['x'] }],
    });
    const u = b.gen('mh1', 'x');
    const v = b.gen('mh1', 'x');
    b.syncAll();
    return { b, u, v };
  }
  const IR = { kind: 'IR' as const, state: 'migrating' as const, objects: 1, cursor: 2 };

  it('holds for a complete snapshot and for a joined host that kept the stream gap-free', () => {
    const { b, u, v } = joiner();
    b.instance('c1', 'mh3', { ...IR, snapshot: [[u, v]] });
    expect(b.check('initial-replication')).toBe(true);
    b.s.instances = [];
    Object.assign(b.node('mh3'), { member: true, objects: 1, order: [[u, v]], applied: [u, v], committed: 2 });
    expect(b.check('initial-replication')).toBe(true);
  });

  it('is violated by a snapshot that misses an update its cursor covers', () => {
    const { b, u } = joiner();
    b.instance('c1', 'mh3', { ...IR, snapshot: [[u]] });
    const verdict = b.check('initial-replication');
    expect(factsOf(verdict)).toBe("IR instance c1/1 to mh3 reflects gid 2, but its snapshot of x has committed entries [mh1#1] where the MS's first 2 gids give [mh1#1, mh1#2]");
  });

  it('is violated by an update lost between the snapshot and the stream', () => {
    const { b, u } = joiner();
    Object.assign(b.node('mh3'), { member: true, objects: 1, order: [[u]], applied: [u], committed: 2 });
    const verdict = b.check('initial-replication');
    expect(factsOf(verdict)).toContain('lost between the snapshot and the stream: [mh1#2]');
    expect(verdict).toMatchObject({ replica: 'mh3' });
  });

  it('is violated when a settled joined host ends with a sequence other than the master\'s', () => {
    const { b, u, v } = joiner();
    b.s.updates.push({ origin: b.n('mh3'), seq: 1, item: b.item('x'), value: 1, deps: [], gid: 0, stamp: [] });
    Object.assign(b.node('mh3'), { member: true, objects: 1, order: [[u, v, 2]], applied: [u, v, 2], committed: 2 });
    expect(factsOf(b.check('initial-replication'))).toContain("mh3 acquired x by initial replication; its order is [mh1#1, mh1#2, mh3#1], the MS's is [mh1#1, mh1#2]");
  });
});
