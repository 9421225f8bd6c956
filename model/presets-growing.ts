/**
 * (Issue 13) Presets of the growing topology: joiner servers, fixed hosts at zone and master
 * level, a host that leaves. `new-server` is in the default suite (it witnesses `new-server`).
 */
import type { ConfigInput, ObjectInput } from './config-types.ts';

const ONE_ITEM: ObjectInput[] = [{ id: 'o', kind: 'frequent', items: ['x'], related: [] }];

/**
 * A cell server c2 joins zone z1 while mh1's update climbs through c1 and z1 to the MS: its
 * snapshot may be taken before or after z1 merges the update (the race of the `snapshotCursor`
 * knob); a joiner mobile host mh2 attaches to c2 once c2 holds its replica.
 */
const newServer = {
  name: 'new-server',
  description: 'Growing topology: cell c2 joins z1 (initial replication from z1, then its ReRU stream) while mh1 in c1 writes x once; mh2 joins c2 after it.',
  master: { id: 'ms' },
  zones: [{ id: 'z1' }],
  cells: [{ id: 'c1', zone: 'z1' }, { id: 'c2', zone: 'z1', joins: true }],
  hosts: [
    { id: 'mh1', kind: 'mobile', cell: 'c1', interests: ['o'] },
    { id: 'mh2', kind: 'mobile', cell: 'c2', interests: ['o'], joins: true },
  ],
  objects: ONE_ITEM,
  bounds: { updatesPerHost: 1, values: 1 },
  writers: ['mh1'],
  knobs: { refusals: 0, peerExchange: false },
} satisfies ConfigInput;

/**
 * A zone z2 with its cell c2 joins; fixed hosts at master (fh1) and zone (fh2) level write; mh1
 * may leave once flushed.
 */
const growing = {
  name: 'growing',
  description: 'Growing topology: zone z2 and its cell c2 join during the run; fh1 (at the MS) and fh2 (at z1) are fixed hosts above cell level; fh2 writes x once; mh1 in c1 may leave once flushed.',
  master: { id: 'ms' },
  zones: [{ id: 'z1' }, { id: 'z2', joins: true }],
  cells: [{ id: 'c1', zone: 'z1' }, { id: 'c2', zone: 'z2', joins: true }],
  hosts: [
    { id: 'mh1', kind: 'mobile', cell: 'c1', interests: ['o'], leaves: true },
    { id: 'fh1', kind: 'fixed', cell: 'ms', interests: ['o'] },
    { id: 'fh2', kind: 'fixed', cell: 'z1', interests: ['o'] },
  ],
  objects: ONE_ITEM,
  bounds: { updatesPerHost: 1, values: 1 },
  writers: ['fh2'],
  knobs: { refusals: 0, peerExchange: false },
} satisfies ConfigInput;

/** The growing-topology presets by name. */
export const GROWING_PRESETS: Record<string, ConfigInput> = { 'new-server': newServer, growing };
