/**
 * causal-order: what cells and zones promise and what the total order must extend
 * (spec "Causal order", seed 001 section 3.4.2: CSR and ZSR IIRAs provide "a unified causal
 * ordering"; definition 3.1.6 propagate).
 *
 * In the project's words: for every replica `r` (a member host or server) and every `u -> v`
 * (see happens-before.ts) on items `r` holds:
 *  1a. if `v` is merged at `r`, so is `u`;
 *  1b. `r` applied `u` no later than `v` (first insertions in its `applied` log). On servers this
 *      is checked for every pair; on hosts only for pairs on the same object, because a host that
 *      adds an object later legitimately applies that object's history after newer updates on
 *      objects it already held (the state does not record when an object was added; 1a still
 *      rules out any state where the effect is visible without its cause);
 *  1c. when `u` and `v` are on the same item, `r`'s current order places `u` before `v`;
 *  2.  when both carry Global IDs, `gid(u) < gid(v)`.
 * Also: the relation is acyclic (a cycle means a malformed history).
 */
import { always, type Property, type Verdict } from '../src/engine/property.ts';
import { type Bits, emptyBits, firstMissing, firstMissing2, hasBit, idsOf, setBit, wordsFor } from './bitset.ts';
import { blameInversion } from './blame.ts';
import { isServer, type Statics, updateName } from './context.ts';
import { directPredecessors, explainChain, happensBefore, hbCycles } from './happens-before.ts';
import { NodeMemo, passesAfterWith } from './node-memo.ts';
import { heldUpdateBits, heldUpdateBitsOf, itemUpdateBits, visibleBits, whereIs } from './views.ts';
import type { ReplicationState, UpdateView } from '../traces/replication.ts';
import { causalAntecedent } from './antecedents.ts';

/*
 * The per-replica clauses depend only on the replica and on happens-before among the updates it
 * has: a new update is never a predecessor of an older one, and Global IDs do not enter them, so
 * a replica that passed keeps passing until the replica itself changes (see node-memo.ts).
 */

/** The global part (acyclicity, gid order extends ->), memoised per `updates` array. */
const globalMemo = new WeakMap<UpdateView[], [number, number] | 'cycle' | null>();

let lastUpdates: UpdateView[] | null = null;
let lastGlobal: [number, number] | 'cycle' | null = null;

function globalViolation(updates: UpdateView[]): [number, number] | 'cycle' | null {
  if (updates === lastUpdates) return lastGlobal; // (issue 17) neighbouring states share it
  let hit = globalMemo.get(updates);
  if (hit === undefined) hit = computeGlobal(updates);
  lastUpdates = updates;
  lastGlobal = hit;
  return hit;
}

function computeGlobal(updates: UpdateView[]): [number, number] | 'cycle' | null {
  const hb = happensBefore(updates);
  let found: [number, number] | 'cycle' | null = hb.cyclic.length > 0 ? 'cycle' : null;
  if (!found) {
    // Linear pass in generation order: the highest Global ID among each update's ancestors.
    const preds = directPredecessors(updates);
    const maxAnc = new Float64Array(updates.length);
    for (let v = 0; v < updates.length && !found; v++) {
      let m = 0;
      for (const p of preds[v]) m = Math.max(m, updates[p].gid, maxAnc[p]);
      maxAnc[v] = m;
      const gv = updates[v].gid;
      if (gv > 0 && m >= gv) {
        const u = idsOf(hb.anc[v]).find((a) => updates[a].gid >= gv)!;
        found = [u, v];
      }
    }
  }
  globalMemo.set(updates, found);
  return found;
}

/**
 * (prop26) Three reusable empty sets for ids `0..n-1` (the same length as `emptyBits(n)`,
 * cleared on each call): the per-replica clauses build their sets afresh for every replica they
 * visit and keep none of them, so the check need not allocate three new ones per changed node.
 */
const scratchSets: Bits[] = [emptyBits(0), emptyBits(0), emptyBits(0)];
function scratch(k: number, n: number): Bits {
  let b = scratchSets[k];
  if (b.length !== wordsFor(n)) scratchSets[k] = b = emptyBits(n);
  else b.fill(0);
  return b;
}

function pairFacts(st: Statics, s: ReplicationState, u: number, v: number, first: string): Verdict {
  return { facts: [first, ...explainChain(st, s, u, v)], updates: [updateName(st, s, u), updateName(st, s, v)] };
}

/** Checks one state (`memo` skips replicas that passed with the same node and updates). */
export function checkCausalOrder(st: Statics, s: ReplicationState, memo: NodeMemo = new NodeMemo()): Verdict {
  const g = globalViolation(s.updates);
  if (g === 'cycle') {
    return { facts: hbCycles(st, s).map((c) => `happens-before is cyclic: ${c.join(' -> ')} -> ${c[0]}`) };
  }
  if (g) {
    const [u, v] = g;
    const un = updateName(st, s, u), vn = updateName(st, s, v);
    const verdict = pairFacts(st, s, u, v, `the Global IDs do not extend happens-before: ${un} -> ${vn}`) as { facts: string[] };
    verdict.facts.push(`the MS gave ${vn} gid ${s.updates[v].gid} and ${un} gid ${s.updates[u].gid}`);
    verdict.facts.push(...blameInversion(st, s, u, v).filter((f) => !f.startsWith('the MS gave')));
    return { ...verdict, replica: st.names[st.master] };
  }
  const hb = happensBefore(s.updates);
  const n = s.updates.length;
  const perItem = itemUpdateBits(st, s.updates);
  // (Issue 17) only the nodes the last step changed, when it started from the last state that passed
  const visit = memo.begin(s.nodes, undefined, s);
  for (let q = 0; q < visit.length; q++) {
    const r = visit[q];
    const node = s.nodes[r];
    if (memo.skip(r)) continue;
    if (!node.member) { memo.remember(r); continue; }
    const rn = st.names[r];
    const held = heldUpdateBitsOf(st, s.updates, node);
    const vis = visibleBits(node);
    // 1a: visible effect implies visible cause. (prop26) Indexed loops: no iterator per element.
    const items = st.nodeItems(node);
    for (let x = 0; x < items.length; x++) {
      const d = items[x];
      const seq = node.order[d] ?? [];
      for (let y = 0; y < seq.length; y++) {
        const v = seq[y];
        const u = v < n ? firstMissing(hb.anc[v], held, vis) : -1;
        if (u >= 0) {
          const verdict = pairFacts(st, s, u, v,
            `${rn} has merged ${updateName(st, s, v)} but not ${updateName(st, s, u)}, though ${rn} holds ${st.itemNames[s.updates[u].item]}`) as { facts: string[] };
          verdict.facts.push(whereIs(st, s, u));
          return { ...verdict, replica: rn };
        }
      }
    }
    // 1c: same-item current order.
    for (let x = 0; x < items.length; x++) {
      const d = items[x];
      const seen: Bits = scratch(0, n);
      const seq = node.order[d] ?? [];
      for (let y = 0; y < seq.length; y++) {
        const v = seq[y];
        const u = v < n ? firstMissing(hb.anc[v], perItem[d], seen) : -1;
        if (u >= 0) {
          const verdict = pairFacts(st, s, u, v,
            `${rn} orders ${updateName(st, s, v)} before ${updateName(st, s, u)} on ${st.itemNames[d]}`) as { facts: string[] };
          verdict.facts.push(...blameInversion(st, s, u, v));
          return { ...verdict, replica: rn };
        }
        if (v < n) setBit(seen, v);
      }
    }
    // 1b: application order (walk the log; a predecessor applied later is a violation).
    const server = isServer(st.kinds[r]);
    const appliedAll = scratch(1, n);
    const applied = node.applied;
    for (let y = 0; y < applied.length; y++) if (applied[y] < n) setBit(appliedAll, applied[y]);
    const soFar: Bits = scratch(2, n);
    for (let y = 0; y < applied.length; y++) {
      const v = applied[y];
      if (v >= n || hasBit(soFar, v)) continue;
      if (hasBit(held, v)) {
        const scope = server ? held : heldUpdateBits(st, s.updates, 1 << st.itemObject[s.updates[v].item]);
        const u = firstMissing2(hb.anc[v], scope, appliedAll, soFar);
        if (u >= 0) {
          const verdict = pairFacts(st, s, u, v,
            `${rn} applied ${updateName(st, s, v)} before ${updateName(st, s, u)}`) as { facts: string[] };
          verdict.facts.push(...blameInversion(st, s, u, v));
          return { ...verdict, replica: rn };
        }
      }
      setBit(soFar, v);
    }
    memo.remember(r);
  }
  memo.done();
  return true;
}

/** The `causal-order` property (always). */
export function causalOrder(st: Statics): Property<ReplicationState> {
  // (Issue 17) The node fields its per-replica check reads.
  const memo = new NodeMemo(['member', 'order', 'applied', 'objects', 'unselected']);
  return always('causal-order', (s) => checkCausalOrder(st, s, memo), {
    // (Issue 17) In the exhaustive search the parent passed: only the nodes the step replaced are checked.
    // (prop20) The state-wide part reads only the updates array.
    passesAfter: passesAfterWith(memo, (t) => checkCausalOrder(st, t, memo), undefined, (s, t) => s.updates === t.updates),
    description: 'Causal order (spec "Causal order"; seed 001 3.4.2): at every replica, an update merged there has its happens-before predecessors on held items merged, applied earlier and ordered earlier; Global IDs extend happens-before.',
    antecedent: causalAntecedent(st),
  });
}
