/**
 * The reference engine's own judge: an evaluator of the core properties (causal order, total
 * order, eventual consistency and its liveness half, CA state and its reachability, exactly-once,
 * and progress on a lasso's loop; under faults (issue 12, recovery.ts) durability and its leads-to
 * half, no duplicate after recovery, checkpoint consistency and CA after recovery; (issue 13)
 * handoff, new-server and metadata-convergence)
 * written from /work/shared/spec/properties.md and seed 001, on the engine's own state. It shares
 * no code with properties/ (the property library `replay` also re-evaluates with) nor with
 * model/, so a wrong property cannot confirm itself: `replay` prints both verdicts and fails when
 * they disagree. Property names are the library's, so a trace's `property.name` selects here too.
 */
import type { EngineState } from '../state.ts';
import type { Topology } from '../topology.ts';
import { allCA, judgeCA, judgeEventual, unsettled } from './convergence.ts';
import { judgeExactlyOnce } from './exactly-once.ts';
import { causalPasts, judgeScope, type JudgeScope, type RunScope } from './history.ts';
import { judgeCausal, judgeTotal } from './ordering.ts';
import { periodsOf } from './periods.ts';
import { judgeLeadsToLoop, judgeProgressLoop, notDone, type EngineLoop } from './progress.ts';
import { judgeCheckpoints, judgeDurability, judgeNoDuplicate, unsecured } from './recovery.ts';
import { isCrashed } from './faults.ts';
import { judgeHandoff } from './handoff.ts';
import { judgeMetadataConvergence } from './metadata.ts';
import { judgeNewServer } from './new-server.ts';

/** The judge's verdict on a run: the first violating step and its facts, or holds. */
export type JudgeVerdict = { verdict: 'holds' } | { verdict: 'violated'; step: number; facts: string[] };

type StateCheck = (j: RunScope, s: EngineState) => string[] | undefined;

/** Safety properties the judge decides, state by state along a run. */
const ALWAYS: Readonly<Record<string, StateCheck>> = {
  'causal-order': judgeCausal,
  'total-order': (j, s) => judgeTotal(j, s),
  'eventual-consistency': (j, s) => judgeEventual(j, s),
  'ca-state': (j, s) => judgeCA(j, s),
  'exactly-once': judgeExactlyOnce,
  // (Issue 12) the fault properties (recovery.ts)
  durability: judgeDurability,
  'checkpoint-consistency': judgeCheckpoints,
  // (Issue 13) handoff.ts, new-server.ts, metadata.ts
  handoff: judgeHandoff,
  'new-server': judgeNewServer,
  'metadata-convergence': judgeMetadataConvergence,
};

/** Safety properties whose check remembers what it saw earlier in the run (a fresh check per run). */
const PER_RUN: Readonly<Record<string, () => StateCheck>> = {
  'no-duplicate-after-recovery': () => {
    const gids = new Map<number, number>();
    return (j, s) => judgeNoDuplicate(j, s, gids);
  },
};

/** Liveness goals (the reason the goal fails, or undefined when it holds): alwaysReachable ones (from every state a goal state is reachable), and the goal of each leads-to property of LOOPS. */
const GOALS: Readonly<Record<string, (j: JudgeScope, s: EngineState) => string[] | undefined>> = {
  'eventual-consistency:reachable': (j, s) => { const u = unsettled(j, s); return u.length ? u : undefined; },
  'ca-state:reachable': (j, s) => { const w = allCA(j, s); return w ? [w] : undefined; },
  // (Issue 11) progress's goal (every update done); the property itself is decided on a loop (LOOPS).
  progress: (j, s) => { const w = notDone(j, s); return w ? [w] : undefined; },
  // (Issue 12) after the last recovery: nobody down but hosts lost for good, every survivor in CA
  'recovery-ca': (j, s) => {
    const down = s.nodes.findIndex((_, r) => isCrashed(s, r));
    if (down >= 0) return [`${j.ids[down]} is down`];
    const w = allCA(j, s);
    return w ? [w] : undefined;
  },
  // (Issue 12) durability's leads-to half: every acknowledged update gets a Global ID (decided on a loop, LOOPS)
  'durability:eventually': unsecured,
};

/** Leads-to properties (eventually, under weak fairness) the judge decides on a lasso's loop (progress.ts). */
const LOOPS: Readonly<Record<string, (j: JudgeScope, loop: EngineLoop) => { verdict: 'holds' | 'violated'; facts: string[] }>> = {
  progress: judgeProgressLoop,
  'durability:eventually': (j, loop) => judgeLeadsToLoop(j, loop, (jj, s) => unsecured(jj, s)?.join('; ')),
};

/** Every property name the judge has, with its kind. */
export const JUDGED: ReadonlyArray<{ name: string; kind: 'always' | 'alwaysReachable' | 'eventually' }> = [
  ...[...Object.keys(ALWAYS), ...Object.keys(PER_RUN)].map((name) => ({ name, kind: 'always' as const })),
  ...Object.keys(GOALS).filter((name) => !(name in LOOPS)).map((name) => ({ name, kind: 'alwaysReachable' as const })),
  ...Object.keys(LOOPS).map((name) => ({ name, kind: 'eventually' as const })),
];

/**
 * (Issue 11) Judges a leads-to property on the loop of a lasso (its states, first = last, the
 * actions between them and the actions enabled in each); undefined when the judge lacks it.
 */
export function judgeLoop(topo: Topology, name: string, loop: EngineLoop): { verdict: 'holds' | 'violated'; facts: string[] } | undefined {
  return LOOPS[name]?.(judgeScope(topo), loop);
}

/** True when the judge decides `name` of that kind. */
export function judges(name: string, kind: string): boolean {
  return JUDGED.some((p) => p.name === name && p.kind === kind);
}

/**
 * Judges a safety property over a run's engine states (`states[0]` the initial state): violated
 * at the first state that fails it. Undefined when the judge does not have the property.
 */
export function judgeRun(topo: Topology, name: string, states: readonly EngineState[]): JudgeVerdict | undefined {
  const check = ALWAYS[name] ?? PER_RUN[name]?.();
  if (!check) return undefined;
  if (!states.length) return { verdict: 'holds' };
  const base = { ...judgeScope(topo), past: causalPasts(states[states.length - 1]), periods: periodsOf(states) };
  for (let i = 0; i < states.length; i++) {
    const facts = check({ ...base, step: i }, states[i]);
    if (facts) return { verdict: 'violated', step: i, facts };
  }
  return { verdict: 'holds' };
}

/**
 * A safety property judged state by state along a run: for each state, undefined when it passes,
 * else the facts of its failure (not only the first). Undefined when the judge lacks the property.
 */
export function judgeStates(topo: Topology, name: string, states: readonly EngineState[]): (string[] | undefined)[] | undefined {
  const check = ALWAYS[name] ?? PER_RUN[name]?.();
  if (!check) return undefined;
  if (!states.length) return [];
  const base = { ...judgeScope(topo), past: causalPasts(states[states.length - 1]), periods: periodsOf(states) };
  return states.map((s, i) => check({ ...base, step: i }, s));
}

/** A liveness goal on one engine state (true when the goal holds; alwaysReachable and eventually alike), or undefined when the judge has no such property. */
export function judgeGoal(topo: Topology, name: string): ((s: EngineState) => boolean) | undefined {
  const goal = GOALS[name];
  if (!goal) return undefined;
  const j = judgeScope(topo);
  return (s) => goal(j, s) === undefined;
}

/** Why a liveness goal fails in a state (empty when it holds or the judge has no such goal). */
export function goalFailure(topo: Topology, name: string, s: EngineState): string[] {
  return GOALS[name]?.(judgeScope(topo), s) ?? [];
}
