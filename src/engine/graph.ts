/**
 * Typed-array storage for the explored transition graph, kept only when an `alwaysReachable` or
 * `eventually` property needs it: a growable bitset (goal marks by state id) and a CSR edge list
 * (the child ids of each expanded state, in expansion order, which is id order), optionally with
 * an edge code per edge (action kind index and fairness bit, see kinds.ts) for `eventually`.
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

  /** Bytes allocated. */
  bytes(): number {
    return this.targets.byteLength + this.ends.byteLength + (this.codes?.byteLength ?? 0);
  }
}
