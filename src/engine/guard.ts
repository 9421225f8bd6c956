/**
 * What bounds a whole run besides the state and depth limits: the clock (`--time-limit`, counted
 * from when the run's preparation began, model construction included) and memory (`--memory`,
 * the process's resident set, plus V8's own heap limit so the run ends as `incomplete` before
 * V8 aborts). The explorer asks {@link RunGuard.check} often (every few hundred successors, even
 * inside the expansion of a single huge state); it reads the clock each time and memory at most
 * every {@link MEMORY_EVERY_MS} ms. Peak memory is kept for the report's per-state figure.
 */
import { getHeapStatistics } from 'node:v8';
import { totalmem } from 'node:os';

/** Why a guard ended a run. */
export type GuardLimit = 'time-limit' | 'memory';

/** The explorer's calls to {@link RunGuard.check} aim to be this many milliseconds apart. */
const CHECK_EVERY_MS = 2;
/** Milliseconds between memory readings. */
const MEMORY_EVERY_MS = 100;
/** Fraction of V8's heap limit at which the run stops (V8 aborts the process at the limit). */
const HEAP_FRACTION = 0.85;
/** Fraction of the machine's memory used as the default budget. */
const MACHINE_FRACTION = 0.75;

/**
 * The default memory budget in bytes: the smaller of 3/4 of the machine's memory and V8's heap
 * limit (`--max-old-space-size`) on top of what the process already holds when it asks (code,
 * loaded modules), so a heap limit bounds the whole process, typed arrays included.
 */
export function defaultMemoryBudget(): number {
  const heap = getHeapStatistics();
  const base = Math.max(0, process.memoryUsage.rss() - heap.used_heap_size);
  return Math.min(Math.floor(totalmem() * MACHINE_FRACTION), base + heap.heap_size_limit);
}

/** Bounds of a run (all optional). */
export interface GuardOptions {
  /** `performance.now()` value at which the time limit expires. */
  stopAt?: number;
  /** Budget for the process's resident set size, in bytes. */
  memoryBytes?: number;
}

/** Checks a run's clock and memory. */
export class RunGuard {
  /** Highest resident set size seen, in bytes. */
  peakRss = 0;
  /** Set once a check failed: which bound, and (for memory) the reading. */
  limit: GuardLimit | undefined;
  /** The reading that exceeded the budget, for the message. */
  detail = '';
  /**
   * Successors the explorer may compute before the next check: halved when checks come more
   * than {@link CHECK_EVERY_MS} apart (a slow model, a huge state), doubled when they come much
   * faster (so the clock costs nothing on fast models). Only when to look, never what is found.
   */
  every = 1;
  private lastCheck = performance.now();
  private readonly stopAt: number;
  private readonly memoryBytes: number;
  private readonly heapBytes: number;
  private nextMemory = 0;

  constructor(o: GuardOptions = {}) {
    this.stopAt = o.stopAt ?? Number.POSITIVE_INFINITY;
    this.memoryBytes = o.memoryBytes ?? Number.POSITIVE_INFINITY;
    this.heapBytes = getHeapStatistics().heap_size_limit * HEAP_FRACTION;
    this.readMemory();
  }

  /** The bound that is exceeded now, if any (once exceeded, it stays). */
  check(): GuardLimit | undefined {
    if (this.limit !== undefined) return this.limit;
    const now = performance.now();
    const gap = now - this.lastCheck;
    this.lastCheck = now;
    if (gap > CHECK_EVERY_MS) this.every = Math.max(1, this.every >> 1);
    else if (gap < CHECK_EVERY_MS / 4 && this.every < 4096) this.every *= 2;
    if (now >= this.stopAt) return (this.limit = 'time-limit');
    if (now >= this.nextMemory) {
      this.nextMemory = now + MEMORY_EVERY_MS;
      this.readMemory();
    }
    return this.limit;
  }

  /** Reads memory, recording the peak and the limit when a budget is exceeded. */
  readMemory(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.peakRss) this.peakRss = rss;
    if (rss > this.memoryBytes) {
      this.limit = 'memory';
      this.detail = `the process used ${mb(rss)} MB, over the memory budget of ${mb(this.memoryBytes)} MB`;
      return;
    }
    const heap = getHeapStatistics().used_heap_size;
    if (heap > this.heapBytes) {
      this.limit = 'memory';
      this.detail = `the JavaScript heap reached ${mb(heap)} MB, near V8's heap limit of ${mb(this.heapBytes / HEAP_FRACTION)} MB (raise it with NODE_OPTIONS=--max-old-space-size=MB)`;
    }
  }
}

function mb(bytes: number): number {
  return Math.round(bytes / 2 ** 20);
}
