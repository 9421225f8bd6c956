/**
 * The judge's `progress` (issue 11; seed 001 3.2 phases 3 to 5, spec "Eventual consistency"),
 * written from properties/README.md's definition on the engine's own state: an update is *done*
 * when the MSR-IIRA gave it a Global ID and every surviving member's store holds it in a value
 * sequence of an item it replicates. `progress` is leads-to under weak fairness, so the judge
 * decides it only on a lasso (a stem and a loop back to an earlier step): violated when the goal
 * (every update done) fails at every state of the loop and the loop is weakly fair in the
 * engine's terms: each completing kind (send, successful migrate, execute, order, peer,
 * reconnect, recover, heal) is taken in the loop or has no enabled action at some state of it.
 * A dead end (the run stops at its last state) is the loop of that one state with no action.
 */
import type { ReplicationAction } from '../../traces/replication.ts';
import type { EngineState } from '../state.ts';
import { exemptUpdates, survivors } from './faults.ts';
import { holdsItem, merged, nameOf, type JudgeScope } from './history.ts';

/** The first update not done in `s`, as one sentence, or undefined when every update is done. */
export function notDone(j: JudgeScope, s: EngineState): string | undefined {
  const exempt = exemptUpdates(s);
  const replicas = survivors(s).map((r) => ({ r, rows: merged(s, r) }));
  for (let u = 0; u < s.updates.length; u++) {
    if (exempt.has(u)) continue;
    if (s.updates[u].gid === 0) return `${nameOf(j, s, u)} has no Global ID`;
    for (const { r, rows } of replicas) {
      if (holdsItem(j, s, r, s.updates[u].item) && !rows.has(u)) return `${nameOf(j, s, u)} is not in ${j.ids[r]}'s store, which replicates ${j.topo.items[s.updates[u].item].id}`;
    }
  }
  return undefined;
}

/** The weakly fair kind of an action (a completing step), or undefined for an environment step. */
export function fairKind(a: ReplicationAction): string | undefined {
  switch (a.type) {
    case 'send': case 'execute': case 'order': case 'peer': case 'reconnect': case 'recover': case 'reregister': case 'heal': return a.type;
    case 'migrate': return a.ok ? 'migrate' : undefined;
    default: return undefined;
  }
}

/** A loop of a lasso as the engine went through it: its states (first = last) and the actions between them. */
export interface EngineLoop {
  states: readonly EngineState[];
  actions: readonly ReplicationAction[];
  /** The actions enabled in each state of the loop. */
  enabled: readonly (readonly ReplicationAction[])[];
}

/**
 * The judge's verdict on a `progress` lasso: violated with facts, or holds with the reason it does
 * not refute. A loop of one state and no action is a dead end: the run stops (stutters) there,
 * which a fair run may do only when no completing step is enabled.
 */
export function judgeProgressLoop(j: JudgeScope, loop: EngineLoop): { verdict: 'holds' | 'violated'; facts: string[] } {
  return judgeLeadsToLoop(j, loop, notDone);
}

/**
 * (Issue 12) The same judgement for any leads-to goal: `failure` says why the goal fails in a
 * state (undefined where it holds). durability:eventually uses it with "every acknowledged
 * update has a Global ID".
 */
export function judgeLeadsToLoop(j: JudgeScope, loop: EngineLoop, failure: (j: JudgeScope, s: EngineState) => string | undefined): { verdict: 'holds' | 'violated'; facts: string[] } {
  const failures = loop.states.map((s) => failure(j, s));
  const done = failures.findIndex((f) => f === undefined);
  const stutter = loop.actions.length === 0;
  if (done >= 0) return { verdict: 'holds', facts: [stutter ? 'the goal holds there' : `the goal holds at step ${done} of the loop`] };
  const taken = new Set(loop.actions.map(fairKind).filter((k) => k !== undefined));
  const kinds = new Set(loop.enabled.flatMap((as) => as.map(fairKind)).filter((k) => k !== undefined));
  for (const k of kinds) {
    if (taken.has(k)) continue;
    if (loop.enabled.every((as) => as.some((a) => fairKind(a) === k))) {
      return { verdict: 'holds', facts: [stutter ? `a fair run does not stop there: ${k} is enabled` : `the loop is not weakly fair: ${k} is enabled at every state of it and never taken`] };
    }
  }
  const last = failures[failures.length - 1]!;
  return stutter
    ? { verdict: 'violated', facts: [last, 'no completing step is enabled there: a fair run may stop'] }
    : { verdict: 'violated', facts: [`${last}, at every state of the loop`, `the loop is weakly fair (fair kinds taken: ${[...taken].join(', ') || 'none'}; the others are disabled somewhere on it)`] };
}
