/**
 * (Issue 13) Peer-exchange presets: peers as PEER instances, a fixed-host peer, and the knob
 * `peerRelay` (a receiver carries a peer's update up in its own RU). `peer-relay` is in the
 * default suite: its writer mh1 may disconnect after giving its update to the fixed host fh1,
 * which relays it up; servers de-duplicate it by id (try `--knob relayDedup=false`: total-order
 * is violated, the MS numbers mh1#1 twice).
 */
import type { ConfigInput } from './config-types.ts';

const peerRelay = {
  name: 'peer-relay',
  description: 'MS, one zone, one cell; the mobile writer mh1 and the fixed host fh1 exchange as PEER instances; fh1 relays what it receives (peerRelay); mh1 may disconnect once.',
  master: { id: 'ms' },
  zones: [{ id: 'z1' }],
  cells: [{ id: 'c1', zone: 'z1' }],
  hosts: [
    { id: 'mh1', kind: 'mobile', cell: 'c1', interests: ['o'] },
    { id: 'fh1', kind: 'fixed', cell: 'c1', interests: ['o'] },
  ],
  objects: [{ id: 'o', kind: 'frequent', items: ['x'], related: [] }],
  bounds: { updatesPerHost: 1, values: 1, disconnects: 1 },
  writers: ['mh1'],
  knobs: { refusals: 0, peerInstances: true, peerRelay: true },
} satisfies ConfigInput;

/** The peer presets by name. */
export const PEER_PRESETS: Readonly<Record<string, ConfigInput>> = { 'peer-relay': peerRelay };

/** The peer presets of the default suite. */
export const PEER_SUITE: readonly string[] = ['peer-relay'];
