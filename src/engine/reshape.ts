/**
 * (Issue 17) States that crossed threads, rebuilt so the model's code sees its own object shapes.
 * A search worker (parallel-worker.ts) receives states as `v8.serialize` bytes. V8's deserializer
 * gives every object a hidden class of its own making (properties added one by one) and every
 * array holey, generic elements; the model builds records with object literals and packed
 * arrays. A few thousand such states make the inline caches of the model's and the properties'
 * hot code polymorphic for the rest of the run: on `medium`, round-tripping 5,000 of 500,000
 * states through `v8.serialize` on one thread cost 40% more CPU time (11.1 to 15.7 s), and it is
 * what made each search worker about 1.5 times slower per state than one thread.
 *
 * `JSON.parse` builds objects with the hidden classes of object literals with the same keys in
 * the same order, and packed arrays: the same shapes. A state is JSON data for the replication
 * model, but not for every model (Maps, classes, `undefined` values, -0, NaN), so the rebuilt
 * state is used only when it is the same tree (same keys, same primitive values by `Object.is`)
 * and encodes to the fingerprint the sender computed; otherwise the deserialized one is (its
 * shapes cost speed, not correctness).
 */
import type { StateHasher } from './fingerprint.ts';

/**
 * `s` (deserialized) rebuilt through JSON when that state fingerprints to (`lo`, `hi`); else `s`
 * when it does; else undefined (it does not survive serialisation).
 */
export function reshaped<S>(s: S, hasher: StateHasher<S, unknown>, lo: number, hi: number): S | undefined {
  let r: S | undefined;
  try {
    r = JSON.parse(JSON.stringify(s)) as S;
  } catch {
    r = undefined;
  }
  const fp = hasher.fingerprinter;
  if (r !== undefined && r !== null && sameTree(s, r)) {
    // The rebuilt state first: the model's code then never meets the deserialized objects.
    try {
      hasher.hashCanonical(r);
      if (fp.lo === lo && fp.hi === hi) return r;
    } catch {
      // Not a state this model can encode: keep the deserialized one.
    }
  }
  hasher.hashCanonical(s);
  return fp.lo === lo && fp.hi === hi ? s : undefined;
}

/** Whether `a` and `b` are the same tree of plain objects, arrays and primitives (`Object.is`). */
function sameTree(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null) return Object.is(a, b);
  if (typeof b !== 'object' || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!(i in a) || !sameTree(a[i], b[i])) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(a);
  if ((proto !== Object.prototype && proto !== null) || Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] !== kb[i] || !sameTree((a as Record<string, unknown>)[ka[i]], (b as Record<string, unknown>)[kb[i]])) return false;
  }
  return true;
}

/**
 * (Sweep 29a finding 3) Prototypes `v8.serialize` carries across threads: every other object
 * (a class instance, a subclass of Array, Map or Set) arrives as a plain record or array, without
 * its methods and getters, so a property reading a getter could answer differently on a worker
 * while the state still encodes to the same words.
 */
const KEPT_PROTOTYPES = new Set<unknown>([Object.prototype, null, Array.prototype, Map.prototype, Set.prototype, Date.prototype,
  RegExp.prototype, ArrayBuffer.prototype, DataView.prototype, Boolean.prototype, Number.prototype, String.prototype,
  ...[Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array,
    BigInt64Array, BigUint64Array].map((c) => c.prototype)]);

/** Deeper than this a state is not examined (a guard against cycles, which serialisation keeps). */
const MAX_DEPTH = 200;

/**
 * Why `states` would not survive serialisation to a worker with their behaviour intact (the first
 * object whose prototype serialisation drops, e.g. `an instance of Counter`), or undefined when
 * every object in them is plain data serialisation rebuilds as it was.
 */
export function lostInSerialisation(states: readonly unknown[]): string | undefined {
  for (const s of states) {
    const why = lost(s, 0);
    if (why !== undefined) return why;
  }
  return undefined;
}

function lost(x: unknown, depth: number): string | undefined {
  if (typeof x !== 'object' || x === null || depth > MAX_DEPTH) return undefined;
  const proto = Object.getPrototypeOf(x) as unknown;
  if (!KEPT_PROTOTYPES.has(proto)) {
    const name = (x.constructor as { name?: string } | undefined)?.name;
    return `a state holds ${name ? `an instance of ${name}` : 'an object with its own prototype'}, which serialisation to a worker (v8.serialize) turns into plain data without its methods and getters`;
  }
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      const why = lost(x[i], depth + 1);
      if (why !== undefined) return why;
    }
    return undefined;
  }
  if (x instanceof Map) {
    for (const [k, v] of x) {
      const why = lost(k, depth + 1) ?? lost(v, depth + 1);
      if (why !== undefined) return why;
    }
    return undefined;
  }
  if (x instanceof Set) {
    for (const v of x) {
      const why = lost(v, depth + 1);
      if (why !== undefined) return why;
    }
    return undefined;
  }
  if (proto !== Object.prototype && proto !== null) return undefined;
  for (const k in x) {
    const why = lost((x as Record<string, unknown>)[k], depth + 1);
    if (why !== undefined) return why;
  }
  return undefined;
}
