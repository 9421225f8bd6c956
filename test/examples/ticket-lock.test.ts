// The ticket-lock example (issue 11): every property exercised and holding with FIFO, vacuous
// with one process, and refuted with LIFO (a transition violation and a fair starvation lasso).
import { describe, expect, it } from 'vitest';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import type { RunResult } from '../../src/engine/result.ts';
import { lockModel, lockProperties } from '../../examples/ticket-lock.ts';

const byName = <S, A>(r: RunResult<S, A>, name: string) => r.properties.find((p) => p.name === name)!;

describe('ticket-lock example', () => {
  it('holds with FIFO, every property witnessed, for 2 and 3 processes', async () => {
    for (const n of [2, 3]) {
      const r = await exhaustive(lockModel(n, 'fifo'), lockProperties(), { requireWitnesses: true });
      expect(r.outcome).toBe('pass');
      for (const p of r.properties) expect(p.vacuous).toBe(false);
    }
  });

  it('holds vacuously with one process', async () => {
    const r = await exhaustive(lockModel(1, 'fifo'), lockProperties());
    expect(r.outcome).toBe('pass');
    expect(r.properties.filter((p) => p.vacuous).map((p) => p.name)).toEqual(['mutual-exclusion', 'enters-in-order']);
  });

  it('is refuted with LIFO: p2 overtakes p1, forever under weak fairness', async () => {
    const r = await exhaustive(lockModel(2, 'lifo'), lockProperties());
    expect(byName(r, 'mutual-exclusion').status).toBe('holds');
    expect(byName(r, 'enters-in-order').path).toHaveLength(4);
    const lasso = byName(r, 'p1-enters');
    expect(lasso).toMatchObject({ status: 'violated', loop: 1 });
    expect(lasso.path!.at(-1)!.state).toEqual(lasso.path![1].state);
  });
});
