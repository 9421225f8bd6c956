/**
 * The `small` half of both-ways.test.ts (part of `npm run test:long`): every property the
 * hierarchical mechanism promises holds (strong-convergence, not promised, is violated), by
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
    // strong-convergence is the one the hierarchical strategy does not promise (issue 11): two
    // hosts that exchanged updates peer to peer may hold them in opposite tentative orders.
    expect(statuses).toEqual(Object.fromEntries(properties.map((p) => [p.name, p.name === 'strong-convergence' ? 'violated' : 'holds'])));
  });
});
