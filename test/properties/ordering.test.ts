/** Unit tests of causal-order, total-order and fifo-order on hand-built states, each shown both ways. */
import { describe, expect, it } from 'vitest';
import { Builder, factsOf, oneCell } from './builder.ts';

/** mh1 writes u; mh2 merges u by peer exchange and writes v (u -> v). */
function chain(hosts = 3): { b: ReturnType<typeof oneCell>; u: number; v: number } {
  const b = oneCell(hosts);
  const u = b.gen('mh1', 'x');
  b.merge('mh2', u);
  const v = b.gen('mh2', 'x');
  return { b, u, v };
}

/** Two objects o (x) and p (y) held by everyone. */
function twoObjects(): Builder {
  return new Builder({
    hosts: { mh1: { cell: 'c1', interests: ['o', 'p'] }, mh2: { cell: 'c1', interests: ['o', 'p'] } },
    objects: [{ id: 'o', items: ['x'] }, { id: 'p', items: ['y'] }],
  });
}

describe('causal-order', () => {
  it('holds while updates travel and once everything is merged in gid order', () => {
    const { b } = chain();
    expect(b.check('causal-order')).toBe(true);
    b.syncAll();
    expect(b.check('causal-order')).toBe(true);
  });

  it('is violated when an effect is merged without its cause (1a)', () => {
    const { b, v } = chain();
    b.merge('mh3', v);
    const verdict = b.check('causal-order');
    expect(factsOf(verdict)).toMatch(/^mh3 has merged mh2#1 but not mh1#1, though mh3 holds x/);
    expect(factsOf(verdict)).toContain('mh2#1 was generated at mh2 after mh2 had merged mh1#1, so mh1#1 -> mh2#1');
    expect(factsOf(verdict)).toContain('mh1#1 is at mh1: merged, flag F');
    expect(factsOf(verdict)).not.toContain('mh2: merged'); // other hosts are left out of whereIs
    expect(verdict).toMatchObject({ replica: 'mh3', updates: ['mh1#1', 'mh2#1'] });
  });

  it('is violated when a replica orders an effect before its cause (1c), naming who forwarded it so', () => {
    const { b, u, v } = chain();
    b.merge('c1', v, u);
    b.node('c1').flagT = [v, u];
    const verdict = b.check('causal-order');
    expect(factsOf(verdict)).toMatch(/^c1 orders mh2#1 before mh1#1 on x/);
    expect(factsOf(verdict)).toContain('c1 forwarded mh2#1 before mh1#1');
    expect(verdict).toMatchObject({ replica: 'c1' });
  });

  it('is violated when a server applies an effect before its cause on another item (1b)', () => {
    const b = twoObjects();
    const u = b.gen('mh1', 'y');
    const v = b.gen('mh1', 'x');
    b.merge('c1', v, u);
    const verdict = b.check('causal-order');
    expect(factsOf(verdict)).toMatch(/^c1 applied mh1#2 before mh1#1/);
    expect(factsOf(verdict)).toContain('mh1#2 was generated at mh1 after mh1#1, so mh1#1 -> mh1#2');
  });

  it('lets a host apply an added object\'s history after newer updates on other objects', () => {
    const b = twoObjects();
    const u = b.gen('mh1', 'y');
    const v = b.gen('mh1', 'x');
    b.merge('mh2', v, u);
    expect(b.check('causal-order')).toBe(true);
  });

  it('is violated when Global IDs contradict happens-before (2)', () => {
    const { b, u, v } = chain();
    b.order(v, u);
    const verdict = b.check('causal-order');
    expect(factsOf(verdict)).toContain('the Global IDs do not extend happens-before: mh1#1 -> mh2#1');
    expect(factsOf(verdict)).toContain('the MS gave mh2#1 gid 1 and mh1#1 gid 2');
    expect(verdict).toMatchObject({ replica: 'ms' });
  });

  it('is violated by a cyclic history', () => {
    const { b, u, v } = chain();
    b.s.updates[u].deps = [v];
    expect(factsOf(b.check('causal-order'))).toMatch(/happens-before is cyclic: mh\d#1 -> mh\d#1 -> mh\d#1/);
  });
});

describe('total-order', () => {
  it('holds on a settled state and with tentative updates in any order', () => {
    const { b, u, v } = chain();
    b.order(v, u); // gids assigned at the MS, nothing committed at any replica yet
    b.s.nodes.forEach((n) => (n.committed = 0));
    expect(b.check('total-order')).toBe(true);
    const c = oneCell(2);
    c.gen('mh1', 'x'); c.gen('mh2', 'x');
    c.syncAll();
    expect(c.check('total-order')).toBe(true);
  });

  it('is violated by a repeated Global ID', () => {
    const { b, u, v } = chain();
    b.order(u, v);
    b.s.updates[v].gid = 1;
    expect(factsOf(b.check('total-order'))).toMatch(/gid 1 to both mh1#1 and mh2#1|no update carries gid 2/);
  });

  it('is violated by a gap and by an id beyond nextGid', () => {
    const { b, u, v } = chain();
    b.order(u, v);
    b.s.updates[v].gid = 3;
    b.s.nextGid = 4;
    expect(factsOf(b.check('total-order'))).toMatch(/^no update carries gid 2/);
    b.s.nextGid = 2;
    expect(factsOf(b.check('total-order'))).toBe('mh2#1 carries gid 3, but the MS has assigned only 1..1');
  });

  it('is violated when two replicas order committed updates differently (agreement)', () => {
    const b = oneCell(2);
    const u = b.gen('mh1', 'x');
    const v = b.gen('mh2', 'x');
    b.syncAll();
    b.node('mh2').order[b.item('x')] = [v, u];
    const verdict = b.check('total-order');
    expect(factsOf(verdict)).toMatch(/^ms orders mh1#1 before mh2#1 on x, but mh2 orders mh2#1 before mh1#1/);
    expect(factsOf(verdict)).toContain('both have merged both as committed (gids 1 and 2)');
  });

  it('is violated when one replica orders its committed updates against their gids', () => {
    const b = oneCell(2);
    const u = b.gen('mh1', 'x');
    const v = b.gen('mh2', 'x');
    b.syncAll();
    b.s.nodes.forEach((n) => (n.committed = 0));
    b.commit('mh2', 2);
    b.node('mh2').order[b.item('x')] = [v, u];
    expect(factsOf(b.check('total-order'))).toMatch(/^mh2 orders mh2#1 \(gid 2\) before mh1#1 \(gid 1\) on x/);
  });

  it('is violated when a replica merges gid g before a lower gid on an item it holds', () => {
    const b = oneCell(2);
    const u = b.gen('mh1', 'x');
    const v = b.gen('mh2', 'x');
    b.order(u, v);
    b.commit('mh2', 2);
    const verdict = b.check('total-order');
    expect(factsOf(verdict)).toBe('mh2 has merged the ReRU stream up to gid 2 but lacks gid 1 (mh1#1) on x, which it holds');
    expect(verdict).toMatchObject({ replica: 'mh2', updates: ['mh1#1'] });
  });
});

describe('fifo-order', () => {
  it('holds when each origin\'s updates arrive in order', () => {
    const b = oneCell(2);
    const u1 = b.gen('mh1', 'x');
    const u2 = b.gen('mh1', 'x');
    b.merge('c1', u1);
    expect(b.check('fifo-order')).toBe(true);
    b.merge('c1', u2);
    expect(b.check('fifo-order')).toBe(true);
  });

  it('is violated when a later update arrives first', () => {
    const b = oneCell(2);
    b.gen('mh1', 'x');
    const u2 = b.gen('mh1', 'x');
    b.merge('c1', u2);
    const verdict = b.check('fifo-order');
    expect(factsOf(verdict)).toMatch(/^c1 has merged mh1#2 but not mh1#1, though both come from mh1 in that order/);
    expect(verdict).toMatchObject({ replica: 'c1', updates: ['mh1#1', 'mh1#2'] });
  });

  it('is violated when a server applies them out of order; a host may for an object added later', () => {
    const b = twoObjects();
    const u1 = b.gen('mh1', 'y');
    const u2 = b.gen('mh1', 'x');
    b.merge('mh2', u2, u1);
    expect(b.check('fifo-order')).toBe(true);
    b.merge('c1', u2, u1);
    expect(factsOf(b.check('fifo-order'))).toMatch(/^c1 applied mh1#2 before mh1#1, though mh1 generated mh1#1 first/);
  });
});
