/**
 * The `small` half of both-ways.test.ts (part of `npm run test:long`): every property holds, by
 * exhaustive search, on the `small` preset with the hierarchical mechanism. Kept out of `npm
 * test` because it explores 132,439 states with the whole property library.
 */
import { describe, expect, it } from 'vitest';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import { buildVariant } from './variants.ts';

describe('every property holds on small (hierarchical, exhaustive)', () => {
  it('explores the whole space and every property holds', async () => {
    const { model, properties } = buildVariant({ preset: 'small' });
    const result = await exhaustive(model, properties);
    expect(result.stats).not.toHaveProperty('limit');
    const statuses = Object.fromEntries(result.properties.map((p) => [p.name, p.status]));
    expect(statuses).toEqual(Object.fromEntries(properties.map((p) => [p.name, 'holds'])));
    expect(result.outcome).toBe('pass');
  });
});
