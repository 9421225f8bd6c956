/**
 * 64-bit state fingerprints: a reusable word buffer that receives a state's encoding (the
 * {@link WordSink} handed to `Model.encode`) and a two-lane murmur3-style hash of those words.
 *
 * The two 32-bit lanes use different multipliers, rotations and seeds (the constants of
 * MurmurHash3's x86_128 variant) and are cross-mixed at the end, so the pair behaves as one
 * 64-bit hash. For a single-word encoding each lane is a bijection of the word before the
 * (invertible) cross-mix, so such states never collide. Nothing here allocates per state: the buffer grows by doubling and is reused.
 */
import type { Model, WordSink } from './model.ts';

/** A growable Int32Array that collects a state's encoding; reset `length` to 0 before reuse. */
export class WordBuffer implements WordSink {
  /** The words; only the first `length` are meaningful. Replaced (doubled) when full. */
  words: Int32Array;
  /** Number of words written since the last reset. */
  length = 0;

  constructor(capacity = 64) {
    this.words = new Int32Array(capacity);
  }

  /**
   * Appends one 32-bit word (truncated as by `| 0`: the Int32Array store does it). The hot path
   * of every `Model.encode`: one bounds test, one store, one length update.
   */
  word(n: number): void {
    const i = this.length;
    const words = this.words;
    if (i < words.length) {
      words[i] = n;
      this.length = i + 1;
    } else {
      this.grow(n);
    }
  }

  /** Doubles the buffer and appends `n`. */
  private grow(n: number): void {
    const bigger = new Int32Array(this.words.length * 2);
    bigger.set(this.words);
    this.words = bigger;
    bigger[this.length++] = n;
  }
}

/** MurmurHash3's 32-bit finaliser: a bijection that avalanches every input bit. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/**
 * Computes 64-bit fingerprints of word sequences. The result of the last {@link hash} call is
 * left in {@link lo} and {@link hi} (unsigned 32-bit halves) so that hashing allocates nothing.
 */
export class Fingerprinter {
  /** Low half of the last fingerprint (unsigned). */
  lo = 0;
  /** High half of the last fingerprint (unsigned). */
  hi = 0;

  /** Hashes `words[0 .. length)` into {@link lo} / {@link hi}. */
  hash(words: Int32Array, length: number): void {
    this.hashRange(words, 0, length);
  }

  /** (Issue 17) Hashes `words[start .. end)` into {@link lo} / {@link hi} (the same fingerprint as {@link hash} of those words alone). */
  hashRange(words: Int32Array, start: number, end: number): void {
    const length = end - start;
    let h1 = 0x9747b28c | 0;
    let h2 = 0x5bd1e995 | 0;
    for (let i = start; i < end; i++) {
      const k = words[i];
      let k1 = Math.imul(k, 0xcc9e2d51);
      k1 = (k1 << 15) | (k1 >>> 17);
      k1 = Math.imul(k1, 0x1b873593);
      h1 ^= k1;
      h1 = (h1 << 13) | (h1 >>> 19);
      h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
      let k2 = Math.imul(k, 0x239b961b);
      k2 = (k2 << 16) | (k2 >>> 16);
      k2 = Math.imul(k2, 0xab0e9789);
      h2 ^= k2;
      h2 = (h2 << 17) | (h2 >>> 15);
      h2 = (Math.imul(h2, 5) + 0x38b34ae5) | 0;
    }
    h1 ^= length;
    h2 ^= length;
    h1 = (h1 + h2) | 0;
    h2 = (h2 + h1) | 0;
    h1 = fmix32(h1);
    h2 = fmix32(h2);
    h1 = (h1 + h2) | 0;
    h2 = (h2 + h1) | 0;
    this.lo = h1 >>> 0;
    this.hi = h2 >>> 0;
  }
}

/**
 * Fingerprints whole states of one model: canonicalises (when the model has `canonical`),
 * encodes into a shared {@link WordBuffer} and hashes. Used off the hot path (reconstruction,
 * initial states); the explorer's inner loop does the same steps inline.
 */
export class StateHasher<S, A> {
  /** The reused encoding buffer. */
  readonly buffer = new WordBuffer();
  /** Holds the last fingerprint in `lo` / `hi`. */
  readonly fingerprinter = new Fingerprinter();

  private readonly model: Model<S, A>;

  constructor(model: Model<S, A>) {
    this.model = model;}

  /** The canonical representative of `s` (itself without a symmetry reduction). */
  canonical(s: S): S {
    return this.model.canonical ? this.model.canonical(s) : s;
  }

  /** Fingerprints an already canonical state; the result is in `fingerprinter.lo/hi`. */
  hashCanonical(c: S): void {
    this.buffer.length = 0;
    this.model.encode(c, this.buffer);
    this.fingerprinter.hash(this.buffer.words, this.buffer.length);
  }

  /** Canonicalises and fingerprints `s`; returns the canonical state. */
  hash(s: S): S {
    const c = this.canonical(s);
    this.hashCanonical(c);
    return c;
  }
}

/** Scratch buffers of {@link sameState}. */
const sameA = new WordBuffer();
const sameB = new WordBuffer();

/** True when `x` and `y` encode to the same words (the same state for the model). */
export function sameState<S, A>(model: Model<S, A>, x: S, y: S): boolean {
  const a = sameA;
  const b = sameB;
  a.length = 0;
  b.length = 0;
  model.encode(x, a);
  model.encode(y, b);
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a.words[i] !== b.words[i]) return false;
  return true;
}

/**
 * (29a) True when the step from `s` to `t` leaves the state unchanged (a stuttering step): `t`
 * encodes as `s` does, to at least one word (an encode that writes nothing tells no states apart).
 */
export function stutters<S, A>(model: Model<S, A>, s: S, t: S): boolean {
  return sameState(model, s, t) && sameA.length > 0;
}
