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
 * Knob `waitOwnCommit` (old name `eager`): the client's transaction returns only once its write
 * is back, committed: a node with an own update not committed at itself can neither write (not
 * even attempt) nor read.
 * Knob `propagation: eager` (issue 14): the client's transaction returns only once every member
 * replica holding the item has the write, and an item is locked (no read, no write anywhere)
 * while one of its updates is missing from such a replica.
 * Knob `primaryPlacement` (primary-copy, issue 14): a placed object is written only at its
 * primary, which applies its own write at once; at a secondary the write is redirected (the
 * primary's own writes stand for it: no action here) or, with `secondaryWrites: reject`, refused.
 */
import { demand, type Ctx } from './context.ts';
import { observe, stampUpdate } from './mechanisms/clocks.ts';
import { arrange, committedAt, insertRow } from './replica.ts';
import { isServerKind } from './topology.ts';

/** Under `waitOwnCommit`: the own update of node `i` it is still waiting for (not committed at `i`), else undefined. */
export function eagerWait(ctx: Ctx, i: number): number | undefined {
  if (!ctx.topo.knobs.waitOwnCommit && !ctx.topo.knobs.eager) return undefined;
  const k = ctx.s.updates.findIndex((r, u) => r.origin === i && !committedAt(ctx, i, u));
  return k >= 0 ? k : undefined;
}

/** True when some member replica that holds update `u`'s item lacks `u`. */
function missingSomewhere(ctx: Ctx, u: number): boolean {
  const d = ctx.s.updates[u].item;
  return ctx.s.nodes.some((rt, j) => rt.member && ctx.holds(j, d) && !rt.store.rows[d].includes(u));
}

/**
 * Under `propagation: eager`: an update that keeps node `i` from touching item `d` (-1: any
 * item): `i`'s own update, or an update of `d`, missing from a member replica holding its item.
 */
export function eagerLock(ctx: Ctx, i: number, d: number): number | undefined {
  if (ctx.topo.knobs.propagation !== 'eager') return undefined;
  const k = ctx.s.updates.findIndex((r, u) => (r.origin === i || r.item === d) && missingSomewhere(ctx, u));
  return k >= 0 ? k : undefined;
}

/** The node holding the primary of item `d`'s object, or undefined when it is not placed. */
export function primaryOf(ctx: Ctx, d: number): number | undefined {
  return ctx.topo.primaries.get(ctx.topo.items[d].object);
}

function demandNotWaiting(ctx: Ctx, i: number, d: number, host: string, what: string): void {
  const w = eagerWait(ctx, i);
  demand(w === undefined, `waiting for its own commit: ${host} cannot ${what} until its update ${w === undefined ? '' : ctx.updateName(w)} is back committed`);
  const l = eagerLock(ctx, i, d);
  demand(l === undefined, `eager propagation: ${host} cannot ${what} until ${l === undefined ? '' : ctx.updateName(l)} is in every replica holding its item`);
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
  demandNotWaiting(ctx, i, d, host, 'write');
  const object = topo.objects[topo.items[d].object];
  const primary = primaryOf(ctx, d);
  if (primary !== undefined && primary !== i) {
    demand(topo.knobs.secondaryWrites === 'reject', `${itemId}'s primary is at ${ctx.ids[primary]}: ${host}'s write is redirected there (the primary writes it)`);
    demand(s.refused < topo.knobs.refusals, `${itemId}'s primary is at ${ctx.ids[primary]}: ${host}'s attempt would be refused, and the ${topo.knobs.refusals} refused attempt(s) allowed are used`);
    s.refused++;
    return;
  }
  if (object.kind === 'infrequent' && i !== topo.master && primary === undefined) {
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
  if (ctx.policy.localApply || i === topo.master || primary === i) {
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
  demandNotWaiting(ctx, i, d, host, 'read');
  rt.reads++;
  ctx.s.reads.push({ host: i, item: d, seen: [...rt.store.rows[d]], writesBefore: rt.writes });
}
