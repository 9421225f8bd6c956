/**
 * (Issue 17) The exhaustive search on worker threads, level by level. Once a level's frontier is
 * large enough, the single-threaded {@link BreadthFirstSearch} pauses and this driver takes over
 * with its table, kinds, edges and tracker. Each level is cut into units of consecutive states,
 * serialised (parallel-protocol.ts); workers (parallel-worker.ts) expand units and return
 * fingerprints; the main thread inserts them in unit order, then parent order, then action
 * order, tells the worker which successors are new, and replays the level through the tracker
 * with the outcomes the worker computed (parallel-oracle.ts). Ids, counts, first-found
 * violations, early stops and therefore shortest counterexamples are those of one thread;
 * states inserted ahead of a stop are removed again. Anything that could make a worker differ
 * (a symmetry reduction found unsound, a state that does not survive serialisation) ends the
 * parallel run with {@link ParallelFallback}, and the caller reruns on one thread. Its options are
 * in parallel-options.ts, the workers' message queue in parallel-inbox.ts.
 */
import { serialize } from 'node:v8';
import type { BreadthFirstSearch, SearchLimit } from './search.ts';
import type { PropertyTracker } from './tracker.ts';
import type { Property } from './property.ts';
import type { Oracle } from './parallel-oracle.ts';
import { ownBytes } from './parallel-worker.ts';
import type { StateBlob } from './parallel-protocol.ts';
import { ParallelFallback, type ParallelOptions, type WorkerLike } from './parallel-options.ts';
import { type Received, WorkerInbox } from './parallel-inbox.ts';
import { UnitReplay, type Handle, type Unit } from './parallel-replay.ts';
import { lostInSerialisation } from './reshape.ts';
import { SharedFingerprintMap } from './parallel-shared-met.ts';

export { ParallelFallback, PARALLEL_AFTER, PARALLEL_FROM, type ParallelOptions, type WorkerLike } from './parallel-options.ts';

/** Most states per unit. */
const UNIT_MAX = 4096;
/** Units a worker may have in flight. */
const DEPTH = 3;
/** Slots of the shared map of met successors (64 MB of address space, 16 bytes a slot, pages touched as used). */
const SHARED_SLOTS = 1 << 22;

/** What the driver works on: the paused search, its tracker (on {@link Oracle} properties) and limits. */
export interface Context<S, A> {
  options: ParallelOptions;
  search: BreadthFirstSearch<S, A>;
  tracker: PropertyTracker<S, A>;
  oracle: Oracle;
  properties: readonly Property<S, A>[];
  maxStates: number;
  maxDepth: number;
}

/** A held blob with the worker that holds it. */
type Held = StateBlob & { holder: number };

/** Drives the workers (see the file header). */
export class ParallelDriver<S, A> {
  /** Levels run on the workers. */
  levels = 0;
  /** States waiting in the level being expanded and the next (for progress). */
  queued = 0;
  private readonly handles: Handle[];
  private readonly inbox: WorkerInbox;
  private nextUnit = 0;
  private units = new Map<number, Unit>();
  /** States of the next level held per worker so far, and the imbalance tolerated before states are serialised to even it out. */
  private nextHeld: number[] = [];
  private slack = 0;
  /** States serialised to another worker (statistics). */
  shipped = 0;
  private readonly replay: UnitReplay<S, A>;
  /** (Stop 31) The successors met by any worker, shared (touched only by workers that filter across units). */
  private readonly met = SharedFingerprintMap.allocate(SHARED_SLOTS);

  private readonly search: BreadthFirstSearch<S, A>;
  private readonly tracker: PropertyTracker<S, A>;
  private readonly properties: readonly Property<S, A>[];
  private readonly maxStates: number;
  private readonly maxDepth: number;

  private constructor(c: Omit<Context<S, A>, 'options'>, workers: WorkerLike[]) {
    this.search = c.search;
    this.tracker = c.tracker;
    this.properties = c.properties;
    this.maxStates = c.maxStates;
    this.maxDepth = c.maxDepth;
    this.replay = new UnitReplay(c.search, c.tracker, c.oracle);
    this.handles = workers.map((w) => ({ w, names: [], map: [], inflight: 0 }));
    this.inbox = new WorkerInbox(workers);
  }

  /** Starts the workers (they build their models meanwhile: see {@link ready}). */
  static start<S, A>(c: Context<S, A>): ParallelDriver<S, A> {
    const workers = Array.from({ length: c.options.workers }, (_, i) => c.options.spawn(i, c.options.plain === true));
    return new ParallelDriver(c, workers);
  }

  /** Resolves once every worker has built its model (rejects with what broke one). */
  async ready(): Promise<void> {
    while (this.inbox.waitingForReady) await this.receive(false);
  }

  /** Whether every worker has built its model (without waiting). */
  get isReady(): boolean {
    return this.inbox.isReady;
  }

  /** Ends the workers (once). */
  close(): void {
    this.inbox.close();
  }

  /**
   * The next message (or undefined after 100 ms without one when `timed`; see
   * {@link WorkerInbox.receive}, which throws what broke a worker), with a unit's results filed.
   */
  private async receive(timed = true): Promise<Received | undefined> {
    const e = await this.inbox.receive(timed);
    if (e === undefined) return undefined;
    const m = e.m;
    if (m.t === 'expanded') {
      if (m.asymmetry !== undefined) throw new ParallelFallback(`the symmetry reduction was found unsound on a worker (${m.asymmetry.split(':')[0]})`);
      const h = this.handles[e.w];
      h.names.push(...m.kinds);
      h.inflight--;
      this.units.get(m.unit)!.expanded = m;
    } else if (m.t === 'kept') {
      this.units.get(m.unit)!.kept = m;
    }
    return e;
  }

  /**
   * Runs the search from the level `states` (ids from `first`, all in the table) to its end.
   * `tick` is asked between messages for a limit that ends the run (time, memory, Ctrl-C).
   */
  async run(first: number, states: S[], tick: () => SearchLimit | undefined): Promise<void> {
    const search = this.search;
    let blobs = this.blobsOf(first, states);
    let count = states.length;
    while (!search.finished) {
      if (count === 0) return search.stop(undefined);
      search.depth++;
      search.maxDepthSeen = search.depth;
      const probe = search.depth >= this.maxDepth;
      const next = await this.level(blobs, count, probe, tick);
      this.levels++;
      if (next === undefined) return;
      if (probe) return search.stop(undefined);
      blobs = next;
      count = next.reduce((n, b) => n + b.count, 0);
    }
  }

  /** Serialises a level held on the main thread into units. */
  private blobsOf(first: number, states: S[]): StateBlob[] {
    const table = this.search.table;
    const size = Math.max(16, Math.min(UNIT_MAX, Math.ceil(states.length / (8 * this.handles.length))));
    const out: StateBlob[] = [];
    for (let from = 0; from < states.length; from += size) {
      const part = states.slice(from, from + size);
      // (Sweep 29a finding 3) A class instance would reach the worker without its getters: one thread.
      const lost = lostInSerialisation(part);
      if (lost !== undefined) throw new ParallelFallback(lost);
      const fps = new Uint32Array(2 * part.length);
      for (let k = 0; k < part.length; k++) {
        fps[2 * k] = table.lo(first + from + k);
        fps[2 * k + 1] = table.hi(first + from + k);
      }
      out.push({ first: first + from, count: part.length, bytes: ownBytes(serialize(part)), fps });
    }
    return out;
  }

  /** One level; the next level's units, or undefined when the search stopped. */
  private async level(blobs: StateBlob[], count: number, probe: boolean, tick: () => SearchLimit | undefined): Promise<StateBlob[] | undefined> {
    const tracker = this.tracker;
    const checks = this.properties.map((p, i) => p.kind === 'alwaysReachable' || p.kind === 'eventually' || tracker.findings[i].stateId < 0);
    const steps = this.properties.map((p, i) => p.kind === 'transition' && tracker.findings[i].stateId < 0);
    for (const h of this.handles) h.w.postMessage({ t: 'level', checks, steps, blob: UNIT_MAX, depth: this.search.depth, met: this.met });
    const units: Unit[] = blobs.map((blob) => ({ id: this.nextUnit++, blob, worker: blob.held !== undefined ? (blob as Held).holder : -1 }));
    for (const u of units) this.units.set(u.id, u);
    this.replay.validSize = this.search.table.size;
    this.nextHeld = this.handles.map(() => 0);
    this.slack = Math.max(1024, (0.2 * count) / this.handles.length);
    const next: StateBlob[] = [];
    const sentFlags = new Uint8Array(units.length);
    let low = 0;
    let inserted = 0;
    let done = 0;
    let end = units.length;
    let nextCount = 0;
    let expanded = 0;
    try {
      for (;;) {
        // Units go to the worker that holds their states; serialised ones to the least busy.
        while (low < end && sentFlags[low] === 1) low++;
        for (let k = low; k < end && k < low + 8 * this.handles.length; k++) {
          if (sentFlags[k] === 1) continue;
          const u = units[k];
          const w = u.worker >= 0 ? (this.handles[u.worker].inflight < DEPTH ? u.worker : -1) : this.idle();
          if (w < 0) continue;
          sentFlags[k] = 1;
          u.worker = w;
          this.handles[w].inflight++;
          const b = u.blob;
          this.handles[w].w.postMessage({ t: 'expand', unit: u.id, blob: b, probe }, (b.bytes !== undefined ? [b.bytes.buffer, b.fps!.buffer] : []) as ArrayBuffer[]);
        }
        while (inserted < end && sentFlags[inserted] === 1 && units[inserted].expanded !== undefined) {
          const u = units[inserted++];
          this.insert(u, probe);
          if (u.fullAt !== undefined) end = inserted;
        }
        while (done < inserted && (probe || units[done].kept !== undefined)) {
          const u = units[done++];
          if (this.replay.finalize(u, this.handles[u.worker], probe)) return undefined;
          if (!probe) {
            for (const b of u.kept!.blobs) next.push(b.held !== undefined ? Object.assign(b, { holder: u.worker }) : b);
            nextCount += u.kept!.blobs.reduce((n, b) => n + b.count, 0);
          }
          expanded += u.blob.count;
          this.queued = count - expanded + nextCount;
        }
        if (done === end) return next;
        const limit = tick();
        if (limit !== undefined) {
          this.replay.halt(limit);
          return undefined;
        }
        await this.receive();
      }
    } finally {
      for (const u of units) this.units.delete(u.id);
    }
  }

  /** The worker with the fewest units in flight, if one can take another. */
  private idle(): number {
    let best = -1;
    for (let i = 0; i < this.handles.length; i++) {
      const n = this.handles[i].inflight;
      if (n < DEPTH && (best < 0 || n < this.handles[best].inflight)) best = i;
    }
    return best;
  }

  /** Inserts a unit (see UnitReplay.insert) and asks its worker to keep the new states, or to ship them. */
  private insert(u: Unit, probe: boolean): void {
    const { first, idx } = this.replay.insert(u, probe, this.maxStates);
    if (probe) return;
    // Held where found unless that worker's share of the next level would run ahead of the others'.
    const h = u.worker;
    // Shipped states count for the least loaded worker, which is likely to expand them.
    const least = Math.min(...this.nextHeld);
    const ship = this.nextHeld[h] + idx.length - least > this.slack;
    if (!ship) this.nextHeld[h] += idx.length;
    else {
      this.nextHeld[this.nextHeld.indexOf(least)] += idx.length;
      this.shipped += idx.length;
    }
    this.handles[h].w.postMessage({ t: 'keep', unit: u.id, first: first, idx, ship });
  }
}
