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
import type { SearchGuard, SearchLimit } from './search-types.ts';

/** Why a guard ended a run. */
export type GuardLimit = 'time-limit' | 'memory';

/** The explorer's calls to {@link RunGuard.check} aim to be this many milliseconds apart. */
const CHECK_EVERY_MS = 2;
/** Milliseconds between memory readings. */
const MEMORY_EVERY_MS = 100;
/**
 * The run stops when V8 can allocate less than this fraction of its heap limit plus
 * {@link HEAP_MARGIN} more (its `total_available_size`). V8 aborts once the old generation is
 * full, which is the heap limit less the young generation (48 MB by default): comparing the used
 * heap with 85% of the whole limit let V8 abort first under small limits (issue 17, measured:
 * 252 MB used of 304 with --max-old-space-size=256, on an object frontier).
 */
const HEAP_FRACTION = 0.15;
/** Bytes kept free besides {@link HEAP_FRACTION} (the young generation and a burst of allocation). */
const HEAP_MARGIN = 64 * 2 ** 20;
/** Fraction of the machine's memory used as the default budget. */
const MACHINE_FRACTION = 0.75;

/**
 * The default memory budget in bytes: the smaller of 3/4 of the machine's memory and V8's heap
 * limit (`--max-old-space-size`) on top of what the process already holds when it asks (code,
 * loaded modules), so a heap limit bounds the whole process, typed arrays included. (Stop 37) In
 * a container with a memory limit (a cgroup: a Kubernetes pod's `limits.memory`, `docker run -m`)
 * the machine's memory is that limit (`process.constrainedMemory`): 3/4 of the host's memory let
 * a run grow until the kernel killed it, never ending as `incomplete`.
 */
export function defaultMemoryBudget(): number {
  const heap = getHeapStatistics();
  const base = Math.max(0, process.memoryUsage.rss() - heap.used_heap_size);
  return memoryBudget(totalmem(), process.constrainedMemory?.(), base, heap.heap_size_limit);
}

/**
 * {@link defaultMemoryBudget} from its readings: the machine's memory `total`, the container's
 * limit `constrained` (0, undefined or above `total`: none), the process's `base` beside its heap,
 * and V8's `heapLimit`, in bytes.
 */
export function memoryBudget(total: number, constrained: number | undefined, base: number, heapLimit: number): number {
  const machine = constrained !== undefined && constrained > 0 && constrained < total ? constrained : total;
  return Math.min(Math.floor(machine * MACHINE_FRACTION), base + heapLimit);
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
  private readonly heapLimit: number;
  private readonly heapMargin: number;
  private nextMemory = 0;

  constructor(o: GuardOptions = {}) {
    this.stopAt = o.stopAt ?? Number.POSITIVE_INFINITY;
    this.memoryBytes = o.memoryBytes ?? Number.POSITIVE_INFINITY;
    this.heapLimit = getHeapStatistics().heap_size_limit;
    this.heapMargin = this.heapLimit * HEAP_FRACTION + HEAP_MARGIN;
    this.readMemory();
  }

  /**
   * (Stop 29) The guard for checks within one state's expansion. With `clockGrace` (a run that
   * saves checkpoints) the clock may overrun the time limit there by `graceMs`, so the search
   * stops at the end of the state, where {@link check} stops it and the state it reached can be
   * saved, unless that one state takes longer. `shouldStop` (an interrupt) is honoured there
   * once it has been asking for `graceMs`: between states the explorer sees it sooner, but one
   * state of a 10,000-host configuration can take minutes, and Ctrl-C went unanswered.
   */
  within(graceMs: number, clockGrace: boolean, shouldStop?: () => boolean): SearchGuard {
    const outer = this;
    const late = clockGrace ? this.stopAt + graceMs : this.stopAt;
    let asked: number | undefined;
    return {
      check: (): SearchLimit | undefined => {
        const limit = this.check(late);
        if (limit !== undefined || shouldStop === undefined || !shouldStop()) return limit;
        const now = performance.now();
        asked ??= now;
        return now - asked >= graceMs ? 'interrupted' : undefined;
      },
      get every() { return outer.every; },
    };
  }

  /** The bound that is exceeded now, if any (once exceeded, it stays); `stopAt` defaults to the run's time limit. */
  check(stopAt = this.stopAt): GuardLimit | undefined {
    if (this.limit !== undefined) return this.limit;
    const now = performance.now();
    const gap = now - this.lastCheck;
    this.lastCheck = now;
    if (gap > CHECK_EVERY_MS) this.every = Math.max(1, this.every >> 1);
    else if (gap < CHECK_EVERY_MS / 4 && this.every < 4096) this.every *= 2;
    if (now >= stopAt) return (this.limit = 'time-limit');
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
    const heap = getHeapStatistics();
    if (heap.total_available_size < this.heapMargin) {
      this.limit = 'memory';
      this.detail = `the JavaScript heap reached ${mb(heap.used_heap_size)} MB, near V8's heap limit of ${mb(this.heapLimit)} MB (raise it with NODE_OPTIONS=--max-old-space-size=MB)`;
    }
  }
}

function mb(bytes: number): number {
  return Math.round(bytes / 2 ** 20);
}
