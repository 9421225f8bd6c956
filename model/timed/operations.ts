/**
 * Client operations in simulated time (issue 14): reads, writes and transaction ends, with the
 * design space of seed 003 that changes the protocol. A write is applied at the client's node,
 * or, when its object's primary is placed elsewhere (knob `primaryPlacement`), refused
 * (`secondaryWrites: reject`) or redirected to the primary: each write with linear interaction,
 * the transaction's writes in one message when it ends with constant interaction; the reply
 * comes back the same way. It returns after the database write (lazy), when it is back in the
 * writer's replica (primary copy at the MS), committed there (`waitOwnCommit`), or when every
 * replica holding its item has merged it (`propagation: eager`, through {@link EagerLocks}).
 */
import { awaitingOwnCommit, mayUpdate } from '../actions/local.ts';
import { EagerLocks, treePath } from './eager.ts';
import type { SimCore } from './sim-core.ts';
import type { Client } from './workload.ts';

/** The operations of every client of a run. */
export class Operations {
  private readonly core: SimCore;
  private readonly locks: EagerLocks;
  private readonly eager: boolean;
  private readonly constant: boolean;
  private readonly fwdBytes: number;
  private readonly ackBytes: number;
  private readonly unblock = (c: Client) => this.core.push(this.core.time(), { k: 'op', c: c.index });
  private readonly done = (c: Client) => this.eagerDone(c);
  /** Eager, constant interaction: writes of open transactions (not committed for staleness before their transaction commits). */
  private readonly open = new Set<number>();

  constructor(core: SimCore) {
    this.core = core;
    this.locks = new EagerLocks(core.ctx);
    this.eager = core.topo.knobs.propagation === 'eager';
    this.constant = core.cfg.workload.interaction === 'constant';
    const z = core.cfg.sizes;
    this.fwdBytes = z.updateHeader + z.updatePayload;
    this.ackBytes = z.vldsHeader + z.tracking;
  }

  /** True while update `id` belongs to an open transaction (its Global ID does not yet make it committed for readers). */
  uncommitted(id: number): boolean {
    return this.open.has(id);
  }

  /** A replica merged update `id` (eager locks may drop it). */
  merged(id: number): void {
    if (this.eager) this.locks.merged(this.core.state(), id, this.core.state().updates[id]!.item, this.unblock, this.done);
  }

  /** A lazy write waiting at node `c.waitNode` may be back (visible, or committed with `waitOwnCommit`). */
  readonly tryRelease = (c: Client): void => {
    if (c.waitingFor < 0 || this.eager) return;
    const s = this.core.state();
    const u = s.updates[c.waitingFor]!;
    const n = s.nodes[c.waitNode]!;
    const back = this.core.topo.knobs.waitOwnCommit ? u.gid > 0 && u.gid <= n.committed : n.order[u.item]!.includes(c.waitingFor);
    if (back) this.respond(c);
  };

  /** `c`'s write returns now (at least its database write after it started, plus the reply from a remote primary). */
  private respond(c: Client): void {
    const response = Math.max(this.core.time() - c.opStart, c.minResponse) + c.returnDelay;
    this.core.obs.writeResponse.push(response);
    c.waitingFor = -1;
    c.returnDelay = 0;
    this.core.push(c.opStart + response, { k: 'op', c: c.index });
  }

  /** Eager: every pending update of `c` is in every replica holding its item. */
  private eagerDone(c: Client): void {
    if (c.acks > 0) return; // the transaction's redirected writes are not acknowledged yet
    if (c.txWrites.length && c.waitingFor < 0) {
      for (const w of c.txWrites) this.core.obs.writeResponse.push(this.core.time() - w.start);
      c.txWrites = [];
      this.core.clients.finishTransaction(c, this.core.time(), (t, ev) => this.core.push(t, ev));
      return;
    }
    this.respond(c);
  }

  /** Applies a write of `item` at `node` (the client's or its primary's) for `c`. */
  private write(c: Client, node: number, item: number, minResponse: number, start: number, inTx: boolean): void {
    const { core, locks } = this;
    // Eager propagation: a local write of an open transaction is not committed before the transaction is.
    if (inTx && node === c.node) this.open.add(core.state().updates.length);
    const id = core.applyWrite(node, item);
    if (node === c.node) c.wrote = true;
    core.observeNode(node);
    if (inTx) {
      // Constant interaction under eager, or a redirected transaction: answered when it ends.
      c.txWrites.push({ id, start, redirected: node !== c.node });
      if (this.eager && node !== c.node) locks.lock(id, item, c);
    } else if (this.eager) {
      c.minResponse = minResponse;
      c.waitingFor = id;
      locks.lock(id, item, c);
      locks.settle(core.state(), [id], this.unblock, this.done);
    } else {
      c.minResponse = minResponse;
      c.waitNode = node;
      c.waitingFor = id;
      this.tryRelease(c);
      if (c.waitingFor >= 0) core.clients.wait(c);
    }
    core.touch([node]);
  }

  /** The next operation of `c` (or the end of its transaction). */
  op(c: Client): void {
    const { core, locks } = this;
    const { topo, ctx, rng } = core;
    const s = core.state();
    const now = core.time();
    const op = c.ops.shift();
    if (op === undefined) { this.commit(c); return; }
    c.opStart = now;
    if (topo.knobs.waitOwnCommit && awaitingOwnCommit(ctx, s, c.node)) { c.ops.unshift(op); core.push(now + 1, { k: 'op', c: c.index }); return; }
    const items = topo.itemsOf(s.nodes[c.node]!.objects);
    const primaryAt = (it: number) => topo.primaryOf[topo.itemObject[it]!]!;
    const writable = op === 'w' && topo.writer[c.node] ? items.filter((it) => mayUpdate(ctx, s, c.node, it) || primaryAt(it) >= 0) : [];
    if (writable.length) {
      const item = core.clients.pickItem(writable);
      if (this.eager && locks.locked(item)) { c.ops.unshift(op); locks.wait(item, c); return; }
      const p = primaryAt(item);
      core.obs.writeOps++;
      if (p >= 0 && p !== c.node) { this.secondaryWrite(c, item, p); return; }
      const db = core.dbWrite(rng);
      const inTx = this.eager && this.constant;
      this.write(c, c.node, item, db, now, inTx);
      if (inTx) core.push(now + db, { k: 'op', c: c.index });
      return;
    }
    if (!items.length) { core.push(now, { k: 'op', c: c.index }); return; }
    const item = core.clients.pickItem(items);
    if (this.eager && locks.locked(item)) { c.ops.unshift(op); locks.wait(item, c); return; }
    const { missing, oldest } = core.stale.read(c.node, item, s.nodes[c.node]!.order[item]!);
    core.obs.staleCount.push(missing);
    core.obs.staleness.push(oldest < 0 ? 0 : now - oldest);
    const d = core.dbRead(rng);
    core.obs.readResponse.push(d);
    core.push(now + d, { k: 'op', c: c.index });
  }

  /** A write at a secondary of `item`'s object (primary `p`): refused, or redirected to `p`. */
  private secondaryWrite(c: Client, item: number, p: number): void {
    const { core } = this;
    const now = core.time();
    if (core.topo.knobs.secondaryWrites === 'reject') {
      core.obs.rejected++;
      core.push(now + core.dbRead(core.rng), { k: 'op', c: c.index });
      return;
    }
    core.obs.redirected++;
    if (this.constant) {
      // The transaction is redirected as a whole when it ends.
      c.txRedirects.push({ item, start: now, p });
      core.push(now, { k: 'op', c: c.index });
      return;
    }
    const t = this.send(c.node, p, this.core.cfg.sizes.vldsHeader + this.core.cfg.sizes.tracking + this.fwdBytes, now);
    core.push(t, { k: 'fwd', c: c.index, item, p });
  }

  /** Transmits `bytes` hop by hop along the tree from `a` to `b`, starting at `t`; returns the arrival time. */
  private send(a: number, b: number, bytes: number, t: number): number {
    const { net, rng } = this.core;
    const parentOf = (i: number) => this.core.parentOf(i);
    let at = t;
    for (const [x, y] of treePath(a, b, parentOf)) at = net.transmit(net.classBetween(x, y, parentOf), x, y, bytes, at, rng);
    return at;
  }

  /** A redirected write (linear interaction) reaches its primary: applied there; the reply leaves after the database write. */
  forward(c: Client, item: number, p: number): void {
    const now = this.core.time();
    const db = this.core.dbWrite(this.core.rng);
    c.returnDelay = this.eager ? 0 : this.send(p, c.node, this.ackBytes, now + db) - (now + db);
    this.write(c, p, item, now - c.opStart + db, c.opStart, false);
  }

  /** A redirected transaction reaches its primary: its writes are applied in turn, then one reply leaves. */
  forwardTx(c: Client, p: number, writes: { item: number; start: number }[]): void {
    let db = 0;
    for (const w of writes) { db += this.core.dbWrite(this.core.rng); this.write(c, p, w.item, 0, w.start, true); }
    const now = this.core.time();
    this.core.push(this.send(p, c.node, this.ackBytes, now + db), { k: 'ackTx', c: c.index });
  }

  /** A redirected transaction's reply is back at the secondary. */
  ack(c: Client): void {
    if (--c.acks > 0) return;
    if (!this.eager) {
      for (const w of c.txWrites) if (w.redirected) this.core.obs.writeResponse.push(this.core.time() - w.start);
      c.txWrites = c.txWrites.filter((w) => !w.redirected);
    }
    this.commit(c);
  }

  /** `c`'s transaction has no operation left: forward its redirected writes, wait for eager commit, or end it. */
  private commit(c: Client): void {
    const { core, locks } = this;
    if (c.txRedirects.length) {
      const byPrimary = new Map<number, { item: number; start: number }[]>();
      for (const w of c.txRedirects) { const l = byPrimary.get(w.p); if (l) l.push(w); else byPrimary.set(w.p, [w]); }
      c.txRedirects = [];
      c.acks = byPrimary.size;
      const z = core.cfg.sizes;
      for (const [p, writes] of byPrimary) {
        const t = this.send(c.node, p, z.vldsHeader + z.tracking + writes.length * this.fwdBytes, core.time());
        core.push(t, { k: 'fwdTx', c: c.index, p, writes });
      }
      return;
    }
    if (this.eager && c.txWrites.length) {
      // The transaction's local writes lock their items and leave now; it commits when every replica has them all.
      const local = c.txWrites.filter((w) => !w.redirected);
      for (const w of local) {
        locks.lock(w.id, core.state().updates[w.id]!.item, c);
        this.open.delete(w.id);
        if (core.state().updates[w.id]!.gid > 0) core.commitStale(w.id);
      }
      c.wrote = false;
      core.touch([c.node]);
      locks.settle(core.state(), c.txWrites.map((w) => w.id), this.unblock, this.done);
      if (!c.pending.size && c.txWrites.length) this.eagerDone(c);
      return;
    }
    const held = c.wrote;
    core.clients.finishTransaction(c, core.time(), (t, ev) => core.push(t, ev));
    if (held) core.touch([c.node]);
  }
}
