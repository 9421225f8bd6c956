// (Issue 13) The growing topology in both implementations: joiner zone and cell servers, fixed
// hosts at zone and master level, hosts that leave. Model walks replay in the reference engine,
// engine walks are model steps, and the new-server counterexample of the broken snapshotCursor
// knob replays there.
import { describe, expect, it } from 'vitest';
import type { ReplicationAction, ResolvedConfig } from '../../traces/replication.ts';
import { configFor, engineWalkInModel, modelWalkInEngine, shortestCounterexampleReplay } from './differential.ts';
import { withKnobs } from './configs.ts';
import { validateTrace } from '../../traces/validate.ts';
import { ReferenceEngine } from '../../reference/index.ts';

const cases: [string, ResolvedConfig][] = [
  ['new-server', configFor('new-server')],
  ['growing', configFor('growing')],
  ['growing with ROI hops', withKnobs(configFor('growing'), { roiHops: true })],
  ['growing with the oracle', withKnobs(configFor('growing'), { oracle: true })],
  ['growing without snapshot guard', withKnobs(configFor('growing'), { snapshotGuard: false })],
  // A joined cell may crash: with nothing persisted it restarts as an empty replica of every object.
  ['new-server with crashes of c2 (never checkpoints) and z1', configFor('new-server', {}, { faults: { crashes: 2, nodes: ['c2', 'z1'], checkpoint: { cell: 'never', zone: 'on-ack' } } })],
  ['new-server with c2 recovering on a replacement', configFor('new-server', {}, { faults: { crashes: 1, nodes: ['c2'], recovery: 'replacement' } })],
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

describe('the engine refuses what the growing topology does not allow', () => {
  it('a zone\'s cell joins only after the zone holds its replica; a host leaves only once flushed', () => {
    const e = new ReferenceEngine(configFor('growing'));
    expect(e.apply({ type: 'join', host: 'c2', objects: ['o'] })).toMatch(/z2 has not completed its own initial replication/);
    expect(e.apply({ type: 'join', host: 'z2', objects: [] })).toMatch(/a server replicates every object \[o\]/);
    expect(e.apply({ type: 'join', host: 'z2', objects: ['o'] })).toBeUndefined();
    expect(e.apply({ type: 'join', host: 'c2', objects: ['o'] })).toMatch(/z2 has not completed/);
    const install: ReplicationAction[] = [{ type: 'send', from: 'ms', to: 'z2', kind: 'IR', instance: 'ms/1', updates: [], objects: ['o'] }, { type: 'migrate', instance: 'ms/1', ok: true }, { type: 'execute', instance: 'ms/1' }];
    for (const a of install) {
      expect(e.apply(a), a.type).toBeUndefined();
    }
    expect(e.view().nodes[2]!.meta?.servers).toEqual([2]);
    expect(e.apply({ type: 'join', host: 'c2', objects: ['o'] })).toBeUndefined();
    const f = new ReferenceEngine({ ...configFor('growing'), writers: ['mh1'] });
    expect(f.apply({ type: 'leave', host: 'fh1' })).toMatch(/fh1 is not configured to leave/);
    expect(f.apply({ type: 'update', host: 'mh1', item: 'x', value: 1 })).toBeUndefined();
    expect(f.apply({ type: 'leave', host: 'mh1' })).toMatch(/mh1 still has updates flagged F: it leaves only once flushed/);
    expect(f.apply({ type: 'send', from: 'mh1', to: 'c1', kind: 'RU', instance: 'mh1/1', updates: ['mh1#1'] })).toBeUndefined();
    expect(f.apply({ type: 'migrate', instance: 'mh1/1', ok: true })).toBeUndefined();
    expect(f.apply({ type: 'leave', host: 'mh1' })).toMatch(/instance mh1\/1 from or to mh1 still exists/);
    expect(f.apply({ type: 'execute', instance: 'mh1/1' })).toBeUndefined();
    expect(f.apply({ type: 'leave', host: 'mh1' })).toBeUndefined();
    expect(f.view().nodes[5]).toMatchObject({ member: false, left: true });
    expect(f.apply({ type: 'leave', host: 'mh1' })).toMatch(/mh1 is not a member/);
  });
});
