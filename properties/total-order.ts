/**
 * total-order: what the master promises (spec "Total order"; seed 001 section 3.4.2, MSR-IIRA
 * "provides a total unified ordering for all updates"; seed 002, RM-ODP replication function:
 * "all members participate in all interactions in the same order").
 *
 * In the project's words. An update is *committed at* replica `r` when its Global ID is at most
 * `r.committed`, the cursor of the ReRU stream merged at `r` (a host's own update may already
 * carry a Global ID at the MS while it is still tentative at the host: it is not committed there).
 *  1. Every update has at most one Global ID, and the MS's IDs are exactly 1..nextGid-1: none
 *     outside that range, none given twice, none skipped.
 *  2. Every replica orders its committed updates on each item in increasing Global ID order, and
 *     never merges Global ID `g` before every lower Global ID on an item it holds: every update
 *     with Global ID `<= r.committed` on a held item is merged at `r`.
 *  3. Agreement: two replicas that both hold an item and both have merged `u` and `v` on it as
 *     committed order them the same way (reported in preference to 2 when both fail).
 * Only the committed part is constrained: tentative updates may sit anywhere until the ReRU
 * stream reaches them (eventual-consistency says where they end).
 */
import { always, type Property, type Verdict } from '../src/engine/property.ts';
import { hasBit } from './bitset.ts';
import { blameInversion } from './blame.ts';
import { type Statics, updateName } from './context.ts';
import { NodeMemo, passesAfterWith } from './node-memo.ts';
import { visibleBits } from './views.ts';
import type { ReplicationState, UpdateView } from '../traces/replication.ts';
import { totalOrderAntecedent } from './antecedents.ts';

const gidMemo = new WeakMap<UpdateView[], Map<number, { byGid: Int32Array; problem: string[] | null }>>();

/** Per Global ID, the update carrying it (-1 if none), and any clause-1 problem. */
function gidTable(st: Statics, s: ReplicationState): { byGid: Int32Array; problem: string[] | null } {
  let perNext = gidMemo.get(s.updates);
  if (!perNext) gidMemo.set(s.updates, (perNext = new Map()));
  const hit = perNext.get(s.nextGid);
  if (hit) return hit;
  const top = Math.max(s.nextGid - 1, 0);
  const byGid = new Int32Array(top + 1).fill(-1);
  let problem: string[] | null = null;
  s.updates.forEach((u, i) => {
    if (problem || u.gid <= 0) return;
    if (u.gid > top) problem = [`${updateName(st, s, i)} carries gid ${u.gid}, but the MS has assigned only 1..${top}`];
    else if (byGid[u.gid] >= 0) problem = [`the MS gave gid ${u.gid} to both ${updateName(st, s, byGid[u.gid])} and ${updateName(st, s, i)}`];
    else byGid[u.gid] = i;
  });
  if (!problem) {
    for (let g = 1; g <= top; g++) {
      if (byGid[g] < 0) { problem = [`no update carries gid ${g}, though the MS's next gid is ${s.nextGid} (a gap, or an update re-ordered under a second gid)`]; break; }
    }
  }
  const t = { byGid, problem };
  perNext.set(s.nextGid, t);
  return t;
}

/** The committed-at-`r` updates of `order`, in `r`'s order. */
function committedPart(s: ReplicationState, order: readonly number[], c: number): number[] {
  return order.filter((u) => { const g = s.updates[u]?.gid ?? 0; return g > 0 && g <= c; });
}

/** Clause 2 at one replica: a missing committed gid, or the first pair out of gid order, or null. */
function replicaProblem(st: Statics, s: ReplicationState, r: number, byGid: Int32Array): { kind: 'gap' | 'disorder'; verdict: Verdict } | null {
  const node = s.nodes[r];
  const rn = st.names[r];
  const dList = st.nodeItems(node);
  for (let dAt = 0; dAt < dList.length; dAt++) {
    const d = dList[dAt];
    const part = committedPart(s, node.order[d] ?? [], node.committed);
    for (let k = 1; k < part.length; k++) {
      if (s.updates[part[k]].gid < s.updates[part[k - 1]].gid) {
        const x = updateName(st, s, part[k - 1]), y = updateName(st, s, part[k]);
        return {
          kind: 'disorder',
          verdict: {
            facts: [`${rn} orders ${x} (gid ${s.updates[part[k - 1]].gid}) before ${y} (gid ${s.updates[part[k]].gid}) on ${st.itemNames[d]}`,
              ...blameInversion(st, s, part[k], part[k - 1])],
            replica: rn, updates: [x, y],
          },
        };
      }
    }
  }
  const c = Math.min(node.committed, byGid.length - 1);
  const vis = visibleBits(node);
  for (let g = 1; g <= c; g++) {
    const u = byGid[g];
    if (u >= 0 && st.nodeHolds(node, s.updates[u].item) && !hasBit(vis, u)) {
      return {
        kind: 'gap',
        verdict: {
          facts: [`${rn} has merged the ReRU stream up to gid ${node.committed} but lacks gid ${g} (${updateName(st, s, u)}) on ${st.itemNames[s.updates[u].item]}, which it holds`],
          replica: rn, updates: [updateName(st, s, u)],
        },
      };
    }
  }
  return null;
}

/** Clause 3 for one replica `a` against every other holder: the first disagreement, or null. */
function disagreement(st: Statics, s: ReplicationState, a: number, members: number[]): Verdict | null {
  const na = s.nodes[a];
  for (const d of st.nodeItems(na)) {
    const pa = committedPart(s, na.order[d] ?? [], na.committed);
    if (pa.length < 2) continue;
    for (const b of members) {
      if (b === a || !st.nodeHolds(s.nodes[b], d)) continue;
      const pb = committedPart(s, s.nodes[b].order[d] ?? [], s.nodes[b].committed);
      const posB = new Map(pb.map((u, i) => [u, i]));
      let last = -1, lastU = -1;
      for (const u of pa) {
        const p = posB.get(u);
        if (p === undefined) continue;
        if (p < last) {
          const [ra, rb] = [st.names[Math.min(a, b)], st.names[Math.max(a, b)]];
          const [x, y] = a < b ? [updateName(st, s, lastU), updateName(st, s, u)] : [updateName(st, s, u), updateName(st, s, lastU)];
          const lower = s.updates[lastU].gid < s.updates[u].gid ? lastU : u;
          return {
            facts: [`${ra} orders ${x} before ${y} on ${st.itemNames[d]}, but ${rb} orders ${y} before ${x}`,
              `both have merged both as committed (gids ${Math.min(s.updates[lastU].gid, s.updates[u].gid)} and ${Math.max(s.updates[lastU].gid, s.updates[u].gid)})`,
              ...blameInversion(st, s, lower, lower === u ? lastU : u)],
            replica: rb, updates: [x, y],
          };
        }
        last = p; lastU = u;
      }
    }
  }
  return null;
}

/*
 * Clause 2 at a replica reads only Global IDs up to its own cursor, which never change once
 * assigned (clause 1, checked globally, catches a model that changes them), so a replica that
 * passed keeps passing until it changes (node-memo.ts).
 */

/**
 * Checks one state. Agreement is decided without comparing every pair of replicas: two replicas
 * whose committed parts are both in gid order agree, so only a replica out of gid order can be
 * half of a disagreeing pair; those few are compared with every other holder.
 */
export function checkTotalOrder(st: Statics, s: ReplicationState, memo: NodeMemo = new NodeMemo()): Verdict {
  const { byGid, problem } = gidTable(st, s);
  if (problem) return { facts: problem, replica: st.names[st.master] };
  const disordered: { r: number; verdict: Verdict }[] = [];
  let gap: Verdict | null = null;
  // (Issue 17) only the nodes the last step changed, when it started from the last state that passed
  const rList = memo.begin(s.nodes, undefined, s);
  for (let rAt = 0; rAt < rList.length; rAt++) {
    const r = rList[rAt];
    if (memo.skip(r)) continue;
    if (!s.nodes[r].member) { memo.remember(r); continue; }
    const p = replicaProblem(st, s, r, byGid);
    if (!p) memo.remember(r);
    else if (p.kind === 'disorder') disordered.push({ r, verdict: p.verdict });
    else gap ??= p.verdict;
  }
  if (disordered.length === 0 && gap === null) {
    memo.done();
    return true;
  }
  const members = s.nodes.map((_, i) => i).filter((i) => s.nodes[i].member);
  for (const { r } of disordered) {
    const v = disagreement(st, s, r, members);
    if (v) return v;
  }
  if (disordered.length > 0) return disordered[0].verdict;
  return gap ?? true;
}

/** The `total-order` property (always). */
export function totalOrder(st: Statics): Property<ReplicationState> {
  // (Issue 17) The node fields its per-replica check reads.
  const memo = new NodeMemo(['member', 'order', 'committed', 'objects', 'unselected']);
  return always('total-order', (s) => checkTotalOrder(st, s, memo), {
    // (Issue 17) In the exhaustive search the parent passed: only the nodes the step replaced are checked.
    // (prop20) The state-wide part (gidTable) reads only the updates array and nextGid.
    passesAfter: passesAfterWith(memo, (t) => checkTotalOrder(st, t, memo), undefined, (s, t) => s.updates === t.updates && s.nextGid === t.nextGid),
    description: 'Total order (spec "Total order"; seed 001 3.4.2 MSR-IIRA; RM-ODP replication function): Global IDs 1..nextGid-1 without gaps or repeats; every replica merges the committed stream gap-free and in Global ID order; replicas agree on the order of committed updates.',
    antecedent: totalOrderAntecedent(),
  });
}
