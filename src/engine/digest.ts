/**
 * (Issue 17) 128-bit digests of word ranges, for models that encode a state part by part and
 * cache each part's encoding: such a model may write a part's digest (four words) in place of
 * the part's words, so that a state's encoding, which the search copies and hashes for every
 * successor, is a few words per part instead of the whole state.
 *
 * Why 128 bits: the search's fingerprint of the whole encoding has 64, and the report's
 * collision figure counts only those. Two different parts with the same 128-bit digest are far
 * less likely (below 2^-100 for a billion distinct parts) than any fingerprint collision the
 * report prints, so that figure stays true. The hash is MurmurHash3_x86_128 (four 32-bit lanes
 * mixed into each other per block of four words and again at the end), in one pass that
 * allocates nothing.
 */
import { fmix32 } from './fingerprint.ts';

const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const C3 = 0x38b34ae5;
const C4 = 0xa1e38b93;
const SEED = 0x9747b28c | 0;

/** One word's mix before it enters its lane: multiply, rotate, multiply. */
function mixK(k: number, c: number, r: number, d: number): number {
  k = Math.imul(k, c);
  return Math.imul((k << r) | (k >>> (32 - r)), d);
}

/** Computes 128-bit digests; the last one is left in {@link d0} to {@link d3} (signed 32-bit words). */
export class Digester {
  d0 = 0;
  d1 = 0;
  d2 = 0;
  d3 = 0;

  /**
   * Digests `words[start .. end)`: MurmurHash3_x86_128 (seed 0x9747b28c) of the words' bytes in
   * little-endian order, four words a block.
   */
  digest(words: Int32Array, start: number, end: number): void {
    let h1 = SEED;
    let h2 = SEED;
    let h3 = SEED;
    let h4 = SEED;
    let i = start;
    for (; i + 4 <= end; i += 4) {
      h1 ^= mixK(words[i]!, C1, 15, C2);
      h1 = (Math.imul(((h1 << 19) | (h1 >>> 13)) + h2, 5) + 0x561ccd1b) | 0;
      h2 ^= mixK(words[i + 1]!, C2, 16, C3);
      h2 = (Math.imul(((h2 << 17) | (h2 >>> 15)) + h3, 5) + 0x0bcaa747) | 0;
      h3 ^= mixK(words[i + 2]!, C3, 17, C4);
      h3 = (Math.imul(((h3 << 15) | (h3 >>> 17)) + h4, 5) + 0x96cd1c35) | 0;
      h4 ^= mixK(words[i + 3]!, C4, 18, C1);
      h4 = (Math.imul(((h4 << 13) | (h4 >>> 19)) + h1, 5) + 0x32ac3b17) | 0;
    }
    const rest = end - i;
    if (rest >= 3) h3 ^= mixK(words[i + 2]!, C3, 17, C4);
    if (rest >= 2) h2 ^= mixK(words[i + 1]!, C2, 16, C3);
    if (rest >= 1) h1 ^= mixK(words[i]!, C1, 15, C2);
    const bytes = 4 * (end - start);
    h1 ^= bytes;
    h2 ^= bytes;
    h3 ^= bytes;
    h4 ^= bytes;
    h1 = (h1 + h2 + h3 + h4) | 0;
    h2 = (h2 + h1) | 0;
    h3 = (h3 + h1) | 0;
    h4 = (h4 + h1) | 0;
    h1 = fmix32(h1);
    h2 = fmix32(h2);
    h3 = fmix32(h3);
    h4 = fmix32(h4);
    h1 = (h1 + h2 + h3 + h4) | 0;
    this.d0 = h1;
    this.d1 = (h2 + h1) | 0;
    this.d2 = (h3 + h1) | 0;
    this.d3 = (h4 + h1) | 0;
  }

  /** Writes the last digest at `out[at .. at + 4)`. */
  write(out: Int32Array, at: number): void {
    out[at] = this.d0;
    out[at + 1] = this.d1;
    out[at + 2] = this.d2;
    out[at + 3] = this.d3;
  }
}
