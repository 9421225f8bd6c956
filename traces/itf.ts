/**
 * Export to and import from ITF, the Informal Trace Format of Apalache and Quint (ADR-015:
 * https://apalache-mc.org/docs/adr/015adr-trace.html), so replcheck traces open in ITF tools.
 *
 * Layout of an exported trace:
 * - `#meta`: `format: "ITF"`, `format-description`, `source` (the model), `description`, and
 *   `replcheck`: the trace header (every TraceFile field but `steps`), verbatim JSON;
 *   `replcheck-state`: `"vars"` when each state field is an ITF variable, `"single"` when the
 *   whole state is the one variable `state` (states that are not records with shared keys).
 * - `vars`: the state's fields, then `mbt::actionTaken` (the action's `type`, or `init`; the
 *   name Quint's model-based-testing traces use) and `action`.
 * - `states[i]`: `#meta: {index, label}`, the state's fields, `mbt::actionTaken`, and `action`
 *   as a Quint-style option variant: `{tag: "None", value: {"#tup": []}}` for the initial
 *   state, `{tag: "Some", value: <action>}` after.
 * - `loop` (lasso counterexamples of `eventually` properties): the trace's `loop`, the index of
 *   the state where the loop starts; the last state equals that state (the closing step is kept,
 *   so every state's `action` is the one that led to it).
 * Values: integers are `{"#bigint": "n"}` (ADR-015 allows no JSON numbers); lists stay JSON
 * arrays; the replication view's happens-before sets (`deps`) are `{"#set": [...]}` listed in
 * the trace's order; records with a key that starts with `#` become `{"#map": [[k, v], ...]}` so
 * they cannot be mistaken for a tagged value; `null` and numbers that are not safe integers, which
 * ITF cannot express, are `{"#unserializable": "<JSON>"}`. Import inverts all of this exactly, and also
 * decodes `#tup` (to an array) and `#map` with non-string keys (to an array of pairs).
 */
import type { TraceFile, TraceStep } from './format.ts';
import { isRecord, jsonPath, type PathSegment } from './jsonpath.ts';
import type { TraceError } from './validate.ts';
import { isTaggedValue } from './json-value.ts';

/** An ITF trace (ADR-015). */
export interface ItfTrace {
  '#meta'?: Record<string, unknown>;
  params?: string[];
  vars: string[];
  states: Record<string, unknown>[];
  loop?: number;
}

const ACTION_VAR = 'action';
const TAKEN_VAR = 'mbt::actionTaken';
/** Field names whose arrays are sets in the replication view (exported as `#set`). */
const SET_FIELDS = new Set(['deps']);
const NONE = { tag: 'None', value: { '#tup': [] } };

/**
 * Encodes a JSON value as an ITF value. `sets` turns arrays under SET_FIELDS keys into `#set`.
 * A model's own Set, Map and bigint values (tagged in the native trace, see json-value.ts) become
 * ITF's `#set`, `#map` and `#bigint`; their paths (relative to the ITF state record, from `at`)
 * are collected in `tagged` so import can tell them from integers and records.
 */
export function encodeValue(x: unknown, sets = false, key?: string, at: PathSegment[] = [], tagged?: string[]): unknown {
  if (tagged !== undefined && isTaggedValue(x)) {
    tagged.push(jsonPath(at));
    if ('#set' in x) return { '#set': x['#set'].map((v, i) => encodeValue(v, sets, undefined, [...at, '#set', i], tagged)) };
    if ('#map' in x) return { '#map': x['#map'].map((p, i) => [encodeValue(p[0], sets, undefined, [...at, '#map', i, 0], tagged), encodeValue(p[1], sets, undefined, [...at, '#map', i, 1], tagged)]) };
    return { '#bigint': x['#bigint'] };
  }
  if (typeof x === 'number') return Number.isSafeInteger(x) ? { '#bigint': String(x) } : { '#unserializable': JSON.stringify(x) };
  if (typeof x === 'string' || typeof x === 'boolean') return x;
  if (x === null) return { '#unserializable': 'null' };
  if (Array.isArray(x)) {
    const asSet = sets && key !== undefined && SET_FIELDS.has(key);
    const items = x.map((v, i) => encodeValue(v, sets, undefined, asSet ? [...at, '#set', i] : [...at, i], tagged));
    return asSet ? { '#set': items } : items;
  }
  if (isRecord(x)) {
    const keys = Object.keys(x);
    if (keys.some((k) => k.startsWith('#'))) return { '#map': keys.map((k, i) => [k, encodeValue(x[k], sets, k, [...at, '#map', i, 1], tagged)]) };
    return Object.fromEntries(keys.map((k) => [k, encodeValue(x[k], sets, k, [...at, k], tagged)]));
  }
  throw new Error(`cannot encode ${typeof x} in ITF`);
}

/** Thrown by {@link decodeValue} with the path of the offending value. */
class ItfDecodeError extends Error {
  readonly at: PathSegment[];

  constructor(at: PathSegment[], message: string) {
    super(message);
    this.at = at;
  }
}

/**
 * Decodes an ITF value to JSON (the inverse of {@link encodeValue}). `tagged` holds the paths
 * (relative to the state record: `at` without its first `skip` segments) of a model's own Set,
 * Map and bigint values, which decode to the native trace's tagged form.
 */
export function decodeValue(x: unknown, at: PathSegment[] = [], tagged?: ReadonlySet<string>, skip = 2): unknown {
  if (tagged !== undefined && tagged.size > 0 && isRecord(x) && tagged.has(jsonPath(at.slice(skip)))) {
    const keys = Object.keys(x);
    const v = x[keys[0]];
    if (keys.length === 1 && keys[0] === '#bigint' && typeof v === 'string' && /^-?[0-9]+$/.test(v)) return { '#bigint': v };
    if (keys.length === 1 && keys[0] === '#set' && Array.isArray(v)) return { '#set': v.map((e, i) => decodeValue(e, [...at, '#set', i], tagged, skip)) };
    if (keys.length === 1 && keys[0] === '#map' && Array.isArray(v) && v.every((p) => Array.isArray(p) && p.length === 2)) {
      return { '#map': (v as unknown[][]).map((p, i) => [decodeValue(p[0], [...at, '#map', i, 0], tagged, skip), decodeValue(p[1], [...at, '#map', i, 1], tagged, skip)]) };
    }
    throw new ItfDecodeError(at, 'is listed in #meta.tagged but is not an ITF #set, #map or #bigint');
  }
  if (typeof x === 'string' || typeof x === 'boolean') return x;
  if (typeof x === 'number') {
    if (!Number.isInteger(x)) throw new ItfDecodeError(at, 'a plain JSON number must be an integer');
    return x; // pre-2023 ITF wrote small integers as plain numbers
  }
  if (Array.isArray(x)) return x.map((v, i) => decodeValue(v, [...at, i], tagged, skip));
  if (!isRecord(x)) throw new ItfDecodeError(at, `is not an ITF value (${x === null ? 'null' : typeof x})`);
  const keys = Object.keys(x);
  if (keys.length === 1 && keys[0].startsWith('#')) {
    const v = x[keys[0]];
    switch (keys[0]) {
      case '#bigint': {
        if (typeof v !== 'string' || !/^-?[0-9]+$/.test(v)) throw new ItfDecodeError(at, '#bigint must be a decimal string');
        const n = Number(v);
        if (!Number.isSafeInteger(n)) throw new ItfDecodeError(at, `#bigint ${v} is outside the safe integer range`);
        return n;
      }
      case '#set':
      case '#tup':
        if (!Array.isArray(v)) throw new ItfDecodeError(at, `${keys[0]} must hold an array`);
        return v.map((e, i) => decodeValue(e, [...at, keys[0], i], tagged, skip));
      case '#map': {
        if (!Array.isArray(v) || !v.every((p) => Array.isArray(p) && p.length === 2)) throw new ItfDecodeError(at, '#map must hold [key, value] pairs');
        const pairs = (v as unknown[][]).map((p, i) => [decodeValue(p[0], [...at, '#map', i, 0], tagged, skip), decodeValue(p[1], [...at, '#map', i, 1], tagged, skip)]);
        return pairs.every((p) => typeof p[0] === 'string') ? Object.fromEntries(pairs) : pairs;
      }
      case '#unserializable':
        if (typeof v !== 'string') throw new ItfDecodeError(at, '#unserializable must hold a string');
        try {
          return JSON.parse(v);
        } catch {
          throw new ItfDecodeError(at, `#unserializable ${JSON.stringify(v)} is not a value replcheck wrote`);
        }
      default:
        throw new ItfDecodeError(at, `unknown ITF tag ${keys[0]}`);
    }
  }
  return Object.fromEntries(keys.map((k) => [k, decodeValue(x[k], [...at, k], tagged, skip)]));
}

/** True when every state is a record and they all have the same keys, none clashing with ours. */
function statesAsVars(steps: TraceStep[]): string[] | undefined {
  const first = steps[0]?.state;
  if (!isRecord(first)) return undefined;
  const keys = Object.keys(first);
  if (keys.includes(ACTION_VAR) || keys.includes(TAKEN_VAR) || keys.some((k) => k.startsWith('#'))) return undefined;
  const same = steps.every((s) => isRecord(s.state) && Object.keys(s.state).length === keys.length && keys.every((k) => k in (s.state as object)));
  return same ? keys : undefined;
}

/** The `mbt::actionTaken` name of an action. */
function actionTaken(action: unknown): string {
  if (action === null) return 'init';
  return isRecord(action) && typeof action.type === 'string' ? action.type : 'step';
}

/** Exports a trace as ITF. */
export function toItf(trace: TraceFile): ItfTrace {
  const { steps, ...header } = trace;
  const stateVars = statesAsVars(steps);
  const sets = trace.model === 'replication';
  const vars = [...(stateVars ?? ['state']), TAKEN_VAR, ACTION_VAR];
  const states = steps.map((step) => {
    const tagged: string[] = [];
    const meta: Record<string, unknown> = { index: step.index, label: step.label };
    const out: Record<string, unknown> = { '#meta': meta };
    // An own property even for `__proto__` (assignment would set the prototype: the key was lost).
    if (stateVars) {
      for (const k of stateVars) {
        Object.defineProperty(out, k, { value: encodeValue((step.state as Record<string, unknown>)[k], sets, k, [k], tagged), enumerable: true, writable: true, configurable: true });
      }
    }
    else out.state = encodeValue(step.state, sets, undefined, ['state'], tagged);
    out[TAKEN_VAR] = actionTaken(step.action);
    out[ACTION_VAR] = step.action === null ? NONE : { tag: 'Some', value: encodeValue(step.action, sets, undefined, [ACTION_VAR, 'value'], tagged) };
    if (tagged.length > 0) meta.tagged = tagged;
    return out;
  });
  const itf: ItfTrace = {
    '#meta': {
      format: 'ITF',
      'format-description': 'https://apalache-mc.org/docs/adr/015adr-trace.html',
      source: trace.modelFile ?? trace.model,
      description: `replcheck ${trace.mode} trace: ${trace.property.kind} ${trace.property.name} ${trace.verdict}`,
      replcheck: header,
      'replcheck-state': stateVars ? 'vars' : 'single',
    },
    vars,
    states,
  };
  if (trace.loop !== undefined) itf.loop = trace.loop;
  return itf;
}

/** True when a parsed JSON value looks like an ITF trace rather than a native one. */
export function isItf(x: unknown): boolean {
  return isRecord(x) && Array.isArray(x.states) && Array.isArray(x.vars) && !('steps' in x);
}

/** Imports an ITF trace written by {@link toItf}; errors carry JSON paths into the ITF document. */
export function fromItf(x: unknown): { ok: true; trace: TraceFile } | { ok: false; errors: TraceError[] } {
  const err = (at: PathSegment[], message: string) => ({ ok: false as const, errors: [{ path: jsonPath(at), message }] });
  if (!isItf(x)) return err([], 'is not an ITF trace (needs vars and states)');
  const itf = x as unknown as ItfTrace;
  const meta = itf['#meta'];
  if (!isRecord(meta) || !isRecord(meta.replcheck)) return err(['#meta', 'replcheck'], 'is required (the trace header; this ITF file was not written by replcheck)');
  const single = meta['replcheck-state'] === 'single';
  const stateVars = single ? ['state'] : itf.vars.filter((v) => v !== ACTION_VAR && v !== TAKEN_VAR);
  const steps: TraceStep[] = [];
  try {
    itf.states.forEach((s, i) => {
      if (!isRecord(s)) throw new ItfDecodeError(['states', i], 'must be a record of variables');
      const sm = isRecord(s['#meta']) ? s['#meta'] : {};
      for (const v of [...stateVars, ACTION_VAR]) if (!(v in s)) throw new ItfDecodeError(['states', i, v], 'is required (listed in vars)');
      const tagged = Array.isArray(sm.tagged) ? new Set(sm.tagged.filter((t): t is string => typeof t === 'string')) : undefined;
      const state = single
        ? decodeValue(s.state, ['states', i, 'state'], tagged)
        : Object.fromEntries(stateVars.map((v) => [v, decodeValue(s[v], ['states', i, v], tagged)]));
      const a = s[ACTION_VAR];
      if (!isRecord(a) || (a.tag !== 'None' && a.tag !== 'Some')) throw new ItfDecodeError(['states', i, ACTION_VAR], 'must be an option variant (tag None or Some)');
      const action = a.tag === 'None' ? null : decodeValue(a.value, ['states', i, ACTION_VAR, 'value'], tagged);
      const index = typeof sm.index === 'number' ? sm.index : i;
      const label = typeof sm.label === 'string' ? sm.label : null;
      steps.push({ index, action, label, state });
    });
  } catch (e) {
    if (e instanceof ItfDecodeError) return err(e.at, e.message);
    throw e;
  }
  // (Stop 28) ITF's own `loop` (the index of the state the lasso returns to) is what other ITF
  // tools read and write: it must name a state, agree with the header's copy, and wins over it.
  const header = meta.replcheck as Omit<TraceFile, 'steps'>;
  if (itf.loop !== undefined) {
    if (!Number.isInteger(itf.loop) || itf.loop < 0 || itf.loop >= steps.length) {
      return err(['loop'], `must be the index of a state of the lasso (0 to ${steps.length - 1}), got ${JSON.stringify(itf.loop)}`);
    }
    if (header.loop !== undefined && header.loop !== itf.loop) {
      return err(['loop'], `is ${itf.loop} but #meta.replcheck.loop is ${JSON.stringify(header.loop)}: they must name the same state (remove one)`);
    }
    return { ok: true, trace: { ...header, loop: itf.loop, steps } };
  }
  return { ok: true, trace: { ...header, steps } };
}
