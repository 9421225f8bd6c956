// (Issue 13) The handoff protocol (knob handoff=forward|resend, handoffDedup) in the model and in
// the independent reference engine: walks agree step for step both ways, the model's shortest
// counterexample without de-duplication replays in the engine with its verdict, and the engine
// refuses what the protocol does not allow.
import { describe, expect, it } from 'vitest';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import type { Property } from '../../src/engine/property.ts';
import { replicationProperties } from '../../properties/index.ts';
import { referenceNodeIndex, replicationReference } from '../../reference/index.ts';
import { ReferenceEngine } from '../../reference/engine.ts';
import { replayTrace } from '../../traces/replay.ts';
import { buildTrace } from '../../traces/write.ts';
import type { ResolvedConfig } from '../../traces/replication.ts';
import { configFor, engineWalkInModel, modelFor, modelWalkInEngine, scriptInBoth } from './differential.ts';
import { crossZone, mover, rich } from './configs.ts';

const factory = {
  ...replicationReference,
  properties: (setup: { config?: unknown }) => {
    const config = setup.config as ResolvedConfig;
    return replicationProperties({ index: referenceNodeIndex(config), config }) as Property<unknown>[];
  },
};

function knobs(c: ResolvedConfig, k: Record<string, boolean | number | string>): ResolvedConfig {
  return { ...c, knobs: { ...(c.knobs ?? {}), ...k } };
}

const preset = configFor('handoff');
const cases: [string, ResolvedConfig][] = [
  ['handoff (forward)', preset],
  ['handoff with resend', knobs(preset, { handoff: 'resend' })],
  ['handoff forwarding without de-duplication', knobs(preset, { handoffDedup: false })],
  ['rich, forward', knobs(rich, { handoff: 'forward' })],
  ['rich, resend', knobs(rich, { handoff: 'resend' })],
  ['cross-zone, forward without de-duplication', knobs(crossZone, { handoff: 'forward', handoffDedup: false })],
  ['mover, forward with ROI hops', knobs(mover, { handoff: 'forward', roiHops: true })],
  ['mobility, resend', knobs(configFor('mobility'), { handoff: 'resend' })],
  // Faults apply to the protocol too: a crash loses the old cell's withheld instances or the new cell's relay (volatile IIRA).
  ['handoff under crashes and a lost acknowledgement (forward)', configFor('handoff', {}, {
    writers: ['ms', 'mh1'], bounds: { updatesPerHost: 1, values: 1, moves: 1 },
    faults: { crashes: 1, losses: 1, nodes: ['c1', 'c2', 'mh1'], checkpoint: { cell: 'on-ack' } },
  })],
  ['handoff under crashes (resend)', knobs(configFor('handoff', {}, {
    writers: ['ms', 'mh1'], faults: { crashes: 1, nodes: ['c1', 'c2'], checkpoint: { cell: 'never' } },
  }), { handoff: 'resend' })],
  // (Fix of the stale registration) mh1 moves, crashes with nothing checkpointed and recovers: its re-registration supersedes the move's.
  ...(['none', 'forward', 'resend'] as const).map((handoff): [string, ResolvedConfig] => [`a host recovering after a move, its registration in flight (${handoff})`,
    knobs(configFor('handoff', {}, { faults: { crashes: 1, nodes: ['c1', 'c2', 'mh1'], checkpoint: { cell: 'on-ack', mobile: 'never' } } }), { handoff })]),
  ['a host recovering after a move, with ROI hops (forward)', knobs(configFor('handoff', {}, {
    faults: { crashes: 1, nodes: ['c1', 'c2', 'mh1'], checkpoint: { cell: 'on-ack', mobile: 'never' } } }), { handoff: 'forward', roiHops: true })],
  ['handoff with the old cell recovering on a replacement (forward)', configFor('handoff', {}, {
    writers: ['ms', 'mh1'], faults: { crashes: 1, nodes: ['c1'], checkpoint: { cell: 'on-ack' }, recovery: 'replacement' },
  })],
];

describe.each(cases)('%s', (_name, config) => {
  it('model random walks replay step for step in the engine', () => {
    for (let seed = 1; seed <= 6; seed++) expect(modelWalkInEngine(config, 'hierarchical', seed, 90), `seed ${seed}`).toBeUndefined();
  });
  it('engine random walks: same enabled actions as the model, each step the model\'s step', () => {
    for (let seed = 1; seed <= 6; seed++) expect(engineWalkInModel(config, 'hierarchical', seed, 90), `seed ${seed}`).toBeUndefined();
  });
});

describe('handoff=forward without de-duplication', () => {
  it('the shortest handoff counterexample (20 steps) replays in the engine, verdict included', async () => {
    const config = knobs(preset, { handoffDedup: false });
    const model = modelFor(config, 'hierarchical', true);
    const props = replicationProperties({ index: model.topology.index, config }).filter((p) => p.name === 'handoff');
    expect(props).toHaveLength(1);
    const result = await exhaustive(model, props);
    const violated = result.properties[0]!;
    expect(violated.status).toBe('violated');
    expect(violated.path).toHaveLength(21); // the initial state and 20 steps
    expect(violated.explanation?.facts[0]).toMatch(/^mh1's committed stream delivered ms#1 \(gid 1\) twice/);
    const trace = buildTrace({ model, meta: { config, mechanism: 'hierarchical' }, mode: 'exhaustive' }, violated);
    expect(trace.steps.some((s) => (s.action as { type?: string } | undefined)?.type === 'handoff')).toBe(true);
    const report = replayTrace(trace, factory);
    expect(report.divergence).toBeUndefined();
    expect(report).toMatchObject({ result: 'reproduced', steps: trace.steps.length, verdict: { trace: 'violated' } });
  });
});

describe('the engine refuses what the handoff protocol does not allow', () => {
  const script = [
    { type: 'update', host: 'ms', item: 'x', value: 1 },
    { type: 'send', from: 'ms', to: 'z1', kind: 'ReRU', instance: 'ms/1', updates: ['ms#1'] },
    { type: 'migrate', instance: 'ms/1', ok: true },
    { type: 'execute', instance: 'ms/1' },
    { type: 'send', from: 'z1', to: 'c1', kind: 'ReRU', instance: 'z1/1', updates: ['ms#1'] },
    { type: 'migrate', instance: 'z1/1', ok: true },
    { type: 'execute', instance: 'z1/1' },
    { type: 'send', from: 'c1', to: 'mh1', kind: 'ReRU', instance: 'c1/1', updates: ['ms#1'] },
    { type: 'move', host: 'mh1', to: 'c2' },
    { type: 'migrate', instance: 'mh1/1', ok: true },
    { type: 'execute', instance: 'mh1/1' },
  ] as const;

  function run(config: ResolvedConfig): ReferenceEngine {
    const e = new ReferenceEngine(config);
    for (const a of script) expect(e.apply(a as never), JSON.stringify(a)).toBeUndefined();
    return e;
  }

  it('forward: c1 withholds c1/1 once c2 registered mh1, and forwards it; c2 relays it (nothing acknowledged yet)', () => {
    const e = run(preset);
    expect(e.apply({ type: 'migrate', instance: 'c1/1', ok: true })).toMatch(/withholds c1\/1: mh1 is registered in another cell/);
    expect(e.apply({ type: 'handoff', host: 'mh1', from: 'c1', to: 'c2', instances: ['c1/1'], updates: [] })).toMatch(/c2 would relay \[ms#1\]/);
    expect(e.apply({ type: 'handoff', host: 'mh1', from: 'c1', to: 'c2', instances: ['c1/1'], updates: ['ms#1'] })).toBeUndefined();
    const v = e.view();
    expect(v.instances.map((x) => [x.from, x.to, x.kind, x.relay])).toEqual([[3, 4, 'ReRU', 2]]);
    expect(v.used.handoffs).toBe(1);
  });

  it('resend: c1 drops c1/1; nothing is relayed', () => {
    const e = run(knobs(preset, { handoff: 'resend' }));
    expect(e.apply({ type: 'handoff', host: 'mh1', from: 'c1', to: 'c2', instances: ['c1/1'], updates: [] })).toBeUndefined();
    expect(e.view().instances).toEqual([]);
  });

  it('none: there is no handoff step, and c1/1 is routed to mh1 as before', () => {
    const e = run(knobs(preset, { handoff: 'none' }));
    expect(e.apply({ type: 'handoff', host: 'mh1', from: 'c1', to: 'c2', instances: ['c1/1'], updates: [] })).toMatch(/no handoff protocol/);
    expect(e.apply({ type: 'migrate', instance: 'c1/1', ok: true })).toBeUndefined();
  });
});

describe('a host recovering after a move while its registration is in flight (fix of the stale registration)', () => {
  const config = knobs(configFor('handoff', {}, { faults: { crashes: 1, nodes: ['c1', 'c2', 'mh1'], checkpoint: { cell: 'on-ack', mobile: 'never' } } }), { handoff: 'none' });
  // The former counterexample (progress, recovery-ca), then c2 resending ms#1 from the cursor mh1 re-registered (0).
  const labels = [
    'ms writes x=1 (ms#1)', 'send ReRU ms/1 ms->z1 [ms#1]', 'migrate ms/1 ok', 'execute ms/1', 'send ReRU z1/1 z1->c1 [ms#1]',
    'migrate z1/1 ok', 'execute z1/1', 'send ReRU c1/1 c1->mh1 [ms#1]', 'migrate c1/1 ok', 'execute c1/1', 'mh1 moves to c2',
    'mh1 crashes', 'mh1 recovers', 'migrate mh1/1 ok', 'execute mh1/1', 'send ReRU z1/2 z1->c2 [ms#1]', 'migrate z1/2 ok',
    'execute z1/2', 'send ReRU c2/1 c2->mh1 [ms#1]', 'migrate c2/1 ok', 'execute c2/1',
  ];

  it('the model and the engine take it step for step, and mh1 merges ms#1 again', () => {
    const model = modelFor(config, 'hierarchical');
    let s = model.init()[0]!;
    const script = [];
    for (const label of labels) {
      const a = model.actions(s).find((x) => model.formatAction!(x) === label);
      expect(a, `${label} enabled in the model`).toBeDefined();
      script.push(model.actionToJson(a!));
      s = model.next(s, a!)!;
    }
    expect(s.nodes[referenceNodeIndex(config).nodes.findIndex((n) => n.id === 'mh1')]!.committed).toBe(1);
    expect(scriptInBoth(config, 'hierarchical', script as never)).toBeUndefined();
  });
});
