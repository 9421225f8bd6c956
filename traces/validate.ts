/**
 * Trace validation: the JSON Schema (`trace.schema.json`, checked with ajv) plus the structural
 * rules a schema cannot say (step indices, the initial step has no action, the replication view
 * has one entry per configured node). Errors are values: `{path, message}` with `path` a JSON path
 * such as `steps[3].state.nodes[0].connected`.
 */
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject } from 'ajv';
import type { TraceFile } from './format.ts';
import { isRecord, jsonPath, pointerSegments } from './jsonpath.ts';

const require = createRequire(import.meta.url);
/** The trace file's JSON Schema (draft-07). */
export const traceSchema: object = require('./trace.schema.json');

/** One validation error: where (JSON path) and what. */
export interface TraceError {
  path: string;
  message: string;
}

/** The outcome of validating a parsed JSON value as a trace. */
export type Validation = { ok: true; trace: TraceFile } | { ok: false; errors: TraceError[] };

let compiled: ReturnType<Ajv['compile']> | undefined;
function validator(): ReturnType<Ajv['compile']> {
  if (!compiled) compiled = new Ajv({ allErrors: true, strict: false }).compile(traceSchema);
  return compiled;
}

/** Formats an error as one line: `path: message`. */
export function formatTraceError(e: TraceError): string {
  return e.path === '' ? e.message : `${e.path}: ${e.message}`;
}

/** Turns ajv errors into path/message pairs, dropping the "must match then" echoes of nested failures. */
function fromAjv(errors: ErrorObject[]): TraceError[] {
  const out: TraceError[] = [];
  for (const e of errors) {
    if (e.keyword === 'if') continue;
    const segs = pointerSegments(e.instancePath);
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'required') {
      segs.push(String((e.params as { missingProperty: string }).missingProperty));
      message = 'is required';
    } else if (e.keyword === 'additionalProperties') {
      segs.push(String((e.params as { additionalProperty: string }).additionalProperty));
      message = 'is not allowed here';
    } else if (e.keyword === 'enum') {
      message = `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    } else if (e.keyword === 'const') {
      message = `must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
    }
    out.push({ path: jsonPath(segs), message });
  }
  const seen = new Set<string>();
  return out.filter((e) => {
    const k = formatTraceError(e);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Rules beyond the schema, checked once the schema holds. */
function structural(trace: TraceFile): TraceError[] {
  const errors: TraceError[] = [];
  trace.steps.forEach((step, i) => {
    if (step.index !== i) errors.push({ path: jsonPath(['steps', i, 'index']), message: `must be ${i} (its position)` });
    if (i === 0 && step.action !== null) errors.push({ path: jsonPath(['steps', 0, 'action']), message: 'must be null (the initial state)' });
    if (i > 0 && (step.action === null || step.action === undefined)) {
      errors.push({ path: jsonPath(['steps', i, 'action']), message: 'must be an action (only step 0 has none)' });
    }
  });
  // (Stop 29) A loop must name one of the trace's steps (a `loop: 99` on a 16-step trace replayed as reproduced).
  if (trace.loop !== undefined && trace.loop >= trace.steps.length) {
    errors.push({ path: jsonPath(['loop']), message: `must name a step of the trace (0 to ${trace.steps.length - 1}), not ${trace.loop}` });
  } else if (trace.loop !== undefined && trace.loop === trace.steps.length - 1) {
    // (Sweep 30e) A loop at the last step holds no step: replay left such a lasso unchecked and
    // called a forged `progress` counterexample reproduced.
    errors.push({ path: jsonPath(['loop']), message: `must name a step before the last (0 to ${trace.steps.length - 2}): a loop takes at least one step back to its start` });
  }
  const kind = (trace.property as { kind?: unknown } | undefined)?.kind;
  if (trace.loop !== undefined && kind !== undefined && kind !== 'eventually') {
    errors.push({ path: jsonPath(['loop']), message: `belongs to eventually (leads-to) counterexamples only; this trace's property is ${String(kind)}` });
  }
  if (trace.model === 'replication' && isRecord(trace.config)) {
    const c = trace.config as { zones: unknown[]; cells: unknown[]; hosts: unknown[]; objects: { items: unknown[] }[] };
    const nodes = 1 + c.zones.length + c.cells.length + c.hosts.length;
    const items = c.objects.reduce((n, o) => n + o.items.length, 0);
    trace.steps.forEach((step, i) => {
      const s = step.state as { nodes: { order: unknown[] }[] };
      if (s.nodes.length !== nodes) {
        errors.push({ path: jsonPath(['steps', i, 'state', 'nodes']), message: `must have ${nodes} entries (one per configured node), has ${s.nodes.length}` });
        return;
      }
      s.nodes.forEach((n, j) => {
        if (n.order.length !== items) {
          errors.push({ path: jsonPath(['steps', i, 'state', 'nodes', j, 'order']), message: `must have ${items} entries (one per item), has ${n.order.length}` });
        }
      });
    });
  }
  return errors;
}

/** Validates a parsed JSON value as a trace file. */
export function validateTrace(value: unknown): Validation {
  const validate = validator();
  if (!validate(value)) return { ok: false, errors: fromAjv(validate.errors ?? []) };
  const trace = value as TraceFile;
  const errors = structural(trace);
  return errors.length ? { ok: false, errors } : { ok: true, trace };
}
