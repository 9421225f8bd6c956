/**
 * The `crash-*` preset family (issue 12): each fault on the smallest topology where it matters
 * (the MS, one zone, one cell; one writing mobile host, two where a second host is needed).
 * Checkpoint policies can be overridden with `--knob checkpoint.<kind>=<policy>`.
 */
import type { ConfigInput, ObjectInput } from './config-types.ts';

const ONE_ITEM: ObjectInput[] = [{ id: 'o', kind: 'frequent', items: ['x'], related: [] }];
const CHAIN = { master: { id: 'ms' }, zones: [{ id: 'z1' }], cells: [{ id: 'c1', zone: 'z1' }] };
const MH1 = { id: 'mh1', kind: 'mobile' as const, cell: 'c1', interests: ['o'] };
const MH2 = { id: 'mh2', kind: 'mobile' as const, cell: 'c1', interests: ['o'] };

function preset(name: string, description: string, faults: NonNullable<ConfigInput['faults']>, hosts = [MH1], writers = ['mh1']): ConfigInput {
  return {
    name, description, ...CHAIN, hosts, objects: ONE_ITEM, bounds: { updatesPerHost: 1, values: 1 }, writers,
    knobs: { refusals: 0, peerExchange: false, roiPropagation: false }, faults,
  };
}

/** `large` with every fault on, for random runs: zones, cells and 12 hosts may crash, 3 of those hosts may be lost for good. */
const largeFaults: ConfigInput = {
  name: 'large-faults',
  description: 'large (3 zones, 12 cells, 300 hosts) with crashes, lost acknowledgements, partitions and permanent host losses; cells and zones checkpoint on-ack, mobile hosts never; random runs only.',
  topology: { zones: 3, cellsPerZone: 4, mobilePerCell: 20, fixedPerCell: 5, joinersPerCell: 2, interestsPerHost: 2 },
  objects: { frequent: 6, infrequent: 2, itemsPerObject: 2 },
  bounds: { updatesPerHost: 3, values: 3, reads: 2, disconnects: 40, moves: 20, failedMigrations: 40, duplicates: 20, interestChanges: 10 },
  writers: 'hosts+master',
  faults: {
    crashes: 20, losses: 5, partitions: 6, permanent: 3,
    nodes: ['z1', 'z2', 'z3', ...Array.from({ length: 12 }, (_, k) => `c${k + 1}`), ...Array.from({ length: 12 }, (_, k) => `mh${1 + 20 * k}`)],
    checkpoint: { cell: 'on-ack', zone: 'on-ack', mobile: 'never', fixed: 'always' },
  },
};

/** The crash presets by name. */
export const CRASH_PRESETS: Readonly<Record<string, ConfigInput>> = {
  'crash-cell': preset('crash-cell', 'c1 may crash once and recover; it never checkpoints (durability is lost; try --knob checkpoint.cell=on-ack).',
    { crashes: 1, nodes: ['c1'], checkpoint: { cell: 'never', zone: 'on-ack' } }),
  'crash-zone': preset('crash-zone', 'z1 may crash once and recover; it never checkpoints (try --knob checkpoint.zone=on-ack).',
    { crashes: 1, nodes: ['z1'], checkpoint: { cell: 'on-ack', zone: 'never' } }),
  'crash-master': preset('crash-master', 'The MS may crash once and recover (always write-ahead).',
    { crashes: 1, nodes: ['ms'], checkpoint: { cell: 'on-ack', zone: 'on-ack' } }),
  'crash-host': preset('crash-host', 'mh1 may crash once and recover from nothing (checkpoint never): its replica is redone by the ReRU stream.',
    { crashes: 1, nodes: ['mh1'], checkpoint: { mobile: 'never', cell: 'on-ack', zone: 'on-ack' } }),
  'crash-every': preset('crash-every', 'c1 checkpoints after every 2nd instance it executes and may crash once.',
    { crashes: 1, nodes: ['c1'], checkpoint: { cell: 'every-k', zone: 'on-ack' }, every: 2 }),
  'crash-loss': preset('crash-loss', 'One instance may be lost in transit after its sender was acknowledged.',
    { losses: 1, nodes: [], checkpoint: 'on-ack' }),
  'crash-partition': preset('crash-partition', 'The c1-z1 link may be cut once (and heals).',
    { partitions: 1, nodes: [], links: [['c1', 'z1']], checkpoint: 'on-ack' }),
  'crash-permanent': preset('crash-permanent', 'mh2 (the writer) may be lost for good: its update may stay with it; mh1 must still reach CA.',
    { permanent: 1, nodes: ['mh2'], checkpoint: { cell: 'on-ack', zone: 'on-ack' } }, [MH1, MH2], ['mh2']),
  'crash-compare': {
    ...preset('crash-compare', 'Two writers, mh1 and the MS, on one item; c1 may crash once; cells and zones checkpoint on-ack (the policy durability needs): for compare under crashes.',
      { crashes: 1, nodes: ['c1'], checkpoint: { cell: 'on-ack', zone: 'on-ack' } }, [MH1], ['mh1', 'ms']),
  },
  'large-faults': largeFaults,
  // (Seed 002 13.2.2) recovery on a replacement that takes over the server's role.
  'crash-replace': preset('crash-replace', 'c1 may crash once and recovers on a replacement that starts from the checkpoint storage; mh1 and z1 re-register with it (cells and zones on-ack; try --knob checkpoint.cell=never, or --knob faults.reregister=false).',
    { crashes: 1, nodes: ['c1'], checkpoint: { cell: 'on-ack', zone: 'on-ack' }, recovery: 'replacement' }),
  'crash-replace-zone': preset('crash-replace-zone', 'z1 may crash once and recovers on a replacement; c1 and the MS re-register with it (on-ack).',
    { crashes: 1, nodes: ['z1'], checkpoint: { cell: 'on-ack', zone: 'on-ack' }, recovery: 'replacement' }),
  'crash-replace-master': preset('crash-replace-master', 'The MS may crash once and recovers on a replacement (write-ahead storage); z1 re-registers with it.',
    { crashes: 1, nodes: ['ms'], checkpoint: { cell: 'on-ack', zone: 'on-ack' }, recovery: 'replacement' }),
  // Two writers exchanging peer to peer; mh1 may crash and never checkpoints (for random runs: the exhaustive space is large).
  'crash-peer': {
    ...preset('crash-peer', 'mh1 and mh2 write and exchange peer to peer; mh1 may crash once and never checkpoints (cells and zones on-ack): a write mh2 saw can be erased, and mh2\'s acknowledged update that depends on it is held back forever (try --knob checkpoint.mobile=always). Random runs: simulate.',
      { crashes: 1, nodes: ['mh1'], checkpoint: { mobile: 'never', cell: 'on-ack', zone: 'on-ack' } }, [MH1, MH2], ['mh1', 'mh2']),
    knobs: { refusals: 0, peerExchange: true, roiPropagation: false },
  },
  'crash-joint': preset('crash-joint', 'c1 and z1 checkpoint every 2nd execution and may checkpoint jointly (seed 002 13.2.1); c1 may crash once.',
    { crashes: 1, nodes: ['c1'], checkpoint: { cell: 'every-k', zone: 'every-k' }, every: 2, joint: true }),
  // (Issue 11) The default suite's fault configuration: every fault property exercised, and held.
  'crash-durable': preset('crash-durable', 'c1 checkpoints on acknowledgement (the policy durability needs, model/README.md), z1 every 2nd execution, and they may checkpoint jointly (seed 002 13.2.1); c1 may crash once. Every fault property is exercised and holds (the default suite).',
    { crashes: 1, nodes: ['c1'], checkpoint: { cell: 'on-ack', zone: 'every-k' }, every: 2, joint: true }),
};
