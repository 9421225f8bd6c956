/**
 * The breadth-first core of the exhaustive explorer. States are expanded level by level in id
 * order; successors are canonicalised, encoded into one reused word buffer, fingerprinted and
 * looked up in the {@link StateTable}. New states are shown to the {@link PropertyTracker} and
 * queued for the next level. The hot loop allocates nothing beyond what the model itself
 * returns (its action list and successor states), and runs in bounded chunks ({@link advance})
 * so that the async driver can yield to the event loop between them. Its types are in
 * search-types.ts, its edge recorder in kinds.ts, its snapshot and restore in checkpoint.ts.
 */
import type { Model } from './model.ts';
import { Fingerprinter, StateHasher, WordBuffer } from './fingerprint.ts';
import { FULL, NO_PARENT, StateTable, type VisitedTable } from './visited.ts';
import { CHUNK, Frontier } from './frontier.ts';
import { EdgeList } from './graph.ts';
import type { PropertyTracker } from './tracker.ts';
import { ActionKinds, edgeRecorder, type EdgeRecorder } from './kinds.ts';
import type { SymmetryProbe } from './symmetry-check.ts';
import { KEEP, type EncodingCheck } from './encoding-check.ts';
import { SuccessorBatch } from './successor-batch.ts';
import type { SearchGuard, SearchLimit } from './search-types.ts';
import { changedInput, checkDeterministic, checkEmptyEncoding, checksDeterminism, checksPurity } from './purity.ts';

/** Re-exported: the explorer, checkpoints and the parallel driver import them from here. */
export type { SearchGuard, SearchLimit, SearchSnapshot } from './search-types.ts';
export { CHUNK };

/** (Stop 29) Actions of one state past which the explorer says the state is wide (ExhaustiveOptions.onWideState). */
const WIDE = 100_000;

/** Breadth-first search state; {@link advance} until {@link finished}. */
export class BreadthFirstSearch<S, A> {
  /** The visited set: fingerprints, ids and parent links (replaced by {@link useStorage} for a spilling run). */
  readonly table: VisitedTable = new StateTable(1 << 10);
  /** (Issue 17) The current and next levels: encoded states with a `Model.codec`, else objects. */
  readonly frontier: Frontier<S>;
  /**
   * Forward edges, kept only when an `alwaysReachable` or `eventually` property needs them. With
   * edge codes (for `eventually`: kind index, fairness and drain bits) every edge is kept; without,
   * only the edges of completing (drain) actions ({@link Model.isDrain}; every action when the
   * model marks none), the only ones `alwaysReachable` reads (issue 10).
   */
  readonly edges: EdgeList | null;
  /** The action kinds met, by index (edge codes refer to them), with transitions per kind (coverage). */
  readonly kinds: ActionKinds<S, A>;
  /** (Issue 17) The successors of the state being expanded (successor-batch.ts). */
  private readonly batch: SuccessorBatch<S, A>;
  /** Receives each state's encoding (reused for every state). */
  readonly buffer = new WordBuffer();
  /** Hashes the encoding; the last fingerprint is in its `lo` / `hi`. */
  readonly fingerprinter = new Fingerprinter();
  /** Transitions taken (successors computed, including those to known states). */
  transitions = 0;
  /** Depth of the level being expanded (initial states are at depth 0). */
  depth = 0;
  /** Deepest level that holds a state. */
  maxDepthSeen = 0;
  /** True when the search is over (exhausted, limited, or every property decided). */
  finished = false;
  /** Set when a limit ended the search. */
  limit: SearchLimit | undefined;
  /** (Addition, issue 10) Set when the symmetry probe found the reduction unsound: what broke it (the search then stops). */
  asymmetry: string | undefined;
  /**
   * Asked every `guard.every` successors, even within one state's expansion: a limit it returns
   * (time, memory) ends the search at once. A state cut off mid-expansion is fine: the run is
   * then incomplete.
   */
  guard: SearchGuard | undefined;
  /**
   * (Issue 17) Asked at the end of each level with the next level's size: true pauses the search
   * there ({@link advance} returns) so a parallel driver can take over with {@link detachNext}.
   */
  pauseAtLevelEnd: ((nextCount: number) => boolean) | undefined;
  /** States of the current level expanded so far (not private: checkpoint.ts saves and restores it, and {@link levelStart}). */
  pos = 0;
  /** The id of the current level's first state. */
  levelStart = 0;

  private readonly model: Model<S, A>;
  private readonly tracker: PropertyTracker<S, A>;
  private readonly maxStates: number;
  private readonly maxDepth: number;
  private readonly probe: SymmetryProbe<S, A> | null;
  /** (Stop 29) Told once of a state with more than {@link WIDE} actions (ExhaustiveOptions.onWideState). */
  onWide: ((id: number, actions: number) => void) | undefined;
  /** (Stop 29) Checks of the model's `encode` on the first states (encoding-check.ts); set by the explorer. */
  encoding: EncodingCheck<S, A> | null = null;

  constructor(
    model: Model<S, A>,
    tracker: PropertyTracker<S, A>,
    maxStates: number,
    maxDepth: number,
    probe: SymmetryProbe<S, A> | null = null,
  ) {
    this.model = model;
    this.tracker = tracker;
    this.maxStates = maxStates;
    this.maxDepth = maxDepth;
    this.probe = probe;
    this.edges = tracker.needsGraph ? new EdgeList(tracker.needsKinds) : null;
    this.frontier = new Frontier(model);
    this.kinds = new ActionKinds(model);
    this.batch = new SuccessorBatch(model);
    this.addEdge = edgeRecorder(model);
  }

  /** Records an explored edge in {@link edges} (kinds.ts: {@link edgeRecorder}). */
  private readonly addEdge: EdgeRecorder<A>;

  /** States waiting in the current and next levels. */
  get queued(): number {
    return this.frontier.queued;
  }

  /** States in the level being expanded. */
  private get currentCount(): number {
    return this.frontier.currentCount;
  }

  /** (Issue 17) Replaces the visited set and the frontier (before {@link start}): a spilling run's disk-backed ones. */
  useStorage(table: VisitedTable, frontier: Frontier<S>): void {
    Object.assign(this, { table, frontier });
  }

  /** Inserts and checks the initial states (level 0). */
  start(): void {
    for (const s of this.model.init()) {
      const c = this.model.canonical ? this.model.canonical(s) : s;
      this.hash(c);
      if (this.buffer.length === 0) checkEmptyEncoding(this.model, c);
      const before = this.table.size;
      const id = this.table.add(this.fingerprinter.lo, this.fingerprinter.hi, NO_PARENT, this.maxStates);
      if (id === FULL) return this.stop('max-states');
      if (id === before) {
        this.encoding?.stored(id, c);
        this.frontier.push(c, this.buffer);
        if (this.tracker.observe(id, c)) return this.stop(undefined);
      }
    }
    this.swapLevels();
    if (this.maxDepth <= 0) this.probeLevel();
  }

  /** Stops with `limit` (undefined: every property is decided). */
  stop(limit: SearchLimit | undefined): void {
    this.limit = limit;
    this.finished = true;
  }

  /** Expands states until `deadline` (a performance.now() value) passes or the search ends. */
  advance(deadline: number): void {
    while (!this.finished) {
      if (this.pos === this.currentCount) {
        if (this.pauseAtLevelEnd?.(this.frontier.nextCount)) return;
        this.nextLevel();
        if (this.finished) return;
      }
      this.expand(deadline);
      if (this.pos < this.currentCount && performance.now() >= deadline) return;
    }
  }

  /** Throws when `s`, stored as state `id`, no longer encodes to its fingerprint (purity.ts). */
  /** (Stop 28) The hasher {@link checkDeterministic} recomputes successors with. */
  private again: StateHasher<S, A> | undefined;

  private unchanged(s: S, id: number): void {
    this.hash(s);
    if (this.fingerprinter.lo !== this.table.lo(id) || this.fingerprinter.hi !== this.table.hi(id)) throw changedInput(this.model, `while exploring state ${id}`);
  }

  /**
   * (29a) Whether the step from stored state `id` to its successor `t` (which the table found as
   * `child`) leaves the state unchanged: `t` encodes as the source itself, not only as a
   * permutation of it under the symmetry reduction (a step to a symmetric but different state
   * changes the state). Such a step does not count for weak fairness (kinds.ts: stutterCode).
   */
  private stutters(id: number, child: number, t: S): boolean {
    if (child !== id) return false;
    if (this.model.canonical === undefined) return true;
    this.hash(t);
    return this.fingerprinter.lo === this.table.lo(id) && this.fingerprinter.hi === this.table.hi(id);
  }

  private hash(c: S): void {
    const buf = this.buffer;
    buf.length = 0;
    this.model.encode(c, buf);
    this.fingerprinter.hash(buf.words, buf.length);
  }

  /** Makes the next level the current one. */
  private swapLevels(): void {
    this.levelStart += this.currentCount;
    this.frontier.swap();
    this.pos = 0;
  }

  private nextLevel(): void {
    if (this.frontier.nextCount === 0) return this.stop(undefined);
    this.swapLevels();
    this.depth++;
    this.maxDepthSeen = this.depth;
    if (this.depth >= this.maxDepth) this.probeLevel();
  }

  /**
   * The hot loop: expands states of the current level (checking the clock every 256 states).
   *
   * (Issue 17) A state's successors are taken in batches: first each one's `next`, canonical
   * form, encoding and fingerprint ({@link SuccessorBatch.compute}), then the table slots of the whole batch
   * are read ({@link StateTable.touch}, so their cache misses overlap), then each successor is
   * counted, shown to the step properties, added and, when new, queued and shown to the
   * properties, in action order as before. The result is the same as one successor at a time:
   * a batch is the whole action list only when the state limit cannot be reached within it (else
   * one successor), and a stop or an exception within a batch ends the state where it would have
   * (the model's functions are pure, so successors computed past a stop change nothing).
   */
  private expand(deadline: number): void {
    const model = this.model;
    const table = this.table;
    const touch = table instanceof StateTable ? table : null;
    const edges = this.edges;
    const tracker = this.tracker;
    const frontier = this.frontier;
    const count = this.currentCount;
    const limit = this.maxStates;
    const steps = tracker.watchesSteps;
    const kinds = this.kinds;
    const batch = this.batch;
    const bw = batch.words;
    const enc = this.encoding;
    let transitions = this.transitions;
    let pos = this.pos;
    while (pos < count) {
      const s = frontier.take();
      const id = this.levelStart + pos;
      pos++;
      if (this.probe !== null) {
        const broken = this.probe.sampled(id, s, this.depth);
        if (broken !== undefined) {
          this.asymmetry = broken;
          this.transitions = transitions;
          this.pos = pos;
          return this.stop(undefined);
        }
      }
      const actions = model.actions(s);
      const n = actions.length;
      if (n > WIDE && this.onWide !== undefined) {
        this.onWide(id, n);
        this.onWide = undefined;
      }
      batch.reserve(n);
      const next = batch.next;
      const canon = batch.canonical;
      const lo = batch.lo;
      const hi = batch.hi;
      const ends = batch.ends;
      for (let i = 0; i < n;) {
        const end = batch.compute(s, actions, i, table.size + n <= limit ? n : i + 1, this.guard);
        if (touch !== null) batch.touch(touch, i, end);
        for (let k = i; k < end; k++) {
          const t = next[k];
          if (t === undefined) continue;
          transitions++;
          const a = actions[k];
          const kind = kinds.count(a);
          if (steps && tracker.observeStep(id, s, a, k, t)) {
            this.transitions = transitions;
            this.pos = pos;
            return this.stop(undefined);
          }
          if (k === batch.failedAt) break; // its canonical form or encoding threw
          const c = canon[k];
          const before = table.size;
          const child = table.add(lo[k], hi[k], id, limit);
          if (child === before) {
            if (enc !== null && child < KEEP) enc.stored(child, c);
            frontier.pushWords(c, bw.words, k === 0 ? 0 : ends[k - 1], ends[k]);
            if (tracker.observe(child, c, s, a, t)) {
              this.transitions = transitions;
              this.pos = pos;
              return this.stop(undefined);
            }
          } else if (child === FULL) {
            this.transitions = transitions;
            this.pos = pos;
            return this.stop('max-states');
          } else if (enc !== null && child < KEEP) enc.same(child, c, id);
          if (edges !== null) this.addEdge(edges, id, child, a, kind, edges.codes !== null && this.stutters(id, child, t));
        }
        if (batch.cut) {
          this.transitions = transitions;
          this.pos = pos;
          return this.stop(batch.end());
        }
        i = end;
      }
      // (Stop 28) Expanding it must have left it as it was stored (purity.ts).
      if (checksPurity(id)) {
        this.unchanged(s, id);
        if (checksDeterminism(id)) checkDeterministic(this.again ??= new StateHasher(model), model, s, actions, next, lo, hi, id);
      }
      if (edges !== null) edges.close();
      if ((pos & 255) === 0 && performance.now() >= deadline) break;
    }
    this.transitions = transitions;
    this.pos = pos;
  }

  /**
   * At the depth limit: computes the successors of the current level without inserting them.
   * The run is cut (limit 'max-depth') only if some successor is a state not yet stored;
   * otherwise the whole space lay within the limit and the search is complete.
   */
  private probeLevel(): void {
    const model = this.model;
    let cut = false;
    for (let pos = 0; pos < this.currentCount && !cut; pos++) {
      const stop = (pos & 63) === 0 && this.guard !== undefined ? this.guard.check() : undefined;
      if (stop !== undefined) return this.stop(stop);
      const s = this.frontier.take();
      const id = this.levelStart + pos;
      const actions = model.actions(s);
      for (let i = 0; i < actions.length; i++) {
        const t = model.next(s, actions[i]);
        if (t === undefined) continue;
        if (this.tracker.watchesSteps && this.tracker.observeStep(id, s, actions[i], i, t)) return this.stop(undefined);
        this.hash(model.canonical ? model.canonical(t) : t);
        const child = this.table.find(this.fingerprinter.lo, this.fingerprinter.hi);
        if (child === -1) {
          cut = true;
          break;
        }
        if (this.edges !== null) this.addEdge(this.edges, id, child, actions[i], this.kinds.index(actions[i]), this.edges.codes !== null && this.stutters(id, child, t));
      }
      if (this.edges !== null) this.edges.close();
    }
    this.pos = this.currentCount;
    this.stop(cut ? 'max-depth' : undefined);
  }

  /**
   * (Issue 17) At the end of a level (after {@link pauseAtLevelEnd} paused the search): the next
   * level's states, in id order from `first`, handed over to a parallel driver (the search keeps
   * its table, kinds, edges and counters, which the driver goes on updating).
   */
  detachNext(): { first: number; states: S[] } {
    const first = this.levelStart + this.currentCount;
    return { first, states: this.frontier.detachNext() };
  }

}
