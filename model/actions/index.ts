/**
 * Enumeration and application of all action families. Actions are attributed to a node (its
 * writes, reads, RU send, the ReRU/IR send addressed to it, ordering, peer exchanges it sends,
 * environment) or to an instance (transfer, duplicate, execute), so a random walk can look at
 * one node or instance without enumerating the whole system (see {@link sampleAct}).
 */
import type { ReplicationState } from '../../traces/replication.ts';
import { Draft } from '../state.ts';
import type { Ctx } from './context.ts';
import { applyEnvironment, enumerateEnvironment } from './environment.ts';
import { applyFault, enumerateFaults } from './faults.ts';
import { applyExecute, enumerateExecute } from './execute.ts';
import { applyLeave, enumerateGrowing } from './growing.ts';
import { applyHandoff, enumerateHandoff } from './handoff.ts';
import { applyRead, applyRefused, applyUpdate, enumerateReads, enumerateWrites } from './local.ts';
import { applyOrder, enumerateOrder } from './order.ts';
import { applyPeer, canPeer, enumeratePeer, hasTentative, peerKind } from './peer.ts';
import { mayDrain, mayPeerAnywhere, servingOf } from './drain-filter.ts';
import { drainCandidates, keptAlone } from './drain-index.ts';
import { hasBit, nextBit } from '../../properties/bitset.ts';
import { applySend, enumerateSendDown, enumerateSendUp } from './propagate.ts';
import { applyDuplicate, applyMigrate, enumerateTransfer } from './transfer.ts';
import type { Act } from './types.ts';
import { instanceName, isDrainAct } from './types.ts';
import { applyChange, applySelect, enumerateSelect } from './initial-replication.ts';

/**
 * The actions attributed to node `i`; `partners` are the receivers its peer exchanges may go to
 * (null: every peer-capable host now in its cell, in index order). With `pick` (random sampling),
 * families with many members (updates, reads, moves, interest changes) list one random member only.
 * With `drain`, the families that never hold a drain action (updates, reads, moves, interest
 * changes, joins, leaves; types.ts `isDrainAct`) are not listed, nor asked for random members.
 */
export function nodeActions(ctx: Ctx, s: ReplicationState, i: number, partners: readonly number[] | null, out: Act[], pick?: (n: number) => number, drain = false): void {
  if (s.nodes[i]!.down) {
    enumerateFaults(ctx, s, i, out);
    return;
  }
  if (!drain) {
    enumerateWrites(ctx, s, i, out, pick);
    enumerateReads(ctx, s, i, out, pick);
  }
  enumerateSendUp(ctx, s, i, out);
  enumerateSendDown(ctx, s, i, out);
  enumerateOrder(ctx, s, i, out);
  if (partners === null) {
    if (ctx.topo.knobs.peerExchange && canPeer(ctx, s, i) && hasTentative(s, i)) {
      const cell = s.nodes[i]!.parent;
      for (let b = ctx.topo.firstHost; b < ctx.topo.nodeCount; b++) {
        if (peerKind(ctx, b) && s.nodes[b]!.parent === cell) enumeratePeer(ctx, s, i, b, out);
      }
    }
  } else if (partners.length && ctx.topo.knobs.peerExchange && canPeer(ctx, s, i) && hasTentative(s, i)) {
    for (const b of partners) enumeratePeer(ctx, s, i, b, out);
  }
  enumerateEnvironment(ctx, s, i, out, pick, drain);
  if (!drain) enumerateGrowing(ctx, s, i, out);
  enumerateFaults(ctx, s, i, out);
  enumerateHandoff(ctx, s, i, out);
}

/** The actions of the instance at position `k`. */
export function instanceActions(ctx: Ctx, s: ReplicationState, k: number, out: Act[]): void {
  const x = s.instances[k]!;
  enumerateTransfer(ctx, s, x, out);
  // (Issue 13, seed order) An offer executes as the user's selection (a copy already executed is discarded by execute).
  if (x.offer && x.state === 'executing' && !s.nodes[x.to]!.down && !s.nodes[x.to]!.executed.includes(instanceName(ctx.topo, x.from, x.n))) enumerateSelect(ctx, s, x, out);
  else enumerateExecute(ctx, s, x, out);
}

const NO_PARTNERS: readonly number[] = [];

/**
 * Every enabled action, in a deterministic order: nodes in index order (a host's peer exchanges
 * to the peer-capable hosts now in its cell, in index order), then instances.
 */
export function allActs(ctx: Ctx, s: ReplicationState): Act[] {
  const out: Act[] = [];
  for (let i = 0; i < ctx.topo.nodeCount; i++) nodeActions(ctx, s, i, peerKind(ctx, i) ? null : NO_PARTNERS, out);
  for (let k = 0; k < s.instances.length; k++) instanceActions(ctx, s, k, out);
  return out;
}

/**
 * The state after `a`. Never mutates `s` unless `ownsNodes` says that `s.nodes` belongs to the
 * caller's walk alone, in which case node replacements are written into that array.
 */
export function applyAct(ctx: Ctx, s: ReplicationState, a: Act, ownsNodes = false): ReplicationState {
  const d = new Draft(s, ownsNodes);
  switch (a.t) {
    case 'update': applyUpdate(ctx, s, d, a); break;
    case 'refused': applyRefused(d); break;
    case 'read': applyRead(d, a); break;
    case 'send': applySend(ctx, s, d, a); break;
    case 'migrate': applyMigrate(ctx, d, a); break;
    case 'duplicate': applyDuplicate(d, a); break;
    case 'execute': applyExecute(ctx, s, d, a); break;
    case 'order': applyOrder(ctx, d, a); break;
    case 'peer': applyPeer(ctx, d, a); break;
    case 'select': applySelect(ctx, d, a); break;
    case 'crd': applyChange(ctx, d, a); break;
    case 'leave': applyLeave(ctx, d, a.node); break;
    case 'crash': case 'recover': case 'reregister': case 'ckpt': case 'lose': case 'loseHost': case 'cut': case 'heal': applyFault(ctx, d, a); break;
    case 'handoff': applyHandoff(d, a); break;
    default: applyEnvironment(ctx, d, a); break;
  }
  return d.finish();
}

/** Fault and environment actions, taken less often than protocol steps when sampling an instance. */
function isFault(a: Act): boolean {
  return (a.t === 'migrate' && !a.ok) || a.t === 'duplicate' || a.t === 'lose';
}

/** The sampling family of an action: its type, with failed migrations apart from successful ones. */
function family(a: Act): string {
  return a.t === 'migrate' && !a.ok ? 'migrate-fail' : a.t;
}

/**
 * Picks one action from a node's or an instance's list: a family (update, read, send, move...)
 * uniformly among the families present, then an action of that family uniformly; for an
 * instance, the protocol step (migrate ok, execute) three times out of four when a fault
 * (failed migration, duplicate) is also possible.
 */
function pickFrom(out: readonly Act[], rnd: (n: number) => number, instance: boolean): Act {
  if (out.length === 1) return out[0]!;
  if (instance) {
    const faults = out.filter(isFault);
    const steps = out.filter((a) => !isFault(a));
    if (faults.length && steps.length) return rnd(4) === 0 ? faults[rnd(faults.length)]! : steps[rnd(steps.length)]!;
  }
  const families: string[] = [];
  for (const a of out) { const f = family(a); if (!families.includes(f)) families.push(f); }
  const f = families[rnd(families.length)]!;
  const members = out.filter((a) => family(a) === f);
  return members[rnd(members.length)]!;
}

/**
 * Picks an enabled action without enumerating the whole system: an instance (half of the time
 * when there are any) or a node, tried up to 32 times, then a linear probe from a random start,
 * then (only if all else found nothing, so the answer is exact) the full enumeration. Within a
 * node or instance, {@link pickFrom} balances action families. Peer exchanges sampled this way
 * go to one random host that started in the sender's current cell. `rnd(n)` returns an integer
 * in [0, n). With `drainOnly`, only drain actions are considered. Returns undefined only when no
 * (drain) action is enabled. The distribution is not uniform over enabled actions (README,
 * "Random sampling").
 */
export function sampleAct(ctx: Ctx, s: ReplicationState, rnd: (n: number) => number, drainOnly = false): Act | undefined {
  const nodes = ctx.topo.nodeCount;
  const total = nodes + s.instances.length;
  // (Issue 17) No closures or per-look lists: a drain step looks at about 14 nodes or instances.
  // The random answers are asked in the same order as before (a walk is a function of them).
  const out = SAMPLED;
  // (Issue 17) A drain skips the nodes drain-index.ts rules out: `local` would find nothing there
  // without asking `rnd`, so the walk is the same.
  const cand = drainOnly ? drainCandidates(ctx, s, servingOf(s)) : null;
  for (let tries = 0; tries < 32; tries++) {
    // An instance 3 times out of 4 when draining (most drain work is in flight), else 1 out of 2.
    const k = s.instances.length > 0 && (drainOnly ? rnd(4) !== 0 : rnd(2) === 0) ? nodes + rnd(s.instances.length) : rnd(total);
    if ((cand === null || k >= nodes || hasBit(cand, k)) && local(ctx, s, k, rnd, drainOnly, out)) return pickFrom(out, rnd, k >= nodes);
  }
  // The positions from a random start to the end, then from 0 to the start.
  const start = rnd(total);
  for (let lo = start, hi = total; ; lo = 0, hi = start) {
    for (let k = lo; k < hi; k++) {
      if (cand !== null && k < nodes) {
        const next = nextBit(cand, k, Math.min(hi, nodes));
        if (next !== k) { k = next - 1; continue; }
      }
      if (local(ctx, s, k, rnd, drainOnly, out)) return pickFrom(out, rnd, k >= nodes);
    }
    if (lo === 0) break;
  }
  // The probe saw every node and instance; only a peer exchange to a partner it did not sample
  // can be left. Without a possible sender the full enumeration would find nothing (issue 17: on
  // huge it listed about a million actions at the end of every drain to learn that).
  if (!mayPeerAnywhere(ctx, s)) return undefined;
  const all = drainOnly ? allActs(ctx, s).filter(isDrainAct) : allActs(ctx, s);
  return all.length ? all[rnd(all.length)] : undefined;
}

/** The list {@link local} fills (reused: {@link pickFrom} returns one of its actions before the next sample). */
const SAMPLED: Act[] = [];
const PARTNER: number[] = [0];

/**
 * The actions of node or instance `k` (an instance when `k >= nodeCount`) into `out` (emptied
 * first), drain actions only with `drainOnly`, a drain sample skipping nodes {@link mayDrain}
 * rules out; true when there is one. A peer-capable node's exchanges go to one random host that
 * started in its current cell.
 */
function local(ctx: Ctx, s: ReplicationState, k: number, rnd: (n: number) => number, drainOnly: boolean, out: Act[]): boolean {
  out.length = 0;
  const topo = ctx.topo;
  if (k < topo.nodeCount) {
    // (The drain index, brought up to date for `s` by sampleAct, knows whether `k` is fed by its parent alone.)
    if (drainOnly && !mayDrain(ctx, s, k, servingOf(s), keptAlone(ctx, s, k))) return false;
    let partners: readonly number[] = NO_PARTNERS;
    if (peerKind(ctx, k)) {
      const cellHosts = topo.hostsStartingIn[s.nodes[k]!.parent];
      if (cellHosts !== undefined && cellHosts.length > 0) {
        PARTNER[0] = cellHosts[rnd(cellHosts.length)]!;
        partners = PARTNER;
      }
    }
    nodeActions(ctx, s, k, partners, out, rnd, drainOnly);
  } else {
    instanceActions(ctx, s, k - topo.nodeCount, out);
  }
  if (drainOnly) {
    let w = 0;
    for (let r = 0; r < out.length; r++) if (isDrainAct(out[r]!)) out[w++] = out[r]!;
    out.length = w;
  }
  return out.length > 0;
}
