/**
 * The IIRA (Instance-Immigration-Removed Agent, seed 001 3.4): one resident agent per node, of
 * the type of its level (MHR on hosts, CSR, ZSR, MSR), moving through monitoring, retrieving,
 * creating and migrating when it ships something, and the instances it creates: each carries a
 * VLDS whose header names it (instance id, sender, send time, destination), migrates through the
 * Host Manager, executes at the destination and removes itself.
 */
import type { AgentState, NodeKind, VldsKind } from '../traces/replication.ts';
import type { Ctx } from './context.ts';
import type { InstanceRuntime, IiraType } from './state.ts';
import type { Vlds } from './vlds.ts';

/** The IIRA type of a node kind (seed 001, 3.4.2). */
export function iiraTypeOf(kind: NodeKind): IiraType {
  return kind === 'master' ? 'MSR' : kind === 'zone' ? 'ZSR' : kind === 'cell' ? 'CSR' : 'MHR';
}

/** Moves an instance to its next activity, recording it in its trail. */
export function advance(inst: InstanceRuntime, next: AgentState): void {
  inst.state = next;
  inst.trail.push(next);
}

/**
 * The resident IIRA at node `i` creates an instance of itself carrying a fresh VLDS of `kind`
 * addressed to `to`: monitoring (a connection is realised), retrieving, creating. The caller
 * fills the body, then asks the Host Manager to migrate it ({@link requestMigration}).
 */
export function createInstance(ctx: Ctx, i: number, to: number, kind: VldsKind): InstanceRuntime {
  const iira = ctx.rt(i).iira;
  iira.state = 'retrieving';
  iira.state = 'creating';
  iira.made++;
  const vlds: Vlds = { kind, header: { instanceId: iira.made, sender: i, sendTime: 0, destination: to }, updates: new Map(), cursor: 0 };
  const inst: InstanceRuntime = { vlds, state: 'monitoring', trail: ['monitoring'], failures: 0, copies: 0, at: 'sender' };
  advance(inst, 'retrieving');
  advance(inst, 'creating');
  ctx.s.instances.push(inst);
  settle(ctx, i);
  return inst;
}

/**
 * The IIRA hands the instance to its Host Manager (state migrating; the send time is stamped in
 * the header). The resident IIRA stays migrating until the Host Manager acknowledges every
 * instance it asked to transfer (3.4.3 (iv)): see {@link acknowledged}.
 */
export function requestMigration(ctx: Ctx, inst: InstanceRuntime): void {
  inst.vlds.header.sendTime = ctx.s.clock;
  advance(inst, 'migrating');
  settle(ctx, inst.vlds.header.sender);
}

/**
 * The resident IIRA's activity between steps: migrating while the Host Manager has not
 * acknowledged one of its instances (it keeps asking), else creating while an instance it created
 * waits to be filled (an IR instance before its send), else monitoring.
 */
export function settle(ctx: Ctx, i: number): void {
  const mine = ctx.s.instances.filter((x) => x.vlds.header.sender === i && x.at === 'sender');
  ctx.rt(i).iira.state = mine.some((x) => x.state === 'migrating') ? 'migrating' : mine.some((x) => x.state === 'creating') ? 'creating' : 'monitoring';
}

/** Removes an instance (seed 001, 3.4.3 (vi)). */
export function removeInstance(ctx: Ctx, inst: InstanceRuntime): void {
  ctx.s.instances = ctx.s.instances.filter((x) => x !== inst);
}

/** Instances of `kind` from node `from` (optionally to `to`) that still exist. */
export function inFlight(ctx: Ctx, from: number, kind: VldsKind, to?: number): InstanceRuntime[] {
  return ctx.s.instances.filter((x) => x.vlds.kind === kind && x.vlds.header.sender === from && (to === undefined || x.vlds.header.destination === to));
}
