/**
 * The breadth-first core of the exhaustive explorer. States are expanded level by level in id
 * order; successors are canonicalised, encoded into one reused word buffer, fingerprinted and
 * looked up in the {@link StateTable}. New states are shown to the {@link PropertyTracker} and
 * queued for the next level. The hot loop allocates nothing beyond what the model itself
 * returns (its action list and successor states), and runs in bounded chunks ({@link advance})
 * so that the async driver can yield to the event loop between them. Its types are in
 * search-types.ts, its fields and shared helpers in search-core.ts, its edge recorder in kinds.ts,
 * its snapshot and restore in checkpoint.ts.
 */
import { FULL, NO_PARENT, StateTable } from './visited.ts';
import { CHUNK } from './frontier.ts';
import { StateHasher } from './fingerprint.ts';
import { KEEP } from './encoding-check.ts';
import { checkDeterministic, checkEmptyEncoding, checksDeterminism, checksPurity } from './purity.ts';
import { SearchCore } from './search-core.ts';

/** Re-exported: the explorer, checkpoints and the parallel driver import them from here. */
export type { SearchGuard, SearchLimit, SearchSnapshot } from './search-types.ts';
export { CHUNK };

/** (Stop 29) Actions of one state past which the explorer says the state is wide (ExhaustiveOptions.onWideState). */
const WIDE = 100_000;

/** Breadth-first search ({@link SearchCore}'s fields); {@link advance} until `finished`. */
export class BreadthFirstSearch<S, A> extends SearchCore<S, A> {
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
}
