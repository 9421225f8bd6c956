// The library API (src/index.ts): check() and simulate() on a model module with a selection, or
// on a bare model with properties, validated like the CLI.
import { describe, expect, it } from 'vitest';
import { check, simulate, always, UsageError, type RandomStats } from '../../src/index.ts';
import counter, { counterModel } from '../fixtures/counter.ts';

describe('library API', () => {
  it('simulate() builds a module with its selection and selects properties by name', async () => {
    const r = await simulate(counter, { selection: { params: { limit: '4' } }, properties: ['below-limit'], seed: 1 });
    expect(r.mode).toBe('random');
    expect(r.properties.map((p) => p.name)).toEqual(['below-limit']);
    expect(r.outcome).toBe('violation');
    const again = await simulate(counter, { selection: { params: { limit: '4' } }, properties: ['below-limit'], seed: 1, path: (r.stats as RandomStats).path });
    expect(again.properties[0].path).toEqual(r.properties[0].path);
  });

  it('check() runs the exhaustive explorer on a bare model and properties', async () => {
    const p = { hosts: 2, max: 2, limit: 100, stuck: false, starts: 1 };
    const r = await check({ model: counterModel(p), properties: [always('total-below-5', (s: { counts: number[] }) => s.counts[0] + s.counts[1] < 5)] });
    expect(r.mode).toBe('exhaustive');
    expect(r.outcome).toBe('pass');
    expect(r.properties[0].status).toBe('holds');
  });

  it('rejects unknown parameters and property names with a UsageError', async () => {
    await expect(simulate(counter, { selection: { params: { nope: '1' } } })).rejects.toBeInstanceOf(UsageError);
    // (Stop 29) A walk longer than its choices can be generated for ran into an out-of-memory error.
    await expect(simulate(counter, { steps: 99_999_999_999 })).rejects.toThrow(/^steps must be at most 10,000,000 \(got 99999999999\)/);
    await expect(check(counter, { properties: ['nope'] })).rejects.toThrow(/unknown property 'nope'/);
    await expect(check(counter, { selection: { config: 'small' } })).rejects.toThrow(/does not take --config/);
  });
});
