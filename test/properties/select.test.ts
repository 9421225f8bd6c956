/** Unit tests of property selection by family name. */
import { describe, expect, it } from 'vitest';
import { families, familyOf, replicationProperties, selectProperties } from '../../properties/index.ts';
import { UsageError } from '../../src/engine/errors.ts';
import { oneCell } from './builder.ts';

describe('selectProperties', () => {
  const b = oneCell(2);
  const all = replicationProperties(b.ctx());

  it('lists every family of the brief once', () => {
    expect(families(all)).toEqual([
      'causal-order', 'total-order', 'fifo-order', 'eventual-consistency', 'ca-state', 'committed-prefix', 'strong-convergence', 'progress', 'single-publisher',
      'exactly-once', 'propagation-flag', 'agent-lifecycle', 'related-closure', 'initial-replication',
      'read-your-writes', 'monotonic-reads', 'monotonic-writes', 'writes-follow-reads', 'metadata-convergence',
    ]);
    expect(new Set(all.map((p) => p.name)).size).toBe(all.length);
  });

  it('selects a whole family by its base name', () => {
    const sel = selectProperties(all, ['eventual-consistency']);
    expect(sel.map((p) => [p.name, p.kind])).toEqual([
      ['eventual-consistency', 'always'], ['eventual-consistency:reachable', 'alwaysReachable'],
    ]);
    expect(familyOf('ca-state:reachable')).toBe('ca-state');
  });

  it('selects one member by its full name, in registry order, without duplicates', () => {
    const sel = selectProperties(all, ['ca-state:reachable', 'causal-order', 'causal-order']);
    expect(sel.map((p) => p.name)).toEqual(['causal-order', 'ca-state:reachable']);
  });

  it('selects everything for no names and rejects unknown names', () => {
    expect(selectProperties(all, [])).toHaveLength(all.length);
    expect(() => selectProperties(all, ['causal'])).toThrow(UsageError);
    expect(() => selectProperties(all, ['causal'])).toThrow(/valid: causal-order/);
  });

  it('builds ca-state:stable as a transition property for every configuration (issue 11)', () => {
    expect(all.find((p) => p.name === 'ca-state:stable')?.kind).toBe('transition');
    expect(all.find((p) => p.name === 'committed-prefix')?.kind).toBe('transition');
    expect(all.find((p) => p.name === 'progress')?.kind).toBe('eventually');
    expect(all.every((p) => p.antecedent !== undefined)).toBe(true);
  });
});
