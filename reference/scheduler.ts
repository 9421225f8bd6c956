/**
 * The engine's scheduler: who acts next. Its choices come either from a trace (replay: the
 * trace's actions, in order, validated by the engine) or from a seed (random schedules for
 * differential testing: a small deterministic PRNG picks among the engine's enabled actions).
 * Same seed, same schedule: no wall clock, no Math.random.
 */
import type { ReplicationAction, ReplicationState, ResolvedConfig } from '../traces/replication.ts';
import { Ctx, type EngineMechanism } from './context.ts';
import { enabledActions } from './enabled.ts';
import { perform, ReferenceEngine } from './engine.ts';
import { withFaults } from './faults-enabled.ts';

/** Where the next action comes from. Returns undefined to stop. */
export interface ChoiceSource {
  next(enabled: () => ReplicationAction[]): ReplicationAction | undefined;
}

/** mulberry32: a 32-bit seeded PRNG, enough for picking schedule steps. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Choices from a seed: uniformly among the enabled actions, for at most `steps` steps. */
export function seededChoices(seed: number, steps: number): ChoiceSource {
  const rand = prng(seed);
  let left = steps;
  return {
    next(enabled) {
      if (left-- <= 0) return undefined;
      const list = enabled();
      return list.length ? list[Math.floor(rand() * list.length)] : undefined;
    },
  };
}

/** Choices from a trace: its actions in order (the engine validates each). */
export function traceChoices(actions: readonly ReplicationAction[]): ChoiceSource {
  let k = 0;
  return { next: () => actions[k++] };
}

/** The actions the engine allows now. */
export function engineEnabled(engine: ReferenceEngine): ReplicationAction[] {
  const ctx = new Ctx(engine.topo, engine.policy, structuredClone(engine.current));
  return withFaults(ctx, enabledActions(ctx), perform);
}

/** One schedule run: the actions taken, the views after each (views[0] is the initial state), and a refusal if one stopped it. */
export interface ScheduleRun {
  actions: ReplicationAction[];
  views: ReplicationState[];
  refusal?: string;
}

/** Runs a schedule on a fresh engine. */
export function runSchedule(config: ResolvedConfig, mechanism: EngineMechanism, source: ChoiceSource): ScheduleRun {
  const engine = new ReferenceEngine(config, mechanism);
  const run: ScheduleRun = { actions: [], views: [engine.view()] };
  for (let a = source.next(() => engineEnabled(engine)); a !== undefined; a = source.next(() => engineEnabled(engine))) {
    const refusal = engine.apply(a);
    if (refusal) return { ...run, refusal };
    run.actions.push(a);
    run.views.push(engine.view());
  }
  return run;
}
