/**
 * The Host Manager (seed 001, 3.4 and 3.4.3 (iv)): the software on every node that reports
 * connections to the IIRA and transfers its instances. A transfer needs both ends reachable
 * (servers always are, a host when connected). A successful transfer delivers the instance at
 * its destination (executing) and acknowledges it to the sender's IIRA, which turns the shipped
 * updates' Propagation-Flags from F to T; a failed one is not acknowledged and the IIRA asks
 * again later (bounded by `failedMigrations`). The Host Manager may also deliver an extra copy
 * of a delivered instance (bounded by `duplicates`), which arrives as a separate execution.
 * An instance addressed to a mobile host that moved is routed to it by the fixed network.
 */
import { demand, type Ctx } from './context.ts';
import { advance, settle } from './iira.ts';
import { acknowledge, linkBlocked } from './faults.ts';
import { bodyUpdates } from './vlds.ts';

/** Why `inst` cannot be transferred now, or undefined. */
export function transferBlocked(ctx: Ctx, name: string): string | undefined {
  const inst = ctx.instance(name);
  if (inst.at !== 'sender' || inst.state !== 'migrating') return `${name} is not waiting to migrate (it is ${inst.state})`;
  const { sender, destination } = inst.vlds.header;
  if (!ctx.reachable(sender)) return `${ctx.ids[sender]} is disconnected`;
  if (!ctx.reachable(destination)) return `${ctx.ids[destination]} is disconnected`;
  return linkBlocked(ctx, sender, destination);
}

/** Applies `migrate {instance, ok}`. */
export function applyMigrate(ctx: Ctx, name: string, ok: boolean): void {
  const why = transferBlocked(ctx, name);
  demand(why === undefined, why!);
  const inst = ctx.instance(name);
  if (!ok) {
    const max = ctx.topo.config.bounds.failedMigrations;
    demand(ctx.s.used.failures < max, `the ${max} failed migration(s) allowed are used`);
    ctx.s.used.failures++;
    inst.failures++;
    return;
  }
  inst.at = 'destination';
  advance(inst, 'executing');
  const { sender, destination } = inst.vlds.header;
  ctx.rt(destination).hm.acks++;
  settle(ctx, sender);
  if (inst.vlds.kind === 'RU' && !ctx.topo.knobs.flagOnSend) acknowledge(ctx, sender, bodyUpdates(inst.vlds.updates));
}

/** Applies `duplicate {instance}`: one more delivery of a delivered instance. */
export function applyDuplicate(ctx: Ctx, name: string): void {
  const inst = ctx.instance(name);
  demand(inst.at === 'destination', `${name} has not been delivered yet`);
  demand(inst.copies === 0, `${name} already has an extra copy on its way (one at a time)`);
  const max = ctx.topo.config.bounds.duplicates;
  demand(ctx.s.used.duplicates < max, `the ${max} duplicated deliver(ies) allowed are used`);
  ctx.s.used.duplicates++;
  inst.copies++;
}
