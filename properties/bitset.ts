/**
 * Small bitsets over update ids (positions in `ReplicationState.updates`), the representation the
 * properties use in the explorer's hot loop. A bitset is a `Uint32Array`; words past its end read
 * as zero, so sets built when fewer updates existed combine safely with newer, longer ones. (Issue
 * 17) The model's drain index (model/actions/drain-index.ts) keeps a set of node indices in one.
 */

/** A set of update ids, 32 per word. */
export type Bits = Uint32Array;

/** Words needed for `n` ids. */
export function wordsFor(n: number): number {
  return (n + 31) >>> 5;
}

/** An empty set able to hold ids `0..n-1`. */
export function emptyBits(n: number): Bits {
  return new Uint32Array(wordsFor(n));
}

/** True when `i` is in `b`. */
export function hasBit(b: Bits, i: number): boolean {
  const w = i >>> 5;
  return w < b.length && (b[w] & (1 << (i & 31))) !== 0;
}

/** Adds `i` to `b` (which must be large enough). */
export function setBit(b: Bits, i: number): void {
  b[i >>> 5] |= 1 << (i & 31);
}

/** Removes `i` from `b`. */
export function clearBit(b: Bits, i: number): void {
  b[i >>> 5] &= ~(1 << (i & 31));
}

/** The first id of `b` in [from, end), or `end` (ids past `b`'s words are absent). */
export function nextBit(b: Bits, from: number, end: number): number {
  const last = Math.min((end - 1) >>> 5, b.length - 1);
  let w = from >>> 5;
  if (w > last) return end;
  let x = b[w] & (~0 << (from & 31));
  while (x === 0) {
    if (++w > last) return end;
    x = b[w];
  }
  const i = (w << 5) + (31 - Math.clz32(x & -x));
  return i < end ? i : end;
}

/** `dst |= src`, over the words `dst` has. */
export function orInto(dst: Bits, src: Bits): void {
  const n = Math.min(dst.length, src.length);
  for (let w = 0; w < n; w++) dst[w] |= src[w];
}

/** A set built from a list of ids. */
export function bitsOf(ids: Iterable<number>, n: number): Bits {
  const b = emptyBits(n);
  for (const i of ids) setBit(b, i);
  return b;
}

/**
 * The first id in `a ∩ mask ∖ present`, or -1: "an element of `a` that `mask` selects and
 * `present` lacks". This is the one question most properties ask ("a predecessor on an item the
 * replica holds that it has not merged").
 */
export function firstMissing(a: Bits, mask: Bits, present: Bits): number {
  const n = Math.min(a.length, mask.length);
  for (let w = 0; w < n; w++) {
    const p = w < present.length ? present[w] : 0;
    const x = a[w] & mask[w] & ~p;
    if (x !== 0) return (w << 5) + (31 - Math.clz32(x & -x));
  }
  return -1;
}

/** Like {@link firstMissing} with a second mask: the first id in `a ∩ m1 ∩ m2 ∖ present`, or -1. */
export function firstMissing2(a: Bits, m1: Bits, m2: Bits, present: Bits): number {
  const n = Math.min(a.length, m1.length, m2.length);
  for (let w = 0; w < n; w++) {
    const p = w < present.length ? present[w] : 0;
    const x = a[w] & m1[w] & m2[w] & ~p;
    if (x !== 0) return (w << 5) + (31 - Math.clz32(x & -x));
  }
  return -1;
}

/** The ids in `b`, ascending. */
export function idsOf(b: Bits): number[] {
  const out: number[] = [];
  for (let w = 0; w < b.length; w++) {
    let x = b[w];
    while (x !== 0) {
      const low = x & -x;
      out.push((w << 5) + (31 - Math.clz32(low)));
      x ^= low;
    }
  }
  return out;
}
