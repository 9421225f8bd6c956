/**
 * The visited set of the exhaustive explorer: 64-bit fingerprints stored in typed arrays.
 *
 * States get dense ids 0, 1, 2, ... in insertion (breadth-first) order. (Issue 17) At most 16
 * bytes a state past a million states (bench/sections/vis18.md): fingerprints by id (8 bytes,
 * in chunks of 2^14 ids: no doubling slack); parent ids (about 1/2 byte, compressed by
 * parent-links.ts: breadth-first order makes them non-decreasing); and the index (4 to 7
 * bytes): linear probing over 32-bit slots holding `id + 1` in the low bits and, as a tag, the
 * fingerprint's high half in the others, so a probe reads the fingerprints only when the tags
 * agree. That makes load 0.8 cheap; the index grows 1.4x (any size: a fingerprint's home slot
 * is its low half times slots / 2^32), load 0.57 to 0.8. Fingerprints keep all 64 bits, so
 * `stats.collisionProbability` is unchanged. A `--memory` run uses disk-table.ts instead: in
 * memory only the fingerprints (10.7 to 21.3 bytes a state), the parent links on disk. The
 * index rebuild is in visited-index.ts, the contract the two tables share in visited-table.ts.
 */
import { ParentLinks } from './parent-links.ts';
import { buildIndex, MAX_LOAD, MAX_STATES, nextCapacity } from './visited-index.ts';
import { FULL, type VisitedTable } from './visited-table.ts';

/** Re-exported: the search, the reconstruction, disk-table.ts, the parallel replay and the tests import them from here. */
export { FULL, KNOWN, NO_PARENT, type VisitedTable } from './visited-table.ts';

/** Ids a fingerprint chunk holds (2^CHUNK_BITS; the first chunk grows by doubling up to it). */
const CHUNK_BITS = 14;
const CHUNK_MASK = (1 << CHUNK_BITS) - 1;
/** The initial capacity (ids) of the explorer's table; {@link StateTable.restore} grows as from it. */
const INITIAL = 1 << 10;

/** Fingerprint-indexed store of state ids, their fingerprints and BFS parent links. */
export class StateTable implements VisitedTable {
  /** Number of states stored; ids are `0 .. size - 1`. */
  size = 0;
  /** Fingerprints by id in chunks of 2^CHUNK_BITS ids: low half at `2 * k`, high half at `2 * k + 1`. */
  private chunks: Uint32Array[];
  private readonly parents = new ParentLinks();
  /** The index: per slot 0 (empty) or `(hi & tagMask) | (id + 1)`. */
  private slots = new Int32Array(0);
  /** Slots, and `slots / 2^32` (a fingerprint's low half times it is its home slot). */
  private cap = 0;
  private scale = 0;
  /** Bits of a slot holding `id + 1`, the others a tag from the fingerprint's high half. */
  private idMask = 0;
  private tagMask = 0;
  /** Size at which the index grows. */
  private maxSize = 0;
  /** What an index rebuild read ahead (unused: keeps the reads). */
  private touched = 0;
  /** Bytes of {@link chunks}. */
  private fpBytes: number;

  /** `capacity` is the number of ids the table holds before its index first grows. */
  constructor(capacity = INITIAL) {
    let first = 16;
    while (first < capacity && first <= CHUNK_MASK) first *= 2;
    this.chunks = [new Uint32Array(2 * first)];
    this.fpBytes = 8 * first;
    this.index(Math.max(16, Math.ceil(capacity / MAX_LOAD)));
  }

  /**
   * The id of the state with fingerprint (`lo`, `hi`), inserting it with `parent` when absent.
   * A new state gets id `size` (so `add(...) === sizeBefore` means "new"); when the state is
   * new but `size >= limit`, nothing is inserted and {@link FULL} is returned.
   */
  add(lo: number, hi: number, parent: number, limit: number): number {
    const slots = this.slots;
    const cap = this.cap;
    const tagMask = this.tagMask;
    const want = hi & tagMask;
    let i = Math.floor((lo >>> 0) * this.scale);
    for (;;) {
      const e = slots[i];
      if (e === 0) break;
      if ((e & tagMask) === want) {
        const id = (e & this.idMask) - 1;
        const c = this.chunks[id >>> CHUNK_BITS];
        const k = (id & CHUNK_MASK) << 1;
        if (c[k] === lo && c[k + 1] === hi) return id;
      }
      if (++i === cap) i = 0;
    }
    const id = this.size;
    if (id >= limit) return FULL;
    this.append(lo, hi, parent);
    if (this.size > this.maxSize) this.index(nextCapacity(cap));
    else slots[i] = want | (id + 1);
    return id;
  }

  /**
   * (Issue 17) Reads the index slot (and, when its tag agrees, the stored fingerprint) that
   * {@link add} of (`lo`, `hi`) will read first, and returns what it read (meaningless; only so
   * the reads are not optimised away). The search calls it for a batch of successors before
   * adding them, so that their cache misses overlap instead of coming one after the other.
   */
  touch(lo: number, hi: number): number {
    const e = this.slots[Math.floor((lo >>> 0) * this.scale)];
    if (e === 0 || (e & this.tagMask) !== (hi & this.tagMask)) return e;
    const id = (e & this.idMask) - 1;
    return this.chunks[id >>> CHUNK_BITS][(id & CHUNK_MASK) << 1];
  }

  /**
   * (Issue 17, a hook for parallel-replay.ts) Reads the home slot of each fingerprint in `fps`
   * (`lo, hi` pairs) and returns a value that depends on them: the reads do not wait for one
   * another, so a run of lookups made next finds its slots in the processor's cache.
   */
  warm(fps: Uint32Array): number {
    const slots = this.slots;
    const scale = this.scale;
    let x = 0;
    for (let k = 0; k < fps.length; k += 2) x ^= slots[Math.floor((fps[k] >>> 0) * scale)];
    return x;
  }

  /** The id of the state with fingerprint (`lo`, `hi`), or -1 when absent. */
  find(lo: number, hi: number): number {
    const slots = this.slots;
    const tagMask = this.tagMask;
    const want = hi & tagMask;
    let i = Math.floor((lo >>> 0) * this.scale);
    for (;;) {
      const e = slots[i];
      if (e === 0) return -1;
      if ((e & tagMask) === want) {
        const id = (e & this.idMask) - 1;
        if (this.lo(id) === lo && this.hi(id) === hi) return id;
      }
      if (++i === this.cap) i = 0;
    }
  }

  /** Bytes allocated for the index, fingerprints and parent links (capacity, not just `size`). */
  bytes(): number {
    return this.slots.byteLength + this.parents.bytes() + this.fpBytes;
  }

  /** Parent id of state `id`. */
  parentOf(id: number): number {
    return this.parents.get(id);
  }

  /** Low fingerprint half of state `id`. */
  lo(id: number): number {
    return this.chunks[id >>> CHUNK_BITS][(id & CHUNK_MASK) << 1];
  }

  /** High fingerprint half of state `id`. */
  hi(id: number): number {
    return this.chunks[id >>> CHUNK_BITS][((id & CHUNK_MASK) << 1) + 1];
  }

  /** The table's states as plain arrays by id (for checkpoints). */
  snapshot(): { size: number; fp: Uint32Array; parent: Uint32Array } {
    const fp = new Uint32Array(2 * this.size);
    for (let c = 0, at = 0; at < fp.length; c++) {
      const part = this.chunks[c].subarray(0, Math.min(this.chunks[c].length, fp.length - at));
      fp.set(part, at);
      at += part.length;
    }
    return { size: this.size, fp, parent: this.parents.toArray() };
  }

  /**
   * A table holding exactly the states of a {@link snapshot}, with the same ids and the
   * capacity (so the same `bytes()`) that a table of the explorer's would have after
   * inserting them one by one.
   */
  static restore(s: { size: number; fp: Uint32Array; parent: Uint32Array }): StateTable {
    const t = new StateTable(INITIAL);
    for (let id = 0; id < s.size; id++) t.append(s.fp[2 * id], s.fp[2 * id + 1], s.parent[id]);
    let cap = t.cap;
    while (t.size > Math.floor(cap * MAX_LOAD)) cap = nextCapacity(cap);
    t.index(cap);
    return t;
  }

  /**
   * (Issue 17) Forgets the states with ids `size` and above (those inserted last), keeping the
   * capacity a table that never held them would have (so `bytes()` is the same).
   */
  truncate(size: number): void {
    if (size >= this.size) return;
    const s = this.snapshot();
    const t = StateTable.restore({ size, fp: s.fp.subarray(0, 2 * size), parent: s.parent.subarray(0, size) });
    Object.assign(this, t);
  }

  /** Stores the fingerprint and parent of a new state `size` (not in the index). */
  private append(lo: number, hi: number, parent: number): void {
    const id = this.size;
    if (id >= MAX_STATES) throw new RangeError(`the in-memory visited table holds at most ${MAX_STATES} states (use --memory)`);
    const c = id >>> CHUNK_BITS;
    const k = (id & CHUNK_MASK) << 1;
    if (c === this.chunks.length) {
      this.chunks.push(new Uint32Array(2 << CHUNK_BITS));
      this.fpBytes += 8 << CHUNK_BITS;
    } else if (k === this.chunks[c].length) {
      this.fpBytes += this.chunks[c].byteLength;
      this.chunks[c] = grow(this.chunks[c], 2 * this.chunks[c].length);
    }
    const chunk = this.chunks[c];
    chunk[k] = lo;
    chunk[k + 1] = hi;
    this.parents.append(parent);
    this.size = id + 1;
  }

  /** Rebuilds the index with `cap` slots from the fingerprints by id (visited-index.ts). */
  private index(cap: number): void {
    const x = buildIndex(this.chunks, this.size, cap);
    this.touched = x.touched;
    this.slots = x.slots;
    this.cap = cap;
    this.scale = x.scale;
    this.idMask = x.idMask;
    this.tagMask = x.tagMask;
    this.maxSize = x.maxSize;
  }
}

/** A copy of `a` in a larger array of `capacity` elements. */
export function grow(a: Uint32Array, capacity: number): Uint32Array<ArrayBuffer> {
  const b = new Uint32Array(capacity);
  b.set(a);
  return b;
}
