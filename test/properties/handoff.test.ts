/**
 * (Issue 13) The `handoff` property on the `handoff` preset: it holds with witnesses (its
 * antecedent, a handoff while the old cell still held an instance for the host, is reached) under
 * both policies, is violated by forwarding without de-duplication, and exists only with the knob on.
 */
import { describe, expect, it } from 'vitest';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import { buildVariant } from './variants.ts';

describe('handoff', () => {
  it.each(['forward', 'resend'] as const)('holds, witnessed, under handoff=%s with de-duplication', async (policy) => {
    const { model, properties } = buildVariant({ preset: 'handoff', override: { knobs: { handoff: policy } } }, ['handoff']);
    const result = await exhaustive(model, properties);
    expect(result.properties[0]).toMatchObject({ name: 'handoff', status: 'holds' });
    expect(result.properties[0]!.witnesses).toBeGreaterThan(0);
  });

  it('resend drops what forward relays: without de-duplication resend still holds (nothing is forwarded)', async () => {
    const { model, properties } = buildVariant({ preset: 'handoff', override: { knobs: { handoff: 'resend', handoffDedup: false } } }, ['handoff']);
    const result = await exhaustive(model, properties);
    expect(result.properties[0]!.status).toBe('holds');
  });

  it('is violated by forwarding without de-duplication: the relayed batch doubles the committed stream', async () => {
    const { model, properties } = buildVariant({ preset: 'handoff', override: { knobs: { handoffDedup: false } } }, ['handoff']);
    const result = await exhaustive(model, properties);
    const v = result.properties[0]!;
    expect(v.status).toBe('violated');
    expect(v.explanation?.facts).toEqual(['mh1\'s committed stream delivered ms#1 (gid 1) twice: entries 1 and 2 of its log']);
  });

  it('is built only with the knob handoff on', () => {
    expect(buildVariant({ preset: 'handoff', override: { knobs: { handoff: 'none' } } }).properties.some((p) => p.name === 'handoff')).toBe(false);
    expect(buildVariant({ preset: 'tiny' }).properties.some((p) => p.name === 'handoff')).toBe(false);
  });
});
