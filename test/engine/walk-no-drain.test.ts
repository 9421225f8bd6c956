// (Sweep 30c, finding 3) `simulate` on a model without `isDrain`: its walks have no drain phase,
// so an `alwaysReachable` goal that fails where a walk happens to end, with a real step still
// enabled, is undecided (exit 3, saying why), not a violation. `check` reads every action as
// completing work there, and Peterson's "p0 can always enter" holds; simulate called the initial
// state doomed. A true dead end (no step left) is still a violation.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/engine/random.ts';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import { alwaysReachable, eventually } from '../../src/engine/property.ts';
import type { Model } from '../../src/engine/model.ts';

/** A counter mod 4 (a cycle) or, with `stop`, one that ends at 3; the goal is 2. */
const counter = (stop: boolean): Model<number, string> => ({
  name: 'counter',
  init: () => [0],
  actions: (s) => (stop && s === 3 ? [] : ['inc', 'stay']),
  next: (s, a) => (a === 'stay' ? s : (s + 1) % 4),
  encode: (s, out) => out.word(s),
  formatAction: (a) => a,
});
const two = alwaysReachable<number, string>('reach-2', (s) => s === 2);

describe('alwaysReachable in simulate without isDrain', () => {
  it('a walk ending off the goal with a step left is undecided: incomplete, not violated', async () => {
    expect((await exhaustive(counter(false), [two])).properties[0]!.status).toBe('holds');
    const r = await simulate(counter(false), [two], { runs: 30, seed: 1 });
    expect(r.properties[0]!.status).toBe('incomplete');
    expect(r.properties[0]!.reason).toMatch(/walks ended with actions still enabled and the goal not yet holding; the model declares no isDrain, so random walks do not drain towards the goal: check decides it exactly/);
    expect(r.outcome).toBe('incomplete');
  });

  it('a walk ending in a dead end off the goal is still a violation', async () => {
    expect((await exhaustive(counter(true), [two])).properties[0]!.status).toBe('violated');
    const r = await simulate(counter(true), [two], { runs: 30, seed: 1 });
    expect(r.properties[0]!.status).toBe('violated');
    expect(r.properties[0]!.path!.at(-1)!.state).toBe(3);
  });
});

describe('eventually in simulate without isDrain (sweep 30d)', () => {
  it('an undecided walk says that no walk drains, not "raise --drain-steps"', async () => {
    // A counter mod 4 whose steps are fair: the goal 2 is pending where walks end.
    const m: Model<number, string> = { ...counter(false), isFair: () => true };
    const r = await simulate(m, [eventually<number, string>('two', (s) => s === 2)], { runs: 30, seed: 1 });
    expect(r.properties[0]!.status).toBe('incomplete');
    expect(r.properties[0]!.reason).toMatch(/walks ended with fair actions still enabled and two not yet holding; the model declares no isDrain, so random walks do not drain towards the goal/);
  });
});
