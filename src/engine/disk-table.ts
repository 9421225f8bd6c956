/**
 * (Issue 17) The visited set of a `--memory` run, bounded in memory by spilling to disk as TLC's
 * DiskFPSet does:
 *
 * - An in-memory open-addressing set of 64-bit fingerprints (8 bytes a slot, linear probing, load
 *   at most 3/4) of at most `tableBytes`. When it is full, its fingerprints are sorted and merged
 *   with the sorted run on disk into a new run, and the set starts empty again.
 * - The run on disk is a sorted array of fingerprints; a sparse index in memory (the first
 *   fingerprint of every 4 KB page) finds the one page a lookup reads. A fingerprint missing from
 *   the memory set is looked up there (one page read, from the OS cache when it fits).
 * - The trace: fingerprint and parent id of every state by id (12 bytes a state), appended to a
 *   file in id order (ids are given in insertion order) through a buffer, and read back for
 *   counterexample reconstruction, as TLC keeps its trace file.
 *
 * Ids of known states are not kept, so {@link add} and {@link find} answer {@link KNOWN} for them:
 * enough for the search and for counterexamples (which need the parent links only); properties
 * that need the state graph (`alwaysReachable`, `eventually`) are run without spilling.
 * The fingerprint (0, 0) is stored as (1, 0) in the set (they are treated as one: a forced
 * collision between two of 2^64 values, negligible beside the birthday bound).
 */
import { FULL, KNOWN, type VisitedTable } from './visited.ts';
import type { SpillDir } from './spill.ts';

/** Fingerprints per page of the run on disk (4 KB). */
const PAGE_KEYS = 512;
/** Trace records buffered in memory before they are written. */
const TRACE_BUFFER = 1 << 16;
/** Most slots of the memory set (8 GB; typed arrays stay well within V8's length limit). */
const MAX_SLOTS = 2 ** 30;
/** Keys per block when merging. */
const MERGE_BLOCK = 1 << 16;

/** A visited set bounded to `tableBytes` of memory, spilling to `spill`. */
export class DiskTable implements VisitedTable {
  size = 0;
  /** Times the memory set was merged into the run on disk. */
  flushes = 0;
  private slots: Uint32Array;
  private mask: number;
  private count = 0;
  private readonly maxSlots: number;
  private run: { fd: number; path: string } | null = null;
  private runKeys = 0;
  private index = new Uint32Array(0);
  private readonly page = new Uint32Array(2 * PAGE_KEYS);
  private pageNo = -1;
  private readonly trace: { fd: number; path: string };
  private readonly traceBuffer = new Uint32Array(3 * TRACE_BUFFER);
  private traceWritten = 0;
  private readonly record = new Uint32Array(3);
  private recordId = -1;
  private readonly spill: SpillDir;

  /** A table whose memory set holds at most `tableBytes` (at least 128 slots, at most {@link MAX_SLOTS}). */
  constructor(spill: SpillDir, tableBytes: number) {
    this.spill = spill;
    let max = 128;
    while (max * 2 * 8 <= tableBytes && max < MAX_SLOTS) max *= 2;
    this.maxSlots = max;
    const cap = Math.min(max, 1 << 16);
    this.slots = new Uint32Array(2 * cap);
    this.mask = cap - 1;
    this.trace = spill.create('trace');
  }

  add(lo: number, hi: number, parent: number, limit: number): number {
    const klo = lo === 0 && hi === 0 ? 1 : lo;
    const slots = this.slots;
    const mask = this.mask;
    let i = (klo ^ (hi >>> 7)) & mask;
    for (;;) {
      const a = slots[2 * i], b = slots[2 * i + 1];
      if (a === 0 && b === 0) break;
      if (a === klo && b === hi) return KNOWN;
      i = (i + 1) & mask;
    }
    if (this.runKeys > 0 && this.onDisk(klo, hi)) return KNOWN;
    const id = this.size;
    if (id >= limit) return FULL;
    slots[2 * i] = klo;
    slots[2 * i + 1] = hi;
    this.count++;
    this.append(lo, hi, parent);
    this.size = id + 1;
    if (this.count * 4 > (mask + 1) * 3) {
      if (mask + 1 < this.maxSlots) this.rehash(2 * (mask + 1));
      else this.flush();
    }
    return id;
  }

  find(lo: number, hi: number): number {
    const klo = lo === 0 && hi === 0 ? 1 : lo;
    let i = (klo ^ (hi >>> 7)) & this.mask;
    for (;;) {
      const a = this.slots[2 * i], b = this.slots[2 * i + 1];
      if (a === 0 && b === 0) break;
      if (a === klo && b === hi) return KNOWN;
      i = (i + 1) & this.mask;
    }
    return this.runKeys > 0 && this.onDisk(klo, hi) ? KNOWN : -1;
  }

  lo(id: number): number {
    return this.read(id)[0];
  }

  hi(id: number): number {
    return this.read(id)[1];
  }

  parentOf(id: number): number {
    return this.read(id)[2];
  }

  bytes(): number {
    return this.slots.byteLength + this.traceBuffer.byteLength + this.index.byteLength + this.page.byteLength;
  }

  /** Fingerprints held in the sorted run on disk. */
  get diskKeys(): number {
    return this.runKeys;
  }

  /** Appends state `size`'s trace record. */
  private append(lo: number, hi: number, parent: number): void {
    const k = this.size - this.traceWritten;
    if (k === TRACE_BUFFER) {
      this.spill.write(this.trace.fd, this.traceBuffer, this.traceWritten * 12);
      this.spill.hold(this.traceBuffer.byteLength);
      this.traceWritten += TRACE_BUFFER;
      return this.append(lo, hi, parent);
    }
    this.traceBuffer[3 * k] = lo;
    this.traceBuffer[3 * k + 1] = hi;
    this.traceBuffer[3 * k + 2] = parent;
  }

  /** State `id`'s trace record (lo, hi, parent). */
  private read(id: number): Uint32Array {
    if (id >= this.traceWritten) return this.traceBuffer.subarray(3 * (id - this.traceWritten), 3 * (id - this.traceWritten) + 3);
    if (id !== this.recordId) {
      this.spill.read(this.trace.fd, this.record, id * 12);
      this.recordId = id;
    }
    return this.record;
  }

  private rehash(capacity: number): void {
    const old = this.slots;
    const slots = new Uint32Array(2 * capacity);
    const mask = capacity - 1;
    for (let j = 0; j < old.length; j += 2) {
      const a = old[j], b = old[j + 1];
      if (a === 0 && b === 0) continue;
      let i = (a ^ (b >>> 7)) & mask;
      while (slots[2 * i] !== 0 || slots[2 * i + 1] !== 0) i = (i + 1) & mask;
      slots[2 * i] = a;
      slots[2 * i + 1] = b;
    }
    this.slots = slots;
    this.mask = mask;
  }

  /** True when (lo, hi) is in the run on disk. */
  private onDisk(lo: number, hi: number): boolean {
    const idx = this.index;
    let a = 0, b = idx.length / 2 - 1;
    if (less(lo, hi, idx[0], idx[1])) return false;
    while (a < b) { // the last page whose first key is <= (lo, hi)
      const m = (a + b + 1) >>> 1;
      if (less(lo, hi, idx[2 * m], idx[2 * m + 1])) b = m - 1;
      else a = m;
    }
    const n = Math.min(PAGE_KEYS, this.runKeys - a * PAGE_KEYS);
    if (this.pageNo !== a) {
      this.spill.read(this.run!.fd, this.page.subarray(0, 2 * n), a * PAGE_KEYS * 8);
      this.pageNo = a;
    }
    const p = this.page;
    let x = 0, y = n - 1;
    while (x <= y) {
      const m = (x + y) >>> 1;
      if (p[2 * m] === lo && p[2 * m + 1] === hi) return true;
      if (less(p[2 * m], p[2 * m + 1], lo, hi)) x = m + 1;
      else y = m - 1;
    }
    return false;
  }

  /** Sorts the memory set, merges it with the run on disk into a new run, and empties the set. */
  private flush(): void {
    const sorted = new BigUint64Array(this.slots.buffer);
    sorted.sort(); // little-endian: (hi, lo) order; empty slots (0) first
    const mem = this.slots;
    let mi = sorted.length - this.count;
    const memEnd = sorted.length;
    const out = this.spill.create('fingerprints');
    const outBlock = new Uint32Array(2 * MERGE_BLOCK);
    const inBlock = new Uint32Array(2 * MERGE_BLOCK);
    const keys = this.runKeys + this.count;
    const index = new Uint32Array(2 * Math.ceil(keys / PAGE_KEYS));
    let written = 0, o = 0, di = 0, inN = 0, inAt = 0;
    const emit = (lo: number, hi: number) => {
      if (written % PAGE_KEYS === 0) {
        index[2 * (written / PAGE_KEYS)] = lo;
        index[2 * (written / PAGE_KEYS) + 1] = hi;
      }
      outBlock[2 * o] = lo;
      outBlock[2 * o + 1] = hi;
      written++;
      if (++o === MERGE_BLOCK) {
        this.spill.write(out.fd, outBlock, (written - o) * 8);
        o = 0;
      }
    };
    for (;;) {
      if (inAt === inN && di < this.runKeys) {
        inN = Math.min(MERGE_BLOCK, this.runKeys - di);
        this.spill.read(this.run!.fd, inBlock.subarray(0, 2 * inN), di * 8);
        di += inN;
        inAt = 0;
      }
      const hasIn = inAt < inN, hasMem = mi < memEnd;
      if (!hasIn && !hasMem) break;
      if (hasIn && (!hasMem || less(inBlock[2 * inAt], inBlock[2 * inAt + 1], mem[2 * mi], mem[2 * mi + 1]))) {
        emit(inBlock[2 * inAt], inBlock[2 * inAt + 1]);
        inAt++;
      } else {
        emit(mem[2 * mi], mem[2 * mi + 1]);
        mi++;
      }
    }
    if (o > 0) this.spill.write(out.fd, outBlock.subarray(0, 2 * o), (written - o) * 8);
    if (this.run !== null) this.spill.remove(this.run.fd, this.run.path);
    this.spill.hold(8 * (keys - this.runKeys));
    this.run = out;
    this.runKeys = keys;
    this.index = index;
    this.pageNo = -1;
    mem.fill(0);
    this.count = 0;
    this.flushes++;
  }
}

/** (alo, ahi) < (blo, bhi) as unsigned 64-bit numbers with `hi` the high half. */
function less(alo: number, ahi: number, blo: number, bhi: number): boolean {
  return ahi !== bhi ? ahi >>> 0 < bhi >>> 0 : alo >>> 0 < blo >>> 0;
}
