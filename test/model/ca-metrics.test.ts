/**
 * Per-host CA statistics of random runs (model/ca-metrics.ts): under the hierarchical strategy
 * every host that wrote reaches CA after its last update in every walk; under vector-causal
 * (which can leave replicas ordered differently for good) some walks never get there. The table
 * is part of the result, so it is reproducible by seed like the rest.
 */
import { describe, expect, it } from 'vitest';
import replication from '../../model/index.ts';
import { simulate } from '../../src/engine/random.ts';

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
