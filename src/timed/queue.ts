/**
 * The event queue of the discrete-event simulation: a binary min-heap on (time, sequence), so
 * events at the same simulated time run in the order they were scheduled (deterministic ties).
 */

/** A scheduled event carrying `data`. */
export interface Scheduled<T> {
  time: number;
  seq: number;
  data: T;
}

/** A min-heap of events by (time, seq). */
export class EventQueue<T> {
  private heap: Scheduled<T>[] = [];
  private counter = 0;

  /** Number of pending events. */
  get size(): number {
    return this.heap.length;
  }

  /** Schedules `data` at `time` (finite, not NaN). */
  push(time: number, data: T): void {
    if (!Number.isFinite(time)) throw new Error(`event time must be finite (got ${time})`);
    const h = this.heap;
    const e: Scheduled<T> = { time, seq: this.counter++, data };
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  /** The earliest event without removing it. */
  peek(): Scheduled<T> | undefined {
    return this.heap[0];
  }

  /** Removes and returns the earliest event. */
  pop(): Scheduled<T> | undefined {
    const h = this.heap;
    if (!h.length) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && less(h[l]!, h[m]!)) m = l;
        if (r < h.length && less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

function less<T>(a: Scheduled<T>, b: Scheduled<T>): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
