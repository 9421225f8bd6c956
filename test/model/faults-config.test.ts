/**
 * The fault model's configuration (issue 12): budgets, targets and policies resolve with their
 * defaults; bad ones are refused with one line naming the field; `--knob checkpoint.<kind>` and
 * `faults.<field>` override them.
 */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/engine/errors.ts';
import { resolveConfig } from '../../model/config.ts';
import { withKnobs } from '../../model/knob-flags.ts';
import { PRESETS } from '../../model/presets.ts';

const base = { topology: { zones: 1, cellsPerZone: 1, mobilePerCell: 1 } };

function errorOf(faults: unknown): string {
  try {
    resolveConfig({ ...base, faults });
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    const message = (e as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a UsageError');
}

describe('faults configuration', () => {
  it('recovery on a replacement (seed 002 13.2.2): one place for every server kind or one per kind; absent unless written', () => {
    expect(resolveConfig({ ...base, faults: { crashes: 1 } }).faults).not.toHaveProperty('recovery');
    expect(resolveConfig({ ...base, faults: { crashes: 1, recovery: 'replacement' } }).faults!.recovery).toEqual({ cell: 'replacement', zone: 'replacement', master: 'replacement' });
    expect(resolveConfig({ ...base, faults: { crashes: 1, recovery: { zone: 'replacement' } } }).faults!.recovery).toEqual({ cell: 'in-place', zone: 'replacement', master: 'in-place' });
    const knobbed = withKnobs(resolveConfig({ ...base, faults: { crashes: 1 } }), { 'faults.recovery': 'replacement', 'faults.reregister': 'false' }).faults!;
    expect(knobbed).toMatchObject({ recovery: { cell: 'replacement', zone: 'replacement', master: 'replacement' }, reregister: false });
    expect(() => withKnobs(resolveConfig(base), { 'faults.recovery': 'moon' })).toThrow('--knob faults.recovery must be in-place or replacement (got "moon")');
  });


  it('resolves defaults: zones and cells may crash, every link may be cut, write-ahead everywhere', () => {
    const f = resolveConfig({ ...base, faults: { crashes: 1 } }).faults!;
    expect(f).toMatchObject({ crashes: 1, losses: 0, partitions: 0, permanent: 0, nodes: ['z1', 'c1'], links: ['z1', 'c1'], every: 2, joint: false, jointQuiescence: true });
    expect(f.checkpoint).toEqual({ mobile: 'always', fixed: 'always', cell: 'always', zone: 'always', master: 'always' });
  });

  it('refuses bad budgets, unknown nodes, non-edges and policies with one line naming the field', () => {
    expect(errorOf({ crashes: -1 })).toBe('config.faults.crashes must be an integer >= 0 (got -1)');
    expect(errorOf({ losses: 1.5 })).toMatch(/^config\.faults\.losses must be an integer >= 0/);
    expect(errorOf({ nodes: ['c9'] })).toMatch(/^config\.faults\.nodes\[0\] names no node: "c9"/);
    expect(errorOf({ links: [['mh1', 'c1']] })).toMatch(/^config\.faults\.links\[0\] \["mh1", "c1"\] is not a cell-zone or zone-master link/);
    expect(errorOf({ links: [['c1', 'ms']] })).toMatch(/c1's parent is z1/);
    expect(errorOf({ checkpoint: { master: 'never' } })).toMatch(/^config\.faults\.checkpoint\.master must be one of "always"/);
    expect(errorOf({ permanent: 1 })).toMatch(/^config\.faults\.permanent needs a host in config\.faults\.nodes/);
    expect(errorOf({ recovery: 'elsewhere' })).toBe('config.faults.recovery must be one of "in-place", "replacement" (got "elsewhere")');
  });

  it('--knob overrides policies and budgets, and starts a fault model when the configuration has none', () => {
    const cell = resolveConfig(PRESETS['crash-cell']!, 'crash-cell');
    expect(withKnobs(cell, { 'checkpoint.cell': 'on-ack' }).faults!.checkpoint.cell).toBe('on-ack');
    expect(withKnobs(cell, { 'faults.crashes': '2' }).faults!.crashes).toBe(2);
    const tiny = withKnobs(resolveConfig(PRESETS.tiny!, 'tiny'), { 'faults.crashes': '1' });
    expect(tiny.faults!.nodes).toEqual(['z1', 'c1', 'mh1', 'mh2']);
    expect(() => withKnobs(cell, { 'checkpoint.cell': 'sometimes' })).toThrow(/must be always, every-k, on-ack or never/);
    expect(() => withKnobs(cell, { 'faults.every': '0' })).toThrow(/must be an integer from 1 to 100000/);
  });
});
