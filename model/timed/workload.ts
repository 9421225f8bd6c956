/**
 * The client workload of a timed run (seed 003's transaction parameters): clients per host (or
 * per named node), transactions arriving with an inter-arrival distribution, each a sequence of
 * operations (reads with probability readRatio, or a fixed mix of writes then reads), items
 * picked with hot-spot skew. A client runs one transaction at a time; a transaction that arrives
 * while the previous one runs starts when it ends.
 */
import { sampler } from '../../src/timed/distributions.ts';
import type { Rng } from '../../src/timed/prng.ts';
import { UsageError } from '../../src/engine/errors.ts';
import type { ReplicationState } from '../../traces/replication.ts';
import type { Topology } from '../topology.ts';
import type { Workload } from './config.ts';

/** Schedules a client event at a simulated time. */
export type Schedule = (time: number, ev: { k: 'tx' | 'op'; c: number }) => void;

/** One client. */
export interface Client {
  index: number;
  node: number;
  /** Operations left in the current transaction. */
  ops: ('r' | 'w')[];
  busy: boolean;
  /** Transactions that arrived while busy. */
  queued: number;
  opStart: number;
  /** The update the current write waits for (-1: none). */
  waitingFor: number;
  minResponse: number;
  /** True while the current transaction has written (constant interaction holds the node's RU send). */
  wrote: boolean;
  /** The node whose replica a lazy write waits at (the writer's, or the primary's for a redirected write). */
  waitNode: number;
  /** Time added to the response after the wait ends (the reply from a remote primary). */
  returnDelay: number;
  /** Eager propagation: own updates not yet in every replica holding their item. */
  pending: Set<number>;
  /** Writes answered when the transaction ends (eager with constant interaction, or redirected as a transaction). */
  txWrites: { id: number; start: number; redirected: boolean }[];
  /** Constant interaction: writes to redirect to their primary `p` when the transaction ends. */
  txRedirects: { item: number; start: number; p: number }[];
  /** Replies still expected from primaries for the transaction's redirected writes. */
  acks: number;
}

/** The clients of a run. */
export class Clients {
  readonly all: Client[] = [];
  /** 1 for nodes with at least one client (the replicas reads happen at). */
  readonly readers: Uint8Array;
  private readonly waiting = new Map<number, Client[]>();
  private readonly gap: (rng: Rng) => number;

  private readonly topo: Topology;
  private readonly wl: Workload;
  private readonly rng: Rng;

  constructor(topo: Topology, wl: Workload, s: ReplicationState, rng: Rng) {
    this.topo = topo;
    this.wl = wl;
    this.rng = rng;
    this.readers = new Uint8Array(topo.nodeCount);
    this.gap = sampler(wl.interArrival);
    for (const id of Object.keys(wl.clients)) {
      if (!topo.nodeByName.has(id)) throw new UsageError(`timed configuration: workload.clients.${id} names no node of the configuration`);
    }
    for (let i = 0; i < topo.nodeCount; i++) {
      const named = wl.clients[topo.ids[i]!];
      const count = named ?? (topo.isHost(i) && s.nodes[i]!.member ? wl.clientsPerHost : 0);
      for (let k = 0; k < count; k++) {
        this.all.push({ index: this.all.length, node: i, ops: [], busy: false, queued: 0, opStart: 0, waitingFor: -1, minResponse: 0, wrote: false, waitNode: i, returnDelay: 0, pending: new Set(), txWrites: [], txRedirects: [], acks: 0 });
        this.readers[i] = 1;
      }
    }
    if (!this.all.length) throw new UsageError('timed configuration: workload has no clients (set workload.clientsPerHost or workload.clients)');
  }

  /** Schedules every client's first transaction. */
  start(q: Schedule): void {
    for (const c of this.all) q(this.gap(this.rng), { k: 'tx', c: c.index });
  }

  /** A transaction arrives for `c`: it starts now (and the next arrival is scheduled) or queues. */
  startTransaction(c: Client, now: number, q: Schedule): void {
    q(now + this.gap(this.rng), { k: 'tx', c: c.index });
    if (c.busy) { c.queued++; return; }
    this.begin(c, now, q);
  }

  private begin(c: Client, now: number, q: Schedule): void {
    c.busy = true;
    const n = this.wl.opsPerTransaction;
    if (this.wl.mix === 'fixed') {
      const reads = Math.round(n * this.wl.readRatio);
      c.ops = [...new Array<'w'>(n - reads).fill('w'), ...new Array<'r'>(reads).fill('r')];
    } else {
      c.ops = Array.from({ length: n }, () => (this.rng.next() < this.wl.readRatio ? 'r' : 'w'));
    }
    q(now, { k: 'op', c: c.index });
  }

  /** `c`'s transaction has no operation left. */
  finishTransaction(c: Client, now: number, q: Schedule): void {
    c.busy = false;
    c.wrote = false;
    if (c.queued > 0) { c.queued--; this.begin(c, now, q); }
  }

  /**
   * True when constant interaction holds node `i`'s sends (RU up, and ReRU down from a server with
   * clients): one of its clients is inside a transaction that wrote.
   */
  holdsSend(i: number): boolean {
    if (this.wl.interaction !== 'constant') return false;
    // A transaction committing under eager propagation needs the node's send: nothing is held then.
    let held = false;
    for (const c of this.all) {
      if (c.node !== i) continue;
      // So does a write waiting to come back from the primary (it must travel before the transaction can end).
      if (c.pending.size || (c.waitingFor >= 0 && c.waitNode === i)) return false;
      if (c.busy && c.wrote) held = true;
    }
    return held;
  }

  /** An item from `items` with hot-spot skew. */
  pickItem(items: readonly number[]): number {
    const hot = Math.max(1, Math.ceil(items.length * this.wl.hotSpot.items));
    if (hot >= items.length) return items[this.rng.int(items.length)]!;
    return this.rng.next() < this.wl.hotSpot.accesses ? items[this.rng.int(hot)]! : items[hot + this.rng.int(items.length - hot)]!;
  }

  /** `c` waits for its write to become visible (or committed, waitOwnCommit) at `c.waitNode`. */
  wait(c: Client): void {
    const list = this.waiting.get(c.waitNode);
    if (list) list.push(c); else this.waiting.set(c.waitNode, [c]);
  }

  /** Calls `fn` on every client waiting at node `i`; those still waiting afterwards stay. */
  release(i: number, fn: (c: Client) => void): void {
    const list = this.waiting.get(i);
    if (!list || !list.length) return;
    this.waiting.set(i, []);
    for (const c of list) {
      fn(c);
      if (c.waitingFor >= 0) this.waiting.get(i)!.push(c);
    }
  }
}
