/**
 * (Issue 17) The main thread's part of a unit of the parallel exhaustive search
 * (parallel-search.ts): inserting its successors' fingerprints into the visited table in one
 * thread's order, then replaying its transitions through the counters, the action kinds, the
 * property tracker (with the worker's outcomes, parallel-oracle.ts) and the edge list exactly as
 * BreadthFirstSearch.expand would, stopping where it would stop; states inserted ahead of a
 * stop are removed again.
 */
import type { StateTable } from './visited.ts';
import type { BreadthFirstSearch, SearchLimit } from './search.ts';
import type { PropertyTracker } from './tracker.ts';
import { FULL } from './visited.ts';
import { DRAIN_BIT, FAIR_BIT, KIND_MASK } from './kinds.ts';
import type { Oracle } from './parallel-oracle.ts';
import type { Handle, Unit } from './parallel-dispatch.ts';

/** The child "id" of a transition to a state known to be stored, when ids are not needed. */
const KNOWN = -2;

/** Inserts and replays units (see the file header). */
export class UnitReplay<S, A> {
  /** Table size up to the last new state replayed (the table is cut back to it on a stop). */
  validSize = 0;
  /** What {@link StateTable.warm} returned (kept so that its reads are not optimised away). */
  warmth = 0;
  private readonly search: BreadthFirstSearch<S, A>;
  private readonly tracker: PropertyTracker<S, A>;
  private readonly oracle: Oracle;
  private readonly dummy = undefined as unknown as S;
  private readonly dummyAction = undefined as unknown as A;

  constructor(search: BreadthFirstSearch<S, A>, tracker: PropertyTracker<S, A>, oracle: Oracle) {
    this.search = search;
    this.tracker = tracker;
    this.oracle = oracle;
    this.needIds = search.edges !== null;
  }

  /** Whether child ids are needed (for the edge list) even for states known to be stored. */
  private readonly needIds: boolean;

  /**
   * Inserts a unit's successors in order (probing: only looks them up), recording each one's id
   * and whether it is new; returns the new ones (transition indices) and the first new id.
   */
  insert(u: Unit, probe: boolean, maxStates: number): { first: number; idx: Uint32Array } {
    const e = u.expanded!;
    const table = this.search.table as StateTable; // parallel runs never spill: the in-memory table
    const n = e.action.length;
    const children = new Int32Array(n);
    const isNew = new Uint8Array(n);
    const idx = new Uint32Array(n);
    let m = 0;
    const known = e.known;
    const firstNew = table.size;
    // Every transition's home slot read first, without waiting for one another: the lookups
    // below then hit the cache (they would otherwise wait for memory one after the other).
    this.warmth ^= table.warm(e.fps);
    let t = 0;
    const stepOnly = e.stepOnly === true ? e.action.length - 1 : -1;
    outer: for (let j = 0; j < e.ends.length; j++) {
      const id = u.blob.first + j;
      for (; t < e.ends[j]; t++) {
        if (t === stepOnly) {
          children[t] = KNOWN;
          continue;
        }
        const lo = e.fps[2 * t];
        const hi = e.fps[2 * t + 1];
        if (probe) {
          children[t] = known !== undefined && known[t] === 1 && !this.needIds ? KNOWN : table.find(lo, hi);
          continue;
        }
        if (known !== undefined && known[t] === 1) {
          // Inserted by an earlier unit or transition: its id matters only to the edge list.
          children[t] = this.needIds ? table.find(lo, hi) : KNOWN;
          continue;
        }
        const before = table.size;
        const child = table.add(lo, hi, id, maxStates);
        if (child === FULL) {
          children[t] = -1;
          u.fullAt = t;
          break outer;
        }
        children[t] = child;
        if (child === before) {
          isNew[t] = 1;
          idx[m++] = t;
        }
      }
    }
    u.children = children;
    u.isNew = isNew;
    u.news = idx.slice(0, m);
    return { first: firstNew, idx: u.news };
  }

  /** The main kind index of worker kind `local`, registered on first use (so in one thread's order). */
  kindOf(h: Handle, local: number): number {
    let k = h.map[local];
    if (k === undefined) {
      k = this.search.kinds.named(h.names[local]);
      h.map[local] = k;
    }
    return k;
  }

  /** Replays a unit (expanded by the worker `h`) through the counters, the tracker and the edge list; true when the search stopped in it. */
  finalize(u: Unit, h: Handle, probe: boolean): boolean {
    const search = this.search;
    const e = u.expanded!;
    const children = u.children!;
    const isNew = u.isNew!;
    const tracker = this.tracker;
    const oracle = this.oracle;
    const edges = search.edges;
    const steps = tracker.watchesSteps;
    const kinds = search.kinds;
    oracle.on = true;
    oracle.steps(e.steps);
    if (!probe) oracle.states(u.kept!.outcomes);
    if (!probe && !steps && edges === null) return this.replayNew(u, h);
    let t = 0;
    let k = 0;
    // (Stop 32) A step-only last transition is shown to the step properties; then its unit's failure is raised.
    const stepOnly = e.stepOnly === true ? e.action.length - 1 : -1;
    for (let j = 0; j < u.blob.count; j++) {
      const id = u.blob.first + j;
      const end = e.ends[j];
      let cut = false;
      for (; t < end; t++) {
        const code = e.codes[t];
        if (probe) {
          if (steps) {
            oracle.atStep(t);
            if (tracker.observeStep(id, this.dummy, this.dummyAction, e.action[t], this.dummy)) return this.halt(undefined);
          }
          if (t === stepOnly) return false;
          const child = children[t];
          if (child === -1) {
            cut = true;
            break;
          }
          if (edges !== null) this.edge(id, child, this.kindOf(h, code & KIND_MASK), code);
          continue;
        }
        search.transitions++;
        const kind = this.kindOf(h, code & KIND_MASK);
        kinds.counts[kind]++;
        if (steps) {
          oracle.atStep(t);
          if (tracker.observeStep(id, this.dummy, this.dummyAction, e.action[t], this.dummy)) return this.halt(undefined);
        }
        if (t === stepOnly) return false;
        const child = children[t];
        if (isNew[t] === 1) {
          this.validSize = child + 1;
          oracle.atState(k++);
          if (tracker.observe(child, this.dummy)) return this.halt(undefined);
        } else if (t === u.fullAt) {
          return this.halt('max-states');
        }
        if (edges !== null) this.edge(id, child, kind, code);
      }
      if (edges !== null) edges.close();
      if (cut) return this.halt('max-depth');
    }
    return false;
  }

  /**
   * {@link finalize} without step properties or an edge list: only the new states are shown to
   * the tracker, and the transitions up to where the unit ends (or the search stops: the
   * transition of the state that stopped it, or the one that found the table full) are counted
   * in one pass, in order, so action kinds are registered in one thread's order.
   */
  private replayNew(u: Unit, h: Handle): boolean {
    const children = u.children!;
    const news = u.news!;
    const tracker = this.tracker;
    const oracle = this.oracle;
    for (let k = 0; k < news.length; k++) {
      const t = news[k];
      this.validSize = children[t] + 1;
      oracle.atState(k);
      if (tracker.observe(children[t], this.dummy)) {
        this.count(u, h, t + 1);
        return this.halt(undefined);
      }
    }
    if (u.fullAt !== undefined) {
      this.count(u, h, u.fullAt + 1);
      return this.halt('max-states');
    }
    this.count(u, h, u.expanded!.codes.length);
    return false;
  }

  /** Counts the unit's first `n` transitions (in total and per kind). */
  private count(u: Unit, h: Handle, n: number): void {
    const codes = u.expanded!.codes;
    const map = h.map;
    const kinds = this.search.kinds;
    this.search.transitions += n;
    for (let t = 0; t < n; t++) {
      const local = codes[t] & KIND_MASK;
      const k = map[local] ?? this.kindOf(h, local);
      kinds.counts[k]++;
    }
  }

  /** Records the edge `id -> child` as BreadthFirstSearch.addEdge does. */
  private edge(id: number, child: number, kind: number, code: number): void {
    const edges = this.search.edges!;
    if (edges.codes !== null) edges.add(child, kind | (code & (FAIR_BIT | DRAIN_BIT)));
    else if (child !== id && (code & DRAIN_BIT) !== 0) edges.add(child);
  }

  /** Stops the search, forgetting the states inserted ahead of where it stopped; returns true. */
  halt(limit: SearchLimit | undefined): true {
    (this.search.table as StateTable).truncate(this.validSize); // parallel runs never spill: the in-memory table
    this.search.stop(limit);
    return true;
  }
}
