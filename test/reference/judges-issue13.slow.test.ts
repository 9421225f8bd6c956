// (Issue 13) The engine's own judges of handoff, new-server and metadata-convergence
// (reference/judge/handoff.ts, new-server.ts, metadata.ts) against the property library, state by
// state: on seeded random walks of the handoff, new-server and growing presets both judges pass
// every state; on the broken variants (handoffDedup=false, snapshotCursor=false,
// roiPropagation=false) both fail the same states; and replay of the corpus counterexamples has
// two verdicts (it said "one judge only" before these judges existed).
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replicationProperties } from '../../properties/index.ts';
import { engineEnabled, judges, judgeStates, ReferenceEngine, referenceNodeIndex, replicationReferenceWith } from '../../reference/index.ts';
import { pluginHooks } from '../../bin/wiring.ts';
import { replayTrace } from '../../traces/replay.ts';
import { verdictLines } from '../../traces/replay-text.ts';
import type { Property } from '../../src/engine/property.ts';
import type { ResolvedConfig } from '../../traces/replication.ts';
import { configFor } from './differential.ts';
import { crossZone } from './configs.ts';
import { randomRun, traceRun, type EngineRun } from './judges.ts';

const PROPS = ['handoff', 'new-server', 'metadata-convergence'] as const;

/** Per state of the run: does each judge pass it? Undefined when the library has no such property for the configuration. */
function stateByState(run: EngineRun, name: string): { lib: boolean[]; own: boolean[] } | undefined {
  const prop = replicationProperties({ index: referenceNodeIndex(run.config), config: run.config }).find((p) => p.name === name);
  if (!prop) return undefined;
  const own = judgeStates(new ReferenceEngine(run.config).topo, name, run.states)!;
  return { lib: run.views.map((v) => prop.check(v) === true), own: own.map((x) => x === undefined) };
}

const range = (n: number): number[] => Array.from({ length: n }, (_, k) => k + 1);

/** Walks a random run per seed; returns, per property, the disagreements and how many runs each judge failed. */
function walk(config: ResolvedConfig, seeds: readonly number[], steps: number) {
  const out: Record<string, { disagree: string[]; failedRuns: number; judgedRuns: number }> = {};
  for (const name of PROPS) out[name] = { disagree: [], failedRuns: 0, judgedRuns: 0 };
  for (const seed of seeds) {
    const run = randomRun(config, 'hierarchical', seed, steps, 200);
    for (const name of PROPS) {
      const r = stateByState(run, name);
      if (!r) continue;
      out[name].judgedRuns++;
      const k = r.lib.findIndex((x, i) => x !== r.own[i]);
      if (k >= 0) out[name].disagree.push(`seed ${seed} state ${k}: library ${r.lib[k] ? 'holds' : 'violated'}, judge ${r.own[k] ? 'holds' : 'violated'}`);
      if (r.own.includes(false)) out[name].failedRuns++;
    }
  }
  return out;
}

const knobs = (c: ResolvedConfig, k: Record<string, string | boolean>): ResolvedConfig => ({ ...c, knobs: { ...(c.knobs ?? {}), ...k } });

describe('issue 13 judges against the property library, state by state', () => {
  it('the judge has the three properties, as safety properties', () => {
    for (const name of PROPS) expect(judges(name, 'always'), name).toBe(true);
  });

  const correct: [string, ResolvedConfig, number[], string[]][] = [
    ['handoff (forward)', configFor('handoff'), range(25), ['handoff', 'metadata-convergence']],
    ['handoff (resend)', knobs(configFor('handoff'), { handoff: 'resend' }), range(25), ['handoff', 'metadata-convergence']],
    ['new-server', configFor('new-server'), range(25), ['new-server', 'metadata-convergence']],
    ['growing', configFor('growing'), range(25), ['new-server', 'metadata-convergence']],
  ];
  it.each(correct)('%s: both judges pass every state of seeded random walks', (_name, config, seeds, judged) => {
    const res = walk(config, seeds, 40);
    for (const name of PROPS) {
      expect(res[name].disagree, name).toEqual([]);
      expect(res[name].failedRuns, name).toBe(0);
    }
    for (const name of judged) expect(res[name].judgedRuns, name).toBe(seeds.length);
  }, 120_000);

  // A finding (model/README.md finding 10, fixed by moveCursorGuard): on cross-zone moves with
  // interest changes, seed 3 had mh1 add p at c1, move to c2 before c1's IR arrived, and take
  // c2's ReRU cursor past ms#1 on y, which c2 did not know mh1 holds: a gap, which both judges
  // reported. Now every state passes (move-cursor-guard.test.ts shows it both ways).
  it('cross-zone moves with interest changes, handoff forward: the judges agree on every state', () => {
    const res = walk(knobs(crossZone, { handoff: 'forward' }), [1, 2, 3], 40);
    for (const p of PROPS) expect(res[p].disagree, p).toEqual([]);
    expect(res.handoff.judgedRuns).toBe(3);
    expect(res.handoff.failedRuns).toBe(0);
  }, 120_000);

  // The violations need a particular race; the seeds listed include walks that reach it (the
  // handoff preset's own race is rarer than 1 in 200 random walks: the exhaustive search below
  // and the corpus trace show it).
  const broken: [string, ResolvedConfig, number[], string][] = [
    ['handoff without de-duplication', knobs(configFor('handoff'), { handoffDedup: false }), range(25), ''],
    ['new-server taking its parent\'s cursor', configFor('new-server', { snapshotCursor: false }), range(44), 'new-server'],
    ['growing taking its parent\'s cursor', configFor('growing', { snapshotCursor: false }), range(10), 'new-server'],
    ['new-server without ROI propagation', configFor('new-server', { roiPropagation: false }), range(25), 'metadata-convergence'],
  ];
  it.each(broken)('%s: the judges agree on every state (and both catch the broken variant)', (_name, config, seeds, name) => {
    const res = walk(config, seeds, 40);
    for (const p of PROPS) expect(res[p].disagree, p).toEqual([]);
    if (name) expect(res[name].failedRuns, name).toBeGreaterThan(0);
  }, 120_000);
});

/**
 * Every engine state reachable from the initial one (breadth-first over the engine's enabled
 * actions, deduplicated on the view, as explore.ts does), each judged alone by both judges:
 * how many states each judge fails and the states where they differ.
 */
function exhaust(config: ResolvedConfig, name: string, max: number) {
  const prop = replicationProperties({ index: referenceNodeIndex(config), config }).find((p) => p.name === name)!;
  const start = new ReferenceEngine(config);
  const topo = start.topo;
  const queue = [start];
  const seen = new Set([JSON.stringify(start.view())]);
  let libFails = 0, ownFails = 0;
  const disagree: string[] = [];
  for (let k = 0; k < queue.length; k++) {
    const engine = queue[k];
    const lib = prop.check(engine.view()) === true;
    const own = judgeStates(topo, name, [engine.current])![0] === undefined;
    if (!lib) libFails++;
    if (!own) ownFails++;
    if (lib !== own) disagree.push(`state ${k}: library ${lib ? 'holds' : 'violated'}, judge ${own ? 'holds' : 'violated'}`);
    for (const a of engineEnabled(engine)) {
      const next = engine.fork();
      if (next.apply(a) !== undefined) continue;
      const key = JSON.stringify(next.view());
      if (seen.has(key) || seen.size >= max) continue;
      seen.add(key);
      queue.push(next);
    }
    queue[k] = undefined as unknown as ReferenceEngine; // expanded: free it
  }
  return { states: seen.size, libFails, ownFails, disagree };
}

describe('issue 13 judges on every reachable engine state of the small presets', () => {
  it.each([
    ['handoff', configFor('handoff'), 'handoff', false],
    ['handoff without de-duplication', knobs(configFor('handoff'), { handoffDedup: false }), 'handoff', true],
    ['new-server', configFor('new-server'), 'new-server', false],
    ['new-server taking its parent\'s cursor', configFor('new-server', { snapshotCursor: false }), 'new-server', true],
    ['new-server (metadata-convergence)', configFor('new-server'), 'metadata-convergence', false],
    ['new-server without ROI propagation (metadata-convergence)', configFor('new-server', { roiPropagation: false }), 'metadata-convergence', true],
  ] as const)('%s: the judges agree on every state; the engine\'s judge fails some state exactly when broken', (_n, config, name, broken) => {
    const r = exhaust(config, name, 50_000);
    expect(r.states).toBeLessThan(50_000); // the whole space
    expect(r.disagree).toEqual([]);
    if (broken) expect(r.ownFails).toBeGreaterThan(0);
    else expect(r.ownFails).toBe(0);
  }, 120_000);
});

describe('replay of the issue 13 counterexamples: two judges, one verdict', () => {
  const corpus = resolve(import.meta.dirname, '..', '..', 'traces', 'corpus');
  const factory = {
    ...replicationReferenceWith(pluginHooks),
    properties: (setup: { config?: unknown }) => {
      const config = setup.config as ResolvedConfig;
      return replicationProperties({ index: referenceNodeIndex(config), config }) as Property<unknown>[];
    },
  };
  it.each([
    ['handoff-no-dedup', 'handoff', /^mh1's value sequence of x holds ms#1 twice/],
    ['new-server-parent-cursor', 'new-server', /^c2 joined, holds every object and its cursor is at Global ID 1/],
    ['metadata-no-roi-propagation', 'metadata-convergence', /^c2's Hosts-Obj has mh2 in c2, the MS's in nowhere/],
  ])('%s: the library and the reference judge both find the %s violation', (file, name, fact) => {
    const run = traceRun(join(corpus, `${file}.trace.json`));
    expect(run.trace.property.name).toBe(name);
    const report = replayTrace(run.trace, factory);
    expect(report.result).toBe('reproduced');
    expect(report.verdict).toMatchObject({ trace: 'violated', engine: 'violated' });
    expect(report.reference).toMatchObject({ engine: 'violated', step: run.trace.steps.length - 1 });
    expect(verdictLines(report).join('\n')).toContain('the judges agree: property library violated; reference judge violated');
    const own = judgeStates(new ReferenceEngine(run.config).topo, name, run.states)!;
    expect(own.slice(0, -1).every((x) => x === undefined)).toBe(true); // the violation is the last state's only
    expect(own[own.length - 1]?.find((f) => fact.test(f))).toBeDefined();
  });
});
