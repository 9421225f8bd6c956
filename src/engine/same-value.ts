/**
 * (Stop 31) Where two values a model returned for the same input differ, for the check that
 * `actions` lists the same actions when called again (purity.ts). Deep and strict, except that a
 * function is compared by its source text and a symbol by its description: an action that
 * carries a closure or a symbol made anew on each call (`{ i, run: () => i }`) is the same action
 * (sweep 31d: such a model was refused). Class instances, Maps, Sets and the like are compared by
 * `util.isDeepStrictEqual`.
 */
import { isDeepStrictEqual } from 'node:util';

/** Nesting followed before the rest is compared strictly. */
const MAX_DEPTH = 16;

/**
 * Undefined when `a` and `b` are the same value (see the file header), else the path of the
 * first difference: `''` for the values themselves, `.field`, `[2]`, `.list.length`, ... (built
 * only on the way out of a difference: equal values cost no strings).
 */
export function differenceOf(a: unknown, b: unknown, depth = 0): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (typeof a === 'function' && typeof b === 'function') return String(a) === String(b) ? undefined : '';
  if (typeof a === 'symbol' && typeof b === 'symbol') return a.description === b.description ? undefined : '';
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || depth >= MAX_DEPTH) return isDeepStrictEqual(a, b) ? undefined : '';
  const proto = Object.getPrototypeOf(a) as unknown;
  if (proto !== Object.getPrototypeOf(b)) return '';
  if (Array.isArray(a)) {
    const y = b as unknown[];
    if (a.length !== y.length) return '.length';
    for (let i = 0; i < a.length; i++) {
      const d = differenceOf(a[i], y[i], depth + 1);
      if (d !== undefined) return `[${i}]${d}`;
    }
    return undefined;
  }
  if (proto !== Object.prototype && proto !== null) return isDeepStrictEqual(a, b) ? undefined : '';
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return ' (its fields)';
  for (const k of keys) {
    if (!Object.hasOwn(y, k)) return ' (its fields)';
    const d = differenceOf(x[k], y[k], depth + 1);
    if (d !== undefined) return `.${k}${d}`;
  }
  return undefined;
}
