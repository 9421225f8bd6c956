/** Unit tests of the happens-before helper: the fast bitset relation and the graphlib explanations. */
import { describe, expect, it } from 'vitest';
import { makeStatics } from '../../properties/context.ts';
import { explainChain, happensBefore, hbCycles, precedes } from '../../properties/happens-before.ts';
import { oneCell } from './builder.ts';

describe('happens-before', () => {
  it('relates same-origin updates by seq, deps, and transitively', () => {
    const b = oneCell(3);
    const u = b.gen('mh1', 'x');
    const u2 = b.gen('mh1', 'x');
    b.merge('mh2', u);
    const v = b.gen('mh2', 'x');
    b.merge('mh3', v);
    const w = b.gen('mh3', 'x', { deps: [v] });
    const hb = happensBefore(b.s.updates);
    expect(precedes(hb, u, u2)).toBe(true);
    expect(precedes(hb, u2, u)).toBe(false);
    expect(precedes(hb, u, v)).toBe(true);
    expect(precedes(hb, u, w)).toBe(true);
    expect(precedes(hb, u2, v)).toBe(false);
    expect(precedes(hb, v, u)).toBe(false);
    expect(hb.cyclic).toEqual([]);
  });

  it('is memoised per updates array; (stop 37) an array of the same history shares it, another history gets its own', () => {
    const b = oneCell(2);
    b.gen('mh1', 'x');
    const a = happensBefore(b.s.updates);
    expect(happensBefore(b.s.updates)).toBe(a);
    // Only Global IDs differ: the same relation object, not a copy.
    expect(happensBefore(b.s.updates.map((u) => ({ ...u, gid: 1 })))).toBe(a);
    const longer = happensBefore([...b.s.updates, { ...b.s.updates[0]!, seq: 2, deps: [] }]);
    expect(longer).not.toBe(a);
    expect(longer.anc[0]).toBe(a.anc[0]); // the common prefix's sets are shared
    expect(precedes(longer, 0, 1)).toBe(true);
  });

  it('reuses a recent relation only for the prefix that is the same history', () => {
    const b = oneCell(3);
    const u = b.gen('mh1', 'x');
    b.merge('mh2', u);
    const v = b.gen('mh2', 'x');
    const a = b.s.updates;
    expect(precedes(happensBefore(a), u, v)).toBe(true);
    const later = [...a.map((x, i) => ({ ...x, gid: i + 1 })), { origin: b.n('mh3'), seq: 1, item: 0, value: 1, deps: [v], gid: 0, stamp: [] }];
    const hbLater = happensBefore(later);
    expect([precedes(hbLater, u, v), precedes(hbLater, u, 2), precedes(hbLater, v, 2), precedes(hbLater, 2, u)]).toEqual([true, true, true, false]);
    const otherBranch = [a[0], { ...a[1], deps: [] }];
    expect(precedes(happensBefore(otherBranch), u, v)).toBe(false);
  });

  it('explains a chain edge by edge', () => {
    const b = oneCell(3);
    const u = b.gen('mh1', 'x');
    b.merge('mh2', u);
    const v = b.gen('mh2', 'x');
    b.merge('mh3', v);
    const w = b.gen('mh3', 'x', { deps: [v] });
    const st = makeStatics(b.index, b.config);
    const facts = explainChain(st, b.s, u, w);
    expect(facts).toEqual([
      'mh2#1 was generated at mh2 after mh2 had merged mh1#1, so mh1#1 -> mh2#1',
      'mh3#1 was generated at mh3 after mh3 had merged mh2#1, so mh2#1 -> mh3#1',
      'so mh1#1 -> mh3#1 (transitively)',
    ]);
    expect(explainChain(st, b.s, w, u)).toEqual([]);
  });

  it('finds cycles in a malformed history', () => {
    const b = oneCell(2);
    const u = b.gen('mh1', 'x');
    const v = b.gen('mh2', 'x', { deps: [u] });
    b.s.updates[u].deps = [v];
    const hb = happensBefore(b.s.updates);
    expect(hb.cyclic.sort()).toEqual([u, v]);
    const cycles = hbCycles(makeStatics(b.index, b.config), b.s);
    expect(cycles.length).toBe(1);
    expect([...cycles[0]].sort()).toEqual(['mh1#1', 'mh2#1']);
  });
});
