/**
 * Typed-array storage for the explored transition graph, kept only when an `alwaysReachable` or
 * `eventually` property needs it: a growable bitset (goal marks by state id) and a CSR edge list
 * (the child ids of each expanded state, in expansion order, which is id order). With edge codes
 * (for `eventually`: action kind index, fairness and drain bits, see kinds.ts) it holds every
 * edge; without, only the edges of completing (drain) actions, which `alwaysReachable` reads.
 */
import { grow } from './visited.ts';

/** A growable set of state ids, one bit each. */
export class Bitset {
  private words = new Uint32Array(64);

  /** Adds `id`. */
  set(id: number): void {
    const w = id >>> 5;
    if (w >= this.words.length) {
      let cap = this.words.length * 2;
      while (cap <= w) cap *= 2;
      this.words = grow(this.words, cap);
    }
    this.words[w] |= 1 << (id & 31);
  }

  /** The bits as words (a copy, for checkpoints). */
  toWords(): Uint32Array {
    return this.words.slice();
  }

  /** A bitset holding the bits of {@link toWords}. */
  static fromWords(words: Uint32Array): Bitset {
    const b = new Bitset();
    if (words.length > b.words.length) b.words = new Uint32Array(words.length);
    b.words.set(words);
    return b;
  }

  /** Whether `id` was added. */
  has(id: number): boolean {
    const w = id >>> 5;
    return w < this.words.length && (this.words[w] & (1 << (id & 31))) !== 0;
  }
}

/**
 * Forward edges in compressed sparse row form. States must be closed in id order 0, 1, 2, ...:
 * the edges added since the previous {@link close} belong to the state being closed.
 */
export class EdgeList {
  /** Child ids of all expanded states, concatenated (valid below `length`). */
  targets = new Uint32Array(4096);
  /** Number of edges stored. */
  length = 0;
  /** `ends[id]` is the offset just past state `id`'s edges (valid below `expanded`). */
  ends = new Uint32Array(1024);
  /** Number of states closed so far (ids `0 .. expanded - 1`). */
  expanded = 0;
  /** Edge codes parallel to `targets` (kind index and fairness bit), when kept. */
  codes: Uint16Array | null;

  /** `withCodes`: keep an edge code per edge (for `eventually`). */
  constructor(withCodes = false) {
    this.codes = withCodes ? new Uint16Array(4096) : null;
  }

  /** Records an edge from the state being expanded to `child` (with its code, when codes are kept). */
  add(child: number, code = 0): void {
    if (this.length === this.targets.length) {
      this.targets = grow(this.targets, this.length * 2);
      if (this.codes !== null) {
        const c = new Uint16Array(this.length * 2);
        c.set(this.codes);
        this.codes = c;
      }
    }
    if (this.codes !== null) this.codes[this.length] = code;
    this.targets[this.length++] = child;
  }

  /** Ends the current state's edge list; returns the closed state's id. */
  close(): number {
    if (this.expanded === this.ends.length) this.ends = grow(this.ends, this.expanded * 2);
    this.ends[this.expanded] = this.length;
    return this.expanded++;
  }

  /** The offset of state `id`'s first edge. */
  start(id: number): number {
    return id === 0 ? 0 : this.ends[id - 1];
  }

  /** The offset just past state `id`'s last edge (`id` must be below `expanded`). */
  end(id: number): number {
    return this.ends[id];
  }

  /** The edges so far, trimmed (for checkpoints). */
  snapshot(): EdgeSnapshot {
    return {
      targets: this.targets.slice(0, this.length), length: this.length, ends: this.ends.slice(0, this.expanded), expanded: this.expanded,
      codes: this.codes === null ? null : this.codes.slice(0, this.length),
    };
  }

  /** An edge list holding the edges (and edge codes) of a {@link snapshot}. */
  static restore(s: EdgeSnapshot): EdgeList {
    const e = new EdgeList(s.codes !== null);
    if (s.codes !== null) {
      e.codes = new Uint16Array(Math.max(4096, s.length * 2));
      e.codes.set(s.codes.subarray(0, s.length));
    }
    if (s.length > e.targets.length) e.targets = new Uint32Array(s.length * 2);
    if (s.expanded > e.ends.length) e.ends = new Uint32Array(s.expanded * 2);
    e.targets.set(s.targets.subarray(0, s.length));
    e.ends.set(s.ends.subarray(0, s.expanded));
    e.length = s.length;
    e.expanded = s.expanded;
    return e;
  }

  /** Bytes allocated. */
  bytes(): number {
    return this.targets.byteLength + this.ends.byteLength + (this.codes?.byteLength ?? 0);
  }
}

/** An edge list as plain data (see {@link EdgeList.snapshot}). */
export interface EdgeSnapshot {
  targets: Uint32Array;
  length: number;
  ends: Uint32Array;
  expanded: number;
  codes: Uint16Array | null;
}
