/**
 * `Model.explainStuck` for the replication model (issue 10): at the end of a liveness
 * counterexample's drain continuation, facts on why the completing actions (send, migrate ok,
 * execute, order, peer, reconnect) leave work undone, e.g. "ms will never commit mh2#1: ...".
 * Each fact names the pending work (what the settled definition still misses) and the condition
 * that keeps its completing action disabled; only new updates (not completing steps) could change
 * a mechanism's answer.
 */
import type { ReplicationState } from '../traces/replication.ts';
import type { Ctx } from './actions/context.ts';
import { hasInstanceFrom, reachable } from './actions/context.ts';
import { enumerateOrder } from './actions/order.ts';
import type { Act } from './actions/types.ts';
import { isDrainAct, updateName } from './actions/types.ts';
import { MASTER } from './topology.ts';

/** At most this many facts are returned. */
const MAX_FACTS = 8;

function list(ctx: Ctx, s: ReplicationState, ids: readonly number[]): string {
  return ids.map((id) => updateName(ctx.topo, s.updates, id)).join(', ');
}

/** Writers that may still generate an update (budget left): the only way a blocked mechanism could see something new. */
function silentWriters(ctx: Ctx, s: ReplicationState): string[] {
  const topo = ctx.topo;
  const out: string[] = [];
  for (let q = 0; q < topo.nodeCount; q++) {
    if (topo.writer[q] && s.nodes[q]!.member && s.nodes[q]!.writes < topo.config.bounds.updatesPerHost) out.push(topo.ids[q]!);
  }
  return out;
}

/** The first committed update on an item node `i` holds that is past its cursor, or -1. */
function firstMissing(ctx: Ctx, s: ReplicationState, i: number): number {
  const n = s.nodes[i]!;
  for (let u = 0; u < s.updates.length; u++) {
    const g = s.updates[u]!.gid;
    if (g > n.committed && ctx.topo.holdsItem(n.objects, s.updates[u]!.item)) return u;
  }
  return -1;
}

/** Facts on why no completing action finishes the pending work of `s` (see the file header). */
export function explainStuck(ctx: Ctx, s: ReplicationState, enabled: readonly Act[]): string[] {
  const topo = ctx.topo;
  const name = (i: number) => topo.ids[i]!;
  const facts: string[] = [];
  let blockedDecision = false;
  for (let i = 0; i < topo.nodeCount; i++) {
    const n = s.nodes[i]!;
    if (!n.member) continue;
    if (topo.isServer(i) && n.collected.length) {
      const probe: Act[] = [];
      enumerateOrder(ctx, s, i, probe);
      if (!probe.length) {
        blockedDecision = true;
        const verb = i === MASTER ? 'commit' : 'order';
        facts.push(`${name(i)} will never ${verb} ${list(ctx, s, n.collected)}: the mechanism '${ctx.mech.name}' ${i === MASTER ? 'commits' : 'releases'} none of its collected updates in this state, and completing steps do not change what it decides on`);
      }
    }
    if (i !== MASTER && n.flagF.length) {
      const why = !reachable(s, topo, i) ? `${name(i)} is disconnected`
        : notRegistered(s, i, n.parent, name) ? `${notRegistered(s, i, n.parent, name)}, so its RU instance to ${name(n.parent)} cannot migrate`
          : hasInstanceFrom(s.instances, i, 'RU') ? `its RU instance to ${name(n.parent)} is still in flight`
            : undefined;
      if (why) facts.push(`${name(i)} cannot send ${list(ctx, s, n.flagF)} up to ${name(n.parent)}: ${why}`);
    }
    const lag = i === MASTER ? -1 : firstMissing(ctx, s, i);
    if (lag >= 0) {
      const p = n.parent;
      const u = updateName(topo, s.updates, lag);
      const why = s.nodes[p]!.committed <= n.committed ? `${name(p)} itself has merged only up to gid ${s.nodes[p]!.committed}`
        : !reachable(s, topo, i) ? `${name(i)} is disconnected`
          : notRegistered(s, i, p, name) ? notRegistered(s, i, p, name)!
          : hasInstanceFrom(s.instances, p, 'ReRU', i) ? `a ReRU instance from ${name(p)} to it is still in flight`
            : s.instances.some((x) => x.to === i && x.kind === 'IR') ? `an initial-replication instance for ${name(i)} is pending (snapshot guard)`
              : `${name(p)}'s ReRU stream has nothing on ${name(i)}'s items past its cursor`;
      facts.push(`${name(i)} will never merge ${u} (gid ${s.updates[lag]!.gid}): ${why}`);
    }
    if (!topo.isServer(i) && !n.connected && !enabled.some((a) => a.t === 'reconnect' && a.node === i)) {
      facts.push(`${name(i)} is disconnected and may not reconnect`);
    }
  }
  for (const x of s.instances) {
    if (x.state !== 'migrating') continue;
    const down = !reachable(s, topo, x.to) ? x.to : !reachable(s, topo, x.from) ? x.from : -1;
    if (down >= 0) facts.push(`instance ${name(x.from)}/${x.n} (${x.kind} to ${name(x.to)}) cannot migrate: ${name(down)} is disconnected`);
  }
  if (blockedDecision) {
    const writers = silentWriters(ctx, s);
    if (writers.length) {
      facts.push(`only a new update could unblock it: ${writers.join(', ')} may still write, but writing is not a completing step (a settled state must be reachable without new updates)`);
    }
  }
  const drains = enabled.filter(isDrainAct);
  if (drains.length) facts.push(`${drains.length} completing action(s) stay enabled but only lead back to states already seen`);
  else if (!facts.length) facts.push('no completing action is enabled and no work is pending: the replicas stay as they are unless new updates are made');
  return facts.slice(0, MAX_FACTS);
}

/** (Issue 12) Why nothing passes between child `c` and parent `p`: one is a replacement server the other has not re-registered with. */
function notRegistered(s: ReplicationState, c: number, p: number, name: (i: number) => string): string | undefined {
  if (s.nodes[p]?.rebind?.includes(c)) return `${name(c)} has not re-registered with the replacement of ${name(p)}`;
  if (s.nodes[c]?.rebind?.includes(p)) return `${name(p)} has not re-registered with the replacement of ${name(c)}`;
  return undefined;
}
