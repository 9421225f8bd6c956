/**
 * The bitsets of properties/bitset.ts against a plain set of ids, on random contents: membership,
 * removal, and (issue 17: the drain index's probe, model/actions/index.ts) the first id in a range,
 * including ranges that start or end inside a word and run past the set's words.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clearBit, emptyBits, hasBit, idsOf, nextBit, setBit } from '../../properties/bitset.ts';

describe('bitsets', () => {
  it('set, clear, has and the first id in [from, end) agree with a plain set', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 200 }),
      fc.array(fc.nat(199)), fc.array(fc.nat(199)),
      fc.nat(260), fc.nat(260),
      (n, added, removed, a, b) => {
        const bits = emptyBits(n);
        const plain = new Set<number>();
        for (const i of added) if (i < n) { setBit(bits, i); plain.add(i); }
        for (const i of removed) if (i < n) { clearBit(bits, i); plain.delete(i); }
        expect(idsOf(bits)).toEqual([...plain].sort((x, y) => x - y));
        for (let i = 0; i < n + 40; i++) expect(hasBit(bits, i)).toBe(plain.has(i));
        const from = Math.min(a, b), end = Math.max(a, b);
        if (from === end) return;
        let want = end;
        for (let i = from; i < end; i++) if (plain.has(i)) { want = i; break; }
        expect(nextBit(bits, from, end)).toBe(want);
      }), { numRuns: 500 });
  });

  it('finds an id in the last bit of a word and in the word after an empty one', () => {
    const bits = emptyBits(96);
    setBit(bits, 31);
    setBit(bits, 64);
    expect(nextBit(bits, 0, 96)).toBe(31);
    expect(nextBit(bits, 32, 96)).toBe(64);
    expect(nextBit(bits, 32, 63)).toBe(63); // none in range: the end
    expect(nextBit(bits, 65, 96)).toBe(96);
  });
});
