/**
 * Built-in configurations for `--config NAME`. `tiny` and `small` are exhausted in seconds,
 * `medium` in minutes; `large` (300 hosts) and `huge` (10,000 mobile hosts in 100 cells) are for
 * random runs only. State counts are in model/README.md and pinned in test/model/explore.test.ts.
 */
import type { ConfigInput } from './config-types.ts';

/** One cell, two mobile hosts sharing one frequently changed item; one of them writes once. */
const tiny = {
  name: 'tiny',
  description: 'MS, one zone, one cell, two mobile hosts on one item; mh1 writes once.',
  master: { id: 'ms' },
  zones: [{ id: 'z1' }],
  cells: [{ id: 'c1', zone: 'z1' }],
  hosts: [
    { id: 'mh1', kind: 'mobile', cell: 'c1', interests: ['o'] },
    { id: 'mh2', kind: 'mobile', cell: 'c1', interests: ['o'] },
  ],
  objects: [{ id: 'o', kind: 'frequent', items: ['x'], related: [] }],
  bounds: { updatesPerHost: 1, values: 1, reads: 0 },
  writers: ['mh1'],
  knobs: { refusals: 0 },
} satisfies ConfigInput;

/**
 * Two writers that can see each other's updates first through a peer exchange, one failed
 * migration: enough for causal-order and total-order bugs (an effect overtaking its cause on the
 * way up) to be reachable.
 */
const small = {
  name: 'small',
  description: 'MS, one zone, one cell, two mobile writers (a peer pair) on one item; one failed migration.',
  master: { id: 'ms' },
  zones: [{ id: 'z1' }],
  cells: [{ id: 'c1', zone: 'z1' }],
  hosts: [
    { id: 'mh1', kind: 'mobile', cell: 'c1', interests: ['o'] },
    { id: 'mh2', kind: 'mobile', cell: 'c1', interests: ['o'] },
  ],
  objects: [{ id: 'o', kind: 'frequent', items: ['x'], related: [] }],
  bounds: { updatesPerHost: 1, values: 1, reads: 0, failedMigrations: 1 },
  writers: ['mh1', 'mh2'],
  knobs: { refusals: 0 },
} satisfies ConfigInput;

/** Two cells, an infrequent related object written by the MS, a disconnect, a move and a read. */
const medium = {
  name: 'medium',
  description: 'MS, one zone, two cells, three mobile hosts, a frequent object with a related infrequent one; the MS and two hosts write; a disconnect, a move, a read, a refused attempt.',
  master: { id: 'ms' },
  zones: [{ id: 'z1' }],
  cells: [{ id: 'c1', zone: 'z1' }, { id: 'c2', zone: 'z1' }],
  hosts: [
    { id: 'mh1', kind: 'mobile', cell: 'c1', interests: ['o'] },
    { id: 'mh2', kind: 'mobile', cell: 'c1', interests: ['o'] },
    { id: 'mh3', kind: 'mobile', cell: 'c2', interests: ['o'] },
  ],
  objects: [
    { id: 'o', kind: 'frequent', items: ['x'], related: ['r'] },
    { id: 'r', kind: 'infrequent', items: ['y'], related: [] },
  ],
  bounds: { updatesPerHost: 1, values: 1, reads: 1, disconnects: 1, moves: 1 },
  writers: ['mh1', 'mh3'],
  knobs: { refusals: 1 },
} satisfies ConfigInput;

/** About 300 hosts: 3 zones x 4 cells x (20 mobile + 5 fixed), 6 frequent and 2 infrequent objects. */
const large = {
  name: 'large',
  description: '3 zones, 12 cells, 240 mobile and 60 fixed hosts (2 joiners per cell); random runs only.',
  topology: { zones: 3, cellsPerZone: 4, mobilePerCell: 20, fixedPerCell: 5, joinersPerCell: 2, interestsPerHost: 2 },
  objects: { frequent: 6, infrequent: 2, itemsPerObject: 2 },
  bounds: {
    updatesPerHost: 3, values: 3, reads: 2, disconnects: 200, moves: 100, failedMigrations: 200,
    duplicates: 50, interestChanges: 50,
  },
  writers: 'hosts+master',
} satisfies ConfigInput;

/** 10,000 mobile hosts across 100 cells (10 zones x 10 cells x 100 hosts); random runs only. */
const huge = {
  name: 'huge',
  description: '10 zones, 100 cells, 10,000 mobile hosts, 10 frequent and 2 infrequent objects; random runs only.',
  topology: { zones: 10, cellsPerZone: 10, mobilePerCell: 100, interestsPerHost: 2 },
  objects: { frequent: 10, infrequent: 2, itemsPerObject: 1 },
  bounds: {
    updatesPerHost: 2, values: 3, reads: 2, disconnects: 5000, moves: 2000, failedMigrations: 5000,
    duplicates: 1000, interestChanges: 1000,
  },
  writers: 'hosts+master',
} satisfies ConfigInput;

/** The presets by name. */
export const PRESETS: Readonly<Record<string, ConfigInput>> = { tiny, small, medium, large, huge };
