/**
 * The visited set of the exhaustive explorer: 64-bit fingerprints stored in typed arrays.
 *
 * States get dense ids 0, 1, 2, ... in insertion (breadth-first) order. Per id the table keeps
 * the fingerprint's two halves (interleaved, so one cache line holds both) and the parent's id
 * in Uint32Arrays that grow by doubling; an
 * open-addressing hash index (linear probing, load factor at most 1/2) maps fingerprints to
 * ids, storing `id + 1` so that 0 marks an empty slot. About 24 bytes per state in total.
 *
 * (Issue 17) With dense ids, 64-bit fingerprints and 32-bit parent ids in memory, 12 bytes a
 * state are payload, so 16 would need an index at load 1; a segmented layout with an index at
 * load 1/2 to 3/4 (17 to 20 bytes) was 1.5-2x slower and was not kept (bench/RESULTS.md,
 * "Memory"). A `--memory` run uses disk-table.ts instead: in memory only the fingerprints, at
 * 8 bytes a slot (10.7 to 21.3 bytes a state, load 3/8 to 3/4), the parent links on disk; both
 * keep all 64 bits, so `stats.collisionProbability` is the same birthday bound.
 */

/** Parent id of an initial state. */
export const NO_PARENT = 0xffffffff;

/** Returned by {@link StateTable.add} when the state is new but the table is at its limit. */
export const FULL = -1;

/**
 * (Issue 17) Returned by a disk-backed table's {@link VisitedTable.add} and
 * {@link VisitedTable.find} for a state already visited whose id it does not keep in memory.
 */
export const KNOWN = -2;

/**
 * What the explorer and counterexample reconstruction need of a visited set: the in-memory
 * {@link StateTable}, or the disk-backed table of `--memory` runs (disk-table.ts).
 */
export interface VisitedTable {
  /** Number of states stored; ids are `0 .. size - 1` in insertion order. */
  readonly size: number;
  /** As {@link StateTable.add}; a disk-backed table may return {@link KNOWN} for a known state. */
  add(lo: number, hi: number, parent: number, limit: number): number;
  /** The id of the state with this fingerprint, {@link KNOWN} (known, id not in memory), or -1 when absent. */
  find(lo: number, hi: number): number;
  /** Low fingerprint half of state `id`. */
  lo(id: number): number;
  /** High fingerprint half of state `id`. */
  hi(id: number): number;
  /** Parent id of state `id` ({@link NO_PARENT} for initial states). */
  parentOf(id: number): number;
  /** Bytes of memory the table holds. */
  bytes(): number;
}

/** Fingerprint-indexed store of state ids, their fingerprints and BFS parent links. */
export class StateTable implements VisitedTable {
  /** Number of states stored; ids are `0 .. size - 1`. */
  size = 0;
  /** Fingerprints by id: low half at `2 * id`, high half at `2 * id + 1` (valid below `size`). */
  fp: Uint32Array;
  /** Parent id by id ({@link NO_PARENT} for initial states). */
  parent: Uint32Array;
  private slots: Uint32Array;
  private mask: number;

  /** `capacity` is the initial number of ids (rounded up to a power of two). */
  constructor(capacity = 1024) {
    let cap = 16;
    while (cap < capacity) cap *= 2;
    this.fp = new Uint32Array(cap * 2);
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
    const fp = this.fp;
    let i = (lo ^ (hi >>> 7)) & mask;
    for (;;) {
      const e = slots[i];
      if (e === 0) break;
      const k = 2 * (e - 1);
      if (fp[k] === lo && fp[k + 1] === hi) return e - 1;
      i = (i + 1) & mask;
    }
    const id = this.size;
    if (id >= limit) return FULL;
    if (id === this.parent.length) this.growIds();
    this.fp[2 * id] = lo;
    this.fp[2 * id + 1] = hi;
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
      if (this.fp[2 * (e - 1)] === lo && this.fp[2 * (e - 1) + 1] === hi) return e - 1;
      i = (i + 1) & this.mask;
    }
  }

  /** Bytes allocated for the index, fingerprints and parent links (capacity, not just `size`). */
  bytes(): number {
    return this.slots.byteLength + this.fp.byteLength + this.parent.byteLength;
  }

  /** Parent id of state `id`. */
  parentOf(id: number): number {
    return this.parent[id];
  }

  /** Low fingerprint half of state `id`. */
  lo(id: number): number {
    return this.fp[2 * id];
  }

  /** High fingerprint half of state `id`. */
  hi(id: number): number {
    return this.fp[2 * id + 1];
  }

  /** The table's arrays, trimmed to what is used (for checkpoints). */
  snapshot(): { size: number; fp: Uint32Array; parent: Uint32Array } {
    return { size: this.size, fp: this.fp.slice(0, 2 * this.size), parent: this.parent.slice(0, this.size) };
  }

  /** A table holding exactly the states of a {@link snapshot}, with the same ids. */
  static restore(s: { size: number; fp: Uint32Array; parent: Uint32Array }): StateTable {
    const t = new StateTable(Math.max(s.size, 1 << 10)); // the capacity an uninterrupted search would have
    t.fp.set(s.fp.subarray(0, 2 * s.size));
    t.parent.set(s.parent.subarray(0, s.size));
    t.size = s.size;
    t.rehash(t.slots.length);
    return t;
  }

  /**
   * (Issue 17) Forgets the states with ids `size` and above (those inserted last), keeping the
   * capacity a table that never held them would have (so `bytes()` is the same).
   */
  truncate(size: number): void {
    if (size >= this.size) return;
    const t = StateTable.restore({ size, fp: this.fp.subarray(0, 2 * size), parent: this.parent.subarray(0, size) });
    this.fp = t.fp;
    this.parent = t.parent;
    this.slots = t.slots;
    this.mask = t.mask;
    this.size = size;
  }

  private growIds(): void {
    const cap = this.parent.length * 2;
    this.fp = grow(this.fp, cap * 2);
    this.parent = grow(this.parent, cap);
  }

  /** Rebuilds the index with `capacity` slots from the dense fingerprint arrays. */
  private rehash(capacity: number): void {
    const slots = new Uint32Array(capacity);
    const mask = capacity - 1;
    const fp = this.fp;
    for (let id = 0; id < this.size; id++) {
      let i = (fp[2 * id] ^ (fp[2 * id + 1] >>> 7)) & mask;
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
