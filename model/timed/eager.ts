/**
 * Eager propagation in simulated time (knob `propagation: eager`, issue 14): the item locks and
 * the writers waiting for their updates to reach every replica. An update locks its item from
 * the moment it leaves its writer (at once with linear interaction, when its transaction ends
 * with constant interaction) until every member replica holding the item has merged it; a read
 * or write of a locked item waits for the lock. Locks are released by propagation alone (never
 * by a client), so waiting cannot deadlock.
 */
import type { ReplicationState } from '../../traces/replication.ts';
import type { Ctx } from '../actions/context.ts';
import { mergedEverywhere } from '../actions/local.ts';
import type { Client } from './workload.ts';

/** Locks and waiting writers of one run. */
export class EagerLocks {
  /** Per item: the updates on their way that lock it. */
  private readonly inflight = new Map<number, Set<number>>();
  /** Per item: clients whose operation waits for the lock. */
  private readonly blocked = new Map<number, Client[]>();
  /** Per update: the client waiting for it to be everywhere. */
  private readonly writers = new Map<number, Client>();
  private readonly ctx: Ctx;

  constructor(ctx: Ctx) {
    this.ctx = ctx;
  }

  /** True when an update of `item` is on its way to some replica holding it. */
  locked(item: number): boolean {
    return (this.inflight.get(item)?.size ?? 0) > 0;
  }

  /** Update `id` of `item` leaves its writer: it locks the item; client `c` waits for it. */
  lock(id: number, item: number, c: Client): void {
    let set = this.inflight.get(item);
    if (!set) this.inflight.set(item, (set = new Set()));
    set.add(id);
    c.pending.add(id);
    this.writers.set(id, c);
  }

  /** `c`'s operation on `item` waits until the item is unlocked. */
  wait(item: number, c: Client): void {
    const list = this.blocked.get(item);
    if (list) list.push(c); else this.blocked.set(item, [c]);
  }

  /**
   * A replica has just merged update `id`. When that completes it everywhere, the item's lock
   * drops it; `unblocked` gets the clients whose wait on the item ends and `done` the writer
   * whose last pending update it was.
   */
  merged(s: ReplicationState, id: number, item: number, unblocked: (c: Client) => void, done: (c: Client) => void): void {
    const set = this.inflight.get(item);
    if (!set || !set.has(id) || !mergedEverywhere(this.ctx, s, id)) return;
    set.delete(id);
    const c = this.writers.get(id);
    this.writers.delete(id);
    if (c) { c.pending.delete(id); if (!c.pending.size) done(c); }
    if (set.size) return;
    const list = this.blocked.get(item);
    if (!list || !list.length) return;
    this.blocked.set(item, []);
    for (const w of list) unblocked(w);
  }

  /** Checks updates that may already be everywhere when they lock (a write with no other replica). */
  settle(s: ReplicationState, ids: readonly number[], unblocked: (c: Client) => void, done: (c: Client) => void): void {
    for (const id of ids) this.merged(s, id, s.updates[id]!.item, unblocked, done);
  }
}

/** The tree path from node `a` to node `b` as hops [from, to] (up to the common ancestor, then down). */
export function treePath(a: number, b: number, parentOf: (i: number) => number): [number, number][] {
  const up = (i: number) => { const out = [i]; while (parentOf(out[out.length - 1]!) >= 0) out.push(parentOf(out[out.length - 1]!)); return out; };
  const pa = up(a), pb = up(b);
  const inB = new Set(pb);
  const lca = pa.find((x) => inB.has(x))!;
  const hops: [number, number][] = [];
  for (let k = 0; pa[k] !== lca; k++) hops.push([pa[k]!, pa[k + 1]!]);
  const down = pb.slice(0, pb.indexOf(lca) + 1).reverse();
  for (let k = 0; k + 1 < down.length; k++) hops.push([down[k]!, down[k + 1]!]);
  return hops;
}
