// Issue 16: every raisable size limit of the configuration schema refuses a value above it with
// one line naming the field and the `limits` entry that raises it, and accepts it once raised.
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA } from '../../model/config-errors.ts';
import { defaultLimits, RAISABLE_LIMITS } from '../../model/config-limits.ts';
import { resolveConfig } from '../../model/config.ts';

const base = () => ({ topology: { zones: 1, cellsPerZone: 1, mobilePerCell: 1 }, objects: { frequent: 1 } }) as Record<string, any>;

/** A configuration whose `name` limit is exceeded by one (the smallest breach), or undefined to skip. */
function over(name: string, limit: number): Record<string, any> {
  const c = base();
  const [section, field] = name.split('.') as [string, string | undefined];
  if (name === 'nodes') c.topology = { zones: 1, cellsPerZone: 1, mobilePerCell: limit };
  else if (section === 'topology') c.topology[field!] = limit + 1;
  else if (section === 'bounds' || section === 'knobs') c[section] = { [field!]: limit + 1 };
  else if (name === 'objects.itemsPerObject') c.objects = { frequent: 1, itemsPerObject: limit + 1 };
  else if (name === 'objects.items') c.objects = [{ id: 'o', kind: 'frequent', items: Array.from({ length: limit + 1 }, (_, i) => `x${i}`) }];
  else {
    const entry = (i: number) => name === 'cells' ? { id: `n${i}`, zone: 'z' } : name === 'hosts' ? { id: `n${i}`, kind: 'mobile', cell: 'c', interests: [] } : { id: `n${i}` };
    const list = Array.from({ length: limit + 1 }, (_, i) => entry(i));
    return { master: { id: 'ms' }, zones: [{ id: 'z' }], cells: [{ id: 'c', zone: 'z' }], hosts: [], objects: [{ id: 'o', kind: 'frequent', items: ['x'] }], [name]: list };
  }
  return c;
}

describe('configuration size limits', () => {
  const defaults = defaultLimits(CONFIG_SCHEMA);
  it('has a default for every raisable limit', () => {
    expect(Object.keys(defaults).sort()).toEqual([...RAISABLE_LIMITS].sort());
    expect(defaults['bounds.values']).toBe(100);
  });
  for (const name of RAISABLE_LIMITS) {
    it(`${name}: refused above ${defaults[name]} naming the field, accepted when raised`, () => {
      const limit = defaults[name]!;
      const c = over(name, limit);
      expect(() => resolveConfig(c)).toThrow(name === 'nodes' ? /config\.topology describes .* nodes, more than the limit .*"limits": \{"nodes": N\}/ : new RegExp(`must (be|have) at most ${limit}.*"limits": \\{"${name.replace('.', '\\.')}": N\\}`));
      if (name.startsWith('topology.') || name === 'nodes') return; // raising one topology size still trips the node limit first
      expect(() => resolveConfig({ ...c, limits: { [name]: limit + 1 } })).not.toThrow(/at most/);
    });
  }
  it('refuses 10^9 objects as a hard limit, and a bad limits section', () => {
    expect(() => resolveConfig({ ...base(), objects: { frequent: 1e9 } })).toThrow('config.objects.frequent must be at most 30 (got 1000000000) (a hard limit)');
    expect(() => resolveConfig({ ...base(), limits: { toString: 3 } })).toThrow(/config\.limits has an unknown limit "toString"/);
    expect(() => resolveConfig({ ...base(), limits: { 'bounds.values': 0 } })).toThrow(/config\.limits\["bounds\.values"\] must be a positive integer/);
  });
});
