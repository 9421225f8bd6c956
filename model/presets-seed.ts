/**
 * (Issue 13) Presets for initial replication in the seed's order (knob `initialReplication:
 * seed`, model/README.md "Initial replication in the seed's order"). Both are small enough for the
 * default suite; each has a broken variant with `--knob snapshotGuard=false`:
 * - `seed-change`: Change-Replicated-Data while another host's update travels: the snapshot/stream
 *   race exists (violated without the guard, holds with it);
 * - `seed-join`: a join that the cell may refuse once, the user selecting objects and data items:
 *   the join has no such race (holds with and without the guard, exhaustively).
 */
import type { ConfigInput } from './config-types.ts';

const tree = { master: { id: 'ms' }, zones: [{ id: 'z1' }], cells: [{ id: 'c1', zone: 'z1' }] };

const seedChange = {
  name: 'seed-change',
  description: 'Seed-order Change-Replicated-Data: mh1 writes o while mh2 (holding o) invokes the service, receives the offer and selects any of {o}, {p}, {o, p}; the data of what it adds follows its report.',
  ...tree,
  hosts: [
    { id: 'mh1', kind: 'mobile', cell: 'c1', interests: ['o'] },
    { id: 'mh2', kind: 'mobile', cell: 'c1', interests: ['o'] },
  ],
  objects: [
    { id: 'o', kind: 'frequent', items: ['x'], related: [] },
    { id: 'p', kind: 'frequent', items: ['z'], related: [] },
  ],
  bounds: { updatesPerHost: 1, values: 1, interestChanges: 1 },
  writers: ['mh1'],
  knobs: { refusals: 0, peerExchange: false, initialReplication: 'seed', selectMax: 2 },
} satisfies ConfigInput;

const seedJoin = {
  name: 'seed-join',
  description: 'Seed-order join: mh1 writes o while mh2 asks to join (c1 may refuse once; mh2 then asks again), receives the offer and selects o, or p with one or both of its items y and z.',
  ...tree,
  hosts: [
    { id: 'mh1', kind: 'mobile', cell: 'c1', interests: ['o'] },
    { id: 'mh2', kind: 'mobile', cell: 'c1', interests: ['o'], joins: true },
  ],
  objects: [
    { id: 'o', kind: 'frequent', items: ['x'], related: [] },
    { id: 'p', kind: 'frequent', items: ['y', 'z'], related: [] },
  ],
  bounds: { updatesPerHost: 1, values: 1, joins: 2 },
  writers: ['mh1'],
  knobs: { refusals: 0, peerExchange: false, initialReplication: 'seed', joinRefusals: 1, itemSelection: true },
} satisfies ConfigInput;

/** The seed-order presets by name. */
export const SEED_PRESETS: Readonly<Record<string, ConfigInput>> = { 'seed-change': seedChange, 'seed-join': seedJoin };
