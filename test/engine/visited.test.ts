/**
 * (Issue 17) The in-memory visited table's layout (src/engine/visited.ts, parent-links.ts):
 * dense ids through index growth, fingerprint tags, wrap-around probing, compressed parent
 * links (monotone, with long gaps, or not monotone at all), snapshot/restore/truncate, and the
 * 16 bytes a state bound over the whole growth.
 */
import { describe, expect, it } from 'vitest';
import { Fingerprinter } from '../../src/engine/fingerprint.ts';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import { always } from '../../src/engine/property.ts';
import { ParentLinks } from '../../src/engine/parent-links.ts';
import { FULL, NO_PARENT, StateTable } from '../../src/engine/visited.ts';
import { gridModel } from './toy-models.ts';

/** Fingerprint halves of the integer `i`. */
const hasher = new Fingerprinter();
const word = new Int32Array(1);
function fp(i: number): [number, number] {
  word[0] = i;
  hasher.hash(word, 1);
  return [hasher.lo, hasher.hi];
}

/** Breadth-first-like parents: initial states, then parents that never decrease (pseudo-random gaps). */
function bfsParents(n: number, initial: number): number[] {
  const out: number[] = [];
  let seed = 7;
  let p = 0;
  for (let id = 0; id < n; id++) {
    if (id < initial) {
      out.push(NO_PARENT);
      continue;
    }
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    if (seed % 3 === 0) p += seed % 5;
    out.push(p);
  }
  return out;
}

describe('ParentLinks', () => {
  it('returns every parent of a non-decreasing sequence, gaps across words and blocks included', () => {
    const want = bfsParents(5000, 3);
    for (let k = 1000; k < 5000; k++) want[k] += 1500; // a gap of many words inside a block (unary)
    for (let k = 2000; k < 5000; k++) want[k] += 100_000; // a gap too long for unary (the block goes raw)
    want[4000] += 0; // an equal neighbour
    const p = new ParentLinks();
    for (const x of want) p.append(x);
    expect(p.size).toBe(5000);
    for (let id = 0; id < 5000; id++) expect(p.get(id)).toBe(want[id]);
    expect([...p.toArray()]).toEqual(want);
  });

  it('keeps blocks whose parents decrease (or jump back to NO_PARENT) raw and exact', () => {
    const want: number[] = [];
    for (let id = 0; id < 1000; id++) want.push(id % 7 === 0 ? NO_PARENT : (id * 7919) % 1000);
    const p = new ParentLinks();
    for (const x of want) p.append(x);
    for (let id = 0; id < 1000; id++) expect(p.get(id)).toBe(want[id]);
    expect([...p.toArray()]).toEqual(want);
  });

  it('costs under half a byte per state for breadth-first parents', () => {
    const p = new ParentLinks();
    for (const x of bfsParents(200_000, 1)) p.append(x);
    expect(p.bytes() / p.size).toBeLessThan(0.5);
  });
});

describe('StateTable layout', () => {
  it('keeps ids, fingerprints and parents through many index growths, within 16 bytes a state', () => {
    const n = 600_000;
    const parents = bfsParents(n, 2);
    const t = new StateTable(1 << 10);
    let worst = 0;
    let wrong = 0;
    for (let id = 0; id < n; id++) {
      const [lo, hi] = fp(id);
      if (t.add(lo, hi, parents[id], Infinity) !== id) wrong++;
      if (id >= 1 << 18) worst = Math.max(worst, t.bytes() / t.size);
    }
    expect(wrong).toBe(0);
    expect(worst).toBeLessThanOrEqual(16);
    for (let id = 0; id < n; id += 101) {
      const [lo, hi] = fp(id);
      expect(t.add(lo, hi, 0, Infinity)).toBe(id);
      expect(t.find(lo, hi)).toBe(id);
      expect([t.lo(id), t.hi(id), t.parentOf(id)]).toEqual([lo, hi, parents[id]]);
    }
    const [lo, hi] = fp(n);
    expect(t.find(lo, hi)).toBe(-1);
  });

  it('tells apart fingerprints that share the tag, the home slot or both, and wraps around the index', () => {
    const t = new StateTable(16);
    const pairs: [number, number][] = [];
    // High halves equal (same tag), low halves near 2^32 (homes in the last slots: probes wrap to slot 0).
    for (let k = 0; k < 12; k++) pairs.push([0xffffffff - k, 0xabcd0000]);
    // Same low half (same home), high halves differing only in low (id) bits or only in high (tag) bits.
    for (let k = 0; k < 6; k++) pairs.push([0xfffffff0, 0xabcd0000 + k + 1], [0xfffffff0, (k + 1) * 0x10000000]);
    pairs.forEach(([lo, hi], id) => expect(t.add(lo, hi, NO_PARENT, Infinity)).toBe(id));
    pairs.forEach(([lo, hi], id) => expect(t.find(lo, hi)).toBe(id));
    expect(t.find(0xffffffff, 0xabcd0001)).toBe(-1);
    expect(t.find(0, 0)).toBe(-1);
  });

  it('restores a snapshot with the same ids, lookups and bytes, and truncates to a smaller table', () => {
    const n = 70_000;
    const parents = bfsParents(n, 5);
    const full = new StateTable(1 << 10);
    const small = new StateTable(1 << 10);
    for (let id = 0; id < n; id++) {
      const [lo, hi] = fp(id);
      full.add(lo, hi, parents[id], Infinity);
      if (id < 30_000) small.add(lo, hi, parents[id], Infinity);
    }
    const s = full.snapshot();
    expect(s.size).toBe(n);
    expect([...s.parent]).toEqual(parents);
    const r = StateTable.restore(s);
    expect(r.bytes()).toBe(full.bytes());
    for (let id = 0; id < n; id += 37) {
      const [lo, hi] = fp(id);
      expect([r.find(lo, hi), r.parentOf(id), r.lo(id), r.hi(id)]).toEqual([id, parents[id], lo, hi]);
    }
    full.truncate(30_000);
    expect(full.size).toBe(30_000);
    expect(full.bytes()).toBe(small.bytes());
    expect(full.find(...fp(29_999))).toBe(29_999);
    expect(full.find(...fp(30_000))).toBe(-1);
    expect(full.add(...fp(30_000), 7, Infinity)).toBe(30_000);
    expect(full.parentOf(30_000)).toBe(7);
  });

  it('refuses new states at the limit but finds known ones', () => {
    const t = new StateTable(16);
    expect(t.add(5, 6, NO_PARENT, 1)).toBe(0);
    expect(t.add(7, 8, 0, 1)).toBe(FULL);
    expect(t.add(5, 6, 0, 1)).toBe(0);
    expect(t.size).toBe(1);
  });

  it('reconstructs a shortest counterexample through many parent blocks and index growths', async () => {
    const model = gridModel(300, 300); // 90,000 states; the far corner is 598 steps away
    const r = await exhaustive(model, [always<[number, number]>('not-corner', ([x, y]) => !(x === 299 && y === 299))]);
    const path = r.properties[0].path ?? [];
    expect(path).toHaveLength(599);
    expect(path[0].state).toEqual([0, 0]);
    for (let k = 1; k < path.length; k++) expect(model.next(path[k - 1].state, path[k].action as 'R' | 'U')).toEqual(path[k].state);
    expect(path.at(-1)?.state).toEqual([299, 299]);
  });
});
