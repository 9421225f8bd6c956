/**
 * committed-prefix (a property of transitions, issue 11): a replica's committed prefix only grows.
 * Seed 001 section 3.2 phase 5 merges the MS's totally ordered updates into every replica, and
 * definition 3.1.12's Global ID is final: an update committed at a replica is never revised there
 * (Terry et al., Bayou, SOSP 1995: "committed writes are stable").
 *
 * In the project's words: for every explored step `s -> t`, every member replica `r` of both
 * states and every item `d` it holds in both, every update committed at `r` in `s` (merged there
 * with 0 < gid <= `r.committed`) is still in `r`'s order for `d` in `t`, at the same position.
 * Dropping an object (Change-Replicated-Data) is not a violation: `d` is then no longer held.
 */
import { transition, type Property, type Verdict } from '../src/engine/property.ts';
import type { ReplicationState } from '../traces/replication.ts';
import { listText, type Statics, updateName } from './context.ts';
import { changedNodes, nodeBefore, sourceState } from './delta.ts';

/** Where {@link firstCommitted} found a position: replica, item, position and update. */
const hit = { r: -1, d: -1, k: -1, u: -1 };

/**
 * The first update committed at a replica's order in `s` that `t` must keep (with `broken`: the
 * first one `t` does not keep at the same position), in replica, item and position order; its
 * place is left in {@link hit}. (Issue 17) No callback: this runs on every explored step.
 */
function firstCommitted(st: Statics, s: ReplicationState, t: ReplicationState, broken: boolean): boolean {
  // (Issue 17) After a model step only the nodes it replaced can have a different order.
  const changed = changedNodes(s, t);
  const count = changed === undefined ? s.nodes.length : changed.length;
  for (let i = 0; i < count; i++) {
    const r = changed === undefined ? i : changed[i];
    const a = nodeBefore(s, t, r), b = t.nodes[r];
    if (!a.member || !b?.member || a.committed === 0) continue;
    if (a.order === b.order) continue; // unchanged replica (states share untouched arrays)
    const both = a.objects & b.objects;
    const dList = st.heldItems(both);
    for (let dAt = 0; dAt < dList.length; dAt++) {
      const d = dList[dAt];
      if (!st.nodeHolds(a, d) || !st.nodeHolds(b, d)) continue;
      const seq = a.order[d] ?? [];
      // (Stop 31, sweep 31d) The antecedent asks whether this item's order changed by value: the
      // order arrays' identity (above) differs for an unchanged order when the state was rebuilt
      // (a search worker's deserialised state), so two workers counted more witnesses than one.
      if (!broken && sameList(seq, b.order[d] ?? [])) continue;
      for (let k = 0; k < seq.length; k++) {
        const g = s.updates[seq[k]].gid;
        if (g > 0 && g <= a.committed && (!broken || (b.order[d] ?? [])[k] !== seq[k])) {
          hit.r = r; hit.d = d; hit.k = k; hit.u = seq[k];
          return true;
        }
      }
    }
  }
  return false;
}

/** True when two orders hold the same updates in the same positions. */
function sameList(x: readonly number[], y: readonly number[]): boolean {
  if (x === y) return true;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** Checks one step. */
export function checkCommittedPrefix(st: Statics, s: ReplicationState, t: ReplicationState): Verdict {
  // (Issue 12) A crash erases a node's volatile state and recovery restores its checkpoint: those
  // steps are faults, not protocol steps (durability and no-duplicate-after-recovery judge them).
  const changed = changedNodes(s, t);
  if (changed !== undefined) {
    for (let rAt = 0; rAt < changed.length; rAt++) {
      const r = changed[rAt];
      if (t.nodes[r].down !== nodeBefore(s, t, r).down || t.nodes[r].lost !== nodeBefore(s, t, r).lost) return true;
    }
  } else if (t.nodes.some((n, r) => n.down !== s.nodes[r].down || n.lost !== s.nodes[r].lost)) return true;
  if (!firstCommitted(st, s, t, true)) return true;
  const { r, d, k, u } = hit;
  const after = t.nodes[r].order[d] ?? [];
  const now = after.indexOf(u);
  return {
    facts: [`${updateName(st, s, u)} was committed at ${st.names[r]} at position ${k + 1} of ${st.itemNames[d]}, but after the step it ${now < 0 ? 'is gone' : `is at position ${now + 1}`}`,
      `${st.names[r]}'s order of ${st.itemNames[d]} went from ${listText(st, s, sourceState(s, t).nodes[r].order[d] ?? [])} to ${listText(st, t, after)}`],
    replica: st.names[r], updates: [updateName(st, s, u)],
  };
}

/** True when the step changes the order of a replica that has a committed update. */
export function touchesCommitted(st: Statics, s: ReplicationState, t: ReplicationState): boolean {
  return firstCommitted(st, s, t, false);
}

/** The `committed-prefix` property (transition). */
export function committedPrefix(st: Statics): Property<ReplicationState> {
  return transition('committed-prefix', (s: ReplicationState, _a: unknown, t: ReplicationState) => checkCommittedPrefix(st, s, t), {
    // (Issue 17) Reads the source through nodeBefore/sourceState (delta.ts): random walks may step in place.
    inPlace: true,
    description: 'Committed prefix (seed 001 3.2 phase 5, def 3.1.12; Bayou\'s stable writes): once committed at a replica, an update never moves or disappears there.',
    antecedent: {
      description: 'a step that changes the order of a replica holding a committed update',
      transition: (s: ReplicationState, _a: unknown, t: ReplicationState) => touchesCommitted(st, s, t),
    },
  });
}
