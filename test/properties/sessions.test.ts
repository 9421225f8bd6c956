/** Unit tests of the four session guarantees on hand-built states, each both ways. */
import { describe, expect, it } from 'vitest';
import { Builder, factsOf, oneCell } from './builder.ts';

describe('read-your-writes', () => {
  it('holds when a host reads its own earlier write', () => {
    const b = oneCell(2);
    b.gen('mh1', 'x');
    b.read('mh1', 'x');
    b.read('mh2', 'x');
    expect(b.check('read-your-writes')).toBe(true);
  });
  it('is violated when the host\'s read misses its own write', () => {
    const b = oneCell(2);
    b.gen('mh1', 'x');
    b.node('mh1').order[b.item('x')] = [];
    b.read('mh1', 'x');
    const verdict = b.check('read-your-writes');
    expect(factsOf(verdict)).toBe('mh1 wrote mh1#1 to x, then read x (read 1) and saw [], without its own write');
    expect(verdict).toMatchObject({ replica: 'mh1', updates: ['mh1#1'] });
  });
});

describe('monotonic-reads', () => {
  it('holds when later reads see at least what earlier ones did', () => {
    const b = oneCell(2);
    const u = b.gen('mh1', 'x');
    b.read('mh2', 'x');
    b.merge('mh2', u);
    b.read('mh2', 'x');
    expect(b.check('monotonic-reads')).toBe(true);
  });
  it('is violated when a later read loses an update an earlier one saw', () => {
    const b = oneCell(2);
    const u = b.gen('mh1', 'x');
    b.merge('mh2', u);
    b.read('mh2', 'x');
    b.node('mh2').order[b.item('x')] = [];
    b.read('mh2', 'x');
    expect(factsOf(b.check('monotonic-reads'))).toBe("mh2's read 2 of x does not see mh1#1, but read 1 saw mh1#1");
  });
  it('is violated across items: a later read misses the cause of what an earlier read saw', () => {
    const b = new Builder({
      hosts: { mh1: { cell: 'c1', interests: ['o', 'p'] }, mh2: { cell: 'c1', interests: ['o', 'p'] } },
      objects: [{ id: 'o', items: ['x'] }, { id: 'p', items: ['y'] }],
    });
    b.gen('mh1', 'y');
    const v = b.gen('mh1', 'x');
    b.merge('mh2', v);
    b.read('mh2', 'x');
    b.read('mh2', 'y');
    const facts = factsOf(b.check('monotonic-reads'));
    expect(facts).toContain("mh2's read 2 of y does not see mh1#1, but an earlier read saw an update that mh1#1 happened before");
    expect(facts).toContain('mh1#2 was generated at mh1 after mh1#1, so mh1#1 -> mh1#2');
  });
});

describe('monotonic-writes', () => {
  it('holds when every replica has a host\'s writes in the order written', () => {
    const b = oneCell(2);
    const w1 = b.gen('mh1', 'x');
    const w2 = b.gen('mh1', 'x');
    b.merge('c1', w1);
    expect(b.check('monotonic-writes')).toBe(true);
    b.merge('c1', w2);
    expect(b.check('monotonic-writes')).toBe(true);
  });
  it('is violated by a replica with the later write only', () => {
    const b = oneCell(2);
    b.gen('mh1', 'x');
    const w2 = b.gen('mh1', 'x');
    b.merge('mh2', w2);
    expect(factsOf(b.check('monotonic-writes'))).toMatch(/^mh2 has merged mh1#2 but not mh1#1, though mh1 wrote mh1#1 first and mh2 holds x/);
  });
  it('is violated by a replica ordering the writes the other way', () => {
    const b = oneCell(2);
    const w1 = b.gen('mh1', 'x');
    const w2 = b.gen('mh1', 'x');
    b.order(w2, w1);
    b.node('mh2').order[b.item('x')] = [w2, w1];
    const facts = factsOf(b.check('monotonic-writes'));
    expect(facts).toMatch(/^mh2 orders mh1#2 before mh1#1 on x, though mh1 wrote mh1#1 first/);
    expect(facts).toContain('the MS gave mh1#2 gid 1 and mh1#1 gid 2');
  });
});

describe('writes-follow-reads', () => {
  /** mh1 writes u; mh2 gets it, reads x, then writes w. */
  function readThenWrite(): { b: Builder; u: number; w: number } {
    const b = oneCell(3);
    const u = b.gen('mh1', 'x');
    b.merge('mh2', u);
    b.read('mh2', 'x');
    const w = b.gen('mh2', 'x');
    return { b, u, w };
  }
  it('holds when the read\'s updates precede the write wherever it goes', () => {
    const { b, u, w } = readThenWrite();
    b.merge('mh3', u, w);
    expect(b.check('writes-follow-reads')).toBe(true);
  });
  it('is violated by a replica with the write but not what the read saw', () => {
    const { b, w } = readThenWrite();
    b.merge('mh3', w);
    const facts = factsOf(b.check('writes-follow-reads'));
    expect(facts).toContain('mh2 read x (read 1) and saw mh1#1, then wrote mh2#1');
    expect(facts).toContain('mh3 has merged mh2#1 but not mh1#1');
  });
  it('is violated by a replica ordering the write before what the read saw', () => {
    const { b, u, w } = readThenWrite();
    b.merge('mh3', w, u);
    expect(factsOf(b.check('writes-follow-reads'))).toContain('mh3 orders mh2#1 before mh1#1 on x');
  });
});
