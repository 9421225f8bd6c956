/**
 * The `--json` report: exactly one object on stdout (issue 2's contract; its JSON Schema is
 * schemas/check.schema.json or schemas/simulate.schema.json). Fields are only ever added, never
 * renamed: `schemaVersion` (schema-version.ts), `result`, `properties[{name, kind, status, length, traceFile, htmlFile,
 * witnesses, vacuous, never, antecedent}]`,
 * `stats`, `violation` (with `traceFile`, `htmlFile`, `steps` (action labels, null for the
 * initial state) and `traceError` when the trace could not be written), `reproduce`, plus `mode`, `model`,
 * `modelFile`, `configName`, `mechanism`, `params` and `exitCode`.
 */
import type { PropertyResult, RunResult } from '../engine/result.ts';
import { formatAction } from '../engine/model.ts';
import type { Prepared } from './selection.ts';
import { JSON_SCHEMA_VERSION } from './schema-version.ts';

/** What the run produced besides its RunResult. */
export interface RunReport {
  /** Trace file per property name (as shown: relative to the working directory when inside it). */
  traceFiles: Map<string, string>;
  /** HTML report per property name (written next to its trace), when it could be written. */
  htmlFiles?: Map<string, string>;
  /** Per property name: why its trace could not be written (then it has no trace or HTML file). */
  traceErrors?: Map<string, string>;
  /** The violation to lead with, if any. */
  main?: PropertyResult<unknown, unknown>;
  /** Paste-back command for the main violation (or for the whole run when none). */
  reproduce: string;
  exitCode: number;
}

/** Steps in a property's path (its counterexample or witness), or null without one. */
export function pathLength(r: PropertyResult<unknown, unknown>): number | null {
  return r.path ? r.path.length - 1 : null;
}

/** One property's entry in `properties`. */
function propertyJson(r: PropertyResult<unknown, unknown>, rep: RunReport): Record<string, unknown> {
  const o: Record<string, unknown> = { name: r.name, kind: r.kind, status: r.status };
  if (r.promised === false) o.promised = false;
  if (r.status === 'violated') {
    o.length = pathLength(r);
    if (r.loop !== undefined) o.loop = r.loop;
    o.traceFile = rep.traceFiles.get(r.name) ?? null;
    if (rep.htmlFiles?.has(r.name)) o.htmlFile = rep.htmlFiles.get(r.name);
    if (rep.traceErrors?.has(r.name)) o.traceError = rep.traceErrors.get(r.name);
    if (r.explanation?.replica !== undefined) o.replica = r.explanation.replica;
    if (r.explanation) o.facts = r.explanation.facts;
    if (r.doomedAt !== undefined) o.doomedAt = r.doomedAt;
    if (r.stuck !== undefined) o.stuck = r.stuck;
  } else if (r.status === 'holds' && r.path) {
    o.witnessLength = pathLength(r);
  } else if (r.status === 'incomplete' && r.reason) {
    o.reason = r.reason;
  }
  if (r.witnesses !== undefined) o.witnesses = r.witnesses;
  if (r.vacuous !== undefined) o.vacuous = r.vacuous;
  if (r.vacuous && r.never !== undefined) o.never = r.never;
  if (r.antecedent !== undefined) o.antecedent = r.antecedent;
  return o;
}

/**
 * The parameters the run actually used: the target's, except that (issue 11) a symmetry
 * reduction the run turned off and restarted without is reported as `off (restarted: <why>)`;
 * (issue 17) plus `workers`, the worker threads of a `check` or `simulate` run (not in the text
 * report's params line: its header says how many workers the run may use).
 */
export function runParams(p: Prepared, result: RunResult<unknown, unknown>, withWorkers = true): Record<string, string> {
  const params = p.target.meta.params ?? p.selection.params;
  // (Issue 17) The worker threads the run used, or `1 (<why>)` when it ran on one thread anyway.
  const workers = withWorkers ? result.workers ?? p.workers : undefined;
  const all = workers === undefined ? params : { ...params, workers };
  const key = p.target.meta.reductionParam;
  if (result.reductionOff === undefined) return all;
  // (Sweep 30d) A model that names no parameter for its reduction: the report said nothing of it
  // but the warning; `symmetry` says it (unless the model has a parameter of that name).
  if (key === undefined || !(key in params)) return 'symmetry' in all ? all : { ...all, symmetry: `off (restarted: ${result.reductionOff})` };
  return { ...all, [key]: `off (restarted: ${result.reductionOff})` };
}

/** Builds the `--json` object. */
export function jsonReport(p: Prepared, result: RunResult<unknown, unknown>, rep: RunReport): Record<string, unknown> {
  const meta = p.target.meta;
  const o: Record<string, unknown> = { schemaVersion: JSON_SCHEMA_VERSION, result: result.outcome, mode: result.mode, model: p.target.model.name };
  if (p.source.given !== undefined) o.modelFile = p.source.given;
  if (meta.configName !== undefined || p.selection.config !== undefined) o.configName = meta.configName ?? p.selection.config;
  if (meta.mechanism !== undefined || p.selection.mechanism !== undefined) o.mechanism = meta.mechanism ?? p.selection.mechanism;
  o.params = runParams(p, result);
  o.properties = result.properties.map((r) => propertyJson(r, rep));
  o.stats = result.stats;
  if (result.warnings?.length) o.warnings = result.warnings;
  if (result.metrics) o.metrics = result.metrics;
  if (rep.main) {
    const r = rep.main;
    const v: Record<string, unknown> = { property: r.name, kind: r.kind, traceFile: rep.traceFiles.get(r.name) ?? null, length: pathLength(r) };
    if (r.loop !== undefined) v.loop = r.loop;
    if (rep.htmlFiles?.has(r.name)) v.htmlFile = rep.htmlFiles.get(r.name);
    if (rep.traceErrors?.has(r.name)) v.traceError = rep.traceErrors.get(r.name);
    if (r.path) v.steps = r.path.map((s) => (s.action === null ? null : formatAction(p.target.model, s.action)));
    if (r.explanation?.replica !== undefined) v.replica = r.explanation.replica;
    if (r.explanation) v.facts = r.explanation.facts;
    if (r.explanation?.updates !== undefined) v.updates = r.explanation.updates;
    if (r.doomedAt !== undefined) v.doomedAt = r.doomedAt;
    if (r.stuck !== undefined) v.stuck = r.stuck;
    o.violation = v;
  }
  o.reproduce = rep.reproduce;
  o.exitCode = rep.exitCode;
  return o;
}
