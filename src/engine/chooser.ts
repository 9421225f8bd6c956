/**
 * The `choose(n)` a model's `sample` method gets during a random walk: the step's choice `c`
 * (the number fast-check generated and shrinks) answers the first question as `c % n`; later
 * questions of the same step are answered by a small PRNG (mulberry32) seeded by `c`. So a step
 * is a pure function of its choice, and choice 0 means "the first option" as in plain walks.
 */

/** Answers `choose(n)` for one step at a time; {@link reseed} starts a step. */
export class Chooser {
  private first = true;
  private choice = 0;
  private state = 0;

  /** Starts a step whose choice is `c`. */
  reseed(c: number): void {
    this.first = true;
    this.choice = c;
    this.state = (c ^ 0x9e3779b9) | 0;
  }

  /** An integer in [0, n) (0 when n < 2). Bound, so it can be handed out as a function. */
  readonly choose = (n: number): number => {
    if (!(n > 1)) return 0;
    if (this.first) {
      this.first = false;
      return this.choice % n;
    }
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}
