/**
 * The verdict of an `eventually` property (leads-to under weak fairness) after a complete
 * exhaustive search: a fair counterexample on the graph (fair-cycles.ts), replayed as a concrete
 * lasso (lasso.ts) with facts on what never happens and why the loop is fair.
 */
import type { Model } from './model.ts';
import { holds, type Explanation, type Property } from './property.ts';
import { ModelContractError } from './errors.ts';
import type { PropertyResult } from './result.ts';
import type { StateHasher } from './fingerprint.ts';
import type { VisitedTable } from './visited.ts';
import type { Bitset, EdgeList } from './graph.ts';
import type { ActionKinds } from './kinds.ts';
import { findFairCounterexample } from './fair-cycles.ts';
import { replayLasso } from './lasso.ts';
import { formatAction } from './model.ts';
import { isFairAction } from './kinds.ts';
import { sameState } from './fingerprint.ts';

/**
 * Why a run may stop in `s` though actions are enabled there: none is weakly fair, or (sweep 30a)
 * the weakly fair ones only stutter (leave `s` as it is), which neither take nor keep a kind enabled.
 */
function stutterOnly<S, A>(model: Model<S, A>, s: S): string {
  const fair = model.actions(s).filter((a) => isFairAction(model, a));
  if (fair.length === 0 || !fair.every((a) => { const t = model.next(s, a); return t === undefined || sameState(model, s, t); })) {
    return 'no weakly fair action is enabled there (only actions nothing obliges to happen)';
  }
  const names = fair.slice(0, 3).map((a) => `'${formatAction(model, a)}'`).join(', ') + (fair.length > 3 ? ', ...' : '');
  return `the weakly fair actions enabled there (${names}) leave the state as it is (a step that changes nothing is not progress)`;
}

/** What deciding `eventually` needs: the complete graph with edge codes and the kinds they index. */
export interface FairGraph<S, A> {
  states: number;
  edges: EdgeList;
  kinds: ActionKinds<S, A>;
}

/** The result for `eventually` property `p` with goal marks `goals` and trigger marks `triggers` (null: every state). */
export function eventuallyResult<S, A>(
  model: Model<S, A>, hasher: StateHasher<S, A>, table: VisitedTable, p: Property<S, A>,
  goals: Bitset | null, triggers: Bitset | null, graph: FairGraph<S, A> | undefined, reason: string | undefined,
): PropertyResult<S, A> {
  const base = { name: p.name, kind: p.kind };
  if (graph === undefined || goals === null || graph.edges.codes === null) {
    return { ...base, status: 'incomplete', reason: `${reason ?? 'the graph was not kept'} (eventually needs the whole graph)` };
  }
  const found = findFairCounterexample(graph.states, graph.edges, goals, triggers, model.isFair !== undefined || model.isDrain !== undefined);
  if (found === null) return { ...base, status: 'holds' };
  const lasso = replayLasso(model, hasher, table, graph.kinds, found.stem, found.loop);
  const { path, trigger } = lasso;
  const last = path.length - 1;
  // (Stop 30) The goal must fail on every concrete state from the trigger on: a goal met there
  // means the graph's states (canonical forms) judged it otherwise, so the symmetry reduction is
  // unsound for this property (the run restarts without it), or the goal is not a function of the state.
  for (let k = trigger; k <= last; k++) {
    if (holds(p.check(path[k].state))) {
      throw new ModelContractError(`${model.name}: a counterexample to '${p.name}' reaches its goal at step ${k} of its own run ` +
        `(${model.canonical !== undefined ? 'the property tells interchangeable components apart, or canonical() merges states that are not symmetric' : 'is the goal a function of the state alone?'})`);
    }
  }
  const goal = p.check(path[lasso.loop ?? last].state);
  const detail = typeof goal === 'object' ? goal : undefined;
  const from = trigger === 0 ? 'the initial state' : `the state after step ${trigger}`;
  const fair = found.fairKinds.map((k) => graph.kinds.names[k]);
  const facts = [`from ${from}${p.trigger ? ' (a trigger state)' : ''}, ${p.name} never holds on this run`];
  if (lasso.loop === undefined) {
    facts.push(model.actions(path[last].state).length === 0
      ? `the run ends at step ${last} in a state with no enabled action, where ${p.name} does not hold`
      : `the run may stop at step ${last}: ${stutterOnly(model, path[last].state)}, and ${p.name} does not hold`);
    facts.push(...(model.explainStuck?.(path[last].state) ?? []));
  } else {
    facts.push(`steps ${lasso.loop + 1}-${last} loop back to step ${lasso.loop} forever`);
    facts.push(fair.length === 0
      ? 'the model marks no action weakly fair, so any loop is a fair run'
      : `the loop is weakly fair: each fair action kind (${fair.join(', ')}) is taken in it or disabled somewhere on it`);
  }
  facts.push(...(detail?.facts ?? []));
  const explanation: Explanation = { facts };
  if (detail?.replica !== undefined) explanation.replica = detail.replica;
  if (detail?.updates !== undefined) explanation.updates = detail.updates;
  const out: PropertyResult<S, A> = { ...base, status: 'violated', explanation, path };
  if (lasso.loop !== undefined) out.loop = lasso.loop;
  return out;
}
