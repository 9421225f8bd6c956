/**
 * Tiny hand-made models for the explorer's tests, each small enough to reason about by hand.
 */
import type { Model } from '../../src/engine/model.ts';

/** A grid walk: from (0, 0) step right or up inside a `w` x `h` box. */
export function gridModel(w: number, h: number): Model<[number, number], 'R' | 'U'> {
  return {
    name: 'grid',
    init: () => [[0, 0]],
    actions: ([x, y]) => [...(x + 1 < w ? (['R'] as const) : []), ...(y + 1 < h ? (['U'] as const) : [])],
    next: ([x, y], a) => (a === 'R' ? [x + 1, y] : [x, y + 1]),
    encode: ([x, y], out) => {
      out.word(x);
      out.word(y);
    },
    formatAction: (a) => a,
  };
}

/** An unbounded counter (never exhausted): +1 and *2 from 0. */
export function counterModel(): Model<number, 'inc' | 'dbl'> {
  return {
    name: 'counter',
    init: () => [0],
    actions: () => ['inc', 'dbl'],
    next: (n, a) => (a === 'inc' ? n + 1 : n * 2),
    encode: (n, out) => {
      out.word(n % 2 ** 32);
      out.word(Math.floor(n / 2 ** 32));
    },
  };
}

/**
 * A chain 0 -> 1 -> ... -> 5 (5 is the goal, which loops back to 0) with dead ends: from 1 to
 * "a" (a trap looping on itself) and from 3 to "b" (a terminal state, no action enabled).
 */
export function trapModel(): Model<number | string, string> {
  return {
    name: 'traps',
    init: () => [0],
    actions: (s) => {
      if (s === 'a') return ['stay'];
      if (s === 'b') return [];
      const out = ['step'];
      if (s === 1) out.push('to-a');
      if (s === 3) out.push('to-b');
      return out;
    },
    next: (s, a) => (a === 'stay' ? s : a === 'to-a' ? 'a' : a === 'to-b' ? 'b' : ((s as number) + 1) % 6),
    encode: (s, out) => out.word(typeof s === 'number' ? s : s === 'a' ? 100 : 101),
    formatAction: (a) => a,
  };
}

/**
 * Three interchangeable tokens, each with a level 0..2 (`bump(i)` raises token i). With
 * `symmetric`, canonical() sorts the levels in increasing order, so that bumping token 0 first
 * gives a state ([1, 0, 0]) whose representative ([0, 0, 1]) is a different concrete state.
 */
export function tokensModel(symmetric: boolean): Model<number[], number> {
  const m: Model<number[], number> = {
    name: 'tokens',
    init: () => [[0, 0, 0]],
    actions: (s) => [0, 1, 2].filter((i) => s[i] < 2),
    next: (s, i) => s.map((v, j) => (j === i ? v + 1 : v)),
    encode: (s, out) => s.forEach((v) => out.word(v)),
    formatAction: (i) => `bump(${i})`,
  };
  if (symmetric) m.canonical = (s) => [...s].sort((a, b) => a - b);
  return m;
}
