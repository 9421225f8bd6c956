/**
 * What the simulated-time event loop (sim.ts) and the client operations (operations.ts) share
 * (issue 14): the client events the operations schedule, and the loop's services they use
 * (the clock, the network, the observer, writes and reads at a node).
 */
import type { Rng } from '../../src/timed/prng.ts';
import type { ReplicationState } from '../../traces/replication.ts';
import type { Ctx } from '../actions/context.ts';
import type { Topology } from '../topology.ts';
import type { TimedConfig } from './config.ts';
import type { Network } from './network.ts';
import type { Observer } from './observe.ts';
import type { Staleness } from './staleness.ts';
import type { Clients } from './workload.ts';

/** The client events this module schedules and handles. */
export type OpEv =
  | { k: 'op' | 'tx'; c: number }
  | { k: 'fwd'; c: number; item: number; p: number }
  | { k: 'fwdTx'; c: number; p: number; writes: { item: number; start: number }[] }
  | { k: 'ackTx'; c: number };

/** What the event loop lends the client operations. */
export interface SimCore {
  ctx: Ctx;
  topo: Topology;
  cfg: TimedConfig;
  rng: Rng;
  net: Network;
  obs: Observer;
  clients: Clients;
  stale: Staleness;
  state(): ReplicationState;
  /** The current simulated time. */
  time(): number;
  push(time: number, ev: OpEv): void;
  parentOf(i: number): number;
  /** Applies a write at `node` and records it; returns the update's id. */
  applyWrite(node: number, item: number): number;
  observeNode(i: number): void;
  /** Counts update `id` (which has its Global ID) as committed for read staleness from now on. */
  commitStale(id: number): void;
  touch(nodes: number[]): void;
  dbRead(rng: Rng): number;
  dbWrite(rng: Rng): number;
}
