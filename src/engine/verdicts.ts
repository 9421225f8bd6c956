/**
 * Turning what the exhaustive search found into per-property results: statuses, explanations
 * and concrete paths (rebuilt with {@link reconstructPath}).
 */
import type { Model } from './model.ts';
import { formatAction } from './model.ts';
import { holds, type Explanation, type Property, type Verdict } from './property.ts';
import { ModelContractError } from './errors.ts';
import type { PathStep, PropertyResult } from './result.ts';
import type { StateHasher } from './fingerprint.ts';
import type { VisitedTable } from './visited.ts';
import type { Bitset } from './graph.ts';
import type { Finding } from './tracker.ts';
import { firstStuckState, type ReverseGraph } from './liveness.ts';
import { reconstructPath } from './reconstruct.ts';
import { drainContinuation, type ContinuationEnd } from './continuation.ts';

/** The explored graph, present only when the search was complete and kept edges. */
export interface LivenessContext {
  states: number;
  reverse: ReverseGraph;
}

/** "the initial state" or "the state after step N". */
export function stepName(path: PathStep<unknown, unknown>[]): string {
  return path.length <= 1 ? 'the initial state' : `the state after step ${path.length - 1}`;
}

/**
 * The step from the concrete state `s` (the end of a rebuilt path) that violates transition
 * property `p`: the action at position `index` when it still fails there (always so without a
 * symmetry reduction), else the first failing one. The verdict is evaluated again on the
 * concrete states so that names in the explanation match the path.
 */
function violatingStep<S, A>(model: Model<S, A>, p: Property<S, A>, s: S, index: number): { action: A; state: S; verdict: Verdict } {
  const actions = model.actions(s);
  const order = index < actions.length ? [index, ...actions.keys()] : [...actions.keys()];
  for (const i of order) {
    const t = model.next(s, actions[i]);
    if (t === undefined) continue;
    const v = p.step!(s, actions[i], t);
    if (v !== true) return { action: actions[i], state: t, verdict: v };
  }
  // (Sweep 30d) The model's contract breach (under a reduction: restart without it), not an internal error.
  throw new ModelContractError(`${model.name}: cannot replay the violating step of ${p.name}: no step from the rebuilt state fails it (is the property invariant under the model's symmetry reduction?)`);
}

/** A verdict as an explanation (a bare `false` gets a generic fact). */
function explain(v: Verdict, fallback: string): Explanation {
  return typeof v === 'object' ? v : { facts: [fallback] };
}

/**
 * The result for property `p`. `reason` is set when a limit cut the run (undecided properties
 * are then incomplete); `liveness` is set for complete runs that kept the graph.
 */
export function propertyResult<S, A>(
  model: Model<S, A>,
  hasher: StateHasher<S, A>,
  table: VisitedTable,
  p: Property<S, A>,
  finding: Finding,
  goals: Bitset | null,
  liveness: LivenessContext | undefined,
  reason: string | undefined,
): PropertyResult<S, A> {
  const base = { name: p.name, kind: p.kind };
  if (p.kind === 'always') {
    if (finding.stateId < 0) {
      return reason === undefined ? { ...base, status: 'holds' } : { ...base, status: 'incomplete', reason };
    }
    const path = reconstructPath(model, hasher, table, finding.stateId);
    // Re-evaluate on the concrete final state so that names in the explanation match the path.
    const again = p.check(path[path.length - 1].state);
    // (Sweep 30d) It failed on the stored state but holds on the concrete state the path reaches:
    // under a symmetry reduction the property tells the two apart (the run restarts without the
    // reduction); without one, the property is not a function of the state. The report used to
    // keep the stored verdict beside a path whose last state satisfies the property.
    if (holds(again)) {
      throw new ModelContractError(`${model.name}: property '${p.name}' fails on a stored state but holds on the concrete state its counterexample reaches ` +
        `(${model.canonical !== undefined ? 'the property tells interchangeable components apart, or canonical() merges states that are not symmetric' : 'is the property a function of the state alone?'})`);
    }
    return { ...base, status: 'violated', explanation: explain(again, `${p.name} is false in ${stepName(path)}`), path };
  }
  if (p.kind === 'transition') {
    if (finding.stateId < 0) {
      return reason === undefined ? { ...base, status: 'holds' } : { ...base, status: 'incomplete', reason };
    }
    const path = reconstructPath(model, hasher, table, finding.stateId);
    const step = violatingStep(model, p, path[path.length - 1].state, finding.actionIndex ?? 0);
    path.push({ action: step.action, state: step.state });
    const what = `${p.name} is false on step ${path.length - 1} (${formatAction(model, step.action)})`;
    return { ...base, status: 'violated', explanation: explain(step.verdict, what), path };
  }
  if (p.kind === 'sometimes') {
    if (finding.stateId >= 0) {
      const path = reconstructPath(model, hasher, table, finding.stateId);
      return { ...base, status: 'holds', explanation: { facts: [`${stepName(path)} satisfies ${p.name}`] }, path };
    }
    if (reason !== undefined) return { ...base, status: 'incomplete', reason };
    return { ...base, status: 'violated', explanation: { facts: [`no reachable state satisfies ${p.name}`] } };
  }
  if (liveness === undefined || goals === null) {
    return { ...base, status: 'incomplete', reason: `${reason ?? 'the graph was not kept'} (alwaysReachable needs the whole graph)` };
  }
  const stuck = firstStuckState(liveness.states, liveness.reverse, goals);
  if (stuck < 0) return { ...base, status: 'holds' };
  const stem = reconstructPath(model, hasher, table, stuck);
  const doomedAt = stem.length - 1;
  const cont = drainContinuation(model, hasher, stem[doomedAt].state);
  const path = [...stem, ...cont.steps];
  const last = path[path.length - 1].state;
  const goal = p.check(last);
  const detail = typeof goal === 'object' ? goal : undefined;
  const via = model.isDrain ? 'completing (drain) actions' : 'any actions';
  const facts = [`no state satisfying ${p.name} is reachable by ${via} from ${stepName(stem)}`];
  if (cont.steps.length > 0 || cont.end !== 'quiescent') facts.push(continuationFact(cont.end, cont.steps.length, path.length - 1));
  const explanation: Explanation = { facts: [...facts, ...(detail?.facts ?? [])] };
  if (detail?.replica !== undefined) explanation.replica = detail.replica;
  if (detail?.updates !== undefined) explanation.updates = detail.updates;
  const result: PropertyResult<S, A> = { ...base, status: 'violated', explanation, path, doomedAt };
  const why = model.explainStuck?.(last);
  if (why !== undefined && why.length > 0) result.stuck = why;
  return result;
}

/** One fact on how the drain continuation ended. */
function continuationFact(end: ContinuationEnd, steps: number, last: number): string {
  const taken = `the drain continuation (${steps} step${steps === 1 ? '' : 's'}, first enabled completing action each time)`;
  if (end === 'quiescent') return `${taken} ends after step ${last} with no completing action enabled, the goal still failing`;
  if (end === 'repeated') return `${taken} comes back to an earlier state after step ${last}, the goal failing all along`;
  return `${taken} was cut at ${steps} steps, the goal failing all along`;
}
