/**
 * Coverage of random runs: the number of distinct states the walks visited, counted with 64-bit
 * fingerprints of the states' encodings (fingerprint.ts) kept as 53-bit numbers in a JS Set.
 *
 * It is a statistic, not a verdict: states are counted as encoded (no symmetry reduction), a
 * fingerprint collision could only undercount, and the set stops growing at {@link COVERAGE_CAP}
 * states (reported as capped) so long campaigns do not run out of memory.
 */
import { Fingerprinter, WordBuffer } from './fingerprint.ts';
import type { Model } from './model.ts';

/** Most distinct states remembered (a JS Set holds at most 2^24 entries). */
export const COVERAGE_CAP = 8_000_000;

/** States whose encoding is longer than this many words are not fingerprinted under `coverage: 'auto'`. */
export const AUTO_COVERAGE_MAX_WORDS = 4096;

/** A set of visited-state fingerprints. */
export class Coverage<S, A> {
  private readonly seen = new Set<number>();
  private readonly buffer = new WordBuffer();
  private readonly fp = new Fingerprinter();
  /** True once the cap was reached (the count is then a lower bound). */
  capped = false;

  private readonly model: Model<S, A>;

  constructor(model: Model<S, A>) {
    this.model = model;}

  /** Decides `coverage: 'auto'`: as the model says ({@link Model.coverage}), else on when the state's encoding is at most {@link AUTO_COVERAGE_MAX_WORDS} words. */
  static byDefault<S, A>(model: Model<S, A>, s: S): boolean {
    if (model.coverage !== undefined) return model.coverage;
    const b = new WordBuffer();
    model.encode(s, b);
    return b.length <= AUTO_COVERAGE_MAX_WORDS;
  }

  /** Records a visited state. */
  add(s: S): void {
    if (this.capped) return;
    this.buffer.length = 0;
    this.model.encode(s, this.buffer);
    this.fp.hash(this.buffer.words, this.buffer.length);
    this.seen.add(this.fp.hi * 0x200000 + (this.fp.lo >>> 11));
    if (this.seen.size >= COVERAGE_CAP) this.capped = true;
  }

  /** The fingerprints recorded, as plain data (simulate --checkpoint). */
  snapshot(): { seen: Float64Array; capped: boolean } {
    return { seen: Float64Array.from(this.seen), capped: this.capped };
  }

  /** Continues from a {@link snapshot}. */
  restore(c: { seen: Float64Array; capped: boolean }): void {
    for (const x of c.seen) this.seen.add(x);
    this.capped = c.capped;
  }

  /** (Issue 17) The fingerprints recorded, in the order they were first seen. */
  fingerprints(): number[] {
    return [...this.seen];
  }

  /** Distinct states recorded. */
  get size(): number {
    return this.seen.size;
  }
}
