// Differential testing of the model (model/) against the independent reference engine (reference/):
// model walks and counterexamples replay in the engine; engine walks are steps the model allows,
// with the same enabled actions and the same next view.
import { describe, expect, it } from 'vitest';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import { simulate } from '../../src/engine/random.ts';
import type { Property } from '../../src/engine/property.ts';
import { replicationProperties } from '../../properties/index.ts';
import { referenceNodeIndex, replicationReference, runSchedule, seededChoices } from '../../reference/index.ts';
import { replayTrace } from '../../traces/replay.ts';
import { buildTrace } from '../../traces/write.ts';
import type { ReplicationState, ResolvedConfig } from '../../traces/replication.ts';
import { configFor, engineWalkInModel, modelFor, modelWalkInEngine } from './differential.ts';
import { crossZone, line, rich, withKnobs } from './configs.ts';

const factory = {
  ...replicationReference,
  properties: (setup: { config?: unknown }) => {
    const config = setup.config as ResolvedConfig;
    return replicationProperties({ index: referenceNodeIndex(config), config }) as Property<unknown>[];
  },
};

const cases: [string, ResolvedConfig, string][] = [
  ['tiny', configFor('tiny'), 'hierarchical'],
  ['small', configFor('small'), 'hierarchical'],
  ['medium', configFor('medium'), 'hierarchical'],
  ['medium arrival-order', configFor('medium'), 'arrival-order'],
  ['publisher', configFor('publisher'), 'hierarchical'],
  ['join', configFor('join'), 'hierarchical'],
  ['interests', configFor('interests'), 'hierarchical'],
  ['mobility', configFor('mobility'), 'hierarchical'],
  ['faults', configFor('faults'), 'hierarchical'],
  ['line', line, 'hierarchical'],
  ['rich', rich, 'hierarchical'],
  ['cross-zone', crossZone, 'hierarchical'],
  ['cross-zone arrival-order', crossZone, 'arrival-order'],
  ['rich without duplicate suppression', withKnobs(rich, { duplicateSuppression: false }), 'hierarchical'],
  ['rich with flags on send', withKnobs(rich, { flagOnSend: true }), 'hierarchical'],
  ['cross-zone without hold-back', withKnobs(crossZone, { causalHoldBack: false }), 'hierarchical'],
  ['cross-zone without peers, ROI or snapshot guard', withKnobs(crossZone, { peerExchange: false, roiPropagation: false, snapshotGuard: false }), 'hierarchical'],
  // (Issue 11) Hosts that disconnect and reconnect forever: the budget is never used up.
  ['faults with recurring disconnects', configFor('faults', { recurringDisconnects: true }), 'hierarchical'],
  ['rich with recurring disconnects', withKnobs(rich, { recurringDisconnects: true }), 'hierarchical'],
  // (Issue 13) ROI reports hop by hop, and the servers' direct reads of their children (no metadata).
  ['rich with ROI hops', withKnobs(rich, { roiHops: true }), 'hierarchical'],
  ['cross-zone with the oracle', withKnobs(crossZone, { oracle: true }), 'hierarchical'],
];

describe.each(cases)('%s', (_name, config, mechanism) => {
  it('model random walks replay step for step in the engine', () => {
    for (let seed = 1; seed <= 5; seed++) expect(modelWalkInEngine(config, mechanism, seed, 90), `seed ${seed}`).toBeUndefined();
  });
  it('engine random walks: same enabled actions as the model, each step the model\'s step', () => {
    for (let seed = 1; seed <= 5; seed++) expect(engineWalkInModel(config, mechanism, seed, 90), `seed ${seed}`).toBeUndefined();
  });
});

describe('model counterexamples replay in the engine', () => {
  const broken: [string, string, ResolvedConfig, string][] = [
    ['no causal hold-back', 'causal-order', configFor('small', { causalHoldBack: false }), 'hierarchical'],
    ['arrival order', 'causal-order', configFor('small'), 'arrival-order'],
    ['no duplicate suppression', 'exactly-once', configFor('small', { duplicateSuppression: false }, { bounds: { updatesPerHost: 1, values: 1, reads: 0, duplicates: 1 } }), 'hierarchical'],
    ['flags on send', 'propagation-flag', configFor('small', { flagOnSend: true }), 'hierarchical'],
  ];
  it.each(broken)('%s: the shortest %s counterexample reproduces, verdict included', async (_n, name, config, mechanism) => {
    const model = modelFor(config, mechanism, true); // symmetry reduction on, as `replcheck check` runs
    const props = replicationProperties({ index: model.topology.index, config }).filter((p) => p.name === name);
    expect(props).toHaveLength(1);
    const result = await exhaustive(model, props, { maxStates: 400_000 });
    const violated = result.properties.find((p) => p.status === 'violated');
    expect(violated, `${name} should be violated`).toBeDefined();
    const trace = buildTrace({ model, meta: { config, mechanism }, mode: 'exhaustive' }, violated!);
    const report = replayTrace(trace, factory);
    expect(report.divergence).toBeUndefined();
    expect(report).toMatchObject({ result: 'reproduced', steps: trace.steps.length, verdict: { trace: 'violated', engine: 'violated' } });
  });

  it('a progress lasso (recurring disconnects) reproduces: the loop closes in the engine and both judges say violated', async () => {
    const config = configFor('faults', { recurringDisconnects: true });
    const model = modelFor(config, 'hierarchical', true);
    const props = replicationProperties({ index: model.topology.index, config }).filter((p) => p.name === 'progress');
    const result = await exhaustive(model, props);
    const violated = result.properties[0];
    expect(violated).toMatchObject({ status: 'violated', loop: 1 });
    const trace = buildTrace({ model, meta: { config, mechanism: 'hierarchical' }, mode: 'exhaustive' }, violated);
    expect(trace.loop).toBe(1);
    const report = replayTrace(trace, factory);
    expect(report.divergence).toBeUndefined();
    expect(report).toMatchObject({ result: 'reproduced', verdict: { engine: 'violated' }, reference: { engine: 'violated', step: 1 } });
  });

  it('random-mode counterexamples (shrunk) reproduce too', async () => {
    const config = configFor('medium', { causalHoldBack: false });
    const model = modelFor(config, 'hierarchical');
    const props: Property<ReplicationState>[] = replicationProperties({ index: model.topology.index, config }).filter((p) => p.name === 'causal-order');
    const result = await simulate(model, props, { runs: 300, steps: 60, seed: 3 });
    const violated = result.properties.find((p) => p.status === 'violated');
    expect(violated).toBeDefined();
    const trace = buildTrace({ model, meta: { config, mechanism: 'hierarchical' }, mode: 'random', seed: 3 }, violated!);
    expect(replayTrace(trace, factory)).toMatchObject({ result: 'reproduced', verdict: { engine: 'violated' } });
  });
});

describe('scheduler', () => {
  it('is deterministic: same seed, same schedule; another seed, another one', () => {
    const a = runSchedule(rich, 'hierarchical', seededChoices(11, 120));
    const b = runSchedule(rich, 'hierarchical', seededChoices(11, 120));
    const c = runSchedule(rich, 'hierarchical', seededChoices(12, 120));
    expect(a.refusal).toBeUndefined();
    expect(b.actions).toEqual(a.actions);
    expect(b.views).toEqual(a.views);
    expect(c.actions).not.toEqual(a.actions);
  });
});
