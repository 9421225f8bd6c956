/**
 * (Issue 17) src/engine/digest.ts is MurmurHash3_x86_128: checked against a byte-wise rendering
 * of the published algorithm (itself checked against the published digest of "The quick brown
 * fox jumps over the lazy dog"), on word ranges of every length from 0 to 40 at an offset.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Digester } from '../../src/engine/digest.ts';

const rotl = (x: number, r: number) => (x << r) | (x >>> (32 - r));
const fmix = (h: number) => {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
};

/** MurmurHash3_x86_128 of `bytes`, byte-wise (blocks of 16 bytes, then the tail), as four signed words. */
function reference(bytes: Uint8Array, seed: number): number[] {
  const c = [0x239b961b, 0xab0e9789, 0x38b34ae5, 0xa1e38b93];
  const rot = [15, 16, 17, 18];
  const add = [0x561ccd1b, 0x0bcaa747, 0x96cd1c35, 0x32ac3b17];
  const hr = [19, 17, 15, 13];
  const h = [seed | 0, seed | 0, seed | 0, seed | 0];
  const mixK = (k: number, j: number) => Math.imul(rotl(Math.imul(k, c[j]!), rot[j]!), c[(j + 1) % 4]!);
  const word = (at: number, n: number) => { let k = 0; for (let b = n - 1; b >= 0; b--) k = (k << 8) | bytes[at + b]!; return k | 0; };
  const blocks = bytes.length >> 4;
  for (let i = 0; i < blocks; i++) {
    for (let j = 0; j < 4; j++) {
      h[j] = h[j]! ^ mixK(word(16 * i + 4 * j, 4), j);
      h[j] = (Math.imul((rotl(h[j]!, hr[j]!) + h[(j + 1) % 4]!) | 0, 5) + add[j]!) | 0;
    }
  }
  const tail = bytes.length & 15;
  for (let j = 3; j >= 0; j--) {
    const n = Math.min(4, tail - 4 * j);
    if (n > 0) h[j] = h[j]! ^ mixK(word(16 * blocks + 4 * j, n), j);
  }
  for (let j = 0; j < 4; j++) h[j] = h[j]! ^ bytes.length;
  const fold = () => { h[0] = (h[0]! + h[1]! + h[2]! + h[3]!) | 0; for (let j = 1; j < 4; j++) h[j] = (h[j]! + h[0]!) | 0; };
  fold();
  for (let j = 0; j < 4; j++) h[j] = fmix(h[j]!);
  fold();
  return h;
}

const hex = (ws: number[]) => ws.map((w) => (w >>> 0).toString(16).padStart(8, '0')).join('');

describe('the 128-bit part digest', () => {
  it('the reference gives the published MurmurHash3_x86_128 digests', () => {
    expect(hex(reference(new TextEncoder().encode('The quick brown fox jumps over the lazy dog'), 0))).toBe('2f1583c3ecee2c675d7bf66ce5e91d2c');
    expect(hex(reference(new Uint8Array(0), 0))).toBe('00000000000000000000000000000000');
  });

  it('equals the reference on the little-endian bytes of any word range', () => {
    const d = new Digester();
    fc.assert(fc.property(fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 40 }), fc.nat(3), (xs, offset) => {
      const words = new Int32Array(offset + xs.length + 2).fill(-1);
      words.set(xs, offset);
      d.digest(words, offset, offset + xs.length);
      const bytes = new Uint8Array(words.buffer, 4 * offset, 4 * xs.length);
      expect([d.d0, d.d1, d.d2, d.d3]).toEqual(reference(bytes, 0x9747b28c));
      const out = new Int32Array(6);
      d.write(out, 1);
      expect([...out.subarray(1, 5)]).toEqual([d.d0, d.d1, d.d2, d.d3]);
    }), { numRuns: 300, seed: 5 });
  });

  it('tells a range from the same range with a zero word added (the length counts)', () => {
    const d = new Digester();
    const w = new Int32Array([7, 0, 0, 0, 0]);
    const seen = new Set<string>();
    for (let n = 0; n <= 5; n++) {
      d.digest(w, 0, n);
      seen.add(`${d.d0},${d.d1},${d.d2},${d.d3}`);
    }
    expect(seen.size).toBe(6);
  });
});
