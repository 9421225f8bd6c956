// (Issue 17) The exhaustive search computes a state's successors as a batch before adding them
// (src/engine/search.ts). The run must be the same as one successor at a time: a stop inside a
// batch (a decided property, the state limit) ends the state where it would have, and an
// exception the model throws for a later successor is not seen when the run stops before it.
import { describe, expect, it } from 'vitest';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import { always } from '../../src/engine/property.ts';
import type { Model } from '../../src/engine/model.ts';
import type { ExhaustiveStats } from '../../src/engine/result.ts';

/**
 * From 0, actions 0..width-1 lead to states 1..width; from any other state, one action leads to
 * the next number up to `last`. `throwAt`: the action of state 0 whose `next` (or, with
 * `inEncode`, whose successor's encoding) throws.
 */
function fan(width: number, last: number, throwAt = -1, inEncode = false): Model<number, number> {
  return {
    name: 'fan',
    init: () => [0],
    actions: (s) => (s === 0 ? Array.from({ length: width }, (_, i) => i) : s < last ? [s + 1] : []),
    next: (s, a) => {
      if (s === 0 && a === throwAt && !inEncode) throw new Error(`next of action ${a}`);
      return s === 0 ? a + 1 : a;
    },
    encode: (s, out) => {
      if (inEncode && s === throwAt + 1) throw new Error(`encode of state ${s}`);
      out.word(s);
    },
  };
}

/** Fails on state `bad`. */
const notState = (bad: number) => always<number>('not-bad', (s) => s !== bad);

describe('successor batches', () => {
  it('a violation by an earlier successor ends the run before a later successor throws in next', async () => {
    const r = await exhaustive(fan(6, 20, 3), [notState(2)]);
    expect(r.outcome).toBe('violation');
    expect(r.properties[0].status).toBe('violated');
    expect((r.stats as ExhaustiveStats).distinctStates).toBe(3);
    expect((r.stats as ExhaustiveStats).transitions).toBe(2);
  });

  it('a violation by an earlier successor ends the run before a later successor throws in encode', async () => {
    const r = await exhaustive(fan(6, 20, 3, true), [notState(2)]);
    expect(r.outcome).toBe('violation');
    expect((r.stats as ExhaustiveStats).transitions).toBe(2);
  });

  it('the exception is thrown when the run reaches that successor', async () => {
    await expect(exhaustive(fan(6, 20, 3), [notState(99)])).rejects.toThrow('next of action 3');
    await expect(exhaustive(fan(6, 20, 3, true), [notState(99)])).rejects.toThrow('encode of state 4');
  });

  it('the state limit inside a state stops at the same successor', async () => {
    const r = await exhaustive(fan(10, 20), [notState(99)], { maxStates: 5 });
    expect(r.outcome).toBe('incomplete');
    expect((r.stats as ExhaustiveStats).limit).toBe('max-states');
    expect((r.stats as ExhaustiveStats).distinctStates).toBe(5);
    expect((r.stats as ExhaustiveStats).transitions).toBe(5);
  });

  it('explores wide states completely, counting every successor', async () => {
    const r = await exhaustive(fan(300, 400), [notState(-1)]);
    expect(r.outcome).toBe('pass');
    expect((r.stats as ExhaustiveStats).distinctStates).toBe(401);
    expect((r.stats as ExhaustiveStats).transitions).toBe(300 + 399);
  });
});
