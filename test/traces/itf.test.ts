// ITF export/import: round trips are exact; the exported form follows ADR-015's encodings.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeValue, encodeValue, fromItf, toItf } from '../../traces/itf.ts';
import { validateTrace } from '../../traces/validate.ts';
import { traceArb } from './arbitrary.ts';

const json = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown);

describe('ITF', () => {
  it('export then import gives back the identical trace', () => {
    fc.assert(
      fc.property(traceArb, (t) => {
        const back = fromItf(JSON.parse(JSON.stringify(toItf(t))));
        expect(back.ok).toBe(true);
        if (back.ok) {
          expect(back.trace).toEqual(t);
          expect(JSON.stringify(back.trace)).toBe(JSON.stringify(t));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reads ITF\'s own loop: used when the header has none, refused when it names no state or disagrees with the header (stop 28)', () => {
    const t = { format: 'replcheck-trace' as const, version: 1 as const, model: 'other', mode: 'exhaustive' as const, property: { name: 'p', kind: 'eventually' as const }, verdict: 'violated' as const,
      loop: 1, steps: [0, 1, 2, 1].map((n, index) => ({ index, action: index ? { go: n } : null, label: index ? `go ${n}` : null, state: { n } })) };
    const itf = JSON.parse(JSON.stringify(toItf(t)));
    expect(itf.loop).toBe(1);
    const noHeader = structuredClone(itf);
    delete noHeader['#meta'].replcheck.loop;
    const read = fromItf(noHeader);
    expect(read.ok && read.trace.loop).toBe(1);
    for (const bad of [99, -1, 1.5]) {
      const r = fromItf({ ...noHeader, loop: bad });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors[0]).toMatchObject({ path: 'loop' });
    }
    const disagree = fromItf({ ...itf, loop: 2 });
    expect(!disagree.ok && disagree.errors[0].message).toMatch(/is 2 but #meta\.replcheck\.loop is 1/);
  });

  it('round-trips arbitrary JSON values (null, floats, #-keyed records)', () => {
    fc.assert(fc.property(json, (v) => { expect(decodeValue(JSON.parse(JSON.stringify(encodeValue(v, true))))).toEqual(v); }), { numRuns: 500 });
  });

  it('round-trips traces whose states are not records', () => {
    fc.assert(
      fc.property(fc.array(json, { minLength: 1, maxLength: 3 }), (states) => {
        const t = { format: 'replcheck-trace' as const, version: 1 as const, model: 'other', mode: 'random' as const, property: { name: 'p', kind: 'always' as const }, verdict: 'holds' as const,
          steps: states.map((state, index) => ({ index, action: index ? { go: index } : null, label: index ? `go ${index}` : null, state })) };
        const back = fromItf(JSON.parse(JSON.stringify(toItf(t))));
        expect(back.ok && back.trace).toEqual(t);
      }),
      { numRuns: 200 },
    );
  });

  it('(stop 30) round-trips a state with an own __proto__ key (fast-check found it in CI: the key was lost)', () => {
    const state = JSON.parse('{"__proto__":null,"x":1}') as Record<string, unknown>;
    const t = { format: 'replcheck-trace' as const, version: 1 as const, model: 'other', mode: 'random' as const, property: { name: 'p', kind: 'always' as const }, verdict: 'holds' as const,
      steps: [{ index: 0, action: null, label: null, state }] };
    const back = fromItf(JSON.parse(JSON.stringify(toItf(t))));
    expect(back.ok && back.trace).toEqual(t);
    expect(back.ok && Object.hasOwn(back.trace.steps[0]!.state as object, '__proto__')).toBe(true);
  });

  it('uses ITF encodings: #bigint for integers, #set for deps, option variants for actions', () => {
    const t = fc.sample(traceArb.filter((x) => x.steps.length > 1 && (x.steps[0].state as any).updates.length > 0), { numRuns: 1, seed: 3 })[0];
    const itf = toItf(t);
    expect(itf['#meta']?.format).toBe('ITF');
    expect(itf.vars).toEqual(['nodes', 'updates', 'instances', 'nextGid', 'reads', 'used', 'refused', 'mbt::actionTaken', 'action']);
    const s0 = itf.states[0] as any;
    expect(s0['#meta']).toEqual({ index: 0, label: null });
    expect(s0.nextGid).toEqual({ '#bigint': String((t.steps[0].state as any).nextGid) });
    expect(s0.updates[0].deps).toHaveProperty('#set');
    expect(s0.action).toEqual({ tag: 'None', value: { '#tup': [] } });
    expect(s0['mbt::actionTaken']).toBe('init');
    const s1 = itf.states[1] as any;
    expect(s1.action.tag).toBe('Some');
    expect(s1['mbt::actionTaken']).toBe((t.steps[1].action as any).type);
    // ADR-015: no plain JSON numbers anywhere in the states
    expect(JSON.stringify(itf.states.map(({ '#meta': _m, ...rest }) => rest))).not.toMatch(/:\s*-?\d/);
  });

  it('decodes #tup and #map written by other tools', () => {
    expect(decodeValue({ '#tup': [{ '#bigint': '1' }, 'a'] })).toEqual([1, 'a']);
    expect(decodeValue({ '#map': [['k', true]] })).toEqual({ k: true });
    expect(decodeValue({ '#map': [[{ '#bigint': '1' }, 'x']] })).toEqual([[1, 'x']]);
  });

  it('reports where an ITF document is wrong', () => {
    const t = fc.sample(traceArb, { numRuns: 1, seed: 5 })[0];
    const itf = JSON.parse(JSON.stringify(toItf(t)));
    itf.states[0].nextGid = { '#bigint': 'ten' };
    expect(fromItf(itf)).toEqual({ ok: false, errors: [{ path: 'states[0].nextGid', message: '#bigint must be a decimal string' }] });
    delete itf['#meta'].replcheck;
    expect(fromItf(itf).ok).toBe(false);
  });

  it('exported then imported traces still satisfy the schema', () => {
    fc.assert(fc.property(traceArb, (t) => {
      const back = fromItf(toItf(t));
      expect(back.ok && validateTrace(back.trace).ok).toBe(true);
    }), { numRuns: 50 });
  });
});

describe('(stop 29) an ITF document without vars', () => {
  it('is reported as an ITF trace missing vars, not as a native trace missing steps', async () => {
    const { traceFromJson } = await import('../../traces/read.ts');
    const { readFileSync } = await import('node:fs');
    const itf = JSON.parse(readFileSync(new URL('../../traces/corpus/arrival-order-causal.itf.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    expect(traceFromJson(itf).ok).toBe(true);
    delete itf.vars;
    const r = traceFromJson(itf);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0]).toMatchObject({ path: '$.vars', message: expect.stringMatching(/^an ITF trace needs "vars"/) });
  });
});
