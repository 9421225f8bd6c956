/**
 * Phase 2, local data updates and reads (seed 001, 3.2 item 2; definitions 3.1.5 and 3.1.7): the
 * replica manager of a member node writes one item it holds without contacting anyone. The
 * update's row enters the local store (tentative) and its UT-DI record starts (update number,
 * generation time). A host flags it F in its Propagation-Flag column; a cell or zone server's
 * own update joins its own Collection-VLDS, to be ordered like the updates it collects from
 * below; the MS's own update is ordered at once (it is the sequencer): it gets the next Global ID
 * and is committed in the master replica.
 * Infrequently changed objects have a single publisher, the MS (3.2): another node's attempt is
 * refused and only counted.
 * The mechanism stamps the UT-DI with its clock (Lamport, physical, vector) and decides whether
 * the writer applies its own write at once (primary-copy does not: the write is forwarded and
 * applied when it comes back committed; the MS, being the primary, always applies).
 * Knob `eager`: the client's transaction returns only once its write is back, committed: a node
 * with an own update not committed at itself can neither write (not even attempt) nor read.
 */
import { demand, type Ctx } from './context.ts';
import { observe, stampUpdate } from './mechanisms/clocks.ts';
import { arrange, committedAt, insertRow } from './replica.ts';
import { isServerKind } from './topology.ts';

/** Under `eager`: the own update of node `i` it is still waiting for (not committed at `i`), else undefined. */
export function eagerWait(ctx: Ctx, i: number): number | undefined {
  if (!ctx.topo.knobs.eager) return undefined;
  const k = ctx.s.updates.findIndex((r, u) => r.origin === i && !committedAt(ctx, i, u));
  return k >= 0 ? k : undefined;
}

function demandNotWaiting(ctx: Ctx, i: number, host: string, what: string): void {
  const w = eagerWait(ctx, i);
  demand(w === undefined, `eager propagation: ${host} cannot ${what} until its update ${w === undefined ? '' : ctx.updateName(w)} is back committed`);
}

/** Applies `update {host, item, value}`. */
export function applyUpdate(ctx: Ctx, host: string, itemId: string, value: number): void {
  const i = ctx.node(host);
  const d = ctx.item(itemId);
  const rt = ctx.rt(i);
  const { topo, s } = ctx;
  demand(rt.member, `${host} is not a member yet (it has not joined)`);
  demand(!topo.writers || topo.writers.has(i), `${host} is not one of the configured writers`);
  demand(ctx.holds(i, d), `${host} does not hold ${itemId}`);
  demand(Number.isInteger(value) && value >= 1 && value <= topo.config.bounds.values, `value ${value} is outside 1..${topo.config.bounds.values}`);
  demand(rt.writes < topo.config.bounds.updatesPerHost, `${host} has used its ${topo.config.bounds.updatesPerHost} update(s)`);
  demandNotWaiting(ctx, i, host, 'write');
  const object = topo.objects[topo.items[d].object];
  if (object.kind === 'infrequent' && i !== topo.master) {
    demand(s.refused < topo.knobs.refusals, `${itemId} belongs to infrequently changed ${object.id}: ${host}'s attempt would be refused, and the ${topo.knobs.refusals} refused attempt(s) allowed are used`);
    s.refused++;
    return;
  }
  const now = ctx.s.clock;
  const u = s.updates.length;
  const deps = [...new Set(rt.store.log)].sort((a, b) => a - b);
  const clock = ctx.policy.clock === 'custom' && ctx.policy.stamp ? { custom: ctx.policy.stamp(ctx, i, d) } : stampUpdate(ctx, ctx.policy.clock, i, rt.writes + 1);
  s.updates.push({ origin: i, seq: rt.writes + 1, item: d, value, deps, gid: 0, generated: now, clock });
  rt.writes++;
  observe(ctx, i, u);
  if (ctx.policy.localApply || i === topo.master) {
    insertRow(ctx, i, u);
    arrange(ctx, i, [d]);
  }
  if (i === topo.master) {
    s.updates[u] = { ...s.updates[u], gid: s.nextGid++ };
    rt.store.committed = s.updates[u].gid;
    arrange(ctx, i, [d]);
  } else if (isServerKind(topo.nodes[i].kind)) rt.iira.collection.push(u);
  else rt.iira.flags.push({ update: u, flag: 'F' });
}

/** Applies `read {host, item}`: records what a host sees, for the session guarantees (servers do not read). */
export function applyRead(ctx: Ctx, host: string, itemId: string): void {
  const i = ctx.node(host);
  const d = ctx.item(itemId);
  const rt = ctx.rt(i);
  demand(!isServerKind(ctx.topo.nodes[i].kind), `${host} is a server: reads are recorded at hosts (for the session guarantees)`);
  demand(rt.member, `${host} is not a member yet (it has not joined)`);
  demand(ctx.holds(i, d), `${host} does not hold ${itemId}`);
  demand(rt.reads < ctx.topo.config.bounds.reads, `${host} has recorded its ${ctx.topo.config.bounds.reads} read(s)`);
  demandNotWaiting(ctx, i, host, 'read');
  rt.reads++;
  ctx.s.reads.push({ host: i, item: d, seen: [...rt.store.rows[d]], writesBefore: rt.writes });
}
