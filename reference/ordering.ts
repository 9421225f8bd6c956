/**
 * Phase 4, updates ordering (seed 001, 3.2 item 4 and 3.4.2). A cell or zone server's IIRA
 * releases the updates of its Collection-VLDS into its Propagation-Flag column (flag F, to be
 * sent up as RU); the MS's IIRA (MSR) assigns consecutive Global IDs and merges the updates into
 * the master replica, from which the ReRU stream flows down.
 *
 * hierarchical: an update is released only when each of its deps is known at the server
 * (ordered there before, committed there, or released earlier in the same step; at the MS:
 * it has a Global ID), in passes over the Collection-VLDS in arrival order (causal, otherwise
 * arrival order; see causality.ts passRelease). With
 * the `causalHoldBack` knob off, and for `arrival-order`, everything is released in arrival order.
 * One `order` step releases everything releasable at that moment.
 */
import { passRelease } from './causality.ts';
import { demand, sameList, type Ctx } from './context.ts';
import { committedAt, merge } from './replica.ts';

/** True when `d` is known at server `i`: ordered there (in its flag column), or committed there. */
function knownAt(ctx: Ctx, i: number, d: number): boolean {
  if (i === ctx.topo.master) return ctx.s.updates[d].gid > 0;
  return ctx.rt(i).iira.flags.some((r) => r.update === d) || committedAt(ctx, i, d);
}

/** What server `i`'s `order` step would release now, in order ([] when nothing is releasable). */
export function releasable(ctx: Ctx, i: number): number[] {
  const pending = ctx.rt(i).iira.collection;
  if (ctx.mechanism === 'arrival-order' || !ctx.topo.knobs.causalHoldBack) return [...pending];
  return passRelease(pending, (u, released) => ctx.s.updates[u].deps.every((d) => released.has(d) || knownAt(ctx, i, d)));
}

/** Applies `order {server, updates}`. */
export function applyOrder(ctx: Ctx, server: string, names: string[]): void {
  const i = ctx.node(server);
  const kind = ctx.topo.nodes[i].kind;
  demand(kind === 'master' || kind === 'zone' || kind === 'cell', `${server} is a ${kind} host, not a server: only servers order`);
  const rt = ctx.rt(i);
  demand(rt.iira.collection.length > 0, `${server} has no collected updates to order`);
  const release = releasable(ctx, i);
  demand(release.length > 0, `${server} holds back every collected update (${ctx.updateNames(rt.iira.collection).join(', ')}): their causal predecessors are not known there`);
  const listed = names.map((n) => ctx.update(n));
  demand(
    sameList(listed, release),
    `${server} releases [${ctx.updateNames(release).join(', ')}] in that order, not [${names.join(', ')}]`,
  );
  const gone = new Set(release);
  rt.iira.collection = rt.iira.collection.filter((u) => !gone.has(u));
  if (i === ctx.topo.master) {
    for (const u of release) ctx.s.updates[u] = { ...ctx.s.updates[u], gid: ctx.s.nextGid++ };
    merge(ctx, i, release, ctx.s.nextGid - 1);
  } else {
    for (const u of release) rt.iira.flags.push({ update: u, flag: 'F' });
  }
}
