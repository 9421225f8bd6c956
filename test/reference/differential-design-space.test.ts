// Differential testing of seed 003's design-space knobs (issue 14) between the model and the
// reference engine, written independently: `propagation: eager` (writer waits for every replica,
// item locked meanwhile), `primaryPlacement` with redirected or rejected secondary writes, and
// the deprecated `eager` name of `waitOwnCommit` as older traces carry it.
import { describe, expect, it } from 'vitest';
import type { ReplicationAction, ResolvedConfig } from '../../traces/replication.ts';
import { ReferenceEngine } from '../../reference/index.ts';
import { crossZone, rich } from './configs.ts';
import { engineWalkInModel, modelWalkInEngine, scriptInBoth } from './differential.ts';

const withKnobs = (c: ResolvedConfig, knobs: Record<string, boolean | number | string>): ResolvedConfig => ({ ...c, knobs: { ...(c.knobs ?? {}), ...knobs } });

const VARIANTS: [string, Record<string, boolean | number | string>][] = [
  ['eager', { propagation: 'eager' }],
  ['placed, redirect', { primaryPlacement: 'o=mh1,p=z2' }],
  ['placed, reject', { primaryPlacement: 'o=mh1,p=z2', secondaryWrites: 'reject' }],
  ['eager and placed', { propagation: 'eager', primaryPlacement: 'o=ms' }],
];

describe.each(['hierarchical', 'primary-copy', 'sequencer'])('%s', (mechanism) => {
  it.each(VARIANTS)('%s: model walks replay in the engine, engine walks are model steps', (_n, knobs) => {
    const config = withKnobs(crossZone, knobs);
    for (let seed = 1; seed <= 2; seed++) {
      expect(modelWalkInEngine(config, mechanism, seed, 90), `model walk, seed ${seed}`).toBeUndefined();
      expect(engineWalkInModel(config, mechanism, seed, 90), `engine walk, seed ${seed}`).toBeUndefined();
    }
  });
});

describe('scripted', () => {
  it('a secondary\'s write is refused with reject; with redirect it is no step of the secondary', () => {
    const reject = withKnobs(rich, { primaryPlacement: 'o=mh1', secondaryWrites: 'reject' });
    const write: ReplicationAction = { type: 'update', host: 'mh2', item: 'x', value: 1 };
    expect(scriptInBoth(reject, 'primary-copy', [write])).toBeUndefined();
    const e = new ReferenceEngine(withKnobs(rich, { primaryPlacement: 'o=mh1' }), 'primary-copy');
    expect(e.apply(write)).toBe('update mh2 x=1: x\'s primary is at mh1: mh2\'s write is redirected there (the primary writes it)');
  });

  it('eager: nobody touches an item while one of its updates is missing from a replica', () => {
    const e = new ReferenceEngine(withKnobs(rich, { propagation: 'eager' }), 'hierarchical');
    expect(e.apply({ type: 'update', host: 'mh1', item: 'x', value: 1 })).toBeUndefined();
    expect(e.apply({ type: 'read', host: 'fh1', item: 'x' })).toBe('read fh1 x: eager propagation: fh1 cannot read until mh1#1 is in every replica holding its item');
    expect(e.apply({ type: 'update', host: 'mh1', item: 'x2', value: 1 })).toMatch(/^update mh1 x2=1: eager propagation: mh1 cannot write until mh1#1/);
  });
});
