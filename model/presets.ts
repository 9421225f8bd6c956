/**
 * Built-in configurations for `--config NAME`. `tiny` and `small` are exhausted in seconds,
 * `medium` in minutes; `large` (300 hosts) and `huge` (10,000 mobile hosts in 100 cells) are for
 * random runs only. The scenario presets (`publisher`, `join`, `interests`, `mobility`,
 * `session`, `faults`) each exercise one part of the strategy in a space small enough to exhaust.
 * State counts are in model/README.md; tiny's and small's are pinned in test/model/explore.test.ts.
 */
import type { ConfigInput, ObjectInput } from './config-types.ts';
import { CRASH_PRESETS } from './presets-crash.ts';
import { SEED_PRESETS } from './presets-seed.ts';
import { GROWING_PRESETS } from './presets-growing.ts';
import { PEER_PRESETS, PEER_SUITE } from './presets-peer.ts';

type Host = NonNullable<ConfigInput['hosts']>[number];

/** A mobile host `mh<n>` in `cell` selecting `interests`. */
function mh(n: number, cell: string, interests: string[] = ['o'], joins = false): Host {
  return { id: `mh${n}`, kind: 'mobile', cell, interests, ...(joins ? { joins: true } : {}) };
}

/** The master `ms` and zone `z1` over the given cells. */
function tree(cells: string[]): Pick<ConfigInput, 'master' | 'zones' | 'cells'> {
  return { master: { id: 'ms' }, zones: [{ id: 'z1' }], cells: cells.map((id) => ({ id, zone: 'z1' })) };
}

/** One frequently changed object `o` with item `x`. */
const ONE_ITEM: ObjectInput[] = [{ id: 'o', kind: 'frequent', items: ['x'], related: [] }];
/** `o` (item x) with the infrequently changed object `r` (item y) on its Object-Related-List. */
const WITH_RELATED: ObjectInput[] = [
  { id: 'o', kind: 'frequent', items: ['x'], related: ['r'] },
  { id: 'r', kind: 'infrequent', items: ['y'], related: [] },
];

const tiny = {
  name: 'tiny',
  description: 'MS, one zone, one cell, two mobile hosts on one item; mh1 writes once.',
  ...tree(['c1']),
  hosts: [mh(1, 'c1'), mh(2, 'c1')],
  objects: ONE_ITEM,
  bounds: { updatesPerHost: 1, values: 1 },
  writers: ['mh1'],
  knobs: { refusals: 0 },
} satisfies ConfigInput;

const small = {
  name: 'small',
  description: 'MS, one zone, one cell, two mobile writers (a peer pair) on one item, one failed migration: causal and total order bugs are reachable.',
  ...tree(['c1']),
  hosts: [mh(1, 'c1'), mh(2, 'c1')],
  objects: ONE_ITEM,
  bounds: { updatesPerHost: 1, values: 1, failedMigrations: 1 },
  writers: ['mh1', 'mh2'],
  knobs: { refusals: 0 },
} satisfies ConfigInput;

const medium = {
  name: 'medium',
  description: 'MS, one zone, two cells: a peer pair of writers in c1 and a subscriber in c2, one item.',
  ...tree(['c1', 'c2']),
  hosts: [mh(1, 'c1'), mh(2, 'c1'), mh(3, 'c2')],
  objects: ONE_ITEM,
  bounds: { updatesPerHost: 1, values: 1 },
  writers: ['mh1', 'mh2'],
  knobs: { refusals: 0 },
} satisfies ConfigInput;

const publisher = {
  name: 'publisher',
  description: 'Single publisher: the MS writes the infrequently changed object r related to o; mh1 writes o and tries r once (refused).',
  ...tree(['c1']),
  hosts: [mh(1, 'c1')],
  objects: WITH_RELATED,
  bounds: { updatesPerHost: 1, values: 1 },
  writers: ['ms', 'mh1'],
  knobs: { refusals: 1 },
} satisfies ConfigInput;

const join = {
  name: 'join',
  description: 'Initial replication: mh2 joins cell c1 (selecting o, hence r) while mh1 writes o.',
  ...tree(['c1']),
  hosts: [mh(1, 'c1'), mh(2, 'c1', ['o'], true)],
  objects: WITH_RELATED,
  bounds: { updatesPerHost: 1, values: 1 },
  writers: ['mh1'],
  knobs: { refusals: 0 },
} satisfies ConfigInput;

const interests = {
  name: 'interests',
  description: 'Change-Replicated-Data: mh2 (holding p) may add or drop one object while mh1 (holding o and p) writes one of them.',
  ...tree(['c1']),
  hosts: [mh(1, 'c1', ['o', 'p']), mh(2, 'c1', ['p'])],
  objects: [...ONE_ITEM, { id: 'p', kind: 'frequent', items: ['z'], related: [] }],
  bounds: { updatesPerHost: 1, values: 1, interestChanges: 1 },
  writers: ['mh1'],
  knobs: { refusals: 0 },
} satisfies ConfigInput;

const mobility = {
  name: 'mobility',
  description: 'A writer mh1 may move from c1 to c2 (where mh2 is) at any point of its update\'s propagation.',
  ...tree(['c1', 'c2']),
  hosts: [mh(1, 'c1'), mh(2, 'c2')],
  objects: ONE_ITEM,
  bounds: { updatesPerHost: 1, values: 1, moves: 1 },
  writers: ['mh1'],
  knobs: { refusals: 0 },
} satisfies ConfigInput;

const session = {
  name: 'session',
  description: 'Session guarantees: two writers in one cell, each reads once (no peer exchange).',
  ...tree(['c1']),
  hosts: [mh(1, 'c1'), mh(2, 'c1')],
  objects: ONE_ITEM,
  bounds: { updatesPerHost: 1, values: 1, reads: 1 },
  writers: ['mh1', 'mh2'],
  knobs: { refusals: 0, peerExchange: false },
} satisfies ConfigInput;

const faults = {
  name: 'faults',
  description: 'Faults: one writer, a disconnect, a failed migration and a duplicated delivery.',
  ...tree(['c1']),
  hosts: [mh(1, 'c1'), mh(2, 'c1')],
  objects: ONE_ITEM,
  bounds: { updatesPerHost: 1, values: 1, disconnects: 1, failedMigrations: 1, duplicates: 1 },
  writers: ['mh1'],
  knobs: { refusals: 0 },
} satisfies ConfigInput;

/**
 * (Issue 11) Presets of the default suite (`DEFAULT_SUITE`): small spaces that, together with
 * `publisher`, `faults` and `crash-durable` (presets-crash.ts), exercise every property of the
 * library, the fault properties included (none passes vacuously).
 */
const fifoMove = {
  name: 'fifo-move',
  description: 'mh1 writes x twice and may move from c1 to c2 (one zone) once, so its two updates can reach the MS by different paths in either order: FIFO, monotonic writes and committed prefixes are exercised (the per-origin hold-back matters here).',
  ...tree(['c1', 'c2']),
  hosts: [mh(1, 'c1')],
  objects: ONE_ITEM,
  bounds: { updatesPerHost: 2, values: 1, moves: 1 },
  writers: ['mh1'],
  knobs: { refusals: 0, peerExchange: false },
} satisfies ConfigInput;

const twoZones = {
  name: 'two-zones',
  description: 'Two zones with one cell each: mh1 writes x once and may move from c1 (zone z1) to c2 (zone z2), where mh2 holds x, at any point of its update\'s propagation.',
  master: { id: 'ms' },
  zones: [{ id: 'z1' }, { id: 'z2' }],
  cells: [{ id: 'c1', zone: 'z1' }, { id: 'c2', zone: 'z2' }],
  hosts: [mh(1, 'c1'), mh(2, 'c2')],
  objects: ONE_ITEM,
  bounds: { updatesPerHost: 1, values: 1, moves: 1 },
  writers: ['mh1'],
  knobs: { refusals: 0, peerExchange: false },
} satisfies ConfigInput;

const reads = {
  name: 'reads',
  description: 'Session guarantees in a small space: the MS and mh1 write x once each and mh1 reads twice, so a read can see the MS\'s update before mh1 writes.',
  ...tree(['c1']),
  hosts: [mh(1, 'c1')],
  objects: ONE_ITEM,
  bounds: { updatesPerHost: 1, values: 1, reads: 2 },
  writers: ['ms', 'mh1'],
  knobs: { refusals: 0, peerExchange: false },
} satisfies ConfigInput;

const joinChange = {
  name: 'join-change',
  description: 'A join and a Change-Replicated-Data: mh1 (holding o, related to the infrequent r) writes o while mh2 joins selecting p; either host may then add or drop one object.',
  ...tree(['c1']),
  hosts: [mh(1, 'c1'), mh(2, 'c1', ['p'], true)],
  objects: [...WITH_RELATED, { id: 'p', kind: 'frequent', items: ['z'], related: [] }],
  bounds: { updatesPerHost: 1, values: 1, interestChanges: 1 },
  writers: ['mh1'],
  knobs: { refusals: 0 },
} satisfies ConfigInput;

/**
 * (Issue 13) The handoff protocol (knob `handoff`, actions/handoff.ts): the MS and mh1 write x
 * once each; mh1 may move from c1 to c2 once, while c1's ReRU instance to it is still pending.
 */
const handoffPreset = {
  name: 'handoff',
  description: 'Handoff with forwarding: the MS and mh1 write x once each and mh1 may move from c1 to c2 (one zone) while c1 still holds a ReRU instance for it; c1 forwards it to c2, which relays it de-duplicated.',
  ...tree(['c1', 'c2']),
  hosts: [mh(1, 'c1')],
  objects: ONE_ITEM,
  bounds: { updatesPerHost: 1, values: 1, moves: 1 },
  writers: ['ms'],
  knobs: { refusals: 0, peerExchange: false, handoff: 'forward' },
} satisfies ConfigInput;

const large = {
  name: 'large',
  description: '3 zones, 12 cells, 240 mobile and 60 fixed hosts (2 joiners per cell), 6 frequent and 2 infrequent objects; random runs only.',
  topology: { zones: 3, cellsPerZone: 4, mobilePerCell: 20, fixedPerCell: 5, joinersPerCell: 2, interestsPerHost: 2 },
  objects: { frequent: 6, infrequent: 2, itemsPerObject: 2 },
  bounds: {
    updatesPerHost: 3, values: 3, reads: 2, disconnects: 40, moves: 20, failedMigrations: 40,
    duplicates: 20, interestChanges: 10,
  },
  writers: 'hosts+master',
} satisfies ConfigInput;

const huge = {
  name: 'huge',
  description: '10 zones, 100 cells, 10,000 mobile hosts, 10 frequent and 2 infrequent objects; random runs only.',
  topology: { zones: 10, cellsPerZone: 10, mobilePerCell: 100, interestsPerHost: 2 },
  objects: { frequent: 10, infrequent: 2, itemsPerObject: 1 },
  bounds: {
    updatesPerHost: 2, values: 3, reads: 2, disconnects: 100, moves: 50, failedMigrations: 100,
    duplicates: 50, interestChanges: 20,
  },
  writers: 'hosts+master',
} satisfies ConfigInput;

/** The presets by name. */
export const PRESETS: Readonly<Record<string, ConfigInput>> = {
  tiny, small, medium, large, huge, publisher, join, interests, mobility, session, faults,
  ...CRASH_PRESETS,
  ...GROWING_PRESETS,
  'fifo-move': fifoMove, 'two-zones': twoZones, reads, 'join-change': joinChange,
  ...SEED_PRESETS,
  handoff: handoffPreset,
  ...PEER_PRESETS,
};

/**
 * (Issue 11) The default suite of `replcheck check` without `--config`: each exhausted, together
 * exercising every property (two updates of one origin, reads, an infrequently changed object
 * with an Object-Related-List, a join and a Change-Replicated-Data, a duplicated delivery, a
 * failed migration, a move between cells of different zones, two zones).
 */
export const DEFAULT_SUITE: readonly string[] = ['fifo-move', 'two-zones', 'reads', 'publisher', 'join-change', 'faults', 'crash-durable', 'seed-change', 'seed-join', 'new-server', 'handoff', ...PEER_SUITE];

/** Presets small enough to exhaust (the others are for random runs). */
export const EXHAUSTIBLE_PRESETS: readonly string[] = ['tiny', 'small', 'medium', 'publisher', 'join', 'interests', 'mobility', 'session', 'faults', 'fifo-move', 'two-zones', 'reads', 'join-change', 'handoff', ...Object.keys(SEED_PRESETS), ...Object.keys(GROWING_PRESETS), ...Object.keys(PEER_PRESETS), ...Object.keys(CRASH_PRESETS).filter((n) => n.startsWith('crash-'))];
