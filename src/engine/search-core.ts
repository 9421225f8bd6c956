/**
 * What a breadth-first search holds between its steps, and the small operations its loops share
 * (search.ts holds the loops): the visited table, the two frontier levels, the kept edges, the
 * counters and limits, and the fingerprint of a state, the stutter test of a step and the purity
 * check of an expanded state. Checkpoints (checkpoint.ts) and the parallel driver read and restore
 * these fields; they are public for that reason.
 */
import type { Model } from './model.ts';
import { Fingerprinter, StateHasher, WordBuffer } from './fingerprint.ts';
import { StateTable, type VisitedTable } from './visited.ts';
import { Frontier } from './frontier.ts';
import { EdgeList } from './graph.ts';
import type { PropertyTracker } from './tracker.ts';
import { ActionKinds, edgeRecorder, type EdgeRecorder } from './kinds.ts';
import type { SymmetryProbe } from './symmetry-check.ts';
import type { EncodingCheck } from './encoding-check.ts';
import { SuccessorBatch } from './successor-batch.ts';
import type { SearchGuard, SearchLimit } from './search-types.ts';
import { changedInput } from './purity.ts';

/** The fields of a breadth-first search and the helpers its loops share (see the file header). */
export class SearchCore<S, A> {
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
  protected readonly batch: SuccessorBatch<S, A>;
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
   * there (`advance` returns) so a parallel driver can take over with {@link detachNext}.
   */
  pauseAtLevelEnd: ((nextCount: number) => boolean) | undefined;
  /** States of the current level expanded so far (not private: checkpoint.ts saves and restores it, and {@link levelStart}). */
  pos = 0;
  /** The id of the current level's first state. */
  levelStart = 0;
  /** (Stop 29) Told once of a state with more than `WIDE` actions (ExhaustiveOptions.onWideState). */
  onWide: ((id: number, actions: number) => void) | undefined;
  /** (Stop 29) Checks of the model's `encode` on the first states (encoding-check.ts); set by the explorer. */
  encoding: EncodingCheck<S, A> | null = null;

  protected readonly model: Model<S, A>;
  protected readonly tracker: PropertyTracker<S, A>;
  protected readonly maxStates: number;
  protected readonly maxDepth: number;
  protected readonly probe: SymmetryProbe<S, A> | null;
  /** Records an explored edge in {@link edges} (kinds.ts: {@link edgeRecorder}). */
  protected readonly addEdge: EdgeRecorder<A>;
  /** (Stop 28) The hasher `checkDeterministic` recomputes successors with. */
  protected again: StateHasher<S, A> | undefined;

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

  /** States waiting in the current and next levels. */
  get queued(): number {
    return this.frontier.queued;
  }

  /** States in the level being expanded. */
  protected get currentCount(): number {
    return this.frontier.currentCount;
  }

  /** (Issue 17) Replaces the visited set and the frontier (before `start`): a spilling run's disk-backed ones. */
  useStorage(table: VisitedTable, frontier: Frontier<S>): void {
    Object.assign(this, { table, frontier });
  }

  /** Stops with `limit` (undefined: every property is decided). */
  stop(limit: SearchLimit | undefined): void {
    this.limit = limit;
    this.finished = true;
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

  /** Throws when `s`, stored as state `id`, no longer encodes to its fingerprint (purity.ts). */
  protected unchanged(s: S, id: number): void {
    this.hash(s);
    if (this.fingerprinter.lo !== this.table.lo(id) || this.fingerprinter.hi !== this.table.hi(id)) throw changedInput(this.model, `while exploring state ${id}`);
  }

  /**
   * (29a) Whether the step from stored state `id` to its successor `t` (which the table found as
   * `child`) leaves the state unchanged: `t` encodes as the source itself, not only as a
   * permutation of it under the symmetry reduction (a step to a symmetric but different state
   * changes the state). Such a step does not count for weak fairness (kinds.ts: stutterCode).
   */
  protected stutters(id: number, child: number, t: S): boolean {
    if (child !== id) return false;
    if (this.model.canonical === undefined) return true;
    this.hash(t);
    return this.fingerprinter.lo === this.table.lo(id) && this.fingerprinter.hi === this.table.hi(id);
  }

  /** Encodes `c` into {@link buffer} and fingerprints it into {@link fingerprinter}. */
  protected hash(c: S): void {
    const buf = this.buffer;
    buf.length = 0;
    this.model.encode(c, buf);
    this.fingerprinter.hash(buf.words, buf.length);
  }

  /** Makes the next level the current one. */
  protected swapLevels(): void {
    this.levelStart += this.currentCount;
    this.frontier.swap();
    this.pos = 0;
  }
}
