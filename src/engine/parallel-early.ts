/**
 * (Issue 17) Buffers of a search worker (parallel-worker.ts): a growable word array for a unit's
 * per-transition data, and (med24) the state outcomes of the successors a worker judged while
 * making them ({@link Early}).
 */
import type { Explanation, Verdict } from './property.ts';
import { faultOf, type Outcomes, type WorkerFault } from './parallel-protocol.ts';

/** A growable Uint32Array. */
export class U32 {
  a = new Uint32Array(1024);
  n = 0;
  push(x: number): void {
    if (this.n === this.a.length) {
      const b = new Uint32Array(this.n * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = x;
  }
  done(): Uint32Array {
    return this.a.slice(0, this.n);
  }
}

/**
 * (Issue 17, med24) State outcomes computed during expansion, per successor position. A
 * successor's step is then the model's latest (or a sibling of it), so incremental property
 * checks (`passesAfter`, properties that carry per-node answers over a step) take their cheap
 * path; by the time the main thread says which successors are new (the worker's `keep`), the steps are
 * long gone and every check was a full one. Successors that turn out not to be new cost an
 * evaluation for nothing; outcomes are exact either way, so the result is unchanged.
 */
export class Early {
  private bits: Uint8Array;
  private readonly slots: number;
  /** Per successor position: 1 when judged (its bits and explanations are valid). */
  private judged: Uint8Array = new Uint8Array(256);
  private readonly explanations = new Map<number, Explanation>();
  /** (Stop 32) What a predicate threw, by slot (see parallel-judge.ts). */
  private readonly faults = new Map<number, WorkerFault>();

  constructor(slots: number) {
    this.slots = slots;
    this.bits = new Uint8Array(256 * slots);
  }

  /** Starts successor `n` (marked judged); returns the offset of its slots. */
  start(n: number): number {
    if (n >= this.judged.length) {
      const j = new Uint8Array(2 * n + 2);
      j.set(this.judged);
      this.judged = j;
      const b = new Uint8Array(j.length * this.slots);
      b.set(this.bits);
      this.bits = b;
    }
    this.judged[n] = 1;
    return n * this.slots;
  }

  /** Records verdict `v` in slot `q` of the successor at offset `at`. */
  record(at: number, q: number, v: Verdict): void {
    if (v === true) this.bits[at + q] = 1;
    else if (typeof v === 'object' && v !== null) this.explanations.set(at + q, v);
  }

  /** Records that the predicate in slot `q` of the successor at offset `at` threw `e`. */
  fault(at: number, q: number, e: unknown): void {
    this.faults.set(at + q, faultOf(e));
  }

  /** Copies successor `n`'s outcomes to item `k` of `out`; false when it was not judged. */
  copy(n: number, out: Outcomes, k: number): boolean {
    if (n >= this.judged.length || this.judged[n] !== 1) return false;
    const at = n * this.slots;
    const to = k * this.slots;
    out.bits.set(this.bits.subarray(at, at + this.slots), to);
    if (this.explanations.size > 0) {
      for (let q = 0; q < this.slots; q++) {
        const e = this.explanations.get(at + q);
        if (e !== undefined) out.explanations.push([to + q, e]);
      }
    }
    if (this.faults.size > 0) {
      for (let q = 0; q < this.slots; q++) {
        const f = this.faults.get(at + q);
        if (f !== undefined) out.faults.push([to + q, f]);
      }
    }
    return true;
  }
}
