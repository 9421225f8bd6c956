/**
 * (Issue 17, stop 31) The successors every search worker has met, shared between them: the
 * {@link FingerprintMap} of parallel-met.ts in a SharedArrayBuffer, so that a successor one
 * worker met in an earlier unit (in insertion order) is known to the other too, which then
 * neither keeps it nor judges its properties. With one map per worker, a state both workers
 * reached was judged by both (on `medium`, 3.18 million judgements for 2.33 million states).
 *
 * Lock-free open addressing, four Int32 words a slot: fingerprint halves, unit id + 1, and a
 * state word (0 empty, 1 being written, 2 published) set with Atomics after the others, so a
 * reader that sees 2 sees the fingerprint. The map only ever answers "met in an earlier unit"
 * when some unit before this one met the successor, which is what makes skipping it sound;
 * every race (a slot being written, a probe past {@link MAX_PROBES}, a full table) answers
 * "not met", which costs the redundant work one map per worker did, never a wrong result.
 */

/** Slots probed before a lookup gives up (answers "not met"). */
const MAX_PROBES = 32;

/** A fingerprint map shared by the workers of one search (see the file header). */
export class SharedFingerprintMap {
  private readonly w: Int32Array;
  private readonly mask: number;

  /** `buffer` from {@link SharedFingerprintMap.allocate}, shared by every worker. */
  constructor(buffer: SharedArrayBuffer) {
    this.w = new Int32Array(buffer);
    this.mask = this.w.length / 4 - 1;
  }

  /** A zeroed buffer of `slots` slots (a power of two; 16 bytes each, touched only as used). */
  static allocate(slots: number): SharedArrayBuffer {
    if (slots < 2 || (slots & (slots - 1)) !== 0) throw new Error(`SharedFingerprintMap: ${slots} slots is not a power of two`);
    return new SharedArrayBuffer(16 * slots);
  }

  /**
   * True when (`lo`, `hi`) was met in a unit before `unit`, or earlier in `unit`; records `unit`
   * as where it was met first otherwise (an earlier unit met later lowers the record).
   */
  seen(lo: number, hi: number, unit: number): boolean {
    const w = this.w;
    const mask = this.mask;
    const l = lo | 0;
    const h = hi | 0;
    const mine = unit + 1;
    let i = (lo ^ (hi >>> 7)) & mask;
    for (let probes = 0; probes < MAX_PROBES; probes++, i = (i + 1) & mask) {
      const at = i << 2;
      let st = Atomics.load(w, at + 3);
      if (st === 0) {
        if (Atomics.compareExchange(w, at + 3, 0, 1) === 0) {
          w[at] = l;
          w[at + 1] = h;
          Atomics.store(w, at + 2, mine);
          Atomics.store(w, at + 3, 2);
          return false;
        }
        st = Atomics.load(w, at + 3);
      }
      // Being written by the other worker: it may hold this fingerprint, but waiting is not worth it.
      if (st !== 2 || w[at] !== l || w[at + 1] !== h) continue;
      for (;;) {
        const u = Atomics.load(w, at + 2);
        if (u <= mine) return true;
        if (Atomics.compareExchange(w, at + 2, u, mine) === u) return false;
      }
    }
    return false;
  }
}
