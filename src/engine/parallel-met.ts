/**
 * (Issue 17) The successors a search worker has met, by fingerprint, with the first unit (in
 * the main thread's insertion order: unit ids grow with it) that met each. A successor met in
 * an earlier unit was inserted into the visited table before the current one is, so it is
 * never new there: the worker does not keep it and the main thread does not insert it again.
 * Open addressing in one typed array, four words a slot (fingerprint halves, unit id + 1, pad),
 * so a probe touches one cache line. (Stop 31) A worker keeps one for the current unit only,
 * cleared at each unit, which catches the successors met twice within it (siblings' common
 * successors) on cheap models, where a table across units grows past the processor's caches
 * and costs more than it saves; on costly ones the workers share a map across units
 * (parallel-shared-met.ts).
 */

/** Fingerprint to first unit (see the file header). */
export class FingerprintMap {
  /** Per slot `4 * i`: low half, high half, unit id + 1 (0: empty), unused. */
  private words = new Int32Array(4 << 12);
  private mask = (1 << 12) - 1;
  private size = 0;

  /**
   * True when (`lo`, `hi`) was met in a unit before `unit`, or earlier in `unit` itself; records
   * `unit` as where it was met first otherwise (a unit met out of order lowers the record).
   */
  seen(lo: number, hi: number, unit: number): boolean {
    const w = this.words;
    const mask = this.mask;
    const l = lo | 0;
    const h = hi | 0;
    let i = (lo ^ (hi >>> 7)) & mask;
    for (;;) {
      const at = i << 2;
      const u = w[at + 2];
      if (u === 0) break;
      if (w[at] === l && w[at + 1] === h) {
        if (u - 1 <= unit) return true;
        w[at + 2] = unit + 1;
        return false;
      }
      i = (i + 1) & mask;
    }
    const at = i << 2;
    w[at] = l;
    w[at + 1] = h;
    w[at + 2] = unit + 1;
    if (++this.size * 2 > mask + 1) this.grow();
    return false;
  }

  /** Forgets every fingerprint (keeps the capacity). */
  clear(): void {
    if (this.size === 0) return;
    this.words.fill(0);
    this.size = 0;
  }

  private grow(): void {
    const old = this.words;
    const cap = (this.mask + 1) * 2;
    const w = new Int32Array(4 * cap);
    const mask = cap - 1;
    for (let k = 0; k < old.length; k += 4) {
      if (old[k + 2] === 0) continue;
      let i = (old[k] ^ (old[k + 1] >>> 7)) & mask;
      while (w[(i << 2) + 2] !== 0) i = (i + 1) & mask;
      const at = i << 2;
      w[at] = old[k];
      w[at + 1] = old[k + 1];
      w[at + 2] = old[k + 2];
    }
    this.words = w;
    this.mask = mask;
  }
}
