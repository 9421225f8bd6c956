/**
 * (Issue 17) The parent ids of the visited table (visited.ts), about half a byte a state.
 *
 * Breadth-first search gives new states ids in the order it expands their parents, so the
 * parent ids, read in child id order, never decrease. They are kept in blocks of 64 children:
 * per block the first parent (4 bytes) and where its bits start (4 bytes), then for each
 * further child the increase over the previous child's parent in unary (that many 1 bits, then
 * a 0), as Elias-Fano codes a non-decreasing sequence. Over the whole table the 1 bits add up
 * to at most the largest parent id, so n states cost at most 2n bits plus the block headers
 * (1/8 byte a state) and each block's alignment to a 32-bit word (under 1/2 bit a state).
 * A block whose parents decrease (the block where the initial states, parent 0xffffffff, end;
 * or any order a caller inserts in), or whose unary code would outgrow 64 words, is stored raw:
 * 64 full words, so no block costs more than 4 bytes a state.
 * Appending is O(1) amortised; {@link get} scans one block (reconstruction only).
 */

const BLOCK = 64;
/** Marks a raw block in the low bit of its start. */
const RAW = 1;

/** Append-only, compressed list of parent ids by child id. */
export class ParentLinks {
  /** Number of parent ids stored. */
  size = 0;
  /** Per block: first parent, then (start word << 1) | RAW flag. */
  private head: Uint32Array<ArrayBuffer> = new Uint32Array(32);
  private pool: Uint32Array<ArrayBuffer> = new Uint32Array(64);
  /** Next free word and bit in {@link pool}. */
  private word = 0;
  private bit = 0;
  /** The current (last) block's parents so far (to turn it raw). */
  private readonly cur = new Uint32Array(BLOCK);

  /** Appends the parent of child id `size`. */
  append(parent: number): void {
    const p = parent >>> 0;
    const j = this.size & (BLOCK - 1);
    const b = (this.size - j) / BLOCK;
    if (j === 0) {
      if (this.bit !== 0) {
        this.word++;
        this.bit = 0;
      }
      if (2 * b + 2 > this.head.length) this.head = enlarge(this.head, 2 * b + 2);
      this.head[2 * b] = p;
      this.head[2 * b + 1] = this.word * 2;
    } else if ((this.head[2 * b + 1] & RAW) !== 0) {
      this.pool[(this.head[2 * b + 1] >>> 1) + j] = p;
    } else if (p >= this.cur[j - 1] && this.word + 1 + (this.bit + p - this.cur[j - 1] + 1) / 32 <= (this.head[2 * b + 1] >>> 1) + BLOCK) {
      this.unary(p - this.cur[j - 1]);
    } else {
      this.toRaw(b, j);
      this.pool[(this.head[2 * b + 1] >>> 1) + j] = p;
    }
    this.cur[j] = p;
    this.size++;
  }

  /** Parent of child `id` (below {@link size}). */
  get(id: number): number {
    const j = id % BLOCK;
    const b = (id - j) / BLOCK;
    const start = this.head[2 * b + 1];
    if ((start & RAW) !== 0) return this.pool[(start >>> 1) + j];
    let p = this.head[2 * b];
    let w = start >>> 1;
    let bit = 0;
    // Skip j zeros, adding up the ones before them.
    for (let zeros = j; zeros > 0; ) {
      const x = this.pool[w] >>> bit;
      const left = 32 - bit;
      const ones = popcount(x);
      if (left - ones < zeros) {
        zeros -= left - ones;
        p += ones;
        w++;
        bit = 0;
        continue;
      }
      for (; zeros > 0; bit++) {
        if (((this.pool[w] >>> bit) & 1) === 1) p++;
        else zeros--;
      }
    }
    return p;
  }

  /** Bytes allocated. */
  bytes(): number {
    return this.head.byteLength + this.pool.byteLength + this.cur.byteLength;
  }

  /** All parent ids, in child id order. */
  toArray(): Uint32Array {
    const out = new Uint32Array(this.size);
    for (let b = 0; b * BLOCK < this.size; b++) {
      const n = Math.min(BLOCK, this.size - b * BLOCK);
      const start = this.head[2 * b + 1];
      let w = start >>> 1;
      if ((start & RAW) !== 0) {
        out.set(this.pool.subarray(w, w + n), b * BLOCK);
        continue;
      }
      let p = this.head[2 * b];
      let bit = 0;
      out[b * BLOCK] = p;
      for (let j = 1; j < n; j++) {
        for (;;) {
          const one = (this.pool[w] >>> bit) & 1;
          if (++bit === 32) {
            bit = 0;
            w++;
          }
          if (one === 0) break;
          p++;
        }
        out[b * BLOCK + j] = p;
      }
    }
    return out;
  }

  /** Writes `d` 1 bits and a 0 bit. */
  private unary(d: number): void {
    const need = this.word + 2 + Math.ceil(d / 32);
    if (need > this.pool.length) this.pool = enlarge(this.pool, need);
    let left = d;
    while (left > 0) {
      const n = Math.min(left, 32 - this.bit);
      this.pool[this.word] |= (n === 32 ? -1 : (1 << n) - 1) << this.bit;
      left -= n;
      this.bit += n;
      if (this.bit === 32) {
        this.word++;
        this.bit = 0;
      }
    }
    if (++this.bit === 32) {
      this.word++;
      this.bit = 0;
    }
  }

  /** Rewrites block `b` (its first `j` parents in {@link cur}) as 64 raw words. */
  private toRaw(b: number, j: number): void {
    const start = this.head[2 * b + 1] >>> 1;
    const end = this.word + (this.bit === 0 ? 0 : 1);
    if (start + BLOCK > this.pool.length) this.pool = enlarge(this.pool, start + BLOCK);
    this.pool.fill(0, start, Math.max(end, start + BLOCK));
    this.pool.set(this.cur.subarray(0, j), start);
    this.head[2 * b + 1] = start * 2 + RAW;
    this.word = start + BLOCK;
    this.bit = 0;
  }
}

/** Number of 1 bits of a 32-bit word. */
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** A copy of `a` with room for at least `need` words (growing by 1.5x, to bound the slack). */
function enlarge(a: Uint32Array, need: number): Uint32Array<ArrayBuffer> {
  const b = new Uint32Array(Math.max(need, Math.ceil(a.length * 1.5)));
  b.set(a);
  return b;
}
