/**
 * (Issue 13) The handoff of a moved mobile host (knob `handoff`), implemented from
 * model/README.md ("Handoff") and reference/README.md, not from the model's code, at the seed's
 * finer atomicity (001 3.4.3 (iv)-(vi)): one `handoff` action of a trace is these engine steps:
 * 1. the old cell's Host Manager withholds its permission to transfer the ReRU instances its
 *    IIRA created for the host and had not transferred, once the cell's Hosts-Obj registers the
 *    host in another Region (it learnt of the move from the host's registration); they wait at
 *    the sender (see `transferBlocked` in host-manager.ts);
 * 2. the old cell's IIRA retrieves them and (`forward`) creates a handoff message addressed to
 *    the new cell carrying their bodies and highest cursor; its Host Manager transfers it;
 * 3. the new cell's Host Manager, having received it, sends its acknowledgement back as a
 *    message of its own; on that acknowledgement the old cell's instances remove themselves
 *    (under `resend` they remove themselves at once: nothing is forwarded);
 * 4. the new cell's Host Manager gives the message permission to execute: with `handoffDedup` it
 *    keeps only the updates past the cursor the host acknowledged to the new cell, and when any
 *    remain the new cell's IIRA creates a ReRU instance to the host carrying them (its header
 *    records the old cell: `relay` in the view) and asks for its migration.
 * The host merges a relayed instance like any ReRU, except that without `handoffDedup` (a broken
 * variant) it inserts its rows as they come (execution.ts).
 */
import type { ReplicationAction } from '../traces/replication.ts';
import { demand, sameList, type Ctx } from './context.ts';
import { advance, createInstance, removeInstance, requestMigration, settle } from './iira.ts';
import { cursorKnown } from './metadata.ts';
import type { InstanceRuntime } from './state.ts';
import { isServerKind } from './topology.ts';
import { bodyEntries, groupByObject, type BodyEntry } from './vlds.ts';

type Handoff = Extract<ReplicationAction, { type: 'handoff' }>;

/** A handoff message: what the old cell held for the host, on its way to the new cell. */
interface HandoffMessage {
  from: number;
  to: number;
  host: number;
  entries: BodyEntry[];
  cursor: number;
}

/** The new cell's acknowledgement of a handoff message, a message of its own. */
interface HandoffAck {
  from: number;
  to: number;
  host: number;
}

/** True when the handoff protocol runs (it needs metadata: not under `oracle`). */
export function handoffRuns(ctx: Ctx): boolean {
  return ctx.topo.knobs.handoff !== 'none' && !ctx.topo.knobs.oracle;
}

/** The Region cell `p`'s Hosts-Obj gives host `h` (-1: no row). */
function regionAt(ctx: Ctx, p: number, h: number): number {
  return ctx.rt(p).metadata?.hostsObj.find((r) => r.host === h)?.region ?? -1;
}

/** Step 1: true when the Host Manager of `inst`'s sender withholds its transfer for the handoff. */
export function withheld(ctx: Ctx, inst: InstanceRuntime): boolean {
  const { sender, destination } = inst.vlds.header;
  return handoffRuns(ctx) && inst.vlds.kind === 'ReRU' && inst.at === 'sender' && inst.state === 'migrating'
    && ctx.topo.nodes[sender].kind === 'cell' && !isServerKind(ctx.topo.nodes[destination].kind) && regionAt(ctx, sender, destination) !== sender;
}

/** A handoff cell `p` can take now for host `h`: the new cell, the withheld instances and the updates relayed. */
export interface HandoffPlan {
  from: number;
  host: number;
  to: number;
  held: InstanceRuntime[];
  relayed: number[];
}

/** Every handoff enabled now, old cell by old cell, host by host (first instance order). */
export function handoffPlans(ctx: Ctx): HandoffPlan[] {
  if (!handoffRuns(ctx)) return [];
  const out: HandoffPlan[] = [];
  const byKey = new Map<string, InstanceRuntime[]>();
  const ordered = [...ctx.s.instances].sort((a, b) => a.vlds.header.sender - b.vlds.header.sender || a.vlds.header.instanceId - b.vlds.header.instanceId);
  for (const inst of ordered) {
    if (!withheld(ctx, inst)) continue;
    const key = `${inst.vlds.header.sender}:${inst.vlds.header.destination}`;
    byKey.set(key, [...(byKey.get(key) ?? []), inst]);
  }
  for (const held of byKey.values()) {
    const { sender: from, destination: host } = held[0].vlds.header;
    const to = regionAt(ctx, from, host);
    if (to < 0 || ctx.rt(from).fault?.down || ctx.rt(to).fault?.down) continue;
    out.push({ from, host, to, held, relayed: relayedUpdates(ctx, to, host, held) });
  }
  return out;
}

/** Steps 2 and 4's content: the held updates in Global ID order, each once; with de-duplication only those past the host's acknowledged cursor at the new cell. */
function relayedUpdates(ctx: Ctx, to: number, host: number, held: InstanceRuntime[]): number[] {
  if (ctx.topo.knobs.handoff !== 'forward') return [];
  const all = [...new Set(held.flatMap((x) => bodyEntries(x.vlds.updates).map((e) => e.update)))];
  all.sort((a, b) => ctx.s.updates[a].gid - ctx.s.updates[b].gid);
  if (!ctx.topo.knobs.handoffDedup) return all;
  const known = cursorKnown(ctx, to, host);
  return all.filter((u) => ctx.s.updates[u].gid > known);
}

/** Step 2: the old cell's IIRA retrieves the held instances into a message for the new cell. */
function forwardMessage(ctx: Ctx, plan: HandoffPlan): HandoffMessage {
  const entries: BodyEntry[] = [];
  for (const x of plan.held) {
    for (const e of bodyEntries(x.vlds.updates)) {
      if (entries.some((f) => f.update === e.update)) continue;
      entries.push({ ...e, tracking: { ...e.tracking, sent: [...e.tracking.sent, ctx.s.clock] } });
    }
  }
  return { from: plan.from, to: plan.to, host: plan.host, entries, cursor: Math.max(0, ...plan.held.map((x) => x.vlds.cursor)) };
}

/** Step 3: the old cell's instances remove themselves (on the acknowledgement, or at once under resend). */
function release(ctx: Ctx, from: number, held: InstanceRuntime[]): void {
  for (const x of held) {
    advance(x, 'removing');
    removeInstance(ctx, x);
  }
  settle(ctx, from);
}

/** Step 4: the new cell executes the message (with its Host Manager's permission) and relays what is left. */
function relay(ctx: Ctx, m: HandoffMessage, relayed: number[]): void {
  if (!relayed.length) return;
  const keep = new Set(relayed);
  const entries = m.entries.filter((e) => keep.has(e.update))
    .sort((a, b) => ctx.s.updates[a.update].gid - ctx.s.updates[b.update].gid)
    .map((e, pos) => ({ ...e, pos }));
  const inst = createInstance(ctx, m.to, m.host, 'ReRU');
  inst.vlds.updates = groupByObject(entries, (d) => ctx.topo.items[d].object);
  inst.vlds.cursor = m.cursor;
  inst.vlds.header.relay = m.from;
  requestMigration(ctx, inst);
}

/** Applies `handoff {host, from, to, instances, updates}`, refusing anything the engine would not do. */
export function applyHandoff(ctx: Ctx, a: Handoff): void {
  demand(handoffRuns(ctx), 'no handoff protocol in this configuration (knob handoff is none, or oracle is on)');
  const from = ctx.node(a.from);
  const host = ctx.node(a.host);
  const plan = handoffPlans(ctx).find((p) => p.from === from && p.host === host);
  demand(plan, `${a.from} holds no instance for ${a.host} awaiting a handoff`);
  demand(ctx.ids[plan.to] === a.to, `${a.from}'s Hosts-Obj registers ${a.host} in ${ctx.ids[plan.to]}, not ${a.to}`);
  const names = plan.held.map((x) => ctx.instanceName(x));
  demand(sameList(names, a.instances), `${a.from} holds [${names.join(', ')}] for ${a.host}, not [${a.instances.join(', ')}]`);
  const listed = a.updates.map((n) => ctx.update(n));
  demand(sameList(listed, plan.relayed), `${a.to} would relay [${ctx.updateNames(plan.relayed).join(', ')}], not [${a.updates.join(', ')}]`);
  ctx.s.used.handoffs = (ctx.s.used.handoffs ?? 0) + 1;
  if (ctx.topo.knobs.handoff === 'resend') {
    release(ctx, from, plan.held);
    return;
  }
  const message = forwardMessage(ctx, plan);
  const ack: HandoffAck = { from: message.to, to: message.from, host: message.host };
  ctx.rt(message.to).hm.acks++;
  release(ctx, ack.to, plan.held);
  relay(ctx, message, plan.relayed);
}
