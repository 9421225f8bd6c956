// TwoPhase: state counts against an independent naive enumeration, properties, the broken TM, params.
import { describe, expect, it } from 'vitest';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import type { ExhaustiveStats } from '../../src/engine/result.ts';
import { UsageError } from '../../src/engine/errors.ts';
import { isModelModule } from '../../src/engine/plugin.ts';
import twoPhase, { createTwoPhase, twoPhaseModel, twoPhaseToJson } from '../../examples/two-phase.ts';
import { naiveEnumerate, naiveKey, type NaiveTwoPhase } from './two-phase-brute.ts';

const target = (rms: number, extra: Record<string, string> = {}) => createTwoPhase({ params: { rms: String(rms), ...extra } });
const count = async (rms: number, extra: Record<string, string> = {}) =>
  ((await exhaustive(target(rms, extra).model, [])).stats as ExhaustiveStats).distinctStates;

/** The naive state's symmetry class: the sorted per-RM facts plus the TM's state. */
function naiveClass(s: NaiveTwoPhase): string {
  const rows = Object.keys(s.rmState).map((rm) =>
    `${s.rmState[rm]}/${s.msgs.some((m) => m.rm === rm)}/${s.tmPrepared.includes(rm)}`).sort();
  return `${s.tmState}|${rows.join(',')}`;
}

describe('two-phase state space', () => {
  // Pinned, and recomputed by the independent enumeration below (TLC reports the same figures).
  const pinned = [12, 56, 288, 1568, 8832];
  for (let n = 1; n <= pinned.length; n++) {
    it(`has ${pinned[n - 1]} distinct states with ${n} RMs, as the naive enumeration`, async () => {
      const naive = naiveEnumerate(n).states.size;
      expect(naive).toBe(pinned[n - 1]);
      expect(await count(n)).toBe(naive);
    });
  }

  it('has the same states as the spec, state for state (3 RMs)', () => {
    const model = twoPhaseModel({ rms: 3 });
    const seen = new Set<number>(model.init());
    const queue = [...seen];
    while (queue.length > 0) {
      const s = queue.pop() as number;
      for (const a of model.actions(s)) {
        const t = model.next(s, a) as number;
        expect(t).not.toBe(s); // no stuttering step is listed
        if (!seen.has(t)) { seen.add(t); queue.push(t); }
      }
    }
    const ours = new Set([...seen].map((s) => naiveKey(twoPhaseToJson(s, 3) as NaiveTwoPhase)));
    expect(ours).toEqual(new Set(naiveEnumerate(3).states.keys()));
  });

  it('with symmetry, counts the classes of states under permutations of RMs', async () => {
    for (const n of [3, 4]) {
      const classes = new Set([...naiveEnumerate(n).states.values()].map(naiveClass));
      expect(await count(n, { symmetry: 'true' })).toBe(classes.size);
    }
  });
});

describe('two-phase properties', () => {
  it('the correct TM is consistent, can commit and can always decide', async () => {
    const { model, properties } = target(3);
    const r = await exhaustive(model, properties);
    expect(r.outcome).toBe('pass');
    expect(r.properties.map((p) => [p.name, p.status])).toEqual([['consistent', 'holds'], ['committed', 'holds'], ['decided', 'holds']]);
    const { states, depth } = naiveEnumerate(3);
    const shortest = Math.min(...[...states].filter(([, s]) => Object.values(s.rmState).every((v) => v === 'committed')).map(([k]) => depth.get(k) as number));
    expect((r.properties[1].path?.length ?? 0) - 1).toBe(shortest);
  });

  it('the eager TM is refuted by a shortest, replayable counterexample', async () => {
    const { model, properties } = target(3, { variant: 'eager-commit' });
    const r = await exhaustive(model, properties.filter((p) => p.name === 'consistent'));
    expect(r.outcome).toBe('violation');
    const path = r.properties[0].path ?? [];
    const { states, depth } = naiveEnumerate(3, true);
    const bad = [...states].filter(([, s]) => {
      const v = Object.values(s.rmState);
      return v.includes('committed') && v.includes('aborted');
    });
    expect(path.length - 1).toBe(Math.min(...bad.map(([k]) => depth.get(k) as number)));
    for (let k = 1; k < path.length; k++) expect(model.next(path[k - 1].state, path[k].action as number)).toBe(path[k].state);
    const last = twoPhaseToJson(path[path.length - 1].state, 3) as NaiveTwoPhase;
    expect(Object.values(last.rmState)).toContain('committed');
    expect(Object.values(last.rmState)).toContain('aborted');
    expect(r.properties[0].explanation?.facts.join(' ')).toMatch(/committed.*aborted/);
  });

  it('the eager TM is correct with one RM (one prepared RM is then all of them)', async () => {
    const { model, properties } = target(1, { variant: 'eager-commit' });
    const r = await exhaustive(model, properties);
    expect(r.outcome).toBe('pass');
    expect((r.stats as ExhaustiveStats).distinctStates).toBe(12);
  });
});

describe('two-phase module', () => {
  it('is a model module with documented params', () => {
    expect(isModelModule(twoPhase)).toBe(true);
    expect(Object.keys(twoPhase.params ?? {})).toEqual(['rms', 'variant', 'symmetry']);
    expect(twoPhase.params?.rms.default).toBe('3');
  });

  it('rejects bad params with a usage error naming the fix', () => {
    for (const bad of ['x', '0', '13', '2.5', '']) {
      expect(() => target(bad as unknown as number)).toThrow(new UsageError(`--param rms must be an integer from 1 to 12 (got '${bad}')`));
    }
    expect(() => target(2, { variant: 'lazy' })).toThrow(UsageError);
    expect(() => target(2, { symmetry: 'yes' })).toThrow(UsageError);
  });

  it('formats actions and states in the spec terms', () => {
    const model = twoPhaseModel({ rms: 2 });
    const names = model.actions(0).map((a) => model.formatAction?.(a));
    expect(names).toEqual(['TMAbort', 'RMPrepare(rm1)', 'RMChooseToAbort(rm1)', 'RMPrepare(rm2)', 'RMChooseToAbort(rm2)']);
    const s = model.next(0, model.actions(0)[1]) as number;
    expect(twoPhaseToJson(s, 2)).toEqual({ rmState: { rm1: 'prepared', rm2: 'working' }, tmState: 'init', tmPrepared: [], msgs: [{ type: 'Prepared', rm: 'rm1' }] });
  });

  it('packs states of 12 RMs exactly (fields above bit 32)', async () => {
    const model = twoPhaseModel({ rms: 12 });
    let s = 0;
    for (let step = 0; step < 12; step++) s = model.next(s, 3 * 16 + step) as number; // RMPrepare(rm1..rm12)
    const json = twoPhaseToJson(s, 12) as NaiveTwoPhase;
    expect(Object.values(json.rmState)).toEqual(new Array(12).fill('prepared'));
    expect(json.msgs).toHaveLength(12);
    expect(json.tmState).toBe('init');
  });
});
