// Faithful state serialisation (issue 15): Set, Map and bigint survive a trace, ITF and show;
// a value JSON cannot carry is a one-line error naming its path, never a silent {}.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromJsonValue, toJsonValue, UnrepresentableValue } from '../../traces/json-value.ts';
import { fromItf, toItf } from '../../traces/itf.ts';
import type { TraceFile } from '../../traces/format.ts';

/** Plain data with Sets, Maps and bigints nested in any way. */
const value = fc.letrec((tie) => ({
  leaf: fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null), fc.bigInt()),
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    tie('leaf'),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(fc.string().filter((k) => !k.startsWith('#') && k !== '__proto__'), tie('node'), { maxKeys: 4 }),
    fc.array(tie('node'), { maxLength: 4 }).map((xs) => new Set(xs)),
    fc.array(fc.tuple(tie('node'), tie('node')), { maxLength: 3 }).map((ps) => new Map(ps))),
})).node;

function trace(states: unknown[]): TraceFile {
  return {
    format: 'replcheck-trace', version: 1, model: 'user', mode: 'exhaustive',
    property: { name: 'p', kind: 'always' }, verdict: 'violated',
    steps: states.map((s, index) => ({ index, action: index === 0 ? null : { n: BigInt(index) }, label: index === 0 ? null : `step ${index}`, state: s })).map((st) => ({
      ...st, action: st.action === null ? null : toJsonValue(st.action, 'action'), state: toJsonValue(st.state),
    })),
  };
}

describe('trace values', () => {
  it('Set, Map and bigint round-trip through JSON text', () => {
    fc.assert(fc.property(value, (v) => {
      const text = JSON.stringify(toJsonValue(v));
      expect(fromJsonValue(JSON.parse(text))).toEqual(v);
    }), { numRuns: 300 });
  });

  it('a native trace round-trips through ITF identically, tags included', () => {
    fc.assert(fc.property(fc.array(value, { minLength: 1, maxLength: 3 }), (states) => {
      const t = JSON.parse(JSON.stringify(trace(states))) as TraceFile;
      const back = fromItf(JSON.parse(JSON.stringify(toItf(t))));
      expect(back.ok).toBe(true);
      if (back.ok) expect(back.trace).toEqual(t);
    }), { numRuns: 200 });
  });

  it('writes ITF #set, #map and #bigint for a model\'s own values', () => {
    const t = trace([{ s: new Set([1]), m: new Map([['k', 2n]]) }]);
    const itf = toItf(t);
    expect(itf.states[0].s).toEqual({ '#set': [{ '#bigint': '1' }] });
    expect(itf.states[0].m).toEqual({ '#map': [['k', { '#bigint': '2' }]] });
    expect((itf.states[0]['#meta'] as { tagged: string[] }).tagged).toEqual(['s', 'm', 'm["#map"][0][1]']);
  });

  it.each([
    ['a function', { f: () => 1 }, 'state.f'],
    ['a symbol', { a: [Symbol('x')] }, 'state.a[0]'],
    ['a class instance', { d: new Date(0) }, 'state.d'],
    ['a non-finite number', { n: Number.NaN }, 'state.n'],
  ])('refuses %s with its path', (_what, v, path) => {
    expect(() => toJsonValue(v)).toThrow(UnrepresentableValue);
    try {
      toJsonValue(v);
    } catch (e) {
      expect((e as Error).message).toContain(path);
      expect((e as Error).message).not.toContain('\n');
    }
  });

  it('refuses a cycle', () => {
    const o: Record<string, unknown> = {};
    o.self = o;
    expect(() => toJsonValue(o)).toThrow(/state\.self.*cycle/);
  });
});
