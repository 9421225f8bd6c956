/**
 * JSON paths for messages: `steps[3].state.nodes[0].order`, the notation schema errors and
 * replay divergences use to name a field. The root is written `$`.
 */

/** One path segment: an array index or an object key. */
export type PathSegment = number | string;

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Renders segments as a JSON path (`a.b[2]["odd key"]`); the empty path is `$`. */
export function jsonPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (IDENT.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out === '' ? '$' : out;
}

/** Converts an ajv / JSON-pointer instance path (`/steps/3/state`) to segments. */
export function pointerSegments(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

/** The first place where `a` and `b` differ (JSON values), or undefined when they are deeply equal. */
export function firstDifference(a: unknown, b: unknown, at: PathSegment[] = []): { path: PathSegment[]; a: unknown; b: unknown } | undefined {
  if (Object.is(a, b)) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const d = firstDifference(a[i], b[i], [...at, i]);
      if (d) return d;
    }
    if (a.length !== b.length) return { path: at, a, b };
    return undefined;
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !(k in a))];
    for (const k of keys) {
      const d = firstDifference(a[k], b[k], [...at, k]);
      if (d) return d;
    }
    return undefined;
  }
  return { path: at, a, b };
}

/** True for a plain JSON object (not an array, not null). */
export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A value for a one-line message: compact JSON, `absent` for a missing field. */
export function showValue(x: unknown): string {
  return x === undefined ? 'absent' : JSON.stringify(x);
}
