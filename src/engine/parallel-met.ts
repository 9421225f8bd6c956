/**
 * (Issue 17) The successors a search worker has met, by fingerprint, with the first unit (in
 * the main thread's insertion order: unit ids grow with it) that met each. A successor met in
 * an earlier unit was inserted into the visited table before the current one is, so it is
 * never new there: the worker does not keep it and the main thread does not insert it again.
 * Open addressing in typed arrays (fingerprint halves and unit id per slot, load at most 1/2).
 */

/** Fingerprint to first unit (see the file header). */
export class FingerprintMap {
  private lo = new Uint32Array(1 << 12);
  private hi = new Uint32Array(1 << 12);
  /** Unit id + 1 per slot (0: empty). */
  private unit = new Uint32Array(1 << 12);
  private size = 0;

  /**
   * True when (`lo`, `hi`) was met in a unit before `unit`, or earlier in `unit` itself; records
   * `unit` as where it was met first otherwise (a unit met out of order lowers the record).
   */
  seen(lo: number, hi: number, unit: number): boolean {
    const mask = this.unit.length - 1;
    let i = (lo ^ (hi >>> 7)) & mask;
    for (;;) {
      const u = this.unit[i];
      if (u === 0) break;
      if (this.lo[i] === lo && this.hi[i] === hi) {
        if (u - 1 <= unit) return true;
        this.unit[i] = unit + 1;
        return false;
      }
      i = (i + 1) & mask;
    }
    this.lo[i] = lo;
    this.hi[i] = hi;
    this.unit[i] = unit + 1;
    if (++this.size * 2 > this.unit.length) this.grow();
    return false;
  }

  private grow(): void {
    const { lo, hi, unit } = this;
    const cap = unit.length * 2;
    this.lo = new Uint32Array(cap);
    this.hi = new Uint32Array(cap);
    this.unit = new Uint32Array(cap);
    const mask = cap - 1;
    for (let k = 0; k < unit.length; k++) {
      if (unit[k] === 0) continue;
      let i = (lo[k] ^ (hi[k] >>> 7)) & mask;
      while (this.unit[i] !== 0) i = (i + 1) & mask;
      this.lo[i] = lo[k];
      this.hi[i] = hi[k];
      this.unit[i] = unit[k];
    }
  }
}
