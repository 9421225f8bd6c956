/**
 * A seeded pseudo-random generator for the timed simulation (sfc32, seeded through splitmix32):
 * the same seed gives the same stream on every platform, and nothing here reads the clock or
 * `Math.random`. `derive` gives independent streams for runs and components.
 */

function splitmix32(x: number): () => number {
  let s = x >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A seeded generator of uniform numbers. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A generator for `seed` (any 32-bit integer). */
  constructor(seed: number) {
    const sm = splitmix32(seed);
    this.a = sm(); this.b = sm(); this.c = sm(); this.d = sm() | 1;
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** The next 32-bit unsigned integer. */
  u32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** A uniform number in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** A uniform number in (0, 1) (never 0, for logarithms). */
  open(): number {
    return (this.u32() + 0.5) / 4294967296;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** A seed for stream `k` derived from `seed` (runs use k = run number, components their own k). */
export function deriveSeed(seed: number, k: number): number {
  const sm = splitmix32((seed ^ Math.imul(k + 1, 0x27d4eb2f)) >>> 0);
  sm();
  return sm() | 0;
}
