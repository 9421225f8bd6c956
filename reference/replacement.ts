/**
 * Recovery on a replacement (issue 12; seed 002 13.2.2: a cluster is recovered "in the capsule
 * from which it was previously checkpointed, or in another capsule"; "the objects bound to
 * recovered clusters must be able to detect that the cluster has recovered"), implemented from
 * the written fault model (model/README.md "Faults"), not from the model's code.
 *
 * When `faults.recovery` names `replacement` for a server's kind, its recovery brings up another
 * capsule that takes over the server's role. It starts from what the checkpoint storage holds
 * (the same stable image an in-place recovery restores: checkpoint storage is off the capsule),
 * but the objects bound to the old capsule do not know where the new one is: its parent and each
 * child that is a member (and not lost for good) must re-register with it first. Until a
 * neighbour has re-registered, nothing is transferred between the two and the replacement sends
 * that child no ReRU: the child's re-registration carries its cursor, from which the stream
 * resumes. A neighbour re-registers when a message can reach the replacement: it is up (a host
 * connected) and the link between them is not partitioned. `faults.reregister: false` is the
 * broken variant where nobody re-registers.
 */
import type { RecoveryPlace } from '../traces/replication.ts';
import { demand, type Ctx } from './context.ts';
import { acknowledge } from './metadata.ts';

/** Where a crashed node `i` recovers: servers by `faults.recovery`, hosts in place. */
export function recoveryPlace(ctx: Ctx, i: number): RecoveryPlace {
  const r = ctx.topo.config.faults?.recovery;
  const kind = ctx.topo.nodes[i].kind;
  if (!r || (kind !== 'master' && kind !== 'zone' && kind !== 'cell')) return 'in-place';
  return r[kind];
}

/** The neighbours that must re-register with a replacement of server `i` (its parent, its member children not lost). */
export function mustReregister(ctx: Ctx, i: number): number[] {
  const rt = ctx.rt(i);
  const out = new Set<number>();
  if (rt.parent >= 0) out.add(rt.parent);
  ctx.s.nodes.forEach((n, j) => {
    if (n.parent === i && n.member && n.fault?.lost !== true) out.add(j);
  });
  return [...out].sort((a, b) => a - b);
}

/** Why nothing can pass between `a` and `b` because one is a replacement the other has not re-registered with, or undefined. */
export function unregistered(ctx: Ctx, a: number, b: number): string | undefined {
  if (ctx.rt(a).fault?.awaiting?.includes(b)) return `${ctx.ids[b]} has not re-registered with the replacement of ${ctx.ids[a]}`;
  if (ctx.rt(b).fault?.awaiting?.includes(a)) return `${ctx.ids[a]} has not re-registered with the replacement of ${ctx.ids[b]}`;
  return undefined;
}

/** Applies `reregister {node, with}`: neighbour `with` re-registers with the replacement `node`. */
export function applyReregister(ctx: Ctx, id: string, withId: string): void {
  const f = ctx.topo.config.faults;
  demand(f, `reregister ${id}: the configuration has no fault model (faults)`);
  demand(f.reregister !== false, 'nothing re-registers with a replacement (faults.reregister is false)');
  const i = ctx.node(id);
  const j = ctx.node(withId);
  const fr = ctx.rt(i).fault;
  const waiting = fr?.awaiting;
  if (!fr || !waiting?.includes(j)) return demand(false, `${withId} has nothing to re-register with ${id} (it is not a recovered replacement waiting for it)`);
  demand(!fr.down, `${id} is down`);
  const other = ctx.rt(j);
  demand(other.fault?.down !== true, `${withId} is down`);
  const kind = ctx.topo.nodes[j].kind;
  demand((kind !== 'mobile' && kind !== 'fixed') || other.hm.connected, `${withId} is disconnected`);
  const cut = (fr.cut && ctx.rt(i).parent === j) || (other.fault?.cut === true && other.parent === i);
  demand(!cut, `the link between ${id} and ${withId} is partitioned`);
  const rest = waiting.filter((x) => x !== j);
  if (rest.length) fr.awaiting = rest;
  else delete fr.awaiting;
  // (Issue 13) The re-registration carries a cursor: a child's to the replacement, the replacement's to its parent.
  if (other.parent === i) acknowledge(ctx, i, j, other.store.committed);
  else if (ctx.rt(i).parent === j) acknowledge(ctx, j, i, ctx.rt(i).store.committed);
}

/** A host lost for good will never re-register: it leaves every replacement's waiting list. */
export function forgetLost(ctx: Ctx, lost: number): void {
  for (const n of ctx.s.nodes) {
    const fr = n.fault;
    if (!fr?.awaiting) continue;
    fr.awaiting = fr.awaiting.filter((x) => x !== lost);
    if (!fr.awaiting.length) delete fr.awaiting;
  }
}
