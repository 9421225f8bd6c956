/**
 * A structural diff of two JSON values, for "what did this step change": objects are compared key
 * by key (paths such as `nodes.mh1.flagT`), arrays as multisets (`+[mh1#1] -[mh2#1]`, or
 * `[a,b]->[b,a]` when only the order changed) unless they kept their length and at most half of
 * their places changed (then place by place: `pc[0] idle->flag`), anything else as `before->after`. `compact` is the
 * quote-free one-line JSON the renderers print values with.
 */

/** One changed place. */
export interface Change {
  /** Dotted path from the root (`nodes.mh1.flagT`). */
  path: string;
  /** `added`/`removed`: a key appeared or disappeared; `items`: array elements added or removed; `changed`: a new value. */
  kind: 'added' | 'removed' | 'items' | 'changed';
  before?: unknown;
  after?: unknown;
  /** For `items`: elements added and removed (multiset difference). */
  added?: unknown[];
  removed?: unknown[];
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Canonical JSON text of a value (object keys sorted), used as its identity in multisets. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObj(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'undefined';
}

/** Deep equality of JSON values (linear in their size). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (isObj(a)) {
    if (!isObj(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    for (const k of ka) if (!(k in b) || !jsonEqual(a[k], b[k])) return false;
    return true;
  }
  return false;
}

/** Elements of `a` not matched by an equal element of `b` (multiset difference), in `a`'s order. */
function minus(a: unknown[], b: unknown[]): unknown[] {
  const counts = new Map<string, number>();
  for (const x of b) counts.set(canonical(x), (counts.get(canonical(x)) ?? 0) + 1);
  const out: unknown[] = [];
  for (const x of a) {
    const k = canonical(x);
    const n = counts.get(k) ?? 0;
    if (n > 0) counts.set(k, n - 1);
    else out.push(x);
  }
  return out;
}

/** Places where two arrays of one length hold different values. */
function differing(a: unknown[], b: unknown[]): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) n++;
  return n;
}

/** The changes from `before` to `after`, in document order (keys of `before` first). */
export function diff(before: unknown, after: unknown, path = ''): Change[] {
  const out: Change[] = [];
  walk(before, after, path, out);
  return out;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function walk(a: unknown, b: unknown, path: string, out: Change[]): void {
  if (a === b) return;
  if (isObj(a) && isObj(b)) {
    for (const k of Object.keys(a)) {
      if (!(k in b)) out.push({ path: join(path, k), kind: 'removed', before: a[k] });
      else walk(a[k], b[k], join(path, k), out);
    }
    for (const k of Object.keys(b)) if (!(k in a)) out.push({ path: join(path, k), kind: 'added', after: b[k] });
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (jsonEqual(a, b)) return;
    const added = minus(b, a), removed = minus(a, b);
    if (added.length === 0 && removed.length === 0) out.push({ path, kind: 'changed', before: a, after: b });
    else if (a.length === b.length && differing(a, b) <= Math.max(1, a.length >> 1)) {
      // (Stop 29) A fixed-size array with a few places changed (one entry per process, say) is
      // compared place by place, so the report says which entry moved: `pc[0] idle->flag`.
      for (let i = 0; i < a.length; i++) walk(a[i], b[i], `${path}[${i}]`, out);
    } else out.push({ path, kind: 'items', added, removed });
    return;
  }
  if (!jsonEqual(a, b)) out.push({ path, kind: 'changed', before: a, after: b });
}

const BARE = /^[A-Za-z0-9_#/.:@+-]+$/;

/** One-line JSON without quotes around keys and simple strings: `{to:c1,updates:[mh1#1]}`. */
export function compact(v: unknown): string {
  if (typeof v === 'string') return BARE.test(v) ? v : JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(compact).join(',')}]`;
  if (isObj(v)) return `{${Object.entries(v).map(([k, x]) => `${BARE.test(k) ? k : JSON.stringify(k)}:${compact(x)}`).join(',')}}`;
  return JSON.stringify(v) ?? 'undefined';
}

/** A record without its empty arrays, empty objects, zeros, empty strings and nulls (for "added" summaries). */
export function withoutDefaults(v: unknown): unknown {
  if (!isObj(v)) return v;
  const o: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === 0 || x === '' || x === null || x === undefined) continue;
    if (Array.isArray(x) && x.length === 0) continue;
    if (isObj(x) && Object.keys(x).length === 0) continue;
    o[k] = x;
  }
  return o;
}

/** A change as text: `path +[a] -[b]`, `path a->b`, `path +{...}` (new key) or `path removed`. */
export function formatChange(c: Change): string {
  const where = c.path === '' ? '(state)' : c.path;
  switch (c.kind) {
    case 'added': return `${where} +${compact(withoutDefaults(c.after))}`;
    case 'removed': return `${where} removed`;
    case 'items': {
      const parts: string[] = [];
      if (c.added?.length) parts.push(`+${compact(c.added)}`);
      if (c.removed?.length) parts.push(`-${compact(c.removed)}`);
      return `${where} ${parts.join(' ')}`;
    }
    default: return `${where} ${compact(c.before)}->${compact(c.after)}`;
  }
}
