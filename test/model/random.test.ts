/**
 * fast-check properties over random action sequences: every reachable state is structurally
 * valid (no item held outside interests and related objects, Global IDs without gaps or repeats,
 * no dangling update id...), `next()` never mutates its input, `sample()` only returns enabled
 * actions, and the symmetry representative does not depend on how the hosts were named.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReplicationState } from '../../traces/replication.ts';
import { ArraySink } from '../../model/encode.ts';
import type { ReplicationModel } from '../../model/replication.ts';
import { renameState } from '../../model/symmetry.ts';
import { NameTable } from '../../model/encode-cache.ts';
import { invalidities } from '../../model/validity.ts';
import { deepFreeze, modelOf } from './helpers.ts';

/** Walks `choices` (each picks among the enabled actions), checking `check` after every step. */
function walk(m: ReplicationModel, choices: number[], check: (s: ReplicationState) => void): ReplicationState {
  let s = m.init()[0]!;
  for (const c of choices) {
    const acts = m.actions(s);
    if (!acts.length) break;
    s = m.next(deepFreeze(s), acts[c % acts.length]!)!;
    check(s);
  }
  return s;
}

function expectValid(m: ReplicationModel) {
  return (s: ReplicationState) => expect(invalidities(m.topology, s)).toEqual([]);
}

const WALKABLE = ['tiny', 'small', 'medium', 'publisher', 'join', 'interests', 'mobility', 'session', 'faults'];

describe('random action sequences', () => {
  it.each(WALKABLE)('never produce an invalid state (%s)', (name) => {
    const m = modelOf(name);
    fc.assert(fc.property(fc.array(fc.nat(1000), { maxLength: 80 }), (choices) => {
      walk(m, choices, expectValid(m));
    }), { numRuns: 60, seed: 7 });
  });

  it('the broken mechanism keeps states valid too (bugs are in order, not in structure)', () => {
    const m = modelOf('small', 'arrival-order');
    fc.assert(fc.property(fc.array(fc.nat(1000), { maxLength: 80 }), (choices) => {
      walk(m, choices, expectValid(m));
    }), { numRuns: 60, seed: 8 });
  });

  it.each(['large', 'huge'])('sampled walks on %s stay valid', (name) => {
    const m = modelOf(name);
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 30 }), (seed) => {
      let x = seed;
      const choose = (n: number) => { x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff; return x % n; };
      let s = m.init()[0]!;
      for (let k = 0; k < 300; k++) {
        const a = m.sample(s, choose, k >= 200);
        if (!a) break;
        s = m.next(s, a)!;
      }
      expect(invalidities(m.topology, s)).toEqual([]);
    }), { numRuns: name === 'huge' ? 3 : 10, seed: 9 });
  });
});

describe('sample', () => {
  it('returns an enabled action (a drain action when asked), and nothing only at a terminal state', () => {
    const m = modelOf('faults');
    fc.assert(fc.property(fc.array(fc.nat(1000), { maxLength: 60 }), fc.integer({ min: 1, max: 1e9 }), (choices, seed) => {
      let x = seed;
      const choose = (n: number) => { x = (Math.imul(x, 48271) + 11) & 0x7fffffff; return x % n; };
      walk(m, choices, (s) => {
        const enabled = m.actions(s).map((a) => m.formatAction!(a));
        const a = m.sample(s, choose, false);
        if (a === undefined) expect(enabled).toEqual([]);
        else expect(enabled).toContain(m.formatAction!(a));
        const d = m.sample(s, choose, true);
        const drains = m.actions(s).filter((b) => m.isDrain!(b)).map((b) => m.formatAction!(b));
        if (d === undefined) expect(drains).toEqual([]);
        else expect(drains).toContain(m.formatAction!(d));
      });
    }), { numRuns: 40, seed: 10 });
  });
});

describe('canonical', () => {
  it('gives the same representative whatever the names of interchangeable hosts', () => {
    const m = modelOf({
      master: { id: 'ms' }, zones: [{ id: 'z1' }], cells: [{ id: 'c1', zone: 'z1' }],
      hosts: ['mh1', 'mh2', 'mh3'].map((id) => ({ id, kind: 'mobile' as const, cell: 'c1', interests: ['o'] })),
      objects: [{ id: 'o', kind: 'frequent', items: ['x'] }],
      bounds: { updatesPerHost: 1, values: 1, disconnects: 1 },
      knobs: { refusals: 0 },
      writers: ['mh1', 'mh2', 'mh3'],
    });
    const topo = m.topology;
    expect(topo.symmetryClasses).toEqual([[3, 4, 5]]);
    const words = (s: ReplicationState) => { const out = new ArraySink(); m.encode(s, out); return out.words; };
    fc.assert(fc.property(fc.array(fc.nat(1000), { maxLength: 50 }), fc.constantFrom([3, 5, 4], [4, 3, 5], [5, 4, 3], [4, 5, 3]), (choices, images) => {
      const s = walk(m, choices, () => {});
      const perm = Int32Array.from({ length: topo.nodeCount }, (_, i) => i);
      [3, 4, 5].forEach((h, k) => { perm[h] = images[k]!; });
      const renamed = renameState(topo, new NameTable(topo), s, perm);
      expect(words(m.canonical!(renamed))).toEqual(words(m.canonical!(s)));
    }), { numRuns: 100, seed: 11 });
  });
});
