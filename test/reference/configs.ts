// Small ResolvedConfig fixtures for the reference engine's tests (written out in full: no presets).
import type { ResolvedConfig } from '../../traces/replication.ts';

const noBounds = { updatesPerHost: 1, values: 1, reads: 0, disconnects: 0, moves: 0, failedMigrations: 0, duplicates: 0, joins: 0, interestChanges: 0 };

/** MS, one zone, one cell, two mobile hosts on one frequent item; mh1 writes once; one failed migration and one duplicate allowed. */
export const line: ResolvedConfig = {
  name: 'line',
  master: { id: 'ms' },
  zones: [{ id: 'z1' }],
  cells: [{ id: 'c1', zone: 'z1' }],
  hosts: [
    { id: 'mh1', kind: 'mobile', cell: 'c1', interests: ['o'] },
    { id: 'mh2', kind: 'mobile', cell: 'c1', interests: ['o'] },
  ],
  objects: [{ id: 'o', kind: 'frequent', items: ['x'], related: [] }],
  bounds: { ...noBounds, updatesPerHost: 2, values: 2, reads: 2, failedMigrations: 1, duplicates: 1, disconnects: 1 },
  knobs: { refusals: 1 },
};

/** Two zones, three cells, a joiner, a frequent object with a related infrequent one, every environment budget. */
export const rich: ResolvedConfig = {
  name: 'rich',
  master: { id: 'ms' },
  zones: [{ id: 'z1' }, { id: 'z2' }],
  cells: [{ id: 'c1', zone: 'z1' }, { id: 'c2', zone: 'z1' }, { id: 'c3', zone: 'z2' }],
  hosts: [
    { id: 'mh1', kind: 'mobile', cell: 'c1', interests: ['o'] },
    { id: 'mh2', kind: 'mobile', cell: 'c1', interests: ['o', 'p'] },
    { id: 'mh3', kind: 'mobile', cell: 'c2', interests: ['p'], joins: true },
    { id: 'fh1', kind: 'fixed', cell: 'c3', interests: ['o'] },
  ],
  objects: [
    { id: 'o', kind: 'frequent', items: ['x', 'x2'], related: ['r'] },
    { id: 'p', kind: 'frequent', items: ['y'], related: [] },
    { id: 'r', kind: 'infrequent', items: ['z'], related: [] },
  ],
  bounds: { updatesPerHost: 2, values: 2, reads: 1, disconnects: 2, moves: 2, failedMigrations: 2, duplicates: 2, joins: 1, interestChanges: 2 },
  writers: ['mh1', 'mh2', 'mh3', 'fh1', 'ms', 'c1'],
  knobs: { refusals: 1 },
};

/** Two zones with one cell each, zone and cell writers, moves across zones, a joiner whose objects share a related one. */
export const crossZone: ResolvedConfig = {
  name: 'cross-zone',
  master: { id: 'ms' },
  zones: [{ id: 'z1' }, { id: 'z2' }],
  cells: [{ id: 'c1', zone: 'z1' }, { id: 'c2', zone: 'z2' }],
  hosts: [
    { id: 'mh1', kind: 'mobile', cell: 'c1', interests: ['o'] },
    { id: 'mh2', kind: 'mobile', cell: 'c1', interests: ['o'] },
    { id: 'mh3', kind: 'mobile', cell: 'c2', interests: ['o', 'p'] },
    { id: 'mh4', kind: 'mobile', cell: 'c2', interests: ['p'], joins: true },
  ],
  objects: [
    { id: 'o', kind: 'frequent', items: ['x'], related: ['r'] },
    { id: 'p', kind: 'frequent', items: ['y'], related: ['r'] },
    { id: 'r', kind: 'infrequent', items: ['z'], related: [] },
  ],
  bounds: { updatesPerHost: 3, values: 2, reads: 2, disconnects: 3, moves: 3, failedMigrations: 2, duplicates: 3, joins: 1, interestChanges: 2 },
  writers: ['mh1', 'mh2', 'mh3', 'mh4', 'ms', 'z1', 'z2', 'c2'],
  knobs: { refusals: 2 },
};

/** A copy of a configuration with knobs overridden. */
export function withKnobs(c: ResolvedConfig, knobs: Record<string, boolean | number>): ResolvedConfig {
  return { ...c, knobs: { ...(c.knobs ?? {}), ...knobs } };
}

/** Two zones with one cell each and two mobile writers on one item; mh1 may move across zones (per-origin gaps at the MS). */
export const mover: ResolvedConfig = {
  name: 'mover',
  master: { id: 'ms' },
  zones: [{ id: 'z1' }, { id: 'z2' }],
  cells: [{ id: 'c1', zone: 'z1' }, { id: 'c2', zone: 'z2' }],
  hosts: [
    { id: 'mh1', kind: 'mobile', cell: 'c1', interests: ['o'] },
    { id: 'mh2', kind: 'mobile', cell: 'c2', interests: ['o'] },
  ],
  objects: [{ id: 'o', kind: 'frequent', items: ['x'], related: [] }],
  bounds: { updatesPerHost: 3, values: 1, reads: 1, disconnects: 1, moves: 3, failedMigrations: 1, duplicates: 1, joins: 0, interestChanges: 0 },
  writers: ['mh1', 'mh2'],
  knobs: { refusals: 0 },
};
