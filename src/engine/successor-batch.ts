/**
 * (Issue 17) A batch of one state's successors for the breadth-first search (search.ts): each
 * one's `next`, canonical form, encoding and fingerprint, computed before any of them is added
 * to the visited table, so that the table's cache misses for the batch can overlap
 * ({@link SuccessorBatch.touch}) instead of coming one after the other. The search then adds
 * them in action order, as one successor at a time would; a guard limit met or an exception
 * thrown while computing the batch is kept here and takes effect where it would have.
 */
import type { Model } from './model.ts';
import { Fingerprinter, WordBuffer } from './fingerprint.ts';
import type { StateTable } from './visited.ts';
import type { SearchGuard, SearchLimit } from './search-types.ts';

/** The successors of one state, computed ahead of their insertion. */
export class SuccessorBatch<S, A> {
  /** Per action index: `next`'s result (undefined: not enabled). */
  readonly next: (S | undefined)[] = [];
  /** Per action index: the canonical form of the successor. */
  readonly canonical: S[] = [];
  /** Per action index: the fingerprint halves of the successor. */
  lo = new Uint32Array(64);
  hi = new Uint32Array(64);
  /** Per action index: where the successor's words end in {@link words} (they start where the previous one's end). */
  ends = new Int32Array(64);
  /** The encodings of the state's successors, one after the other. */
  readonly words = new WordBuffer(1024);
  /** The guard's limit met while computing, if any. */
  limit: SearchLimit | undefined;
  /** Whether the model threw while computing; what it threw. */
  thrown = false;
  error: unknown;
  /** The successor whose `next` returned before its canonical form or encoding threw (-1: none). */
  failedAt = -1;
  /** Successors to compute before asking the guard again. */
  private countdown = 1;
  /** What {@link touch} read (unused: keeps the reads). */
  private touched = 0;
  private readonly fp = new Fingerprinter();
  private readonly model: Model<S, A>;

  constructor(model: Model<S, A>) {
    this.model = model;
  }

  /** Makes room for `n` successors. */
  reserve(n: number): void {
    if (n <= this.lo.length) return;
    const cap = Math.max(n, 2 * this.lo.length);
    this.lo = new Uint32Array(cap);
    this.hi = new Uint32Array(cap);
    this.ends = new Int32Array(cap);
  }

  /**
   * Computes successors `from .. to - 1` of `s`, asking `guard` before each one's `next` (every
   * `guard.every` successors, as the search always did). Returns where it stopped: `to`, or
   * earlier when the guard returned a limit ({@link limit}) or the model threw ({@link thrown};
   * one past {@link failedAt} when `next` had returned, so that successor is still counted).
   */
  compute(s: S, actions: A[], from: number, to: number, guard: SearchGuard | undefined): number {
    const model = this.model;
    const canonical = model.canonical;
    const words = this.words;
    const fp = this.fp;
    const next = this.next;
    let k = from;
    if (from === 0) words.length = 0;
    try {
      for (; k < to; k++) {
        if (--this.countdown <= 0 && guard !== undefined) {
          const stop = guard.check();
          this.countdown = guard.every;
          if (stop !== undefined) {
            this.limit = stop;
            return k;
          }
        }
        const start = words.length;
        this.ends[k] = start;
        next[k] = undefined;
        const t = model.next(s, actions[k]);
        next[k] = t;
        if (t === undefined) continue;
        const c = canonical === undefined ? t : canonical.call(model, t);
        this.canonical[k] = c;
        model.encode(c, words);
        this.ends[k] = words.length;
        fp.hashRange(words.words, start, words.length);
        this.lo[k] = fp.lo;
        this.hi[k] = fp.hi;
      }
    } catch (e) {
      this.error = e;
      this.thrown = true;
      if (next[k] === undefined) return k;
      this.failedAt = k;
      return k + 1;
    }
    return k;
  }

  /** Reads the table slots successors `from .. to - 1` will be looked up in (see {@link StateTable.touch}). */
  touch(table: StateTable, from: number, to: number): void {
    let x = 0;
    for (let k = from; k < to; k++) if (this.next[k] !== undefined) x ^= table.touch(this.lo[k], this.hi[k]);
    this.touched ^= x;
  }

  /** Whether the state's expansion must end after the batch (a guard limit or an exception). */
  get cut(): boolean {
    return this.thrown || this.limit !== undefined;
  }

  /** Clears a cut: rethrows the model's exception, else returns the guard's limit. */
  end(): SearchLimit | undefined {
    const limit = this.limit;
    this.limit = undefined;
    this.failedAt = -1;
    if (this.thrown) {
      const e = this.error;
      this.thrown = false;
      this.error = undefined;
      throw e;
    }
    return limit;
  }
}
