/**
 * The exhaustive explorer: breadth-first search of every reachable state (modulo the model's
 * symmetry reduction), checking `always`, `sometimes`, `transition` and `alwaysReachable` properties, with
 * shortest counterexamples rebuilt by re-execution. See {@link exhaustive}. The verdicts and
 * statistics of a finished search are built in exhaustive-verdicts.ts.
 */
import type { Model } from './model.ts';
import type { Property } from './property.ts';
import type { ExhaustiveOptions } from './options.ts';
import type { RunResult } from './result.ts';
import { ModelContractError, UsageError } from './errors.ts';
import { PropertyTracker } from './tracker.ts';
import { BreadthFirstSearch, type SearchLimit } from './search.ts';
import { SymmetryProbe } from './symmetry-check.ts';
import { RunGuard } from './guard.ts';
import { restoreCheckpoint, takeCheckpoint, type Checkpoint } from './checkpoint.ts';
import { EncodingCheck } from './encoding-check.ts';
import { closeSpill, planSpill, type SpillPlan } from './spill-plan.ts';
import { concludeSearch } from './exhaustive-verdicts.ts';
import { SpillError } from './spill.ts';
import { ParallelDriver, ParallelFallback, PARALLEL_AFTER, PARALLEL_FROM } from './parallel-search.ts';
import { Oracle, oracleProperties } from './parallel-oracle.ts';

/** Milliseconds of work between yields to the event loop (so SIGINT handlers can run). */
const SLICE_MS = 50;
/** Milliseconds between progress reports. */
const PROGRESS_MS = 1000;

function checkOptions(o: ExhaustiveOptions): void {
  if (o.maxStates !== undefined && !(Number.isInteger(o.maxStates) && o.maxStates >= 1)) {
    throw new UsageError(`maxStates must be a positive integer (got ${o.maxStates})`);
  }
  if (o.maxDepth !== undefined && !(Number.isInteger(o.maxDepth) && o.maxDepth >= 0)) {
    throw new UsageError(`maxDepth must be a non-negative integer (got ${o.maxDepth})`);
  }
  if (o.timeLimit !== undefined && !(o.timeLimit > 0)) {
    throw new UsageError(`timeLimit must be a positive number of seconds (got ${o.timeLimit})`);
  }
}

/**
 * Explores every reachable state of `model` breadth-first and decides `properties` on them.
 *
 * - The visited set holds 64-bit fingerprints of `model.encode(model.canonical?.(s) ?? s)` in
 *   typed arrays (at most 16 bytes per state past a million, see `stats.bytesPerState`);
 *   distinct states that share a fingerprint would be merged, with the probability estimated in
 *   `stats.collisionProbability`.
 * - `always`: the first violating state found is a shallowest one; its path is a shortest
 *   counterexample. `transition`: evaluated on every explored step (including steps into states
 *   already visited) with the stored state and its concrete successor; the counterexample is a
 *   shortest path to the step's source plus the step. `sometimes`: the first witness found (a shortest one); none in an exhausted
 *   space is a violation. `alwaysReachable`: decided after the search by reverse reachability
 *   from the goal states; the counterexample leads to a shallowest state that cannot reach one.
 * - `eventually` (leads-to under weak fairness): decided after the search by fair-cycle detection
 *   on the graph, whose edges then carry their action kind and fairness (fair-cycles.ts); the
 *   counterexample is a lasso (`loop` marks where its loop starts) or a path to a terminal state.
 * - Stops early once every property is decided (never with an `alwaysReachable` or `eventually`
 *   property) and every antecedent has a witness.
 * - Limits (`maxStates`, `maxDepth`, `timeLimit`, `shouldStop`) make the outcome `incomplete`
 *   (never a pass) unless a violation was already found; `stats.limit` says which limit.
 * - Yields to the event loop about every 50 ms and calls `onProgress` about once a second.
 * - With a symmetry reduction (`canonical` and `permute`), sampled states are probed for
 *   soundness (symmetry-check.ts); when the probe finds the reduction unsound, the run restarts
 *   without it and `warnings` says which step broke it.
 * - (Issue 17) With `parallel` (2 or more workers; not with checkpoints), levels of at least
 *   `parallel.from` states are expanded on worker threads (parallel-search.ts) with the same
 *   result as one thread; `workers` says how many ran, or why the run fell back to one.
 */
export async function exhaustive<S, A>(
  model: Model<S, A>,
  properties: Property<S, A>[],
  options: ExhaustiveOptions = {},
): Promise<RunResult<S, A>> {
  const par = options.parallel;
  if (par === undefined || par.workers <= 1 || options.checkpoint !== undefined || options.spill !== undefined) return exhaustiveOn(model, properties, { ...options, parallel: undefined });
  try {
    const r = await exhaustiveOn(model, properties, options);
    return r.workers === undefined ? { ...r, workers: String(par.workers) } : r;
  } catch (e) {
    if (!(e instanceof ParallelFallback)) throw e;
    const r = await exhaustiveOn(model, properties, { ...options, parallel: undefined });
    return { ...r, workers: `1 (restarted: ${e.reason})` };
  }
}

/** {@link exhaustive} (with the symmetry restart), on the workers `options.parallel` gives, if any. */
async function exhaustiveOn<S, A>(
  model: Model<S, A>,
  properties: Property<S, A>[],
  options: ExhaustiveOptions,
): Promise<RunResult<S, A>> {
  checkOptions(options);
  const t0 = performance.now();
  const probe = SymmetryProbe.applies(model) ? new SymmetryProbe(model, properties) : null;
  let first: RunResult<S, A> | string;
  try {
    first = await explore(model, properties, options, t0, probe);
  } catch (e) {
    // A counterexample found under the reduction that does not replay: the reduction is unsound.
    if (!(e instanceof ModelContractError) || model.canonical === undefined) throw e;
    first = `a counterexample found under it did not replay (${e.message})`;
  }
  if (typeof first !== 'string') return first;
  // The reduction is unsound for this model: start again on the full space (same time budget).
  const warning = `symmetry reduction turned off: ${first}`;
  const plain = Object.create(model, { canonical: { value: undefined }, permute: { value: undefined }, asymmetry: { value: undefined } }) as Model<S, A>;
  // The workers build the same model without the reduction too.
  const parallel = options.parallel !== undefined ? { ...options.parallel, plain: true } : undefined;
  const result = await explore(plain, properties, { ...options, parallel }, t0, null);
  if (typeof result === 'string') throw new Error('unreachable: no symmetry probe without symmetry');
  return { ...result, warnings: [warning], reductionOff: first.split(': ')[0]!.split(' (')[0]! };
}

/**
 * (Stop 29) How far a run with `--checkpoint` may overrun its time limit within one state's
 * expansion, and how long an interrupt waits there for the end of the state (see {@link RunGuard.within}).
 */
const GRACE_MS = 2000;

/** One search; returns the asymmetry found instead of a result when the probe stopped it. */
async function explore<S, A>(
  model: Model<S, A>,
  properties: Property<S, A>[],
  options: ExhaustiveOptions,
  t0: number,
  probe: SymmetryProbe<S, A> | null,
): Promise<RunResult<S, A> | string> {
  const par = options.parallel;
  const oracle = par !== undefined ? new Oracle() : undefined;
  const tracker = new PropertyTracker<S, A>(oracle !== undefined ? oracleProperties(properties, oracle) : properties, options.stopAtFirst ?? false);
  const search = new BreadthFirstSearch(
    model,
    tracker,
    options.maxStates ?? 0xffffffff,
    options.maxDepth ?? Number.POSITIVE_INFINITY,
    probe,
  );
  const stopAt = options.timeLimit === undefined ? Number.POSITIVE_INFINITY : (options.startedAt ?? t0) + options.timeLimit * 1000;
  const guard = new RunGuard({ stopAt, memoryBytes: options.memoryBytes });
  search.encoding = new EncodingCheck(model, properties);
  search.onWide = options.onWideState;
  // (Stop 29) With a checkpoint, the clock stops the search between two states, where the state
  // it stopped in can be saved and resumed; within one state's expansion only once it is overrun.
  // An interrupt is honoured within a long expansion too (RunGuard.within).
  search.guard = guard.within(GRACE_MS, options.checkpoint !== undefined && options.timeLimit !== undefined, options.shouldStop);
  // (Issue 17) A spilling run keeps its visited set and frontier within the budget on disk.
  const spill = options.spill !== undefined && !tracker.needsGraph && options.checkpoint === undefined
    ? planSpill(model, options.spill, options.memoryBytes) : null;
  if (spill !== null) search.useStorage(spill.table, spill.frontier);
  try {
    return await run(model, properties, options, t0, probe, tracker, search, guard, stopAt, spill, oracle);
  } finally {
    closeSpill(spill);
  }
}

/** The search loop and the verdicts of {@link explore}. */
async function run<S, A>(
  model: Model<S, A>, properties: Property<S, A>[], options: ExhaustiveOptions, t0: number, probe: SymmetryProbe<S, A> | null,
  tracker: PropertyTracker<S, A>, search: BreadthFirstSearch<S, A>, guard: RunGuard, stopAt: number, spill: SpillPlan<S> | null,
  oracle: Oracle | undefined,
): Promise<RunResult<S, A> | string> {
  const par = options.parallel;
  let nextProgress = t0 + PROGRESS_MS;
  const cp = options.checkpoint;
  let nextCheckpoint = cp ? t0 + cp.everySeconds * 1000 : Number.POSITIVE_INFINITY;
  if (cp?.resume) restoreCheckpoint(cp.resume as Checkpoint<S>, model, search, tracker, cp.selection);
  else search.start();
  let paused = false;
  let driver: ParallelDriver<S, A> | undefined;
  const startWorkers = par !== undefined ? t0 + (par.after ?? PARALLEL_AFTER) * 1000 : Number.POSITIVE_INFINITY;
  if (par !== undefined) {
    search.pauseAtLevelEnd = (n) => (paused = n >= (par.from ?? PARALLEL_FROM) && driver !== undefined && (par.wait === true || driver.isReady));
  }
  /** Between two slices (or two worker messages): a limit that ends the run, and progress. */
  const tick = (now: number): SearchLimit | undefined => {
    const bound = guard.check();
    if (bound !== undefined) {
      // (Stop 29) A time limit stops between two states too: save, so `--resume` goes on from here (not from the last periodic save).
      if (cp && bound === 'time-limit' && driver === undefined) cp.save(takeCheckpoint(search, tracker, cp.selection));
      return bound;
    }
    if (options.shouldStop?.()) {
      if (cp) cp.save(takeCheckpoint(search, tracker, cp.selection)); // between two states: resumable
      return 'interrupted';
    }
    if (options.onProgress && now >= nextProgress) {
      nextProgress = now + PROGRESS_MS;
      options.onProgress({
        distinctStates: search.table.size,
        transitions: search.transitions,
        queue: driver !== undefined ? driver.queued : search.queued,
        depth: search.depth,
        seconds: (now - t0) / 1000,
      });
    }
    return undefined;
  };
  try {
    while (!search.finished) {
      const now = performance.now();
      if (driver === undefined && now >= startWorkers) {
        driver = ParallelDriver.start({ options: par!, search, tracker, oracle: oracle!, properties, maxStates: options.maxStates ?? 0xffffffff, maxDepth: options.maxDepth ?? Number.POSITIVE_INFINITY });
      }
      const stop = tick(now);
      if (stop !== undefined) {
        search.stop(stop);
        break;
      }
      if (cp && now >= nextCheckpoint) {
        cp.save(takeCheckpoint(search, tracker, cp.selection));
        nextCheckpoint = performance.now() + cp.everySeconds * 1000;
      }
      try {
        search.advance(Math.min(now + SLICE_MS, stopAt));
      } catch (e) {
        if (!(e instanceof SpillError)) throw e;
        guard.detail = e.message;
        search.stop('memory');
        break;
      }
      if (paused && driver !== undefined) {
        search.pauseAtLevelEnd = undefined;
        const level = search.detachNext();
        await driver.ready();
        await driver.run(level.first, level.states, () => tick(performance.now()));
        break;
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    driver?.close(); // also when the search ended (or failed) before the workers took over
  }
  if (search.asymmetry !== undefined) return search.asymmetry;
  const late = probe !== null ? model.asymmetry?.() : undefined; // reported by the last expansions
  if (late !== undefined) return late;
  return concludeSearch(model, properties, options, t0, tracker, search, guard, spill);
}
