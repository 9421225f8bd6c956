// (Stop 37) A `canonical` that leaves ties between alike components in the order it found them is
// sound (it only renames) but incomplete: two swapped states can keep two representatives. The
// probe compared successor sets by canonical form only, so it took that for a transition the swap
// does not map ("has no counterpart") and turned the reduction off with a warning blaming the
// model. It now confirms on the concrete successors, through `permute`, before reporting. The
// replication model's `session` preset hit this (test/model/symmetry-presets.test.ts).
import { describe, expect, it } from 'vitest';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import { always } from '../../src/engine/property.ts';
import type { Model } from '../../src/engine/model.ts';
import type { ExhaustiveStats } from '../../src/engine/result.ts';

/** Two processes, each appends its id to a shared log once; `favour` makes process 1's append after process 0's set a flag (an asymmetry). */
interface Log { done: boolean[]; log: number[]; flag: boolean }

function logModel(favour = false): Model<Log, number> {
  const swap = (s: Log): Log => ({ done: [s.done[1]!, s.done[0]!], log: s.log.map((i) => 1 - i), flag: s.flag });
  return {
    name: 'two-writers',
    init: () => [{ done: [false, false], log: [], flag: false }],
    actions: (s) => [0, 1].filter((i) => !s.done[i]),
    next: (s, i) => {
      const done = s.done.slice();
      done[i] = true;
      return { done, log: [...s.log, i], flag: s.flag || (favour && i === 1 && s.log.length === 1) };
    },
    encode: (s, out) => {
      for (const d of s.done) out.word(d ? 1 : 0);
      out.word(s.flag ? 1 : 0);
      out.word(s.log.length);
      for (const i of s.log) out.word(i);
    },
    formatAction: (i) => `p${i} appends`,
    // Sorts the processes by their own flag only: with both done (or neither) it is a tie, and the
    // log keeps the order it had, so [0, 1] and [1, 0] are two representatives.
    canonical: (s) => (Number(s.done[0]) < Number(s.done[1]) ? swap(s) : s),
    permute: swap,
  };
}

const states = (r: { stats: unknown }) => (r.stats as ExhaustiveStats).distinctStates;
const bounded = always<Log, number>('log-bounded', (s) => s.log.length <= 2);

describe('a canonical form with unbroken ties', () => {
  it('keeps the reduction, with no warning: the swap maps successors to successors', async () => {
    const r = await exhaustive(logModel(), [bounded]);
    expect(r.outcome).toBe('pass');
    expect(r.warnings).toBeUndefined();
    expect(r.reductionOff).toBeUndefined();
    // init, one done (either: one representative), both done (the search expands only the
    // representative with p0 done, so only the log [0, 1] is met)
    expect(states(r)).toBe(3);
  });

  it('a real asymmetry is still reported and the reduction turned off', async () => {
    const r = await exhaustive(logModel(true), [bounded]);
    expect(r.warnings?.[0]).toMatch(/^symmetry reduction turned off: the step 'p\d appends' .*has no counterpart once interchangeable components are swapped/);
    expect(r.reductionOff).toBeDefined();
  });
});
