/**
 * One column of `replcheck compare`: the exhaustive check of one mechanism's target on the
 * shared configuration, plus its cost measured on the same search.
 *
 * Costs (defined here, printed in the report's footnote): two sentinel properties ride along
 * with the user's properties in the same breadth-first search: `always(true)`, which keeps the
 * search going until the space is exhausted (so `distinctStates` is the whole reachable space,
 * never a count cut short because every verdict was in), and `sometimes(complete)`, whose witness
 * is a shortest path from the initial state to a *complete* state (all work created and fully
 * processed: `CostHooks.complete`). On that shortest complete run:
 * - `messagesPerUpdate` = messages on the run / work steps on the run (for the replication model:
 *   instances delivered plus peer exchanges, per generated update);
 * - `drainSteps` = steps after the last work step (a shortest drain from the state in which the
 *   last update was generated: a suffix of a shortest path to the goal set is itself shortest).
 * A breadth-first shortest run takes no failed migration, duplicate or unneeded exchange, so both
 * are the mechanism's minimum cost on this configuration, not an average over behaviours.
 */
import { exhaustive } from '../engine/exhaustive.ts';
import type { CheckTarget } from '../engine/plugin.ts';
import { always, sometimes, type Property } from '../engine/property.ts';
import { outcomeOf, type ExhaustiveStats, type PropertyResult, type RunResult } from '../engine/result.ts';
import type { ExhaustiveOptions } from '../engine/options.ts';

/** The sentinel names (chosen so they cannot clash with a model's property names). */
const EXPLORE_ALL = '(compare) explore all';
const COMPLETE = '(compare) complete run';

/** A mechanism's cost on the configuration (null fields: not measurable, see `note`). */
export interface MechanismCost {
  mechanism: string;
  distinctStates: number;
  transitions: number;
  seconds: number;
  /** Steps of a shortest complete run (initial state to a complete state). */
  completeRunSteps: number | null;
  /** Work steps (updates) on that run. */
  updates: number | null;
  /** Messages on that run. */
  messages: number | null;
  messagesPerUpdate: number | null;
  /** Steps after the last work step on that run. */
  drainSteps: number | null;
  /** Set when the search stopped at a limit ('max-states', 'time-limit', 'interrupted'). */
  limit?: string;
  /** Why a cost is null, when one is. */
  note?: string;
}

/** The outcome of one mechanism's column. */
export interface MechanismRun {
  /** The `--mechanisms` entry as given (a built-in name or a plugin file). */
  given: string;
  /** The mechanism's own name (trace files record it). */
  name: string;
  target: CheckTarget<unknown, unknown>;
  result: RunResult<unknown, unknown>;
  /** The user's properties' results (sentinels removed), in the target's order. */
  properties: PropertyResult<unknown, unknown>[];
  cost: MechanismCost;
}

/** Measures the cost from the complete-run witness. */
function costOf(target: CheckTarget<unknown, unknown>, name: string, stats: ExhaustiveStats, witness: PropertyResult<unknown, unknown> | undefined): MechanismCost {
  const cost: MechanismCost = {
    mechanism: name, distinctStates: stats.distinctStates, transitions: stats.transitions, seconds: stats.seconds,
    completeRunSteps: null, updates: null, messages: null, messagesPerUpdate: null, drainSteps: null,
  };
  if (stats.limit) cost.limit = stats.limit;
  const hooks = target.costs;
  if (!hooks) {
    cost.note = 'the model module gives no cost hooks';
    return cost;
  }
  if (!witness?.path || witness.status !== 'holds') {
    cost.note = stats.limit ? 'no complete run found before the limit' : 'no complete run is reachable';
    return cost;
  }
  const steps = witness.path.slice(1);
  let updates = 0, messages = 0, lastWork = -1;
  steps.forEach((st, i) => {
    if (hooks.isWork(st.action)) { updates++; lastWork = i; }
    if (hooks.isMessage(st.action)) messages++;
  });
  cost.completeRunSteps = steps.length;
  cost.updates = updates;
  cost.messages = messages;
  cost.messagesPerUpdate = updates > 0 ? messages / updates : null;
  cost.drainSteps = steps.length - 1 - lastWork;
  if (updates === 0) cost.note = 'the shortest complete run generates no update';
  return cost;
}

/** Checks `properties` on `target` exhaustively and measures its cost. */
export async function runMechanism(
  given: string,
  target: CheckTarget<unknown, unknown>,
  properties: Property<unknown>[],
  options: ExhaustiveOptions,
): Promise<MechanismRun> {
  const name = target.meta.mechanism ?? given;
  const hooks = target.costs;
  const extra: Property<unknown>[] = [always(EXPLORE_ALL, () => true)];
  if (hooks) extra.push(sometimes(COMPLETE, (s) => hooks.complete(s)));
  const result = await exhaustive(target.model, [...properties, ...extra], options);
  const promised = target.promised ? new Set(target.promised) : undefined;
  const own = result.properties.slice(0, properties.length).map((r) => (promised && !promised.has(r.name) ? { ...r, promised: false } : r));
  const witness = hooks ? result.properties[properties.length + 1] : undefined;
  const stats = result.stats as ExhaustiveStats;
  const outcome = outcomeOf(own.map((r) => r.status));
  const mine: RunResult<unknown, unknown> = { ...result, properties: own, outcome: outcome === 'pass' && stats.limit ? 'incomplete' : outcome };
  return { given, name, target, result: mine, properties: own, cost: costOf(target, name, stats, witness) };
}

/** (Addition, issue 10) The column of a mechanism `--stop-at-first` did not run: every property incomplete with `reason`. */
export function skippedMechanism(given: string, target: CheckTarget<unknown, unknown>, properties: Property<unknown>[], reason: string): MechanismRun {
  const name = target.meta.mechanism ?? given;
  const own: PropertyResult<unknown, unknown>[] = properties.map((p) => ({ name: p.name, kind: p.kind, status: 'incomplete', reason }));
  const stats: ExhaustiveStats = {
    distinctStates: 0, transitions: 0, maxDepth: 0, seconds: 0, statesPerSecond: 0, bytesPerState: 0, collisionProbability: 0, limit: 'stop-at-first',
  };
  const cost: MechanismCost = {
    mechanism: name, distinctStates: 0, transitions: 0, seconds: 0, completeRunSteps: null, updates: null, messages: null,
    messagesPerUpdate: null, drainSteps: null, limit: 'stop-at-first', note: reason,
  };
  return { given, name, target, result: { mode: 'exhaustive', outcome: 'incomplete', properties: own, stats }, properties: own, cost };
}
