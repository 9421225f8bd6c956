/**
 * Configuration: presets validate against the JSON Schema and resolve; shorthands expand as
 * documented; every error names the JSON path and what is allowed.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/engine/errors.ts';
import { loadConfig, resolveConfig } from '../../model/config.ts';
import { configValidator } from '../../model/config-errors.ts';
import type { ConfigInput } from '../../model/config-types.ts';
import { PRESETS } from '../../model/presets.ts';

const explicit = (): ConfigInput => structuredClone(PRESETS.small!);

function errorOf(input: unknown): string {
  try {
    resolveConfig(input);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('presets', () => {
  it.each(Object.keys(PRESETS))('%s validates against config.schema.json and resolves', (name) => {
    const validate = configValidator();
    expect(validate(PRESETS[name]), JSON.stringify(validate.errors)).toBe(true);
    const c = resolveConfig(structuredClone(PRESETS[name]!));
    expect(c.name).toBe(name);
    expect(c.hosts.length).toBeGreaterThan(0);
  });

  it('large has about 300 hosts and huge 10,000 mobile hosts in 100 cells', () => {
    const large = resolveConfig(structuredClone(PRESETS.large!));
    expect(large.hosts.length).toBe(300);
    const huge = resolveConfig(structuredClone(PRESETS.huge!));
    expect(huge.hosts.filter((h) => h.kind === 'mobile').length).toBe(10_000);
    expect(huge.cells.length).toBe(100);
  });

  it('--config picks a preset (default small) or reads a file; unknown names list the presets', () => {
    expect(loadConfig(undefined, '.').configName).toBe('small');
    expect(loadConfig('tiny', '.').config.hosts.map((h) => h.id)).toEqual(['mh1', 'mh2']);
    expect(() => loadConfig('nope', '.')).toThrow(/--config must be a preset \(tiny, small, medium, .*\) or a JSON file path \(got "nope"\)/);
    const dir = mkdtempSync(join(tmpdir(), 'replcheck-config-'));
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ topology: { zones: 1, cellsPerZone: 1, mobilePerCell: 2 } }));
    expect(loadConfig('c.json', dir).config.hosts.map((h) => h.id)).toEqual(['mh1', 'mh2']);
    writeFileSync(join(dir, 'bad.json'), '{ nope');
    expect(() => loadConfig('bad.json', dir)).toThrow(/--config file bad.json is not valid JSON/);
    expect(() => loadConfig('missing.json', dir)).toThrow(/--config file missing.json cannot be read/);
  });
});

describe('shorthand', () => {
  it('expands the topology with round-robin interests, related objects and joiners', () => {
    const c = resolveConfig({
      topology: { zones: 2, cellsPerZone: 2, mobilePerCell: 3, fixedPerCell: 1, joinersPerCell: 1, interestsPerHost: 1 },
      objects: { frequent: 3, infrequent: 1 },
    });
    expect(c.zones.map((z) => z.id)).toEqual(['z1', 'z2']);
    expect(c.cells).toEqual([
      { id: 'c1', zone: 'z1' }, { id: 'c2', zone: 'z1' }, { id: 'c3', zone: 'z2' }, { id: 'c4', zone: 'z2' },
    ]);
    expect(c.hosts.length).toBe(16);
    expect(c.hosts.slice(0, 5)).toEqual([
      { id: 'mh1', kind: 'mobile', cell: 'c1', interests: ['o1'] },
      { id: 'mh2', kind: 'mobile', cell: 'c1', interests: ['o2'] },
      { id: 'mh3', kind: 'mobile', cell: 'c1', interests: ['o3'], joins: true },
      { id: 'fh1', kind: 'fixed', cell: 'c1', interests: ['o1'] },
      { id: 'mh4', kind: 'mobile', cell: 'c2', interests: ['o2'] },
    ]);
    expect(c.objects.map((o) => [o.id, o.kind, o.items, o.related])).toEqual([
      ['o1', 'frequent', ['o1'], ['r1']], ['o2', 'frequent', ['o2'], ['r1']], ['o3', 'frequent', ['o3'], ['r1']],
      ['r1', 'infrequent', ['r1'], []],
    ]);
    expect(c.bounds.joins).toBe(4); // defaults to the number of joiners
    expect(c.knobs).toMatchObject({ duplicateSuppression: true, flagOnSend: false, causalHoldBack: true, peerExchange: true });
  });

  it('resolves writer keywords', () => {
    const base = { topology: { zones: 1, cellsPerZone: 1, mobilePerCell: 1, fixedPerCell: 1 } };
    expect(resolveConfig({ ...base, writers: 'hosts+master' }).writers).toEqual(['ms', 'mh1', 'fh1']);
    expect(resolveConfig({ ...base, writers: 'mobile' }).writers).toEqual(['mh1']);
    expect(resolveConfig({ ...base, writers: 'all' }).writers).toBeUndefined();
  });
});

describe('errors name the JSON path and what is allowed', () => {
  it('wrong types and ranges', () => {
    const c = explicit() as Record<string, unknown>;
    c.bounds = { updatesPerHost: 'x' };
    expect(errorOf(c)).toBe('config.bounds.updatesPerHost must be an integer >= 0 (got "x")');
    const d = explicit();
    d.bounds = { values: 0 };
    expect(errorOf(d)).toBe('config.bounds.values must be an integer >= 1 (got 0)');
    const e = explicit();
    (e.hosts![1] as Record<string, unknown>).kind = 'laptop';
    expect(errorOf(e)).toBe('config.hosts[1].kind must be one of "mobile", "fixed" (got "laptop")');
    const f = explicit();
    (f.knobs as Record<string, unknown>).flagOnSend = 'yes';
    expect(errorOf(f)).toBe('config.knobs.flagOnSend must be true or false (got "yes")');
    (f.knobs as Record<string, unknown>).flagOnSend = false;
    (f.knobs as Record<string, unknown>).recurringDisconnects = 1; // issue 11
    expect(errorOf(f)).toBe('config.knobs.recurringDisconnects must be true or false (got 1)');
  });

  it('missing and unknown fields', () => {
    const c = explicit();
    delete (c.hosts![0] as Partial<NonNullable<ConfigInput['hosts']>[number]>).cell;
    // (Stop 37) The message says what to give.
    expect(errorOf(c)).toBe("config.hosts[0].cell is required: give an id (a letter, then letters, digits, '_', '.' or '-')");
    const k = explicit();
    delete (k.hosts![0] as Partial<NonNullable<ConfigInput['hosts']>[number]>).kind;
    expect(errorOf(k)).toBe('config.hosts[0].kind is required: give one of "mobile", "fixed"');
    expect(errorOf({ ...explicit(), zones: [] })).toBe('config.zones must have at least 1 entry (got [])');
    expect(errorOf({ ...explicit(), colour: 'red' })).toMatch(/^config has an unknown field "colour" \(allowed: .*topology.*\)$/);
    // (Stop 29) A list that names an entry twice was taken silently.
    expect(errorOf({ ...explicit(), writers: ['mh1', 'mh1'] })).toMatch(/^config\.writers names "mh1" twice \(entries 0 and 1\); give each once$/);
    // (Stop 29) Settings that could never take effect were taken silently.
    const small = explicit() as { hosts: { joins?: boolean }[]; bounds?: Record<string, number> };
    small.hosts[0]!.joins = true;
    expect(errorOf({ ...small, bounds: { ...small.bounds, joins: 0 } })).toMatch(/^config\.bounds\.joins is 0, so \w+ \(joins: true\) can never join/);
    expect(errorOf({ ...explicit(), faults: { crashes: 1, every: 3 } })).toMatch(/^config\.faults\.every applies only to the 'every-k' checkpoint policy/);
    expect(() => resolveConfig({ ...explicit(), faults: { crashes: 1, every: 3, checkpoint: { cell: 'every-k' } } })).not.toThrow();
    // (Stop 29) A near miss names the field it is near.
    expect(errorOf({ ...explicit(), writer: [] })).toMatch(/^config has an unknown field "writer" \(did you mean 'writers'\?\) \(allowed: /);
    const d = explicit();
    delete d.master;
    expect(errorOf(d)).toBe('config.master is required (or give config.topology)');
    expect(errorOf({ ...explicit(), topology: { zones: 1, cellsPerZone: 1, mobilePerCell: 1 } }))
      .toBe('config.topology cannot be combined with config.master (use one form)');
  });

  it('references to things that do not exist', () => {
    const c = explicit();
    c.cells![0]!.zone = 'z9';
    expect(errorOf(c)).toBe('config.cells[0].zone must be one of the zone ids z1 (got "z9")');
    const d = explicit();
    d.hosts![1]!.interests = ['nope'];
    expect(errorOf(d)).toBe('config.hosts[1].interests[0] must be one of the object ids o (got "nope")');
    const e = explicit();
    e.writers = ['mh1', 'mh9'];
    expect(errorOf(e)).toMatch(/^config\.writers\[1\] must be one of the node ids ms, z1, c1, mh1, mh2 \(got "mh9"\)$/);
    const f = explicit();
    f.hosts![1]!.id = 'mh1';
    expect(errorOf(f)).toBe('config.hosts[1].id "mh1" is already used by config.hosts[0].id');
  });

  it('an Object-Related-List holds only infrequently changed objects', () => {
    const c = explicit();
    c.objects = [
      { id: 'o', kind: 'frequent', items: ['x'], related: ['p'] },
      { id: 'p', kind: 'frequent', items: ['y'] },
    ];
    expect(errorOf(c)).toMatch(/^config\.objects\[0\]\.related\[0\] must be one of the infrequent object ids .* \(got "p"\)$/);
  });

  it('ids must look like ids', () => {
    const c = explicit();
    c.master = { id: '9 lives' };
    expect(errorOf(c)).toMatch(/^config\.master\.id must be an id \(a letter, then .*\) \(got "9 lives"\)$/);
  });
});
