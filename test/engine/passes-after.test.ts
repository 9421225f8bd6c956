// (Issue 17) Property.passesAfter in the exhaustive search: the tracker asks it about each new
// state with the step that made it (from a state every undecided property passed) and calls
// `check` only when it does not answer true; the verdicts, the first violation and its
// explanation are those of `check` on the stored state.
import { describe, expect, it } from 'vitest';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import { always } from '../../src/engine/property.ts';
import { gridModel } from './toy-models.ts';

describe('passesAfter in the exhaustive search', () => {
  it('is asked about every new state but the initial one, with a source that passed; check runs only where it declines', async () => {
    const asked: string[] = [];
    let checks = 0;
    const p = always<[number, number], 'R' | 'U'>('small-sum', ([x, y]) => {
      checks++;
      return x + y < 4 || { facts: [`${x} + ${y} is at least 4`] };
    }, {
      // Knows that a step adds one: from a passing source, the sum stays below 4 unless it was 3.
      passesAfter: ([x, y], a, t) => {
        asked.push(`${x},${y} ${a} ${t.join(',')}`);
        expect(x + y).toBeLessThan(4);
        return x + y < 3;
      },
    });
    const r = await exhaustive(gridModel(4, 4), [p]);
    const q = r.properties[0]!;
    expect(q.status).toBe('violated');
    // The first violation (a shallowest state with sum 4) and its explanation come from check.
    const [x, y] = q.path!.at(-1)!.state;
    expect(x + y).toBe(4);
    expect(q.path!.length).toBe(5);
    expect(q.explanation!.facts).toEqual([`${x} + ${y} is at least 4`]);
    // Each state of sum 1..3 was vouched for without check; sum 0 (initial) and 4 were checked.
    expect(asked.length).toBeGreaterThan(0);
    expect(checks).toBeLessThan(asked.length);
  });

  it('gives the same result as the same property without it when it always declines', async () => {
    const check = ([x, y]: [number, number]) => x !== 3 || y !== 2 || { facts: ['reached (3, 2)'] };
    const plain = await exhaustive(gridModel(5, 5), [always('no-3-2', check)]);
    const declining = await exhaustive(gridModel(5, 5), [always('no-3-2', check, { passesAfter: () => false })]);
    expect(declining.properties).toEqual(plain.properties);
    expect(declining.stats.distinctStates).toBe(plain.stats.distinctStates);
  });
});
