// Long suite: the benchmark-sized state spaces, each confirmed by the independent naive enumerations.
import { describe, expect, it } from 'vitest';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import type { ExhaustiveStats } from '../../src/engine/result.ts';
import { createTwoPhase } from '../../examples/two-phase.ts';
import { createBroadcast } from '../../examples/sequencer-broadcast.ts';
import { naiveEnumerate } from './two-phase-brute.ts';
import { naiveBroadcast } from './sequencer-brute.ts';

const states = async (t: { model: Parameters<typeof exhaustive>[0] }) => ((await exhaustive(t.model, [])).stats as ExhaustiveStats).distinctStates;

describe('benchmark state counts', () => {
  // TLC reports 296,448 and 1,745,408 distinct states for TwoPhase with 7 and 8 RMs; SPIN stores
  // 1,745,408 for bench/spin/twophase.pml. The naive enumeration of 8 RMs takes minutes.
  for (const [rms, count] of [[6, 50_816], [7, 296_448], [8, 1_745_408]]) {
    it(`TwoPhase with ${rms} RMs has ${count} states`, async () => {
      const naive = naiveEnumerate(rms).states.size;
      expect(naive).toBe(count);
      expect(await states(createTwoPhase({ params: { rms: String(rms) } }))).toBe(naive);
    });
  }

  it('TwoPhase with 8 RMs passes all three properties', async () => {
    const t = createTwoPhase({ params: { rms: '8' } });
    const r = await exhaustive(t.model, t.properties);
    expect(r.outcome).toBe('pass');
    expect((r.stats as ExhaustiveStats).bytesPerState).toBeLessThanOrEqual(32);
  });

  it('sequencer broadcast with 3 processes of 2 updates has 107,616 states', async () => {
    const naive = naiveBroadcast(3, 2, 'correct').length;
    expect(naive).toBe(107_616);
    expect(await states(createBroadcast({ params: { processes: '3', updates: '2' } }))).toBe(naive);
  });
});
