/**
 * Peer-to-peer exchange (seed 001, 3.2: "exchanging recent updates between nearby publishers in
 * the same geographic area"): a connected member host offers a connected member host of the
 * same cell its tentative updates (not committed at the sender) on items the receiver holds and
 * has not applied, in the sender's order (item by item, each in its value sequence). The
 * mechanism decides what is delivered and in which order (mechanisms/peer-filters.ts: causal
 * delivery for hierarchical, vector-causal and bayou, FIFO for sequencer, nothing for lamport
 * and primary-copy, everything otherwise). The receiver merges them as tentative updates.
 *
 * Two forms (knob `peerInstances`, issue 13):
 * - off: one `peer` step between mobile hosts, sending and executing fused;
 * - on: the sender's IIRA creates a PEER instance (`send` of kind PEER; at most one from a host
 *   to a given peer in existence) carrying a PEER VLDS; the Host Manager migrates it like any
 *   instance (failures, duplicates, lost acknowledgements); it executes at the receiver. Fixed
 *   hosts are peers too. A PEER instance not yet transferred is lost when its sender or its
 *   receiver disconnects, moves, crashes or is lost: the direct link between them is gone.
 * Knob `peerRelay` (issue 13): the receiver's Propagation-Flag column gets an F row for each
 * update it merged that is not committed there and not flagged yet, so its own RU carries the
 * update up; servers ignore an update id they already collected, ordered or committed
 * (execution.ts; knob `relayDedup`). Without the knob the receiver does not flag them.
 */
import type { ReplicationAction } from '../traces/replication.ts';
import { demand, refuse, sameList, type Ctx } from './context.ts';
import { createInstance, inFlight, requestMigration, settle } from './iira.ts';
import { entries } from './propagation.ts';
import { committedAt, merge, visibleSet } from './replica.ts';
import { groupByObject } from './vlds.ts';

type Send = Extract<ReplicationAction, { type: 'send' }>;

/** True when node `i`'s kind exchanges with peers: mobile hosts; every host with `peerInstances`. */
function peerKind(ctx: Ctx, i: number): boolean {
  const kind = ctx.topo.nodes[i].kind;
  return kind === 'mobile' || (ctx.topo.knobs.peerInstances && kind === 'fixed');
}

/** What `from` offers `to` before the mechanism filters it, or a reason the pair cannot exchange. */
export function peerCandidates(ctx: Ctx, from: number, to: number): number[] | string {
  if (!ctx.topo.knobs.peerExchange) return 'peer exchange is switched off (knob peerExchange)';
  if (from === to) return 'a host does not exchange with itself';
  for (const i of [from, to]) {
    const rt = ctx.rt(i);
    if (!peerKind(ctx, i)) return `${ctx.ids[i]} is not a ${ctx.topo.knobs.peerInstances ? 'host' : 'mobile host'}`;
    if (!rt.member) return `${ctx.ids[i]} is not a member`;
    if (!ctx.reachable(i)) return `${ctx.ids[i]} is disconnected or down`;
  }
  if (ctx.rt(from).parent !== ctx.rt(to).parent) return `${ctx.ids[from]} and ${ctx.ids[to]} are in different cells`;
  if (ctx.topo.knobs.peerInstances) {
    const busy = inFlight(ctx, from, 'PEER', to);
    if (busy.length) return `${ctx.ids[from]}'s PEER instance ${ctx.instanceName(busy[0])} to ${ctx.ids[to]} still exists`;
  }
  const applied = new Set(ctx.rt(to).store.log);
  return ctx.rt(from).store.rows
    .flatMap((rows, d) => (ctx.holds(to, d) ? rows : []))
    .filter((u, k, all) => all.indexOf(u) === k && !committedAt(ctx, from, u) && !applied.has(u));
}

/** What `from` would give `to` now ([] when nothing), or a reason the pair cannot exchange. */
export function peerPayload(ctx: Ctx, from: number, to: number): number[] | string {
  const candidates = peerCandidates(ctx, from, to);
  return typeof candidates === 'string' ? candidates : ctx.policy.peer(ctx, from, to, candidates);
}

/** The payload the pair must exchange now, checked against the names an action lists. */
function checkedPayload(ctx: Ctx, from: number, to: number, names: string[]): number[] {
  const p = peerPayload(ctx, from, to);
  demand(typeof p !== 'string', p as string);
  const offered = peerCandidates(ctx, from, to) as number[];
  demand(offered.length > 0, `${ctx.ids[from]} has nothing ${ctx.ids[to]} lacks and may receive`);
  demand(p.length > 0, `${ctx.mechanism} delivers none of [${ctx.updateNames(offered).join(', ')}] from ${ctx.ids[from]} to ${ctx.ids[to]} now`);
  const listed = names.map((n) => ctx.update(n));
  demand(sameList(listed, p), `${ctx.ids[from]} would give ${ctx.ids[to]} [${ctx.updateNames(p).join(', ')}], not [${names.join(', ')}]`);
  return p;
}

/** Applies the fused `peer {from, to, updates}` (knob `peerInstances` off). */
export function applyPeer(ctx: Ctx, fromId: string, toId: string, names: string[]): void {
  demand(!ctx.topo.knobs.peerInstances, 'peer exchange runs as PEER instances here (knob peerInstances): a send of kind PEER, then migrate and execute');
  const from = ctx.node(fromId);
  const to = ctx.node(toId);
  receivePeer(ctx, to, checkedPayload(ctx, from, to, names));
}

/** Applies `send {kind: PEER}` (knob `peerInstances`): the sender's IIRA creates the PEER instance and asks for its migration. */
export function sendPeer(ctx: Ctx, a: Send): void {
  if (!ctx.topo.knobs.peerInstances) refuse('PEER instances exist only with the knob peerInstances (otherwise peer exchange is its own step)');
  const from = ctx.node(a.from);
  const to = ctx.node(a.to);
  const p = checkedPayload(ctx, from, to, a.updates);
  const inst = createInstance(ctx, from, to, 'PEER');
  demand(ctx.instanceName(inst) === a.instance, `the new instance is ${ctx.instanceName(inst)}, not ${a.instance}`);
  inst.vlds.updates = groupByObject(entries(ctx, from, p), (d) => ctx.topo.items[d].object);
  requestMigration(ctx, inst);
}

/** The receiver's side: merges the updates as tentative ones; with `peerRelay`, flags F what it merged and has not committed. */
export function receivePeer(ctx: Ctx, to: number, us: readonly number[]): void {
  const before = visibleSet(ctx, to);
  const held = us.filter((u) => ctx.holds(to, ctx.s.updates[u].item));
  merge(ctx, to, held);
  if (!ctx.topo.knobs.peerRelay) return;
  const flags = ctx.rt(to).iira.flags;
  for (const u of held) {
    if (before.has(u) || committedAt(ctx, to, u) || flags.some((r) => r.update === u)) continue;
    before.add(u);
    flags.push({ update: u, flag: 'F' });
  }
}

/** PEER instances not yet transferred from or to host `i` are lost (it disconnected, moved, crashed or was lost). */
export function dropPeerLinks(ctx: Ctx, i: number): void {
  if (!ctx.topo.knobs.peerInstances) return;
  const gone = ctx.s.instances.filter((x) => x.vlds.kind === 'PEER' && x.at === 'sender' && (x.vlds.header.sender === i || x.vlds.header.destination === i));
  if (!gone.length) return;
  ctx.s.instances = ctx.s.instances.filter((x) => !gone.includes(x));
  for (const x of gone) settle(ctx, x.vlds.header.sender);
}
