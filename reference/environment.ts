/**
 * The environment (seed 001, 3.1 and 3.3): a host disconnects (a host failure counts as a
 * disconnection) and reconnects; a mobile host moves to another cell, possibly in another zone
 * (its Host Manager reports the new connection; the servers' Hosts-Obj records the new region;
 * instances already addressed to it are routed to it by the fixed network). Disconnections and
 * moves are bounded by the configuration; with the knob `recurringDisconnects` (issue 11) a host
 * may disconnect again and again (the bound then only says whether hosts disconnect at all).
 */
import { demand, type Ctx } from './context.ts';
import { reportTo } from './initial-replication.ts';
import { dropPeerLinks } from './peer.ts';

function hostIndex(ctx: Ctx, host: string): number {
  const i = ctx.node(host);
  const kind = ctx.topo.nodes[i].kind;
  demand(kind === 'mobile' || kind === 'fixed', `${host} is a server: servers stay connected`);
  return i;
}

/** Applies `disconnect {host}`. */
export function applyDisconnect(ctx: Ctx, host: string): void {
  const i = hostIndex(ctx, host);
  const rt = ctx.rt(i);
  demand(rt.member, `${host} is not a member`);
  demand(rt.hm.connected, `${host} is already disconnected`);
  const max = ctx.topo.config.bounds.disconnects;
  demand(ctx.s.used.disconnects < max, `the ${max} disconnection(s) allowed are used`);
  // Recurring disconnections (knob): a failure and its recovery may repeat forever, so nothing is used up.
  if (!ctx.topo.knobs.recurringDisconnects) ctx.s.used.disconnects++;
  rt.hm.connected = false;
  dropPeerLinks(ctx, i);
}

/** Applies `reconnect {host}`. */
export function applyReconnect(ctx: Ctx, host: string): void {
  const i = hostIndex(ctx, host);
  demand(!ctx.rt(i).hm.connected, `${host} is connected`);
  ctx.rt(i).hm.connected = true;
}

/** Applies `move {host, to}`. */
export function applyMove(ctx: Ctx, host: string, to: string): void {
  const i = hostIndex(ctx, host);
  const c = ctx.node(to);
  const rt = ctx.rt(i);
  demand(ctx.topo.nodes[i].kind === 'mobile', `${host} is a fixed host: only mobile hosts move`);
  demand(rt.member, `${host} is not a member`);
  demand(ctx.topo.nodes[c].kind === 'cell', `${to} is not a cell`);
  demand(rt.parent !== c, `${host} is already in ${to}`);
  const max = ctx.topo.config.bounds.moves;
  demand(ctx.s.used.moves < max, `the ${max} move(s) allowed are used`);
  ctx.s.used.moves++;
  rt.parent = c;
  dropPeerLinks(ctx, i);
  // (Issue 13) The host registers at its new cell with a Replicated-Objects-Information-VLDS
  // carrying its row and cursor; the servers' Hosts-Obj learn the new Region from it.
  if (!ctx.topo.knobs.oracle) reportTo(ctx, i, c);
}
