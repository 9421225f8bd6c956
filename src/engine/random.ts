/**
 * Seeded random search (`replcheck simulate`): many random walks generated, run and shrunk by
 * fast-check, like a property-based test whose input is the list of choices a walk makes.
 *
 * A run is `fc.noBias(fc.array(fc.nat(), { maxLength, size: 'max' }))` (walk lengths uniform in
 * 0..steps); walk.ts turns the choices into actions. The first walk that violates a property
 * fails the fast-check property; fast-check then shrinks its choice list (shorter, smaller
 * choices = earlier actions) while the walker checks only that property, so the counterexample
 * is short and concerns the property first found. The failing run replays exactly from the
 * printed seed and fast-check path. `sometimes` conditions are witnessed by any visited state of
 * any walk; one never reached is reported `violated` with facts saying so (random search cannot
 * prove it unreachable). The clock is read only for the time limit, progress and statistics.
 */
import fc from 'fast-check';
import { Coverage } from './coverage.ts';
import { UsageError } from './errors.ts';
import type { Model } from './model.ts';
import type { Property } from './property.ts';
import type { RunResult } from './result.ts';
import { resolveRandomOptions, type ResolvedRandomOptions } from './random-options.ts';
import { Walker } from './walk.ts';
import { WalkAborted } from './walk-types.ts';
import { WitnessCounter } from './witnesses.ts';
import { checkCheckpointable, restoreRandomCheckpoint, takeRandomCheckpoint } from './random-checkpoint.ts';
import { ModelError, type SimulateOptions } from './random-types.ts';
import { crashText } from './contract-error.ts';
import { conclude } from './random-conclude.ts';
import { RunClaims } from './run-claims.ts';
import { checkReplayPath, walkArbitrary } from './replay-path.ts';
import { copyCounts, MAX_POINT_BYTES, MAX_POINTS, type SearchTally, type TallyPoint } from './random-tally.ts';

/** Re-exported: src/index.ts, the CLI, the bench and the tests import them from here. */
export { ModelError, type SimulateOptions, type SimulateStats } from './random-types.ts';

const SEARCH = { kind: 'search' } as const;
const PLAIN = { kind: 'plain' } as const;

/** Where the fast-check run is: searching, shrinking a violation, or shrinking a model crash. */
type Phase = 'search' | 'shrink' | 'crash';

/**
 * Runs seeded random walks of `model` and checks `properties` on them.
 * Same model, properties and options: same result (apart from `seconds` and `stepsPerSecond`).
 */
export async function simulate<S, A>(model: Model<S, A>, properties: Property<S, A>[], options: SimulateOptions<S> = {}): Promise<RunResult<S, A>> {
  const o = resolveRandomOptions(options);
  const tally = await search(model, properties, options, o);
  return conclude(model, properties, tally, o, { metrics: options.metrics, requireWitnesses: options.requireWitnesses === true });
}

/**
 * The search part of {@link simulate}: the walks, generated and shrunk by fast-check, gathered
 * into a {@link SearchTally} (which {@link conclude} turns into verdicts). A model that throws
 * is a {@link ModelError}.
 */
export async function search<S, A>(model: Model<S, A>, properties: Property<S, A>[], options: SimulateOptions<S>, o: ResolvedRandomOptions = resolveRandomOptions(options)): Promise<SearchTally> {
  const inits = model.init();
  if (inits.length === 0) throw new Error(`model ${model.name} has no initial state`);
  const walker = new Walker(model, inits, properties, o.checkEvery, o.drainSteps);
  const useCoverage = options.coverage === 'auto' || options.coverage === undefined ? Coverage.byDefault(model, inits[0]) : options.coverage;
  const coverage = useCoverage ? new Coverage(model) : undefined;
  const actionCounts = new Map<string, number>();
  const sometimes: SearchTally['sometimes'] = {};
  let current: number[] = [];
  let currentRun = 0;
  const metrics = options.metrics;
  const witnessCounter = new WitnessCounter<S, A>(properties);
  const obs = {
    metrics,
    witnesses: witnessCounter,
    state: coverage ? (s: S) => coverage.add(s) : undefined,
    actionCounts,
    witness: (p: Property<S, A>, n: number) => { sometimes[p.name] = { run: currentRun, choices: current.slice(), transitions: n }; },
  };
  const shard = options.shard;
  const claims = shard ? new RunClaims(shard) : undefined;
  const points: TallyPoint[] | undefined = shard ? [] : undefined;
  let pointsCappedAt: number | undefined;
  let pointsBytes = 0;
  const byName = (m: (p: Property<S, A>) => number): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const p of properties) if (m(p) > 0) out[p.name] = m(p);
    return out;
  };

  let phase = 'search' as Phase;
  let target: Property<S, A> | undefined;
  let crash: unknown;
  let runs = 0;
  let generated = 0;
  let steps = 0;
  let limit: string | undefined;
  let shrinkCut = false;
  let checkpointedStop = false;
  const cp = options.checkpoint;
  const saved = { properties, walker, coverage, actionCounts, sometimes, witnessCounter, metrics };
  if (cp) {
    if (o.path !== undefined) throw new UsageError('--checkpoint and --resume continue a search; they do not go with --path (a replay)');
    checkCheckpointable(metrics);
    if (options.shard) throw new UsageError('--checkpoint and --resume do not go with --shard (a shard is one slice of a run: rerun the slice)');
    if (cp.resume) ({ runs, steps } = restoreRandomCheckpoint(cp.resume, saved, cp.selection));
    generated = runs;
  }
  /** Saves a checkpoint between two search walks (never while shrinking). */
  const save = () => {
    if (cp && phase === 'search' && runs < o.runs) cp.save(takeRandomCheckpoint(saved, runs, steps, cp.selection));
  };
  const start = performance.now();
  let nextCheckpoint = cp ? start + cp.everySeconds * 1000 : Infinity;
  const deadline = o.timeLimit === undefined ? Infinity : start + o.timeLimit * 1000;
  let lastYield = start;
  let lastProgress = start;

  const predicate = async (choices: number[]): Promise<boolean> => {
    let now = performance.now();
    if (now - lastYield >= 20) {
      await new Promise<void>((r) => setImmediate(r));
      now = lastYield = performance.now();
    }
    if (limit === undefined) {
      if (options.shouldStop?.()) limit = 'interrupted';
      else if (now > deadline) limit = 'time-limit';
    }
    if (limit !== undefined) {
      if (phase !== 'search') shrinkCut = true;
      else if (!checkpointedStop) {
        checkpointedStop = true;
        save(); // stopped between two walks: resumable
      }
      throw new fc.PreconditionFailure(true);
    }
    if (phase === 'shrink') return walker.walk(choices, { kind: 'target', property: target! }) === null;
    if (phase === 'crash') {
      try {
        walker.walk(choices, PLAIN);
        return true;
      } catch {
        return false;
      }
    }
    const r = generated++;
    if (claims && !claims.mine(r)) return true;
    if (options.race !== undefined && r > options.race.cut()) {
      limit = 'interrupted';
      throw new fc.PreconditionFailure(true);
    }
    if (now >= nextCheckpoint) {
      save();
      nextCheckpoint = performance.now() + cp!.everySeconds * 1000;
    }
    // (Stop 28) --path replays the one walk it names: after it passes, fast-check would go on
    // through that walk's siblings in its shrink tree (thousands of walks), not the run asked for.
    if (o.path !== undefined && runs >= 1) return true;
    runs++;
    current = choices;
    currentRun = r;
    let f;
    // A time limit also ends a walk midway (a huge configuration can spend minutes in one walk);
    // (stop 29) so does an interrupt (on a CLI worker thread, shouldStop reads a shared cell).
    const stop = options.shouldStop;
    walker.abort = deadline === Infinity && stop === undefined ? undefined : () => performance.now() > deadline || stop?.() === true;
    try {
      f = walker.walk(choices, SEARCH, obs);
    } catch (e) {
      if (e instanceof WalkAborted) {
        limit = options.shouldStop?.() === true ? 'interrupted' : 'time-limit';
        checkpointedStop = true; // the aborted walk fed the observers in part: the last checkpoint stands
        throw new fc.PreconditionFailure(true);
      }
      phase = 'crash';
      crash = e;
      return false;
    } finally {
      walker.abort = undefined;
    }
    steps += walker.transitions;
    claims?.finished();
    if (points && f === null && pointsCappedAt === undefined) {
      const point: TallyPoint = {
        run: r, runs, steps, actionCounts: copyCounts(actionCounts), witnesses: witnessCounter.snapshot(),
        undecided: byName((p) => walker.undecided.get(p) ?? 0), undecidedEventually: byName((p) => walker.undecidedEventually(p)),
        coverage: coverage ? coverage.size : 0, ...(metrics?.tallies ? { metrics: metrics.tallies() } : {}),
        seconds: (performance.now() - start) / 1000,
      };
      pointsBytes += JSON.stringify(point).length;
      if (points.length < MAX_POINTS && pointsBytes <= MAX_POINT_BYTES) points.push(point);
      else pointsCappedAt = r;
    }
    if (options.onProgress && now - lastProgress >= 1000) {
      lastProgress = now;
      options.onProgress({ runs, steps, violations: 0, seconds: (now - start) / 1000 });
    }
    if (f === null) return true;
    phase = 'shrink';
    target = f.property;
    failedRun = r;
    options.race?.found(r);
    return false;
  };
  let failedRun = 0;

  const arb = walkArbitrary(walker.choicesFor(o.steps));
  // A path that names no walk would replay nothing and report verdicts on zero runs.
  if (o.path !== undefined) checkReplayPath(o.path, o.seed, walker.choicesFor(o.steps));
  // Resumed: fast-check starts at run `runs` (a path of one index skips the runs before it unwalked).
  const from = cp?.resume ? runs : 0;
  let details;
  try {
    details = await fc.check(fc.asyncProperty(arb, predicate), {
      seed: o.seed, path: o.path ?? (from > 0 ? String(from) : ''), numRuns: o.runs - from, endOnFailure: false, markInterruptAsFailure: false,
      verbose: 0, examples: [], unbiased: false,
    });
  } catch (e) {
    if (o.path !== undefined && e instanceof Error && /Unable to replay/.test(e.message)) {
      throw new UsageError(`--path ${o.path} does not replay with seed ${o.seed} and these options (was it printed by this model with the same --steps?)`);
    }
    throw e;
  }
  const seconds = (performance.now() - start) / 1000;
  const failed = details.failed && details.counterexample !== null;
  const fcPath = failed ? (details.counterexamplePath ?? undefined) : undefined;
  if (failed && phase === 'crash') {
    throw new ModelError(crashText(model.name, crash), o.seed, fcPath, { cause: crash });
  }
  const tally: SearchTally = {
    runs, steps, seconds, actionCounts: copyCounts(actionCounts), witnesses: witnessCounter.snapshot(),
    undecided: byName((p) => walker.undecided.get(p) ?? 0), undecidedEventually: byName((p) => walker.undecidedEventually(p)),
    sometimes, coverage: useCoverage, distinctStates: coverage ? coverage.size : 0,
  };
  if (coverage?.capped) tally.coverageCapped = true;
  if (coverage && shard) tally.fingerprints = coverage.fingerprints();
  if (metrics?.tallies) tally.metrics = metrics.tallies();
  if (failed) {
    tally.failure = {
      run: failedRun, property: target!.name, choices: details.counterexample![0], path: fcPath ?? '', shrinks: details.numShrinks,
      ...(shrinkCut ? { shrinkCut: true } : {}),
    };
  } else if (limit !== undefined) {
    tally.limit = limit;
    const unfinished = claims?.unfinished();
    if (unfinished !== undefined) tally.unfinished = unfinished;
  }
  if (points) {
    tally.points = points;
    if (pointsCappedAt !== undefined) tally.pointsCappedAt = pointsCappedAt;
  }
  return tally;
}
