/**
 * The seeded discrete-event simulation of the replication model (issue 14). It drives the
 * model's own actions (`applyAct`) in simulated time: a `send` starts a transmission on the link
 * class of its edge and the `migrate ok` fires when the last packet arrives; `execute` follows
 * after the database write delay; `order` serves one update per service time at each server (a
 * single FIFO server); a peer exchange takes one wireless latency; clients write and read with
 * database delays; hosts disconnect at a rate. After every event the nodes it touched are
 * re-examined and their enabled protocol steps scheduled. Nothing reads the clock or
 * Math.random: one seed gives one run.
 */
import type { RunOutput } from '../../src/timed/contract.ts';
import { sampler } from '../../src/timed/distributions.ts';
import { EventQueue } from '../../src/timed/queue.ts';
import { Rng } from '../../src/timed/prng.ts';
import type { ReplicationState } from '../../traces/replication.ts';
import { Operations } from './operations.ts';
import type { OpEv } from './sim-core.ts';
import { enumerateOrder } from '../actions/order.ts';
import { canPeer, enumeratePeer, hasTentative } from '../actions/peer.ts';
import { enumerateSendDown, enumerateSendUp } from '../actions/propagate.ts';
import type { Act } from '../actions/types.ts';
import type { ReplicationModel } from '../replication.ts';
import { findInstance } from '../state.ts';
import { MASTER, MOBILE, ZONE } from '../topology.ts';
import type { TimedConfig } from './config.ts';
import { Network } from './network.ts';
import { Observer } from './observe.ts';
import { MessageSizes, metadataBytes } from './sizes.ts';
import { Staleness } from './staleness.ts';
import { Clients, type Schedule } from './workload.ts';

type Ev =
  | { k: 'tx'; c: number } | { k: 'op'; c: number }
  | { k: 'up' | 'down' | 'order'; i: number } | { k: 'peer'; i: number; j: number }
  | { k: 'arrive' | 'exec'; from: number; n: number }
  | { k: 'disc' | 'reco'; i: number }
  | OpEv;

/** Runs one simulation of `model` under `cfg` for `durationMs` with `seed`. */
export function simulateTimed(model: ReplicationModel, cfg: TimedConfig, seed: number, durationMs: number): RunOutput {
  const { ctx, topology: topo } = model;
  const rng = new Rng(seed);
  const q = new EventQueue<Ev>();
  const net = new Network(topo, cfg.network, cfg.binMs, durationMs);
  const obs = new Observer(topo.serverChildren[MASTER]?.length ?? 0);
  const meta: number[] = [];
  const sizes = new MessageSizes(cfg.sizes, meta);
  const dbRead = sampler(cfg.database.read), dbWrite = sampler(cfg.database.write);
  const service = [sampler(cfg.servers.master), sampler(cfg.servers.zone), sampler(cfg.servers.cell)];
  const causal = topo.knobs.causalHoldBack !== false;
  let s: ReplicationState = model.init()[0]!;
  let now = 0;
  const pending = new Set<string>();
  const appliedLen = s.nodes.map((n) => n.applied.length);
  const stale = new Staleness(topo.itemCount);
  const clients = new Clients(topo, cfg.workload, s, rng);
  const readerHolding = new Int32Array(topo.itemCount);
  const isReader = clients.readers;
  for (let i = 0; i < topo.nodeCount; i++) if (isReader[i]) for (const it of topo.itemsOf(s.nodes[i]!.objects)) readerHolding[it]!++;
  const parentOf = (i: number) => s.nodes[i]!.parent;
  const children = (i: number): readonly number[] => (topo.kind[i]! <= ZONE ? topo.serverChildren[i] ?? [] : topo.hostsStartingIn[i] ?? []);
  const sched: Schedule = (time, ev) => q.push(time, ev);
  const applyWrite = (node: number, item: number) => {
    const n = s.nodes[node]!;
    apply({ t: 'update', node, item, value: 1, seq: n.writes + 1 });
    const id = s.updates.length - 1;
    const u = s.updates[id]!;
    obs.writeTime[id] = now; obs.seen[id] = 0; obs.lastSeen[id] = now;
    obs.expected[id] = readerHolding[item]! - (isReader[node] ? 1 : 0);
    meta[id] = metadataBytes(model.mechanism, causal, s, u, n.committed);
    obs.metadata.push(meta[id]!);
    if (u.gid > 0) committedNow([id]);
    return id;
  };
  // Assigned below, once the closures it borrows exist.
  let ops: Operations;
  // `step` may write into node arrays this run owns (the simulation never reads an earlier state).
  const apply = (a: Act) => { s = model.step!(s, a)!; obs.events++; };

  const committedNow = (ids: readonly number[]) => {
    for (const id of ids) {
      const u = s.updates[id]!;
      obs.gidTime.push(now - obs.writeTime[id]!);
      obs.committed[id] = 1;
      if (!ops.uncommitted(id)) stale.commit(id, u.item, now);
    }
  };
  /** New entries of node i's application log: visibility of updates, unblocking waiting writers. */
  const observeNode = (i: number) => {
    const log = s.nodes[i]!.applied;
    for (let k = appliedLen[i]!; k < log.length; k++) {
      const id = log[k]!;
      const u = s.updates[id]!;
      if (u.origin !== i && isReader[i]) {
        obs.visDelay.push(now - obs.writeTime[id]!); obs.visUpdate.push(id);
        obs.seen[id]!++; obs.lastSeen[id] = now;
      }
      ops.merged(id);
    }
    appliedLen[i] = log.length;
    clients.release(i, ops.tryRelease);
  };
  /** Schedules the ReRU (or IR) send from i's parent to i, if one is enabled. */
  const examineDown = (i: number) => {
    if (pending.has(`down:${i}`) || clients.holdsSend(parentOf(i))) return;
    const out: Act[] = [];
    enumerateSendDown(ctx, s, i, out);
    if (out.length) { pending.add(`down:${i}`); q.push(now, { k: 'down', i }); }
  };
  const examine = (i: number) => {
    const out: Act[] = [];
    if (!pending.has(`up:${i}`) && !clients.holdsSend(i)) { enumerateSendUp(ctx, s, i, out); if (out.length) { pending.add(`up:${i}`); q.push(now, { k: 'up', i }); } }
    out.length = 0;
    examineDown(i);
    if (topo.isServer(i) && !pending.has(`order:${i}`)) {
      enumerateOrder(ctx, s, i, out);
      if (out.length) { pending.add(`order:${i}`); const t = service[Math.min(2, topo.kind[i]!)]!(rng); if (i === MASTER) obs.msBusy += t; q.push(now + t, { k: 'order', i }); }
    }
    if (topo.kind[i] === MOBILE && topo.knobs.peerExchange) {
      const mates = topo.hostsStartingIn[s.nodes[i]!.parent] ?? [];
      if (canPeer(ctx, s, i) && hasTentative(s, i)) for (const j of mates) examinePeer(i, j);
      // What i received may complete the causal past a peer's delivery to i waited for.
      for (const j of mates) if (canPeer(ctx, s, j) && hasTentative(s, j)) examinePeer(j, i);
    }
  };
  /** Schedules the peer exchange i -> j (one wireless latency), if one is enabled. */
  const examinePeer = (i: number, j: number) => {
    if (j === i || pending.has(`peer:${i}:${j}`)) return;
    const out: Act[] = [];
    enumeratePeer(ctx, s, i, j, out, true);
    if (out.length) { pending.add(`peer:${i}:${j}`); q.push(now + net.sampleLatency(net.classBetween(i, j, parentOf), rng), { k: 'peer', i, j }); }
  };
  // A node's own steps may change with what happened to it; its children's only through the ReRU stream from it.
  const touch = (nodes: Iterable<number>) => { for (const i of nodes) { examine(i); for (const c of children(i)) examineDown(c); } };

  const doSend = (ev: { k: 'up' | 'down'; i: number }) => {
    pending.delete(`${ev.k}:${ev.i}`);
    const out: Act[] = [];
    if (ev.k === 'up') enumerateSendUp(ctx, s, ev.i, out); else enumerateSendDown(ctx, s, ev.i, out);
    const a = out[0];
    if (!a || a.t !== 'send') return;
    apply(a);
    const x = s.instances[findInstance(s.instances, a.from, a.n)]!;
    const k = net.classBetween(a.from, a.to, parentOf);
    q.push(net.transmit(k, a.from, a.to, sizes.instance(x), now, rng), { k: 'arrive', from: a.from, n: a.n });
    touch([a.from]);
  };

  const handle = (ev: Ev) => {
    switch (ev.k) {
      case 'tx': clients.startTransaction(clients.all[ev.c]!, now, sched); return;
      case 'op': ops.op(clients.all[ev.c]!); return;
      case 'fwd': ops.forward(clients.all[ev.c]!, ev.item, ev.p); return;
      case 'fwdTx': ops.forwardTx(clients.all[ev.c]!, ev.p, ev.writes); return;
      case 'ackTx': ops.ack(clients.all[ev.c]!); return;
      case 'up': case 'down': doSend({ k: ev.k, i: ev.i }); return;
      case 'order': {
        pending.delete(`order:${ev.i}`);
        const out: Act[] = [];
        enumerateOrder(ctx, s, ev.i, out);
        const a = out[0];
        if (!a || a.t !== 'order') return;
        const one: Act = { ...a, ids: [a.ids[0]!] };
        apply(one);
        if (ev.i === MASTER) committedNow(one.ids);
        observeNode(ev.i);
        touch([ev.i]);
        return;
      }
      case 'peer': {
        pending.delete(`peer:${ev.i}:${ev.j}`);
        const out: Act[] = [];
        if (!(canPeer(ctx, s, ev.i) && hasTentative(s, ev.i))) return;
        enumeratePeer(ctx, s, ev.i, ev.j, out, true);
        const a = out[0];
        if (!a || a.t !== 'peer') return;
        apply(a);
        net.transmit(net.classBetween(ev.i, ev.j, parentOf), ev.i, ev.j, sizes.peer(a.ids), now, rng);
        observeNode(ev.j);
        touch([ev.i, ev.j]);
        return;
      }
      case 'arrive': {
        const k = findInstance(s.instances, ev.from, ev.n);
        if (k < 0) return;
        const x = s.instances[k]!;
        apply({ t: 'migrate', from: ev.from, n: ev.n, ok: true });
        if (x.to === MASTER) obs.msMessages++;
        else if (topo.kind[x.to] === ZONE) obs.zoneMessages++;
        let delay = 0;
        for (let u = 0; u < Math.max(1, x.updates.length); u++) delay += dbWrite(rng);
        q.push(now + delay, { k: 'exec', from: ev.from, n: ev.n });
        return;
      }
      case 'exec': {
        const k = findInstance(s.instances, ev.from, ev.n);
        if (k < 0) return;
        const to = s.instances[k]!.to;
        apply({ t: 'execute', from: ev.from, n: ev.n });
        observeNode(to);
        touch([ev.from, to]);
        return;
      }
      case 'disc': {
        if (s.nodes[ev.i]!.connected) { apply({ t: 'disconnect', node: ev.i }); q.push(now + sampler(cfg.environment.disconnectDuration)(rng), { k: 'reco', i: ev.i }); }
        return;
      }
      case 'reco': {
        apply({ t: 'reconnect', node: ev.i });
        q.push(now + (-Math.log(rng.open()) * 1000) / cfg.environment.disconnectRate, { k: 'disc', i: ev.i });
        touch([ev.i, parentOf(ev.i)]);
        return;
      }
    }
  };

  ops = new Operations({
    ctx, topo, cfg, rng, net, obs, clients, stale,
    state: () => s, time: () => now, push: (t, ev) => q.push(t, ev), parentOf, applyWrite, observeNode, touch, dbRead, dbWrite,
    commitStale: (id) => stale.commit(id, s.updates[id]!.item, now),
  });
  clients.start(sched);
  if (cfg.environment.disconnectRate > 0) {
    for (let i = topo.firstHost; i < topo.nodeCount; i++) {
      if (s.nodes[i]!.member) q.push((-Math.log(rng.open()) * 1000) / cfg.environment.disconnectRate, { k: 'disc', i });
    }
  }
  for (;;) {
    const e = q.peek();
    if (!e || e.time > durationMs) break;
    q.pop();
    now = e.time;
    handle(e.data);
  }
  return obs.finish(net, durationMs, cfg.horizonMs, cfg.binMs);
}
