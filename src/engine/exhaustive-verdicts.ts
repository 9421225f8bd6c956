/**
 * The verdicts of an exhaustive run once its search has ended (exhaustive.ts): each property
 * decided from the visited set, the tracker's findings and, for `alwaysReachable` and
 * `eventually`, the graph; witnesses applied; the run's statistics; the outcome.
 */
import type { Model } from './model.ts';
import type { Property } from './property.ts';
import type { ExhaustiveOptions } from './options.ts';
import type { ExhaustiveStats, PropertyResult, RunResult } from './result.ts';
import { outcomeOf } from './result.ts';
import { StateHasher } from './fingerprint.ts';
import type { PropertyTracker } from './tracker.ts';
import type { BreadthFirstSearch, SearchLimit } from './search.ts';
import { propertyResult, type LivenessContext } from './verdicts.ts';
import { reverseGraph } from './liveness.ts';
import { applyWitnesses } from './vacuity.ts';
import { eventuallyResult, type FairGraph } from './eventually.ts';
import type { RunGuard } from './guard.ts';
import { spillStats, type SpillPlan } from './spill-plan.ts';

/** The reason an undecided property is incomplete, for a run cut by `limit`. */
function limitReason(limit: SearchLimit, o: ExhaustiveOptions, states: number): string {
  switch (limit) {
    case 'max-states':
      return `the state limit (${o.maxStates} states) was reached before the state space was exhausted`;
    case 'max-depth':
      return `states at the depth limit (${o.maxDepth}) have successors that were not explored`;
    case 'time-limit':
      return `the time limit (${o.timeLimit} s) ran out after ${states} states`;
    case 'interrupted':
      return `the run was interrupted after ${states} states`;
    case 'memory':
      return `the memory budget ran out after ${states} states`;
  }
}

/**
 * The result of the finished (or limited) `search` of `model` started at `t0`: the verdict on
 * each of `properties` (a limit makes undecided ones incomplete, never a pass), with stats.
 */
export function concludeSearch<S, A>(
  model: Model<S, A>, properties: Property<S, A>[], options: ExhaustiveOptions, t0: number,
  tracker: PropertyTracker<S, A>, search: BreadthFirstSearch<S, A>, guard: RunGuard, spill: SpillPlan<S> | null,
): RunResult<S, A> {
  const n = search.table.size;

  const limit = search.limit;
  const early = tracker.stoppedAt >= 0;
  const liveness: LivenessContext | undefined = search.edges !== null && limit === undefined && !early && properties.some((p) => p.kind === 'alwaysReachable')
    ? { states: n, reverse: reverseGraph(n, search.edges) } : undefined;
  const hasher = new StateHasher(model);
  guard.readMemory();
  const reason = limit !== undefined ? (limit === 'memory' ? `${limitReason(limit, options, n)}: ${guard.detail}` : limitReason(limit, options, n))
    : early ? `not decided: --stop-at-first ended the run at the first violation (${properties[tracker.stoppedAt].name}) after ${n} states` : undefined;
  const graph: FairGraph<S, A> | undefined =
    search.edges !== null && limit === undefined && !early ? { states: n, edges: search.edges, kinds: search.kinds } : undefined;
  const decided: PropertyResult<S, A>[] = properties.map((p, i) =>
    p.kind === 'eventually'
      ? eventuallyResult(model, hasher, search.table, p, tracker.goals[i], tracker.triggers[i], graph, reason)
      : propertyResult(model, hasher, search.table, p, tracker.findings[i], tracker.goals[i], liveness, reason),
  );
  const results = applyWitnesses(decided, properties, tracker.witnesses, options.requireWitnesses === true);
  // The whole run: search, liveness pass and counterexample reconstruction.
  const seconds = (performance.now() - t0) / 1000;
  const stats: ExhaustiveStats = {
    distinctStates: n,
    transitions: search.transitions,
    maxDepth: search.maxDepthSeen,
    seconds,
    statesPerSecond: seconds > 0 ? n / seconds : n,
    bytesPerState: n > 0 ? search.table.bytes() / n : 0,
    collisionProbability: collisionProbability(n),
    peakMemoryBytes: guard.peakRss,
    peakBytesPerState: n > 0 ? guard.peakRss / n : 0,
  };
  if (limit !== undefined) stats.limit = limit;
  if (spill !== null) stats.spill = spillStats(spill as SpillPlan<unknown>);
  stats.actionCounts = search.kinds.countsByName();
  stats.neverEnabled = search.kinds.neverEnabled();
  const outcome = outcomeOf(results.map((r) => r.status), options.requireWitnesses === true);
  return { mode: 'exhaustive', outcome: outcome === 'pass' && limit !== undefined ? 'incomplete' : outcome, properties: results, stats };
}

/**
 * Estimated probability that at least two of `n` distinct states share a 64-bit fingerprint,
 * assuming uniformly distributed fingerprints (the birthday bound n(n-1)/2 / 2^64 = n(n-1)/2^65).
 * This is the usual a-priori estimate; TLC's "optimistic" figure also uses generated states.
 */
export function collisionProbability(n: number): number {
  return Math.min(1, (n * (n - 1)) / 2 ** 65);
}
