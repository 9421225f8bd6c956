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
import type { BreadthFirstSearch, SearchLimit } from './search.ts';
import type { PropertyTracker } from './tracker.ts';
import type { Property } from './property.ts';
import type { StateBlob } from './parallel-protocol.ts';
import type { DriverContext, WorkerLike } from './parallel-options.ts';
import { type Received, unitFailure, WorkerInbox } from './parallel-inbox.ts';
import { rebuildFault } from './parallel-fault.ts';
import { UnitReplay } from './parallel-replay.ts';
import { SharedFingerprintMap } from './parallel-shared-met.ts';
import { levelBlobs, Shares, UnitSender, type Handle, type Unit } from './parallel-dispatch.ts';

export { ParallelFallback, PARALLEL_AFTER, PARALLEL_FROM, type ParallelOptions, type WorkerLike } from './parallel-options.ts';

/** Most states per unit. */
const UNIT_MAX = 4096;
/** Slots of the shared map of met successors (64 MB of address space, 16 bytes a slot, pages touched as used). */
const SHARED_SLOTS = 1 << 22;

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
  private readonly sender: UnitSender;
  /** The deepest level whose plan the workers have. */
  private planned = -1;
  private units = new Map<number, Unit>();
  /** The next level's shares per worker (when to serialise states to even them out). */
  private readonly shares = new Shares();
  private readonly replay: UnitReplay<S, A>;
  /** (Stop 31) The successors met by any worker, shared (touched only by workers that filter across units). */
  private readonly met = SharedFingerprintMap.allocate(SHARED_SLOTS);

  private readonly search: BreadthFirstSearch<S, A>;
  private readonly tracker: PropertyTracker<S, A>;
  private readonly properties: readonly Property<S, A>[];
  private readonly maxStates: number;
  private readonly maxDepth: number;

  private constructor(c: Omit<DriverContext<S, A>, 'options'>, workers: WorkerLike[]) {
    this.search = c.search;
    this.tracker = c.tracker;
    this.properties = c.properties;
    this.maxStates = c.maxStates;
    this.maxDepth = c.maxDepth;
    this.replay = new UnitReplay(c.search, c.tracker, c.oracle);
    this.handles = workers.map((w) => ({ w, names: [], map: [], inflight: 0 }));
    this.inbox = new WorkerInbox(workers);
    this.sender = new UnitSender(this.handles);
  }

  /** Starts the workers (they build their models meanwhile: see {@link ready}). */
  static start<S, A>(c: DriverContext<S, A>): ParallelDriver<S, A> {
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
    const failed = unitFailure(m);
    if (failed !== undefined) {
      // (Stop 32) What broke a unit is raised when the in-order replay reaches the unit (one thread
      // may stop before it): which error a run ends with must not depend on timing.
      const u = this.units.get(failed.unit);
      if (u === undefined) throw failed.error;
      u.failure ??= failed.error;
      // The worker is done with it; an expansion's kind names still count (its later units use them).
      if (m.t !== 'expanded') {
        if (failed.phase === 'expand') this.handles[e.w].inflight--;
        return e;
      }
    }
    if (m.t === 'expanded') {
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
    let units = levelBlobs(search.table, first, states, UNIT_MAX, this.handles.length).map((b) => this.unitOf(b, search.depth + 1));
    let count = states.length;
    while (!search.finished) {
      if (count === 0) return search.stop(undefined);
      search.depth++;
      search.maxDepthSeen = search.depth;
      const probe = search.depth >= this.maxDepth;
      const next = await this.level(units, count, probe, tick);
      this.levels++;
      if (next === undefined) return;
      if (probe) return search.stop(undefined);
      units = next;
      count = next.reduce((n, u) => n + u.blob.count, 0);
    }
  }

  /** A unit of the level at `depth` for `blob` (registered, so its worker's answers find it). */
  private unitOf(blob: StateBlob, depth: number): Unit {
    const u: Unit = { id: this.nextUnit++, blob, worker: blob.held !== undefined ? (blob as Held).holder : -1, depth };
    this.units.set(u.id, u);
    return u;
  }

  /** Sends every worker the plan of the level at `depth` (once). */
  private plan(depth: number): void {
    if (this.planned >= depth) return;
    this.planned = depth;
    const tracker = this.tracker;
    const checks = this.properties.map((p, i) => p.kind === 'alwaysReachable' || p.kind === 'eventually' || tracker.findings[i].stateId < 0);
    const steps = this.properties.map((p, i) => p.kind === 'transition' && tracker.findings[i].stateId < 0);
    for (const h of this.handles) h.w.postMessage({ t: 'level', checks, steps, blob: UNIT_MAX, depth, met: this.met });
  }

  /**
   * One level; the next level's units, or undefined when the search stopped. (Stop 32) A worker no
   * unit of this level waits for starts on the next level's units made so far (parallel-dispatch.ts).
   * Only timing changes: units are inserted and replayed in order, the shared map answers "met"
   * only for a unit inserted before, and an early plan only adds properties decided meanwhile.
   */
  private async level(units: Unit[], count: number, probe: boolean, tick: () => SearchLimit | undefined): Promise<Unit[] | undefined> {
    const depth = this.search.depth;
    this.plan(depth);
    this.replay.validSize = this.search.table.size;
    this.sender.level(units);
    this.shares.level(this.handles.length, count);
    const next: Unit[] = [];
    let ahead = 0;
    const nextProbe = depth + 1 >= this.maxDepth;
    let low = 0;
    let inserted = 0;
    let done = 0;
    let end = units.length;
    let nextCount = 0;
    let expanded = 0;
    try {
      for (;;) {
        while (inserted < end && units[inserted].sent === true && (units[inserted].expanded !== undefined || units[inserted].failure !== undefined)) {
          const u = units[inserted++];
          // A unit that could not be expanded (or found the symmetry reduction unsound) fails at its turn below.
          if (u.failure !== undefined) continue;
          this.insert(u, probe);
          if (u.fullAt !== undefined) end = inserted;
        }
        while (done < inserted && (probe || units[done].kept !== undefined || units[done].failure !== undefined)) {
          const u = units[done++];
          if (u.failure !== undefined) throw u.failure;
          if (this.replay.finalize(u, this.handles[u.worker], probe)) return undefined;
          // (Stop 32) Expanded up to a parent that threw: raised once the transitions before it are replayed.
          const late = u.expanded!.failure;
          if (late !== undefined) throw rebuildFault(late);
          if (!probe) {
            for (const b of u.kept!.blobs) next.push(this.unitOf(b.held !== undefined ? Object.assign(b, { holder: u.worker }) : b, depth + 1));
            nextCount += u.kept!.blobs.reduce((n, b) => n + b.count, 0);
          }
          expanded += u.blob.count;
          this.queued = count - expanded + nextCount;
        }
        if (done === end) return next;
        // Units go to the worker that holds their states; serialised ones to the least busy.
        low = this.sender.send(units, low, end, probe, false);
        if (!probe && ahead < next.length && this.sender.anyFree) {
          this.plan(depth + 1);
          ahead = this.sender.send(next, ahead, next.length, nextProbe, true);
        }
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

  /** Inserts a unit (see UnitReplay.insert) and asks its worker to keep the new states, or to ship them. */
  private insert(u: Unit, probe: boolean): void {
    const { first, idx } = this.replay.insert(u, probe, this.maxStates);
    if (probe) return;
    // Held where found unless that worker's share of the next level would run ahead of the others'.
    const ship = this.shares.ship(u.worker, idx.length);
    this.handles[u.worker].w.postMessage({ t: 'keep', unit: u.id, first: first, idx, ship });
  }

  /** States serialised to another worker (statistics). */
  get shipped(): number {
    return this.shares.shipped;
  }
}
