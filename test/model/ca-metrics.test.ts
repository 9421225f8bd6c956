/**
 * Per-host CA statistics of random runs (model/ca-metrics.ts): under the hierarchical strategy
 * every host that wrote reaches CA after its last update in every walk; under vector-causal
 * (which can leave replicas ordered differently for good) some walks never get there. The table
 * is part of the result, so it is reproducible by seed like the rest.
 */
import { describe, expect, it } from 'vitest';
import replication from '../../model/index.ts';
import { simulate } from '../../src/engine/random.ts';
import type { RandomStats } from '../../src/engine/result.ts';

async function run(mechanism: string, seed = 4) {
  const t = await replication.create({ params: {}, config: 'small', mechanism, cwd: process.cwd() });
  const props = t.properties.filter((p) => p.name === 'causal-order');
  return simulate(t.model, props, { seed, runs: 60, metrics: t.metrics!() });
}

describe('CA statistics per host', () => {
  it('hierarchical: every host that wrote reaches CA after its last update, in every walk', async () => {
    const r = await run('hierarchical');
    const m = r.metrics!;
    expect(m.columns[0]).toBe('host');
    expect(m.rows.map((row) => row[0])).toEqual(['mh1', 'mh2']);
    for (const [, wrote, reached, mean, max] of m.rows) {
      expect(wrote).toBeGreaterThan(0);
      expect(reached).toBe(wrote);
      expect(mean as number).toBeGreaterThan(0);
      expect(max as number).toBeGreaterThanOrEqual(mean as number);
    }
  });

  it('vector-causal: some walks end with a host that never reached CA', async () => {
    const m = (await run('vector-causal')).metrics!;
    expect(m.rows.some(([, wrote, reached]) => (reached as number) < (wrote as number))).toBe(true);
  });

  it('is reproducible by seed', async () => {
    expect((await run('hierarchical', 9)).metrics).toEqual((await run('hierarchical', 9)).metrics);
  });
});

/**
 * (Issue 17) With `--check-every 1` the observer looks only at the hosts a step replaced (the
 * step delta); the same walks with every state copied (so no delta ever matches and every visit
 * is a full pass, in the model's metadata index too) must give the same table and figures.
 */
describe('CA statistics from step deltas', () => {
  // (Stop 35) small and medium too: two writers on one item, so a host often reaches CA by a step
  // of its own (merging the other's update) rather than when the MS orders its update, and only
  // the hosts a step replaced are asked (the full pass runs when the MS's node or the updates change).
  it.each(['large', 'small', 'medium'])('equal the full pass over every host, on walks of %s checked every step', async (config) => {
    const t = await replication.create({ params: {}, config, cwd: process.cwd() });
    const m = t.model;
    const copied = { ...m, step: undefined, next: (s: Parameters<typeof m.next>[0], a: Parameters<typeof m.next>[1]) => {
      const x = m.next(s, a);
      return x === undefined ? x : { ...x };
    } };
    const options = { seed: 5, runs: config === 'large' ? 4 : 40, checkEvery: 1 };
    const viaDelta = await simulate(m, [], { ...options, metrics: t.metrics!() });
    const full = await simulate(copied, [], { ...options, metrics: t.metrics!() });
    expect((viaDelta.stats as RandomStats).steps).toBe((full.stats as RandomStats).steps);
    expect(viaDelta.metrics!.rows.length).toBeGreaterThan(0);
    expect(viaDelta.metrics).toEqual(full.metrics);
  });
});
