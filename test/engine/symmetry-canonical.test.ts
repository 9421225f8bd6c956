// (Stop 29) A symmetry reduction given as `canonical` alone (no `permute`) is probed too: a
// property that tells interchangeable components apart, a canonical() that merges states which
// are not symmetric, and one that is not idempotent each turn the reduction off (with a warning
// naming the first disagreement), so the run explores the full space and gives its verdict.
// Each case passed wrongly (or found a longer counterexample) under the reduction before.
import { describe, expect, it } from 'vitest';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import { always } from '../../src/engine/property.ts';
import type { Model } from '../../src/engine/model.ts';
import type { ExhaustiveStats } from '../../src/engine/result.ts';
import { tokensModel } from './toy-models.ts';

const withCanonical = (canonical: (s: number[]) => number[]): Model<number[], number> => ({ ...tokensModel(false), canonical });
const states = (r: { stats: unknown }) => (r.stats as ExhaustiveStats).distinctStates;

describe('a symmetry reduction without permute is probed', () => {
  it('a sound reduction with symmetric properties stays on, with no warning', async () => {
    const r = await exhaustive(tokensModel(true), [always<number[]>('below-3', (s) => s.every((v) => v < 3))]);
    expect(r.outcome).toBe('pass');
    expect(states(r)).toBe(10);
    expect(r.warnings).toBeUndefined();
    expect(r.reductionOff).toBeUndefined();
  });

  it('a property that tells the tokens apart turns it off: the violation the reduction hid is found, shortest', async () => {
    // Sorted representatives never have token 0 raised alone, so under the reduction this passed.
    const alone = always<number[]>('not-token0-alone', (s) => !(s[0] > 0 && s[1] === 0 && s[2] === 0));
    const r = await exhaustive(tokensModel(true), [alone]);
    expect(r.outcome).toBe('violation');
    expect(r.properties[0].path).toHaveLength(2); // the initial state and bump(0)
    expect(states(r)).toBeLessThanOrEqual(27);
    expect(r.warnings?.[0]).toMatch(/^symmetry reduction turned off: property 'not-token0-alone' fails on the state after 'bump\(0\)' \(from a state at depth 0\) but holds on its canonical form: the property tells interchangeable components apart/);
  });

  it('a canonical() that merges every state into one is found on a short walk without the reduction', async () => {
    const r = await exhaustive(withCanonical(() => [0, 0, 0]), [always<number[]>('below-2', (s) => s.every((v) => v < 2))]);
    expect(r.warnings?.[0]).toMatch(/^symmetry reduction turned off: canonical\(\) renames .* to a state that enables \d actions instead of \d: it merges states that are not symmetric/);
    expect(r.outcome).toBe('violation');
    expect(r.properties[0].path).toHaveLength(3);
    expect(states(r)).toBeGreaterThan(1);
  });

  it('a canonical() that is not idempotent turns it off', async () => {
    const r = await exhaustive(withCanonical((s) => [s[1]!, s[2]!, s[0]!]), []);
    expect(r.warnings?.[0]).toMatch(/is not its own canonical form: canonical\(canonical\(s\)\) must equal canonical\(s\)/);
    expect(states(r)).toBe(27);
  });
});
