// (Issue 13) The growing topology in both implementations: joiner zone and cell servers, fixed
// hosts at zone and master level, hosts that leave. Model walks replay in the reference engine,
// engine walks are model steps, and the new-server counterexample of the broken snapshotCursor
// knob replays there.
import { describe, expect, it } from 'vitest';
import type { ResolvedConfig } from '../../traces/replication.ts';
import { configFor, engineWalkInModel, modelWalkInEngine, shortestCounterexampleReplay } from './differential.ts';
import { withKnobs } from './configs.ts';
import { validateTrace } from '../../traces/validate.ts';

const cases: [string, ResolvedConfig][] = [
  ['new-server', configFor('new-server')],
  ['growing', configFor('growing')],
  ['growing with ROI hops', withKnobs(configFor('growing'), { roiHops: true })],
  ['growing with the oracle', withKnobs(configFor('growing'), { oracle: true })],
  ['growing without snapshot guard', withKnobs(configFor('growing'), { snapshotGuard: false })],
];

describe.each(cases)('%s', (_name, config) => {
  it('model random walks replay step for step in the engine', () => {
    for (let seed = 1; seed <= 8; seed++) expect(modelWalkInEngine(config, 'hierarchical', seed, 90), `seed ${seed}`).toBeUndefined();
  });
  it('engine random walks: same enabled actions as the model, each step the model\'s step', () => {
    for (let seed = 1; seed <= 8; seed++) expect(engineWalkInModel(config, 'hierarchical', seed, 90), `seed ${seed}`).toBeUndefined();
  });
});

describe('new-server counterexample', () => {
  it('snapshotCursor=false: the shortest new-server violation reproduces in the engine, verdict included', async () => {
    const { trace, report } = await shortestCounterexampleReplay('hierarchical', 'new-server', configFor('new-server', { snapshotCursor: false }));
    expect(trace.steps.map((s) => s.label)).toContain('c2 joins {o}');
    // the growing topology's additions to the view (meta.servers, an IR's shipped meta) are in the trace schema
    expect(validateTrace(JSON.parse(JSON.stringify(trace)))).toMatchObject({ ok: true });
    expect(trace.steps.some((s) => (s.state as { instances: { meta?: unknown }[] }).instances.some((x) => x.meta))).toBe(true);
    expect(report.divergence).toBeUndefined();
    expect(report).toMatchObject({ result: 'reproduced', verdict: { trace: 'violated', engine: 'violated' } });
  });
});
