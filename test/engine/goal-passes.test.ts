// (Issue 17) Property.passes for goals (alwaysReachable, eventually): the exhaustive search marks
// goal states with it instead of calling `check` on every new state; `check` still explains the
// state a report shows. The verdicts and explanations are those of the same property without it,
// and a `passes` that disagrees with `check` changes the verdict (so the tracker does use it).
import { describe, expect, it } from 'vitest';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import { alwaysReachable, eventually } from '../../src/engine/property.ts';
import { gridModel } from './toy-models.ts';

type P = [number, number];
const corner = ([x, y]: P) => (x === 3 && y === 3) || { facts: [`(${x}, ${y}) is not the corner`] };
const row = ([, y]: P) => y === 0 || { facts: [`row ${y}`] };

describe('passes in the exhaustive search', () => {
  it('is asked instead of check for every new state; the results are those without it', async () => {
    let asked = 0;
    let checks = 0;
    const counted = (c: (s: P) => boolean | { facts: string[] }) => (s: P) => { checks++; return c(s); };
    const withIt = await exhaustive(gridModel(4, 4), [
      alwaysReachable<P>('corner', counted(corner), { passes: (s) => { asked++; return corner(s) === true; } }),
      alwaysReachable<P>('row-0', counted(row), { passes: (s) => { asked++; return row(s) === true; } }),
      eventually<P>('corner-fair', counted(corner), { passes: (s) => { asked++; return corner(s) === true; } }),
    ]);
    const without = await exhaustive(gridModel(4, 4), [alwaysReachable<P>('corner', corner), alwaysReachable<P>('row-0', row), eventually<P>('corner-fair', corner)]);
    expect(withIt.properties).toEqual(without.properties);
    expect(withIt.properties.map((p) => p.status)).toEqual(['holds', 'violated', 'holds']);
    expect(asked).toBe(3 * 16);
    // check ran only to explain the violation's last state.
    expect(checks).toBeLessThan(asked);
    expect(checks).toBeLessThanOrEqual(4);
  });

  it('a passes that disagrees with check changes the verdict (the search marks goals with it)', async () => {
    const r = await exhaustive(gridModel(4, 4), [alwaysReachable<P>('row-0', row, { passes: () => true })]);
    expect(r.properties[0]!.status).toBe('holds');
  });
});
