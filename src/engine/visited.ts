/**
 * The visited set of the exhaustive explorer: 64-bit fingerprints stored in typed arrays.
 *
 * States get dense ids 0, 1, 2, ... in insertion (breadth-first) order. Per id the table keeps
 * the fingerprint's two halves and the parent's id in Uint32Arrays that grow by doubling; an
 * open-addressing hash index (linear probing, load factor at most 1/2) maps fingerprints to
 * ids, storing `id + 1` so that 0 marks an empty slot. About 24 bytes per state in total.
 */

/** Parent id of an initial state. */
export const NO_PARENT = 0xffffffff;

/** Returned by {@link StateTable.add} when the state is new but the table is at its limit. */
export const FULL = -1;

/** Fingerprint-indexed store of state ids, their fingerprints and BFS parent links. */
export class StateTable {
  /** Number of states stored; ids are `0 .. size - 1`. */
  size = 0;
  /** Low fingerprint half by id (valid below `size`). */
  fpLo: Uint32Array;
  /** High fingerprint half by id (valid below `size`). */
  fpHi: Uint32Array;
  /** Parent id by id ({@link NO_PARENT} for initial states). */
  parent: Uint32Array;
  private slots: Uint32Array;
  private mask: number;

  /** `capacity` is the initial number of ids (rounded up to a power of two). */
  constructor(capacity = 1024) {
    let cap = 16;
    while (cap < capacity) cap *= 2;
    this.fpLo = new Uint32Array(cap);
    this.fpHi = new Uint32Array(cap);
    this.parent = new Uint32Array(cap);
    this.slots = new Uint32Array(cap * 2);
    this.mask = cap * 2 - 1;
  }

  /**
   * The id of the state with fingerprint (`lo`, `hi`), inserting it with `parent` when absent.
   * A new state gets id `size` (so `add(...) === sizeBefore` means "new"); when the state is
   * new but `size >= limit`, nothing is inserted and {@link FULL} is returned.
   */
  add(lo: number, hi: number, parent: number, limit: number): number {
    const slots = this.slots;
    const mask = this.mask;
    const fpLo = this.fpLo;
    const fpHi = this.fpHi;
    let i = (lo ^ (hi >>> 7)) & mask;
    for (;;) {
      const e = slots[i];
      if (e === 0) break;
      const id = e - 1;
      if (fpLo[id] === lo && fpHi[id] === hi) return id;
      i = (i + 1) & mask;
    }
    const id = this.size;
    if (id >= limit) return FULL;
    if (id === fpLo.length) {
      this.growIds();
    }
    this.fpLo[id] = lo;
    this.fpHi[id] = hi;
    this.parent[id] = parent;
    this.size = id + 1;
    if (this.size * 2 > slots.length) {
      this.rehash(slots.length * 2);
    } else {
      slots[i] = id + 1;
    }
    return id;
  }

  /** The id of the state with fingerprint (`lo`, `hi`), or -1 when absent. */
  find(lo: number, hi: number): number {
    const slots = this.slots;
    let i = (lo ^ (hi >>> 7)) & this.mask;
    for (;;) {
      const e = slots[i];
      if (e === 0) return -1;
      const id = e - 1;
      if (this.fpLo[id] === lo && this.fpHi[id] === hi) return id;
      i = (i + 1) & this.mask;
    }
  }

  /** Bytes allocated for the index, fingerprints and parent links (capacity, not just `size`). */
  bytes(): number {
    return this.slots.byteLength + this.fpLo.byteLength + this.fpHi.byteLength + this.parent.byteLength;
  }

  private growIds(): void {
    const cap = this.fpLo.length * 2;
    this.fpLo = grow(this.fpLo, cap);
    this.fpHi = grow(this.fpHi, cap);
    this.parent = grow(this.parent, cap);
  }

  /** Rebuilds the index with `capacity` slots from the dense fingerprint arrays. */
  private rehash(capacity: number): void {
    const slots = new Uint32Array(capacity);
    const mask = capacity - 1;
    const fpLo = this.fpLo;
    const fpHi = this.fpHi;
    for (let id = 0; id < this.size; id++) {
      let i = (fpLo[id] ^ (fpHi[id] >>> 7)) & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = id + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** A copy of `a` in a larger array of `capacity` elements. */
export function grow(a: Uint32Array, capacity: number): Uint32Array<ArrayBuffer> {
  const b = new Uint32Array(capacity);
  b.set(a);
  return b;
}
