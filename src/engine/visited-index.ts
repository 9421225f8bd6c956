/**
 * The index of the in-memory visited set (visited.ts): linear probing over 32-bit slots holding
 * `id + 1` in the low bits and a tag from the fingerprint's high half in the others, sized for
 * a load between MAX_LOAD / GROWTH and MAX_LOAD, and rebuilt from the fingerprints by id
 * whenever it grows.
 */

/** The index's largest load (slots used / slots) before it grows. */
export const MAX_LOAD = 0.8;
/** The factor by which the index grows (so its load stays between MAX_LOAD / GROWTH and MAX_LOAD). */
export const GROWTH = 1.4;
/** States an index rebuild reads the home slots of before inserting them. */
const GROUP = 64;
/** The most states an in-memory table holds (ids and a tag share a slot's 32 bits). */
export const MAX_STATES = 0x7ffffffe;

/** A rebuilt index and what reading it takes. */
export interface SlotIndex {
  /** Per slot 0 (empty) or `(hi & tagMask) | (id + 1)`. */
  slots: Int32Array<ArrayBuffer>;
  /** `slots / 2^32`: a fingerprint's low half times it is its home slot. */
  scale: number;
  /** Bits of a slot holding `id + 1`, the others a tag from the fingerprint's high half. */
  idMask: number;
  tagMask: number;
  /** Size at which the index grows. */
  maxSize: number;
  /** What the rebuild read ahead (unused: keeps the reads). */
  touched: number;
}

/** The index's next capacity. */
export function nextCapacity(cap: number): number {
  return Math.ceil(cap * GROWTH);
}

/**
 * An index of `cap` slots for the `size` states whose fingerprints are in `chunks` (by id,
 * low half at `2 * k`, high half at `2 * k + 1` of each chunk).
 */
export function buildIndex(chunks: Uint32Array[], size: number, cap: number): SlotIndex {
  const slots = new Int32Array(cap);
  const scale = cap / 4294967296;
  const maxSize = Math.min(Math.floor(cap * MAX_LOAD), MAX_STATES);
  let bits = 1;
  while (2 ** bits <= maxSize + 1) bits++;
  const idMask = bits >= 31 ? 0x7fffffff : (1 << bits) - 1;
  const tagMask = ~idMask;
  // (Issue 17) In groups of GROUP states: first every home slot of the group is read, then the
  // states are inserted. The reads of a group are independent, so their cache misses overlap;
  // inserting one state at a time waits for each miss in turn (the probe loop's branch needs it).
  const homes = new Int32Array(GROUP);
  let x = 0;
  for (let c = 0, id = 0; id < size; c++) {
    const chunk = chunks[c];
    const used = 2 * Math.min(chunk.length / 2, size - id);
    for (let k = 0; k < used; k += 2 * GROUP) {
      const end = Math.min(used, k + 2 * GROUP);
      for (let j = k, g = 0; j < end; j += 2, g++) {
        const h = Math.floor(chunk[j] * scale);
        homes[g] = h;
        x ^= slots[h];
      }
      for (let j = k, g = 0; j < end; j += 2, g++, id++) {
        let i = homes[g];
        while (slots[i] !== 0) if (++i === cap) i = 0;
        slots[i] = (chunk[j + 1] & tagMask) | (id + 1);
      }
    }
  }
  return { slots, scale, idMask, tagMask, maxSize, touched: x };
}
