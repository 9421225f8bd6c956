/**
 * Phase 4, updates ordering (seed 001, 3.2 item 4 and 3.4.2). A cell or zone server's IIRA
 * releases the updates of its Collection-VLDS into its Propagation-Flag column (flag F, to be
 * sent up as RU); the MS's IIRA (MSR) assigns consecutive Global IDs and merges the updates into
 * the master replica, from which the ReRU stream flows down.
 *
 * What is released (cells, zones) or committed (MS), in which order, and what is held back is the
 * mechanism's decision (mechanisms/: hierarchical releases causally, sequencer holds back
 * per-origin gaps at the MS, lamport commits stable updates in timestamp order, ...).
 * One `order` step releases everything releasable at that moment.
 */
import { demand, sameList, type Ctx } from './context.ts';
import { merge } from './replica.ts';

/** What server `i`'s `order` step would release now, in order ([] when nothing is releasable): the mechanism's release (cells, zones) or commit (MS). */
export function releasable(ctx: Ctx, i: number): number[] {
  const pending = ctx.rt(i).iira.collection;
  return i === ctx.topo.master ? ctx.policy.commit(ctx, pending) : ctx.policy.release(ctx, i, pending);
}

/** Applies `order {server, updates}`. */
export function applyOrder(ctx: Ctx, server: string, names: string[]): void {
  const i = ctx.node(server);
  const kind = ctx.topo.nodes[i].kind;
  demand(kind === 'master' || kind === 'zone' || kind === 'cell', `${server} is a ${kind} host, not a server: only servers order`);
  const rt = ctx.rt(i);
  demand(rt.iira.collection.length > 0, `${server} has no collected updates to order`);
  const release = releasable(ctx, i);
  demand(release.length > 0, `${server} holds back every collected update (${ctx.updateNames(rt.iira.collection).join(', ')}) under ${ctx.mechanism}: ${ctx.policy.holdBack}`);
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

