/**
 * States and actions as JSON, faithfully: a model's state may hold `Set`, `Map` and `bigint`
 * values (nested in any way), which plain `JSON.stringify` would write as `{}` or refuse. They are
 * written as the tagged values ITF uses (ADR-015): `{"#set": [...]}`, `{"#map": [[k, v], ...]}`
 * and `{"#bigint": "123"}`, and {@link fromJsonValue} reads them back identically. Typed arrays
 * are written as arrays of numbers. A value that JSON cannot carry (a function, a symbol, a
 * non-finite number, a class instance, a cycle) is refused with a {@link UnrepresentableValue}
 * naming its path, never written as a silent `{}`.
 *
 * A plain record whose only key is one of the three tags would be read back as that tag's value;
 * models should not use such records.
 */
import { UsageError } from '../src/engine/errors.ts';

/** The tags this encoding uses for values JSON has no form for. */
export const VALUE_TAGS = ['#set', '#map', '#bigint'] as const;

/** A state or action value that cannot be written; `path` is where it sits (`state.nodes[3].f`). */
export class UnrepresentableValue extends UsageError {
  readonly path: string;
  readonly what: string;

  constructor(path: string, what: string) {
    super(`cannot write ${path} to a trace: ${what} (use plain data: records, arrays, strings, finite numbers, booleans, null, Set, Map, bigint)`);
    this.path = path;
    this.what = what;
  }
}

function key(path: string, k: string | number): string {
  return typeof k === 'number' ? `${path}[${k}]` : /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`;
}

function isPlainRecord(x: object): boolean {
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * The JSON form of `x`, with Set, Map and bigint tagged; throws {@link UnrepresentableValue}
 * for anything else JSON cannot carry. `path` names the root in messages (default `state`).
 */
export function toJsonValue(x: unknown, path = 'state', seen: Set<object> = new Set()): unknown {
  switch (typeof x) {
    case 'string':
    case 'boolean':
      return x;
    case 'number':
      if (!Number.isFinite(x)) throw new UnrepresentableValue(path, `the number ${x} is not finite`);
      return x;
    case 'bigint':
      return { '#bigint': x.toString() };
    case 'undefined':
      return null;
    case 'function':
    case 'symbol':
      throw new UnrepresentableValue(path, `a ${typeof x} has no JSON form`);
  }
  if (x === null) return null;
  const o = x as object;
  if (seen.has(o)) throw new UnrepresentableValue(path, 'the value refers to itself (a cycle)');
  seen.add(o);
  try {
    if (Array.isArray(o)) return o.map((v, i) => toJsonValue(v, key(path, i), seen));
    if (ArrayBuffer.isView(o) && !(o instanceof DataView)) return Array.from(o as unknown as ArrayLike<number | bigint>, (v, i) => toJsonValue(v, key(path, i), seen));
    if (o instanceof Set) return { '#set': [...o].map((v, i) => toJsonValue(v, `${path}<set item ${i}>`, seen)) };
    if (o instanceof Map) {
      return { '#map': [...o].map(([k, v], i) => [toJsonValue(k, `${path}<map key ${i}>`, seen), toJsonValue(v, key(path, typeof k === 'string' ? k : `<key ${i}>`), seen)]) };
    }
    if (!isPlainRecord(o)) {
      const name = (o.constructor as { name?: string } | undefined)?.name ?? 'an object';
      throw new UnrepresentableValue(path, `an instance of ${name} is not plain data`);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) {
      if (v === undefined) continue;
      out[k] = toJsonValue(v, key(path, k), seen);
    }
    return out;
  } finally {
    seen.delete(o);
  }
}

/** True when `x` is a tagged value written by {@link toJsonValue}. */
export function isTaggedValue(x: unknown): x is { '#set': unknown[] } | { '#map': unknown[][] } | { '#bigint': string } {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const keys = Object.keys(x);
  if (keys.length !== 1) return false;
  const v = (x as Record<string, unknown>)[keys[0]];
  switch (keys[0]) {
    case '#set':
      return Array.isArray(v);
    case '#map':
      return Array.isArray(v) && v.every((p) => Array.isArray(p) && p.length === 2);
    case '#bigint':
      return typeof v === 'string' && /^-?[0-9]+$/.test(v);
    default:
      return false;
  }
}

/** The value {@link toJsonValue} encoded: tagged values become Set, Map and bigint again. */
export function fromJsonValue(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(fromJsonValue);
  if (typeof x !== 'object' || x === null) return x;
  if (isTaggedValue(x)) {
    if ('#set' in x) return new Set(x['#set'].map(fromJsonValue));
    if ('#map' in x) return new Map(x['#map'].map((p) => [fromJsonValue(p[0]), fromJsonValue(p[1])]));
    return BigInt(x['#bigint']);
  }
  return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, fromJsonValue(v)]));
}
