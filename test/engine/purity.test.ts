// (Stop 28) src/engine/purity.ts: a model whose `next` writes the state it was given is refused
// with a ContractError (the explorer would otherwise search a smaller space and could pass a
// wrong design), also when the writes start only past the first states checked in full (the
// sample of one state in PURE_EVERY finds them), and never for a model that leaves its input alone.
import { describe, expect, it } from 'vitest';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import type { Model } from '../../src/engine/model.ts';
import { ContractError } from '../../src/engine/contract-error.ts';
import { checkDeterministicList, checksPurity, PURE_EVERY, PURE_FIRST } from '../../src/engine/purity.ts';
import { StateHasher } from '../../src/engine/fingerprint.ts';

type S = { c: number[] };

/** Three counters up to 12 (2,197 states); with `mutateFrom`, `next` writes its input once the counters sum to it. */
function counters(mutateFrom = Number.POSITIVE_INFINITY): Model<S, number> {
  return {
    name: 'counters',
    init: () => [{ c: [0, 0, 0] }],
    actions: (s) => [0, 1, 2].filter((p) => s.c[p] < 12),
    next(s, p) {
      if (s.c[0] + s.c[1] + s.c[2] >= mutateFrom) {
        s.c[p]++;
        return { c: s.c.slice() };
      }
      const c = s.c.slice();
      c[p]++;
      return { c };
    },
    encode: (s, out) => s.c.forEach((x) => out.word(x)),
  };
}

describe('the purity check', () => {
  it('samples every state of the first PURE_FIRST, then one in PURE_EVERY', () => {
    expect(checksPurity(0) && checksPurity(PURE_FIRST - 1)).toBe(true);
    expect(checksPurity(PURE_FIRST + 1)).toBe(false);
    expect(checksPurity(PURE_FIRST * 4 + PURE_EVERY)).toBe(true);
  });

  it('passes a model that leaves its input alone (every state explored)', async () => {
    const r = await exhaustive(counters(), []);
    expect(r.outcome).toBe('pass');
    expect(r.stats.distinctStates).toBe(13 ** 3);
  });

  it('refuses a model whose next writes its input, from the first state', async () => {
    await expect(exhaustive(counters(0), [])).rejects.toThrow(ContractError);
    await expect(exhaustive(counters(0), [])).rejects.toThrow(/model counters broke its contract: actions or next \(while exploring state 0\) changed the state it was given/);
  });

  it('refuses it when the writes start only among the sampled states (past the first PURE_FIRST)', async () => {
    // States summing to 24 or more come after the first 1,024 in breadth-first order.
    const e = await exhaustive(counters(24), []).then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(ContractError);
    const id = Number(/while exploring state (\d+)/.exec((e as Error).message)![1]);
    expect(id).toBeGreaterThanOrEqual(PURE_FIRST);
    expect(id % PURE_EVERY).toBe(0);
  });

  it('refuses an encode that writes nothing for different states, and accepts an empty encoding of one state', async () => {
    const blank: Model<S, number> = { ...counters(), encode: () => {} };
    await expect(exhaustive(blank, [])).rejects.toThrow(/broke its contract: encode \(at the initial state\) wrote no words for two different states \(\{"c":\[0,0,0\]\} and \{"c":\[1,0,0\]\}\)/);
    // A list encoded element by element: the empty initial list writes no words, its successors do.
    const list: Model<number[], number> = {
      name: 'list', init: () => [[]], actions: (l) => (l.length < 3 ? [1, 2] : []), next: (l, x) => [...l, x], encode: (l, out) => l.forEach((x) => out.word(x)),
    };
    const r = await exhaustive(list, []);
    expect(r.outcome).toBe('pass');
    expect(r.stats.distinctStates).toBe(1 + 2 + 4 + 8);
  });

  // (Stop 31, sweep 31b) `check` gave a different valid counterexample on every run of such a model.
  it('refuses a model whose actions lists the same state\'s actions in another order when called again', async () => {
    let calls = 0;
    const shuffled: Model<S, number> = { ...counters(), actions: (s) => { const xs = counters().actions(s); return calls++ % 2 === 1 ? xs.reverse() : xs; } };
    await expect(exhaustive(shuffled, [])).rejects.toThrow(
      /model counters broke its contract: actions \(while exploring state 0\) listed different actions for the same state when called again \(action #1 was 0, then 2\)/);
    let more = 0;
    const growing: Model<S, number> = { ...counters(), actions: (s) => (more++ % 2 === 1 ? [...counters().actions(s), 0] : counters().actions(s)) };
    await expect(exhaustive(growing, [])).rejects.toThrow(/\(3 actions, then 4\)/);
    // The workers' form of the check (parallel-worker.ts) lists them again too.
    const model = { ...counters(), actions: (s: S) => { const xs = counters().actions(s); return calls++ % 2 === 1 ? xs.reverse() : xs; } };
    const s0 = { c: [0, 0, 0] };
    const actions = model.actions(s0);
    expect(() => checkDeterministicList(new StateHasher(model), model, s0, actions, new Uint32Array([0, 1, 2]), new Uint32Array(6), 0, 3, 7))
      .toThrow(/actions \(while exploring state 7\) listed different actions/);
    // A model that lists them the same way every time passes (the model above, every state explored),
    // (sweep 31d) also when each action carries a closure or symbol made anew on every call.
    expect((await exhaustive(counters(), [])).outcome).toBe('pass');
    type Cmd = { p: number; run: () => number; tag: symbol };
    const base = counters();
    const closures: Model<S, Cmd> = {
      ...base, actions: (s) => base.actions(s).map((p) => ({ p, run: () => p, tag: Symbol('inc') })), next: (s, a) => base.next(s, a.p),
    } as Model<S, Cmd>;
    expect((await exhaustive(closures, [])).outcome).toBe('pass');
  });
});
