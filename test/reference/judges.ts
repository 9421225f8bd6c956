// Differential harness between the two judges: the property library (properties/, on the view)
// and the reference engine's own judge (reference/judge/, on the engine's state), over the same
// runs of the engine: corpus traces and seeded random schedules.
import { readFileSync } from 'node:fs';
import { replicationProperties } from '../../properties/index.ts';
import { engineEnabled, isCompleting, JUDGED, judgeGoal, judgeRun, ReferenceEngine, referenceNodeIndex } from '../../reference/index.ts';
import type { EngineMechanism } from '../../reference/context.ts';
import { prng } from '../../reference/scheduler.ts';
import type { EngineState } from '../../reference/state.ts';
import type { TraceFile } from '../../traces/format.ts';
import { evaluateVerdict } from '../../traces/replay.ts';
import type { ReplicationAction, ReplicationState, ResolvedConfig } from '../../traces/replication.ts';

/** A run of the engine: its states and their views (index 0 the initial state). */
export interface EngineRun {
  config: ResolvedConfig;
  states: EngineState[];
  views: ReplicationState[];
}

/** Runs a list of actions (all must apply). */
export function runActions(config: ResolvedConfig, mechanism: string, actions: readonly ReplicationAction[]): EngineRun {
  const engine = new ReferenceEngine(config, mechanism as EngineMechanism);
  const run: EngineRun = { config, states: [engine.current], views: [engine.view()] };
  for (const a of actions) {
    const refusal = engine.apply(a);
    if (refusal) throw new Error(`refused: ${refusal}`);
    run.states.push(engine.current);
    run.views.push(engine.view());
  }
  return run;
}

/** The engine run of a trace file. */
export function traceRun(file: string): EngineRun & { trace: TraceFile } {
  const trace = JSON.parse(readFileSync(file, 'utf8')) as TraceFile;
  const actions = trace.steps.slice(1).map((s) => s.action as ReplicationAction);
  return { ...runActions(trace.config as ResolvedConfig, trace.mechanism ?? 'hierarchical', actions), trace };
}

/**
 * A seeded random schedule of the engine (uniform among enabled actions), then a drain of up to
 * `drain` completing steps (uniform among those), so runs also reach settled states.
 */
export function randomRun(config: ResolvedConfig, mechanism: string, seed: number, steps: number, drain = 300): EngineRun {
  const engine = new ReferenceEngine(config, mechanism as EngineMechanism);
  const rand = prng(seed);
  const run: EngineRun = { config, states: [engine.current], views: [engine.view()] };
  for (let k = 0; k < steps + drain; k++) {
    const enabled = engineEnabled(engine).filter((a) => k < steps || isCompleting(a));
    if (!enabled.length) break;
    const refusal = engine.apply(enabled[Math.floor(rand() * enabled.length)]);
    if (refusal) throw new Error(`refused: ${refusal}`);
    run.states.push(engine.current);
    run.views.push(engine.view());
  }
  return run;
}

/** Per safety property the judge has: both verdicts on the run, and the property names where they differ. */
export function compareJudges(run: EngineRun): { verdicts: Record<string, [string, string]>; disagree: string[] } {
  const lib = replicationProperties({ index: referenceNodeIndex(run.config), config: run.config });
  const verdicts: Record<string, [string, string]> = {};
  const topo = new ReferenceEngine(run.config, 'hierarchical').topo;
  for (const { name, kind } of JUDGED) {
    const prop = lib.find((p) => p.name === name);
    if (!prop) continue; // (issue 12) the fault properties exist only with a fault model
    if (kind === 'always') {
      const library = evaluateVerdict(prop.kind, prop.check as (s: unknown) => unknown, run.views);
      verdicts[name] = [library, judgeRun(topo, name, run.states)!.verdict];
    } else {
      // Liveness goals (alwaysReachable and eventually), state by state: how many states satisfy each judge's goal, and the first state where they differ.
      const goal = judgeGoal(topo, name)!;
      const lib = run.views.map((v) => prop.check(v) === true);
      const own = run.states.map((s) => goal(s));
      const k = lib.findIndex((x, i) => x !== own[i]);
      verdicts[name] = [`goal in ${lib.filter(Boolean).length}`, k < 0 ? `goal in ${own.filter(Boolean).length}` : `differs at step ${k}`];
    }
  }
  return { verdicts, disagree: Object.keys(verdicts).filter((k) => verdicts[k][0] !== verdicts[k][1]) };
}
