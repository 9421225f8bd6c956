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
import type { WalkMetrics } from './metrics.ts';
import type { Model } from './model.ts';
import type { RandomOptions } from './options.ts';
import type { Property } from './property.ts';
import type { PathStep, PropertyResult, RandomStats, RunResult } from './result.ts';
import { outcomeOf } from './result.ts';
import { resolveRandomOptions } from './random-options.ts';
import { WalkAborted, Walker } from './walk.ts';
import { WitnessCounter } from './witnesses.ts';
import { applyWitnesses } from './vacuity.ts';
import { neverTaken } from './kinds.ts';
import { checkCheckpointable, restoreRandomCheckpoint, takeRandomCheckpoint, type RandomCheckpointHooks } from './random-checkpoint.ts';

/** {@link RandomOptions} plus the coverage switch. */
export interface SimulateOptions<S = any> extends RandomOptions {
  /** The target's statistics observer for search walks (see src/engine/metrics.ts). */
  metrics?: WalkMetrics<S>;
  /**
   * Fingerprint every visited state to count distinct states (`stats.distinctStates`). `'auto'`
   * (default) turns it on when the first initial state encodes to at most 4096 words, so huge
   * models are not slowed down by hashing whole states at every step.
   */
  coverage?: boolean | 'auto';
  /** (Issue 16) Take checkpoints between walks and/or resume from one (random-checkpoint.ts). */
  checkpoint?: RandomCheckpointHooks;
}

/** {@link RandomStats} plus the settings a run used and why it stopped early. */
export interface SimulateStats extends RandomStats {
  /** `--steps`: the longest walk before its drain phase. */
  maxSteps: number;
  /** The drain phase's step limit. */
  drainSteps: number;
  checkEvery: number;
  /** Whether `distinctStates` was counted (see {@link SimulateOptions.coverage}). */
  coverage: boolean;
  /** True when the coverage set hit its cap (`distinctStates` is then a lower bound). */
  coverageCapped?: boolean;
  /** Set when a limit ended the search: 'time-limit' | 'interrupted'. */
  limit?: string;
  /** True when shrinking was cut short by the time limit or an interruption (the counterexample is real, maybe not minimal). */
  shrinkCut?: boolean;
}

/** The model threw while walking: a bug in the model, reported with the seed and path that reproduce it. */
export class ModelError extends Error {
  readonly seed: number;
  readonly path: string | undefined;

  constructor(message: string, seed: number, path: string | undefined, options?: { cause?: unknown }) {
    super(message, options);
    this.seed = seed;
    this.path = path;
    this.name = 'ModelError';
  }
}

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
  const inits = model.init();
  if (inits.length === 0) throw new Error(`model ${model.name} has no initial state`);
  const walker = new Walker(model, inits, properties, o.checkEvery, o.drainSteps);
  const useCoverage = options.coverage === 'auto' || options.coverage === undefined ? Coverage.smallEnough(model, inits[0]) : options.coverage;
  const coverage = useCoverage ? new Coverage(model) : undefined;
  const actionCounts = new Map<string, number>();
  const witnesses = new Map<Property<S, A>, { choices: number[]; transitions: number }>();
  let current: number[] = [];
  const metrics = options.metrics;
  const witnessCounter = new WitnessCounter<S, A>(properties);
  const obs = {
    metrics,
    witnesses: witnessCounter,
    state: coverage ? (s: S) => coverage.add(s) : undefined,
    actionCounts,
    witness: (p: Property<S, A>, n: number) => witnesses.set(p, { choices: current.slice(), transitions: n }),
  };

  let phase = 'search' as Phase;
  let target: Property<S, A> | undefined;
  let crash: unknown;
  let runs = 0;
  let steps = 0;
  let limit: string | undefined;
  let shrinkCut = false;
  let checkpointedStop = false;
  const cp = options.checkpoint;
  const saved = { properties, walker, coverage, actionCounts, witnesses, witnessCounter, metrics };
  if (cp) {
    if (o.path !== undefined) throw new UsageError('--checkpoint and --resume continue a search; they do not go with --path (a replay)');
    checkCheckpointable(metrics);
    if (cp.resume) ({ runs, steps } = restoreRandomCheckpoint(cp.resume, saved, cp.selection));
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
    if (now >= nextCheckpoint) {
      save();
      nextCheckpoint = performance.now() + cp!.everySeconds * 1000;
    }
    runs++;
    current = choices;
    let f;
    // A time limit also ends a walk midway (a huge configuration can spend minutes in one walk).
    walker.abort = deadline === Infinity ? undefined : () => performance.now() > deadline;
    try {
      f = walker.walk(choices, SEARCH, obs);
    } catch (e) {
      if (e instanceof WalkAborted) {
        limit = 'time-limit';
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
    if (options.onProgress && now - lastProgress >= 1000) {
      lastProgress = now;
      options.onProgress({ runs, steps, violations: 0, seconds: (now - start) / 1000 });
    }
    if (f === null) return true;
    phase = 'shrink';
    target = f.property;
    return false;
  };

  const arb = fc.noBias(fc.array(fc.nat(), { maxLength: walker.choicesFor(o.steps), size: 'max' }));
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

  const results: PropertyResult<S, A>[] = [];
  const replay = new Walker(model, inits, properties, 1, o.drainSteps);
  let violation: PropertyResult<S, A> | undefined;
  if (failed) {
    const choices = details.counterexample![0];
    if (phase === 'crash') {
      const e = crash instanceof Error ? crash : new Error(String(crash));
      throw new ModelError(`model ${model.name} threw during a random walk: ${e.message}`, o.seed, fcPath, { cause: crash });
    }
    const record: PathStep<S, A>[] = [];
    let f;
    try {
      f = replay.walk(choices, { kind: 'target', property: target! }, undefined, record);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      throw new ModelError(`model ${model.name} threw during a random walk: ${msg}`, o.seed, fcPath, { cause: e });
    }
    if (f === null) throw new Error(`the failing walk for ${target!.name} passed when replayed: model ${model.name} is not deterministic`);
    violation = { name: target!.name, kind: target!.kind, status: 'violated', explanation: f.explanation, path: record.slice(0, f.transitions + 1) };
    if (target!.kind === 'alwaysReachable') {
      // The walk's last state before its drain phase, and why the drain ended where it did.
      violation.doomedAt = f.transitions - replay.drained;
      const why = model.explainStuck?.(record[f.transitions].state);
      if (why !== undefined && why.length > 0) violation.stuck = why;
    }
  }

  const complete = !failed && limit === undefined;
  const tally = `${runs} run${runs === 1 ? '' : 's'} (${steps} steps)`;
  for (const p of properties) {
    if (violation && p === target) {
      results.push(violation);
      continue;
    }
    const w = witnesses.get(p);
    if (p.kind === 'sometimes' && w) {
      const record: PathStep<S, A>[] = [];
      replay.walk(w.choices, PLAIN, undefined, record);
      results.push({ name: p.name, kind: p.kind, status: 'holds', path: record.slice(0, w.transitions + 1) });
    } else if (complete) {
      if (p.kind === 'sometimes') {
        results.push({
          name: p.name, kind: p.kind, status: 'violated',
          explanation: {
            facts: [
              `no visited state satisfied it in ${tally}`,
              'random search cannot show that no state satisfies it: run more or longer walks, or check it exhaustively',
            ],
          },
        });
      } else if (p.kind === 'eventually' && walker.undecidedEventually(p) > 0) {
        results.push({
          name: p.name, kind: p.kind, status: 'incomplete',
          reason: `${walker.undecidedEventually(p)} of ${runs} walks reached the drain limit of ${o.drainSteps} steps with fair actions still enabled and ${p.name} not yet holding: raise --drain-steps`,
        });
      } else if (walker.undecided.has(p)) {
        const k = walker.undecided.get(p)!;
        results.push({
          name: p.name, kind: p.kind, status: 'incomplete',
          reason: `${k} of ${runs} walks reached the drain limit of ${o.drainSteps} steps with drain actions still enabled and the goal not yet holding: raise --drain-steps`,
        });
      } else results.push({ name: p.name, kind: p.kind, status: 'holds' });
    } else {
      const reason = violation
        ? `not fully tested: the search stopped at the first violation (${violation.name}) after ${tally}`
        : `${limit}: stopped after ${runs} of ${o.runs} runs (${steps} steps)`;
      results.push({ name: p.name, kind: p.kind, status: 'incomplete', reason });
    }
  }

  const judged = applyWitnesses(results, properties, witnessCounter, options.requireWitnesses === true);
  const counts: Record<string, number> = {};
  for (const k of [...actionCounts.keys()].sort()) counts[k] = actionCounts.get(k)!;
  const stats: SimulateStats = {
    runs, steps, seconds, stepsPerSecond: seconds > 0 ? Math.round(steps / seconds) : 0, seed: o.seed,
    distinctStates: coverage ? coverage.size : 0, actionCounts: counts,
    maxSteps: o.steps, drainSteps: o.drainSteps, checkEvery: o.checkEvery, coverage: useCoverage,
  };
  if (coverage?.capped) stats.coverageCapped = true;
  if (model.actionKinds) stats.neverEnabled = neverTaken(model, counts);
  if (fcPath !== undefined) {
    stats.path = fcPath;
    stats.shrinks = details.numShrinks;
  }
  if (limit !== undefined && !violation) stats.limit = limit;
  if (shrinkCut && violation) stats.shrinkCut = true;
  return {
    mode: 'random', outcome: outcomeOf(judged.map((r) => r.status)), properties: judged, stats,
    ...(metrics ? { metrics: metrics.report() } : {}),
  };
}
