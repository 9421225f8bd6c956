// (Issue 17) How many threads a run gets: reasons that keep a run on one thread are named in
// params.workers, and a random run short enough that starting workers would cost more than it
// saves stays on one thread unless the user asked for workers.
import { describe, expect, it } from 'vitest';
import { randomWorkers, SHORT_RANDOM_RUN, workersPlan } from '../../src/cli/search-pool.ts';

describe('worker plans', () => {
  it('keeps checkpointed, replayed, sharded and spilling runs on one thread, saying why', () => {
    expect(workersPlan(4, {})).toEqual({ count: 4 });
    expect(workersPlan(1, { checkpoint: true })).toEqual({ count: 1 });
    expect(workersPlan(4, { checkpoint: true }).note).toBe('1 (checkpoints are taken on one thread)');
    expect(workersPlan(4, { path: true }).note).toBe('1 (--path replays one walk)');
    expect(workersPlan(4, { shard: true }).note).toBe('1 (a shard runs on one thread)');
    expect(workersPlan(4, { spill: true }).note).toMatch(/^1 \(a run that spills to disk/);
  });

  it('runs a short random run on one thread when the count was defaulted from the cores', () => {
    expect(randomWorkers({ count: 3 }, false, 20_000)).toEqual({ count: 1, note: '1 (a short run: at most 20000 steps; --workers N uses threads anyway)' });
    expect(randomWorkers({ count: 3 }, false, SHORT_RANDOM_RUN + 1)).toEqual({ count: 3 });
  });

  it('keeps a count the user chose, and any one-thread reason already given', () => {
    expect(randomWorkers({ count: 3 }, true, 100)).toEqual({ count: 3 });
    const why = { count: 1, note: '1 (checkpoints are taken on one thread)' };
    expect(randomWorkers(why, false, 100)).toBe(why);
  });
});
