/**
 * The engine's enabled actions under a fault model (issue 12): the fault actions it allows now
 * (crash, recover, loseHost, partition, heal, joint checkpoint, lose), and the protocol actions
 * that a crashed node or a cut link no longer allows removed. Decided by trial: an action is
 * enabled exactly when `perform` applies it to a copy of the state without a refusal (the same
 * checks `apply` makes), so this list cannot drift from the engine's rules.
 */
import type { ReplicationAction } from '../traces/replication.ts';
import { Ctx, Refusal } from './context.ts';

/** True when `a` applies to a copy of `ctx.s` without a refusal. */
function allowed(ctx: Ctx, a: ReplicationAction, perform: (ctx: Ctx, a: ReplicationAction) => void): boolean {
  try {
    perform(new Ctx(ctx.topo, ctx.policy, structuredClone(ctx.s)), a);
    return true;
  } catch (e) {
    if (e instanceof Refusal) return false;
    throw e;
  }
}

/** `protocol` (the enabled protocol and environment actions) filtered and extended with the fault actions. */
export function withFaults(ctx: Ctx, protocol: ReplicationAction[], perform: (ctx: Ctx, a: ReplicationAction) => void): ReplicationAction[] {
  if (!ctx.topo.config.faults) return protocol;
  const candidates: ReplicationAction[] = [];
  ctx.s.nodes.forEach((rt, i) => {
    const node = ctx.ids[i];
    candidates.push({ type: 'crash', node }, { type: 'recover', node }, { type: 'loseHost', host: node }, { type: 'partition', node }, { type: 'heal', node });
    if (rt.parent >= 0) candidates.push({ type: 'checkpoint', node, with: ctx.ids[rt.parent] });
    for (const j of rt.fault?.awaiting ?? []) candidates.push({ type: 'reregister', node, with: ctx.ids[j] });
  });
  for (const inst of ctx.s.instances) candidates.push({ type: 'lose', instance: ctx.instanceName(inst) });
  return [...protocol, ...candidates].filter((a) => allowed(ctx, a, perform));
}
