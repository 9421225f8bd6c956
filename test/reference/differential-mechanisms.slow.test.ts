// Differential testing of every alternative ordering mechanism (model/mechanisms/README.md) between
// the model and the reference engine: model walks replay step for step in the engine, engine walks
// are model steps with the same enabled actions; the knobs the mechanisms read; a scripted corner
// (peer candidates after an object is dropped and added again). A few seeds each: the wide
// campaign is in differential.long.test.ts.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ReplicationAction, ResolvedConfig } from '../../traces/replication.ts';
import { configFor, configFromFile, engineWalkInModel, modelWalkInEngine, scriptInBoth, shortestCounterexampleReplay } from './differential.ts';
import { crossZone, mover, rich, withKnobs } from './configs.ts';

const MECHANISMS = ['sequencer', 'lamport', 'vector-causal', 'lww', 'primary-copy', 'bayou'] as const;

/** Configurations every mechanism is walked on, and the knob variants each mechanism reads. */
const BASES: [string, ResolvedConfig][] = [['small', configFor('small')], ['rich', rich], ['mover', mover]];
const KNOBS: Record<(typeof MECHANISMS)[number], Record<string, boolean | number>> = {
  sequencer: { fifoHoldBack: false },
  lamport: { eager: true },
  'vector-causal': { causalHoldBack: false },
  lww: { clockSkew: 0 },
  'primary-copy': { fifoHoldBack: false, eager: true },
  bayou: { causalHoldBack: false },
};

describe.each(MECHANISMS)('%s', (mechanism) => {
  const cases: [string, ResolvedConfig][] = [...BASES, [`cross-zone ${JSON.stringify(KNOBS[mechanism])}`, withKnobs(crossZone, KNOBS[mechanism])]];
  it.each(cases)('%s: model walks replay in the engine, engine walks are model steps', (_n, config) => {
    for (let seed = 1; seed <= 2; seed++) {
      expect(modelWalkInEngine(config, mechanism, seed, 90), `model walk, seed ${seed}`).toBeUndefined();
      expect(engineWalkInModel(config, mechanism, seed, 90), `engine walk, seed ${seed}`).toBeUndefined();
    }
  });
});

describe('model counterexamples of the mechanisms replay in the engine, verdict included', () => {
  const fixture = (name: string, knobs: Record<string, boolean> = {}) => configFromFile(fileURLToPath(new URL(`../fixtures/mechanisms/${name}.json`, import.meta.url)), knobs);
  const cases: [string, string, string, () => ResolvedConfig][] = [
    ['sequencer', 'causal-order', 'small', () => configFor('small')],
    ['vector-causal', 'total-order', 'small', () => configFor('small')],
    ['lww', 'causal-order', 'small', () => configFor('small')],
    ['lww', 'total-order', 'small', () => configFor('small')],
    ['lww', 'fifo-order', 'fifo-move', () => fixture('fifo-move')],
    ['sequencer', 'fifo-order', 'fifo-move without FIFO hold-back', () => fixture('fifo-move', { fifoHoldBack: false })],
    ['primary-copy', 'read-your-writes', 'read-own', () => fixture('read-own')],
  ];
  it.each(cases)('%s: %s on %s', async (mechanism, property, _c, config) => {
    const { trace, report } = await shortestCounterexampleReplay(mechanism, property, config());
    expect(report.divergence).toBeUndefined();
    expect(report).toMatchObject({ result: 'reproduced', steps: trace.steps.length, verdict: { trace: 'violated', engine: 'violated' } });
  });
});

describe('scripted corners', () => {
  const ir = (from: string, to: string, instance: string, objects: string[]): ReplicationAction[] => [
    { type: 'send', from, to, kind: 'IR', instance, updates: [], objects },
    { type: 'migrate', instance, ok: true },
    { type: 'execute', instance },
  ];
  it('peer candidates are the updates the receiver has not applied, even on an item it dropped and added again', () => {
    const script: ReplicationAction[] = [
      { type: 'join', host: 'mh4', objects: ['p', 'r'] }, ...ir('c2', 'mh4', 'c2/1', ['p', 'r']),
      { type: 'update', host: 'mh3', item: 'y', value: 1 }, { type: 'peer', from: 'mh3', to: 'mh4', updates: ['mh3#1'] },
      { type: 'changeInterests', host: 'mh4', remove: 'p' }, { type: 'changeInterests', host: 'mh4', add: 'p' }, ...ir('c2', 'mh4', 'c2/2', ['p']),
    ];
    for (const m of ['hierarchical', 'bayou', 'lww']) expect(scriptInBoth(crossZone, m, script), m).toBeUndefined();
  });
  it('eager blocks a refused attempt too (a waiting client cannot even try)', () => {
    const config = withKnobs(rich, { eager: true });
    const script: ReplicationAction[] = [{ type: 'update', host: 'fh1', item: 'x', value: 1 }];
    for (const m of ['hierarchical', 'primary-copy']) expect(scriptInBoth(config, m, script), m).toBeUndefined();
  });
  it('a snapshot installs in Global ID order, whatever order the cell shows (vector-causal keeps delivery order)', () => {
    const hop = (kind: 'RU' | 'ReRU', from: string, to: string, instance: string, updates: string[]): ReplicationAction[] => [
      { type: 'send', from, to, kind, instance, updates }, { type: 'migrate', instance, ok: true }, { type: 'execute', instance },
    ];
    const script: ReplicationAction[] = [
      { type: 'update', host: 'c2', item: 'y', value: 1 }, { type: 'update', host: 'ms', item: 'y', value: 1 },
      ...hop('ReRU', 'ms', 'z2', 'ms/1', ['ms#1']), ...hop('ReRU', 'z2', 'c2', 'z2/1', ['ms#1']),
      { type: 'order', server: 'c2', updates: ['c2#1'] }, ...hop('RU', 'c2', 'z2', 'c2/1', ['c2#1']),
      { type: 'order', server: 'z2', updates: ['c2#1'] }, ...hop('RU', 'z2', 'ms', 'z2/2', ['c2#1']),
      { type: 'order', server: 'ms', updates: ['c2#1'] }, ...hop('ReRU', 'ms', 'z2', 'ms/2', ['c2#1']), ...hop('ReRU', 'z2', 'c2', 'z2/3', ['c2#1']),
      { type: 'join', host: 'mh4', objects: ['p', 'r'] }, ...ir('c2', 'mh4', 'c2/2', ['p', 'r']).map((a) => (a.type === 'send' ? { ...a, updates: ['ms#1', 'c2#1'] } : a)),
    ];
    expect(scriptInBoth(crossZone, 'vector-causal', script)).toBeUndefined();
  });
});
