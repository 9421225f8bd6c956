// Action coverage of check (issue 11): transitions per action kind (including those into visited
// states) and the declared kinds never taken, as simulate reports them; and the replication
// model's declared kinds.
import { describe, expect, it } from 'vitest';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import { simulate } from '../../src/engine/random.ts';
import type { ExhaustiveStats, RandomStats } from '../../src/engine/result.ts';
import { actKind, allActKinds } from '../../model/actions/types.ts';
import { ledgerModel } from '../fixtures/ledger.ts';
import type { Model } from '../../src/engine/model.ts';

describe('action coverage', () => {
  it('check counts transitions per kind and lists declared kinds never taken', async () => {
    const r = await exhaustive(ledgerModel({ cap: 2, rollback: false }), []);
    const s = r.stats as ExhaustiveStats;
    expect(s.actionCounts).toEqual({ append: 3, commit: 3 });
    expect(Object.values(s.actionCounts!).reduce((a, b) => a + b, 0)).toBe(s.transitions);
    expect(s.neverEnabled).toEqual(['rollback']);
    const all = await exhaustive(ledgerModel({ cap: 2, rollback: true }), []);
    const t = all.stats as ExhaustiveStats;
    // rollback returns to states already visited: those transitions count too.
    expect(t.actionCounts).toEqual({ append: 3, commit: 3, rollback: 3 });
    expect(t.neverEnabled).toEqual([]);
  });

  it('check formats each primitive action once for coverage when the model has no actionKind (issue 17)', async () => {
    // A counter mod 8 stepping by +1 (kind inc) or +3 (kind jump): 16 transitions, 2 distinct actions.
    let formatted = 0;
    const model: Model<number, number> = {
      name: 'mod8',
      init: () => [0],
      actions: () => [1, 3],
      next: (s, a) => (s + a) % 8,
      encode: (s, out) => out.word(s),
      formatAction: (a) => { formatted++; return a === 1 ? 'inc by 1' : 'jump(3)'; },
    };
    const r = await exhaustive(model, []);
    const s = r.stats as ExhaustiveStats;
    expect(s.transitions).toBe(16);
    expect(s.actionCounts).toEqual({ inc: 8, jump: 8 });
    expect(formatted).toBe(2);
  });

  it('simulate lists the declared kinds its walks never took', async () => {
    const r = await simulate(ledgerModel({ cap: 2, rollback: false }), [], { runs: 10, steps: 5 });
    expect((r.stats as RandomStats).neverEnabled).toEqual(['rollback']);
  });

  it('the replication model declares every kind it can take', () => {
    const kinds = allActKinds();
    expect(kinds).toContain('changeInterests');
    expect(kinds).toContain(actKind({ t: 'refused' } as Parameters<typeof actKind>[0]));
    expect(new Set(kinds).size).toBe(21); // 13 protocol and environment kinds, 8 fault kinds (issue 12; reregister: recovery on a replacement)
  });
});
