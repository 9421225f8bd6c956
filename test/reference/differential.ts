// Differential harness between the model (model/) and the reference engine (reference/): both
// directions, step by step, reporting the first disagreement. Tests may import model/; reference/ may not.
import { readFileSync } from 'node:fs';
import { createReplicationModel, PRESETS, resolveConfig } from '../../model/index.ts';
import { replicationProperties } from '../../properties/index.ts';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import { referenceEngineFor, type ReferenceEngineFactory } from '../../src/engine/reference.ts';
import { wireReplication } from '../../bin/wiring.ts';
import type { TraceFile } from '../../traces/format.ts';
import { replayTrace, type ReplayReport } from '../../traces/replay.ts';
import { buildTrace } from '../../traces/write.ts';
import { builtinMechanism } from '../../model/mechanisms/index.ts';
import { ReferenceEngine, engineEnabled } from '../../reference/index.ts';
import type { EngineMechanism } from '../../reference/context.ts';
import { prng } from '../../reference/scheduler.ts';
import { firstDifference, jsonPath } from '../../traces/jsonpath.ts';
import type { ReplicationAction, ReplicationState, ResolvedConfig } from '../../traces/replication.ts';

/** A preset (or raw input) resolved, with knobs overridden. */
export function configFor(name: string, knobs: Record<string, boolean | number> = {}, extra: Record<string, unknown> = {}): ResolvedConfig {
  const input = { ...(PRESETS[name] as object), ...extra } as Record<string, unknown>;
  input.knobs = { ...((input.knobs as object) ?? {}), ...knobs };
  return resolveConfig(input, name);
}

/** A configuration file (as `--config FILE` reads it) resolved, with knobs overridden. */
export function configFromFile(path: string, knobs: Record<string, boolean | number> = {}): ResolvedConfig {
  const input = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  input.knobs = { ...((input.knobs as object) ?? {}), ...knobs };
  return resolveConfig(input, String(input.name ?? path));
}

/** The model without symmetry reduction (walks compare concrete states), or with it when the mechanism allows it (as the CLI runs it). */
export function modelFor(config: ResolvedConfig, mechanism: string, symmetry = false) {
  const m = builtinMechanism(mechanism);
  return createReplicationModel(config, m, { symmetry: symmetry && m.symmetric !== false });
}

const key = (a: unknown) => JSON.stringify(a);

/** Model random walk replayed in the engine; returns the first problem or undefined. */
export function modelWalkInEngine(config: ResolvedConfig, mechanism: string, seed: number, steps: number): string | undefined {
  const model = modelFor(config, mechanism);
  const engine = new ReferenceEngine(config, mechanism as EngineMechanism);
  const rand = prng(seed);
  let s = model.init()[0];
  let d = firstDifference(s, engine.view());
  if (d) return `init: ${jsonPath(d.path)}: model ${JSON.stringify(d.a)} engine ${JSON.stringify(d.b)}`;
  for (let k = 1; k <= steps; k++) {
    const acts = model.actions(s);
    if (!acts.length) return undefined;
    const act = acts[Math.floor(rand() * acts.length)];
    const json = model.actionToJson(act);
    const next = model.next(s, act);
    if (!next) continue;
    const refusal = engine.apply(json);
    if (refusal) return `step ${k} ${key(json)}: engine refused: ${refusal}`;
    s = next;
    d = firstDifference(s, engine.view());
    if (d) return `step ${k} ${key(json)}: ${jsonPath(d.path)}: model ${JSON.stringify(d.a)} engine ${JSON.stringify(d.b)}`;
  }
  return undefined;
}

/** Engine random schedule checked against the model: each step enabled there, same next view; also same enabled sets. */
export function engineWalkInModel(config: ResolvedConfig, mechanism: string, seed: number, steps: number, compareEnabled = true): string | undefined {
  const model = modelFor(config, mechanism);
  const engine = new ReferenceEngine(config, mechanism as EngineMechanism);
  const rand = prng(seed);
  let s = model.init()[0];
  for (let k = 1; k <= steps; k++) {
    const mine = engineEnabled(engine);
    const theirs = model.actions(s);
    const theirJson = new Map(theirs.map((a) => [key(model.actionToJson(a)), a]));
    if (compareEnabled) {
      const extra = mine.filter((a) => !theirJson.has(key(a)));
      const missing = [...theirJson.keys()].filter((j) => !mine.some((a) => key(a) === j));
      if (extra.length || missing.length) return `step ${k}: engine-only ${extra.map(key).join(' ')} | model-only ${missing.join(' ')}`;
    }
    if (!mine.length) return undefined;
    const a: ReplicationAction = mine[Math.floor(rand() * mine.length)];
    const act = theirJson.get(key(a));
    if (!act) return `step ${k}: ${key(a)} is not enabled in the model`;
    const next = model.next(s, act);
    const refusal = engine.apply(a);
    if (refusal) return `step ${k}: engine refused its own enabled action: ${refusal}`;
    if (!next) return `step ${k}: model treats ${key(a)} as a no-op`;
    s = next;
    const d = firstDifference(s, engine.view());
    if (d) return `step ${k} ${key(a)}: ${jsonPath(d.path)}: model ${JSON.stringify(d.a)} engine ${JSON.stringify(d.b)}`;
  }
  return undefined;
}

/**
 * A scripted run in both: each action must be enabled in the model (same JSON) and applied by the
 * engine, with the same next view; afterwards both must enable the same actions. Returns the
 * first problem or undefined.
 */
export function scriptInBoth(config: ResolvedConfig, mechanism: string, script: readonly ReplicationAction[]): string | undefined {
  const model = modelFor(config, mechanism);
  const engine = new ReferenceEngine(config, mechanism as EngineMechanism);
  let s = model.init()[0];
  for (const [k, a] of script.entries()) {
    const act = model.actions(s).find((x) => key(model.actionToJson(x)) === key(a));
    if (!act) return `step ${k + 1} ${key(a)}: not enabled in the model`;
    const next = model.next(s, act);
    if (!next) return `step ${k + 1} ${key(a)}: the model treats it as a no-op`;
    const refusal = engine.apply(a);
    if (refusal) return `step ${k + 1} ${key(a)}: engine refused: ${refusal}`;
    s = next;
    const d = firstDifference(s, engine.view());
    if (d) return `step ${k + 1} ${key(a)}: ${jsonPath(d.path)}: model ${JSON.stringify(d.a)} engine ${JSON.stringify(d.b)}`;
  }
  const mine = engineEnabled(engine).map(key).sort();
  const theirs = model.actions(s).map((a) => key(model.actionToJson(a))).sort();
  return key(mine) === key(theirs) ? undefined : `after the script: engine enables ${mine.join(' ')} | model enables ${theirs.join(' ')}`;
}

/** The engine with the property library attached, through the CLI's own wiring (bin/wiring.ts). */
export function wiredReference(): ReferenceEngineFactory {
  wireReplication();
  const factory = referenceEngineFor('replication');
  if (!factory) throw new Error('bin/wiring.ts registered no replication engine');
  return factory;
}

/**
 * The model's shortest counterexample of `property` (exhaustive; symmetry reduction and
 * `successors`, hence `ca-state:stable`, as the CLI sets them up)
 * as a trace, and its replay in the engine. Throws when the model finds no violation.
 */
export async function shortestCounterexampleReplay(mechanism: string, property: string, config: ResolvedConfig): Promise<{ trace: TraceFile; report: ReplayReport }> {
  const model = modelFor(config, mechanism, true);
  const successors = (s: ReplicationState) => model.actions(s).map((a) => ({ action: model.actionToJson(a), state: model.next(s, a) }));
  const props = replicationProperties({ index: model.topology.index, config, successors }).filter((p) => p.name === property);
  if (props.length !== 1) throw new Error(`no property ${property}`);
  const result = await exhaustive(model, props, { maxStates: 400_000 });
  const violated = result.properties.find((p) => p.status === 'violated');
  if (!violated) throw new Error(`${mechanism} does not violate ${property} on ${config.name}`);
  const trace = buildTrace({ model, meta: { config, mechanism }, mode: 'exhaustive' }, violated);
  return { trace, report: replayTrace(trace, wiredReference()) };
}
