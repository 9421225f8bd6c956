/**
 * Verdicts of a random search from its {@link SearchTally}: the shrunk violation is replayed
 * into a path (with its explanation, doomed state and stuck facts), `sometimes` witnesses are
 * replayed into witness paths, goals some walks could not decide are `incomplete`, and witness
 * counts decide vacuity. `simulate` concludes its own tally; `replcheck merge` concludes the sum
 * of its shards' tallies, so both give the same result for the same walks.
 */
import { neverTaken } from './kinds.ts';
import type { WalkMetrics } from './metrics.ts';
import type { Model } from './model.ts';
import type { Property } from './property.ts';
import { outcomeOf, type PathStep, type PropertyResult, type RunResult } from './result.ts';
import type { ResolvedRandomOptions } from './random-options.ts';
import type { SearchTally } from './random-tally.ts';
import { applyWitnesses } from './vacuity.ts';
import { Walker } from './walk.ts';
import { WitnessCounter } from './witnesses.ts';
import { ModelError, type SimulateStats } from './random-types.ts';
import { ContractError, crashText } from './contract-error.ts';
import { suspectOf, whoOf } from './contract.ts';

/**
 * (29e) The failing walk did not replay into its violation: the model is not deterministic, or
 * (merge) the tally's failure record was edited or comes from another version.
 */
export class ReplayMismatch extends ContractError {}

/** What {@link conclude} needs besides the tally. */
export interface ConcludeOptions<S> {
  /** The metrics observer whose figures the tally holds (its report goes into the result). */
  metrics?: WalkMetrics<S>;
  requireWitnesses: boolean;
}

/** Turns a search tally into the run's result (see the file comment). */
export function conclude<S, A>(model: Model<S, A>, properties: Property<S, A>[], tally: SearchTally, o: ResolvedRandomOptions, c: ConcludeOptions<S>): RunResult<S, A> {
  const inits = model.init();
  const replay = new Walker(model, inits, properties, 1, o.drainSteps);
  const failure = tally.failure;
  const target = failure ? properties.find((p) => p.name === failure.property) : undefined;
  if (failure && !target) throw new Error(`the failing walk violated ${failure.property}, which is not among the properties checked`);
  let violation: PropertyResult<S, A> | undefined;
  if (failure && target) {
    const record: PathStep<S, A>[] = [];
    let f;
    try {
      f = replay.walk(failure.choices, { kind: 'target', property: target }, undefined, record);
    } catch (e) {
      throw new ModelError(crashText(model.name, e), o.seed, failure.path, { cause: e });
    }
    // (Stop 28) The model's fault, not replcheck's: a one-line contract breach (exit 2), as check reports it.
    // (Stop 29) A built-in model that runs a plugin: the plugin's (contract.ts, suspectOf).
    const suspect = suspectOf(model);
    if (f === null && suspect !== undefined) {
      throw new ReplayMismatch(suspect, 'one of its methods', `made the model give a different walk when the failing walk for ${target.name} was replayed (a mechanism must be deterministic: no Math.random, clock or state kept between calls)`, `seed ${o.seed}, path ${failure.path}`);
    }
    if (f === null) throw new ReplayMismatch(whoOf(model), 'actions or next', `gave a different walk when the failing walk for ${target.name} was replayed: actions and next must be deterministic (no Math.random, clock or state kept between calls)`, `seed ${o.seed}, path ${failure.path}`);
    violation = { name: target.name, kind: target.kind, status: 'violated', explanation: f.explanation, path: record.slice(0, f.transitions + 1) };
    if (target.kind === 'alwaysReachable') {
      // The walk's last state before its drain phase, and why the drain ended where it did.
      violation.doomedAt = f.transitions - replay.drained;
      const why = model.explainStuck?.(record[f.transitions].state);
      if (why !== undefined && why.length > 0) violation.stuck = why;
    }
  }

  const results: PropertyResult<S, A>[] = [];
  const complete = !failure && tally.limit === undefined;
  const { runs, steps } = tally;
  const tally$ = `${runs} run${runs === 1 ? '' : 's'} (${steps} steps)`;
  for (const p of properties) {
    if (violation && p === target) {
      results.push(violation);
      continue;
    }
    const w = tally.sometimes[p.name];
    if (p.kind === 'sometimes' && w) {
      const record: PathStep<S, A>[] = [];
      replay.walk(w.choices, { kind: 'plain' }, undefined, record);
      results.push({ name: p.name, kind: p.kind, status: 'holds', path: record.slice(0, w.transitions + 1) });
    } else if (complete) {
      if (p.kind === 'sometimes') {
        results.push({
          name: p.name, kind: p.kind, status: 'violated',
          explanation: {
            facts: [
              `no visited state satisfied it in ${tally$}`,
              'random search cannot show that no state satisfies it: run more or longer walks, or check it exhaustively',
            ],
          },
        });
      } else if (p.kind === 'eventually' && (tally.undecidedEventually[p.name] ?? 0) > 0) {
        results.push({
          name: p.name, kind: p.kind, status: 'incomplete',
          reason: `${tally.undecidedEventually[p.name]} of ${runs} walks ${model.isDrain === undefined ? 'ended' : `reached the drain limit of ${o.drainSteps} steps`} with fair actions still enabled and ${p.name} not yet holding${undrained(model)}`,
        });
      } else if ((tally.undecided[p.name] ?? 0) > 0) {
        results.push({
          name: p.name, kind: p.kind, status: 'incomplete',
          reason: `${tally.undecided[p.name]} of ${runs} walks ${model.isDrain === undefined ? 'ended with actions' : `reached the drain limit of ${o.drainSteps} steps with drain actions`} still enabled and the goal not yet holding${undrained(model)}`,
        });
      } else results.push({ name: p.name, kind: p.kind, status: 'holds' });
    } else {
      const reason = violation
        ? `not fully tested: the search stopped at the first violation (${violation.name}) after ${tally$}`
        : `${tally.limit}: stopped after ${runs} of ${o.runs} runs (${steps} steps)`;
      results.push({ name: p.name, kind: p.kind, status: 'incomplete', reason });
    }
  }

  const witnessCounter = new WitnessCounter<S, A>(properties);
  witnessCounter.restore(tally.witnesses);
  const judged = applyWitnesses(results, properties, witnessCounter, c.requireWitnesses);
  const seconds = tally.seconds;
  const stats: SimulateStats = {
    runs, steps, seconds, stepsPerSecond: seconds > 0 ? Math.round(steps / seconds) : 0, seed: o.seed,
    distinctStates: tally.coverage ? tally.distinctStates : 0, actionCounts: tally.actionCounts,
    maxSteps: o.steps, drainSteps: o.drainSteps, checkEvery: o.checkEvery, coverage: tally.coverage,
  };
  if (tally.coverageCapped) stats.coverageCapped = true;
  if (model.actionKinds) stats.neverEnabled = neverTaken(model, tally.actionCounts);
  if (failure) {
    stats.path = failure.path;
    stats.shrinks = failure.shrinks;
    if (failure.shrinkCut) stats.shrinkCut = true;
  }
  if (tally.limit !== undefined && !violation) stats.limit = tally.limit;
  return {
    mode: 'random', outcome: outcomeOf(judged.map((r) => r.status), c.requireWitnesses), properties: judged, stats,
    ...(c.metrics ? { metrics: c.metrics.report() } : {}),
  };
}

/**
 * The advice after an undecided walk: raise --drain-steps, or (sweep 30d) for a model without
 * `isDrain`, whose walks never drain (raising it changed nothing), let check decide.
 */
function undrained<S, A>(model: Model<S, A>): string {
  return model.isDrain === undefined
    ? '; the model declares no isDrain, so random walks do not drain towards the goal: check decides it exactly (or declare isDrain)'
    : ': raise --drain-steps';
}
