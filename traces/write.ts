/**
 * Building and writing trace files (format.ts). Building is pure (a TraceFile value from a
 * property result and what the run knew about its model); writing is atomic (a temporary file in
 * the target directory, then a rename) so a reader never sees half a trace. The two are separate
 * so validation can sit between them.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatAction, type Model } from '../src/engine/model.ts';
import type { CheckTarget } from '../src/engine/plugin.ts';
import type { PropertyResult } from '../src/engine/result.ts';
import { TRACE_FORMAT, TRACE_VERSION, type TraceFile, type TraceStep } from './format.ts';
import { toJsonValue } from './json-value.ts';
import { makeDir } from '../src/engine/make-dir.ts';

/** What a trace says about the run that produced it. */
export interface TraceOrigin<S, A> {
  model: Model<S, A>;
  meta: CheckTarget<S, A>['meta'];
  /** The model module file as the user gave it (`--model`), absent for the default model. */
  modelFile?: string;
  mode: 'exhaustive' | 'random';
  seed?: number;
  path?: string;
  /** The command that reproduces the trace. */
  reproduce?: string;
}

/** Builds the trace of a violated property's counterexample or a holding property's witness. */
export function buildTrace<S, A>(origin: TraceOrigin<S, A>, result: PropertyResult<S, A>): TraceFile {
  if (!result.path || result.status === 'incomplete') {
    throw new Error(`property ${result.name} has no ${result.status === 'incomplete' ? 'verdict' : 'path'} to write as a trace`);
  }
  const m = origin.model;
  const steps: TraceStep[] = result.path.map((step, index) => ({
    index,
    action: step.action === null ? null : toJsonValue(m.actionToJson ? m.actionToJson(step.action) : step.action, `steps[${index}].action`),
    label: step.action === null ? null : formatAction(m, step.action),
    state: toJsonValue(m.stateToJson ? m.stateToJson(step.state) : step.state, `steps[${index}].state`),
  }));
  // Built field by field so the JSON keys come out in the format's documented order.
  const t: Partial<TraceFile> = { format: TRACE_FORMAT, version: TRACE_VERSION, model: m.name };
  if (origin.modelFile !== undefined) t.modelFile = origin.modelFile;
  if (origin.meta.params !== undefined && Object.keys(origin.meta.params).length > 0) t.params = origin.meta.params;
  if (origin.meta.configName !== undefined) t.configName = origin.meta.configName;
  if (origin.meta.config !== undefined) t.config = origin.meta.config;
  if (origin.meta.mechanism !== undefined) t.mechanism = origin.meta.mechanism;
  if (origin.meta.mechanismPlugin !== undefined) t.mechanismPlugin = origin.meta.mechanismPlugin;
  t.mode = origin.mode;
  if (origin.seed !== undefined) t.seed = origin.seed;
  if (origin.path !== undefined) t.path = origin.path;
  t.property = { name: result.name, kind: result.kind };
  if (result.loop !== undefined) t.loop = result.loop;
  if (result.doomedAt !== undefined) t.doomedAt = result.doomedAt;
  if (result.stuck !== undefined) t.stuck = result.stuck;
  t.verdict = result.status === 'violated' ? 'violated' : 'holds';
  if (result.explanation) {
    const e = result.explanation;
    t.explanation = { facts: e.facts };
    if (e.replica !== undefined) t.explanation.replica = e.replica;
    if (e.updates !== undefined) t.explanation.updates = e.updates;
  }
  if (origin.reproduce !== undefined) t.reproduce = origin.reproduce;
  t.steps = steps;
  return t as TraceFile;
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');

/**
 * The file name of a model's trace for a property: `<model>-<property>.trace.json`, or with a
 * `tag` (see {@link traceTag}) `<model>-<property>-<tag>.trace.json` (unsafe characters replaced by `_`).
 */
export function traceFileName(model: string, property: string, tag?: string): string {
  return `${safe(model)}-${safe(property)}${tag ? `-${safe(tag)}` : ''}.trace.json`;
}

/**
 * A tag that keeps trace names of different runs apart: the command (`check`, `simulate`) and the
 * first 8 hex digits of the SHA-256 of the line that reproduces the trace (which holds the
 * selection, the property, the seed and path or the limits). Same run, same name; another
 * command, configuration, seed or path, another name.
 */
export function traceTag(command: string, reproduce: string): string {
  return `${command}-${createHash('sha256').update(reproduce).digest('hex').slice(0, 8)}`;
}

/** A user-chosen fixed trace name (`--trace-name NAME`) as a file name: `NAME.trace.json`, or `NAME-<property>.trace.json` when several traces are written. */
export function fixedTraceFileName(name: string, property: string, several: boolean): string {
  const base = name.replace(/\.trace\.json$/, '').replace(/\.json$/, '');
  return `${base}${several ? `-${safe(property)}` : ''}.trace.json`;
}

/** Serialises a trace exactly as it is written (two-space indentation, trailing newline). */
export function serializeTrace(trace: TraceFile): string {
  return JSON.stringify(trace, null, 2) + '\n';
}

/** Writes `trace` atomically into `dir` (created if needed); returns the file's path. */
export function writeTrace(dir: string, trace: TraceFile): string {
  makeDir(dir, '--out');
  const file = join(dir, traceFileName(trace.model, trace.property.name));
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, serializeTrace(trace));
  renameSync(tmp, file);
  return file;
}
