// The fingerprint hash and the typed-array visited table: ids, collisions in the index, growth, limits.
import { describe, expect, it } from 'vitest';
import { Fingerprinter, WordBuffer } from '../../src/engine/fingerprint.ts';
import { FULL, NO_PARENT, StateTable } from '../../src/engine/visited.ts';

function fp(words: number[]): [number, number] {
  const f = new Fingerprinter();
  f.hash(Int32Array.from(words), words.length);
  return [f.lo, f.hi];
}

describe('WordBuffer', () => {
  it('collects words, truncates to 32 bits and grows past its capacity', () => {
    const b = new WordBuffer(2);
    for (let i = 0; i < 100; i++) b.word(i * 3);
    b.word(2 ** 32 + 5);
    expect(b.length).toBe(101);
    expect(b.words[99]).toBe(297);
    expect(b.words[100]).toBe(5);
  });
});

describe('Fingerprinter', () => {
  it('is deterministic and depends on every word, their order and the length', () => {
    expect(fp([1, 2, 3])).toEqual(fp([1, 2, 3]));
    expect(fp([1, 2, 3])).not.toEqual(fp([3, 2, 1]));
    expect(fp([1, 2, 3])).not.toEqual(fp([1, 2, 4]));
    expect(fp([0])).not.toEqual(fp([0, 0]));
    expect(fp([])).not.toEqual(fp([0]));
  });

  it('gives no 64-bit collision and birthday-rate 32-bit collisions on 2^19 similar inputs', () => {
    const n = 1 << 19;
    const f = new Fingerprinter();
    const w = new Int32Array(2);
    const hiByLo = new Map<number, number[]>();
    let lowCollisions = 0;
    let fullCollisions = 0;
    for (let i = 0; i < n; i++) {
      w[0] = i & 1023;
      w[1] = i >>> 10;
      f.hash(w, 2);
      const his = hiByLo.get(f.lo);
      if (his === undefined) {
        hiByLo.set(f.lo, [f.hi]);
      } else {
        lowCollisions++;
        if (his.includes(f.hi)) fullCollisions++;
        his.push(f.hi);
      }
    }
    expect(fullCollisions).toBe(0);
    // Expected about n^2 / 2^33 = 32 collisions of the low half for a uniform hash.
    expect(lowCollisions).toBeGreaterThan(8);
    expect(lowCollisions).toBeLessThan(100);
  });
});

describe('StateTable', () => {
  it('assigns dense ids in insertion order and finds existing states with their parents', () => {
    const t = new StateTable(16);
    expect(t.add(10, 20, NO_PARENT, Infinity)).toBe(0);
    expect(t.add(11, 20, 0, Infinity)).toBe(1);
    expect(t.add(10, 20, 1, Infinity)).toBe(0);
    expect(t.size).toBe(2);
    expect(t.find(11, 20)).toBe(1);
    expect(t.find(11, 21)).toBe(-1);
    expect(t.parentOf(0)).toBe(NO_PARENT);
    expect(t.parentOf(1)).toBe(0);
  });

  it('keeps fingerprints apart that share an index slot or a half', () => {
    const t = new StateTable(16);
    // Same low half (same home slot), different high halves; and same high, different low.
    const ids = [t.add(7, 1 << 7, NO_PARENT, Infinity), t.add(7, 2 << 7, 0, Infinity), t.add(7, 3 << 7, 0, Infinity), t.add(8, 1 << 7, 0, Infinity)];
    expect(ids).toEqual([0, 1, 2, 3]);
    expect([t.find(7, 1 << 7), t.find(7, 2 << 7), t.find(7, 3 << 7), t.find(8, 1 << 7)]).toEqual([0, 1, 2, 3]);
  });

  it('grows by doubling and keeps every id, fingerprint and parent', () => {
    const t = new StateTable(16);
    const f = new Fingerprinter();
    const w = new Int32Array(1);
    const before = t.bytes();
    for (let i = 0; i < 50_000; i++) {
      w[0] = i;
      f.hash(w, 1);
      expect(t.add(f.lo, f.hi, i === 0 ? NO_PARENT : i - 1, Infinity)).toBe(i);
    }
    expect(t.size).toBe(50_000);
    expect(t.bytes()).toBeGreaterThan(before);
    expect(t.bytes() / t.size).toBeLessThanOrEqual(32);
    for (let i = 0; i < 50_000; i += 997) {
      w[0] = i;
      f.hash(w, 1);
      expect(t.find(f.lo, f.hi)).toBe(i);
      expect([t.lo(i), t.hi(i)]).toEqual([f.lo, f.hi]);
      expect(t.parentOf(i)).toBe(i === 0 ? NO_PARENT : i - 1);
    }
  });

  it('refuses a new state at the limit but still finds known ones', () => {
    const t = new StateTable(16);
    t.add(1, 1, NO_PARENT, 2);
    t.add(2, 2, 0, 2);
    expect(t.add(3, 3, 0, 2)).toBe(FULL);
    expect(t.add(2, 2, 0, 2)).toBe(1);
    expect(t.size).toBe(2);
  });
});
