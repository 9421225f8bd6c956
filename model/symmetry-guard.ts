/**
 * Guarding the symmetry reduction against mechanisms that tell interchangeable hosts apart
 * (issue 10). The reduction is sound only when every mechanism decision commutes with swapping
 * interchangeable hosts; `symmetric: false` is on the honour system, and a plugin that breaks
 * ties by host index without declaring it would make exhaustive search skip behaviours.
 *
 * {@link guardMechanism} wraps a mechanism so that each decision taken in a state where a
 * symmetry class is involved (release, commit, peer, arrange, stamp, mayUpdate) is also taken
 * in the state with the first two hosts of every class swapped ({@link swappedState}); a
 * symmetric mechanism must decide the same (update ids are not renamed, so the same id list, and
 * the same stamp). The first disagreement is recorded and reported through
 * `Model.asymmetry()`; the engine then turns the reduction off. The model installs the guard only
 * when it offers the reduction; the guard stops checking once a disagreement is recorded.
 */
import type { ReplicationState, UpdateView } from '../traces/replication.ts';
import type { OrderingMechanism } from './mechanism.ts';
import type { NameTable } from './encode-cache.ts';
import { renameState, swapPermutation } from './symmetry.ts';
import type { Topology } from './topology.ts';

/** A guarded mechanism and what it found. */
export interface MechanismGuard {
  mechanism: OrderingMechanism;
  /** The first decision that broke symmetry, as one sentence, or undefined. */
  broken(): string | undefined;
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, k) => x === b[k]);
}

/** Wraps `mech` (see the file header). */
export function guardMechanism(mech: OrderingMechanism, topo: Topology, names: NameTable): MechanismGuard {
  const perm = swapPermutation(topo);
  if (perm === undefined) return { mechanism: mech, broken: () => undefined };
  const inClass = new Uint8Array(topo.nodeCount);
  for (const cls of topo.symmetryClasses) for (const h of cls) inClass[h] = 1;
  let broken: string | undefined;
  const on = (): boolean => broken === undefined;
  const touches = (updates: readonly UpdateView[], ids: readonly number[]): boolean => ids.some((id) => inClass[updates[id]!.origin] === 1);
  // The swapped state of the last state asked about (states are immutable, and one state's
  // actions ask for it once per peer pair or release): renamed once per state, not per decision.
  let lastState: ReplicationState | undefined;
  let lastSwapped: ReplicationState | undefined;
  const swapped = (s: ReplicationState): ReplicationState => {
    if (s !== lastState) {
      lastSwapped = renameState(topo, names, s, perm);
      lastState = s;
    }
    return lastSwapped!;
  };
  const id = (i: number) => topo.ids[i]!;
  const upd = (ups: readonly UpdateView[], ids: readonly number[]) => `[${ids.map((u) => `${id(ups[u]!.origin)}#${ups[u]!.seq}`).join(', ')}]`;
  const report = (what: string, ups: readonly UpdateView[], mine: readonly number[], theirs: readonly number[]): void => {
    broken = `mechanism '${mech.name}' is not symmetric: its ${what} decides ${upd(ups, mine)}, but ${upd(ups, theirs)} once ` +
      `interchangeable hosts are swapped (it tells hosts apart, e.g. breaks ties by host index: declare symmetric: false)`;
  };
  // Object.create keeps every other member (and a class-based plugin's prototype) as it is.
  const guarded: OrderingMechanism = Object.assign(Object.create(mech) as OrderingMechanism, {
    stamp(ctx, s, origin, item) {
      const r = mech.stamp(ctx, s, origin, item);
      if (on() && inClass[origin] === 1) {
        const t = mech.stamp(ctx, swapped(s), perm[origin]!, item);
        if (!sameList(r, t)) {
          broken = `mechanism '${mech.name}' is not symmetric: its stamp for a write of ${id(origin)} is [${r.join(', ')}], but [${t.join(', ')}] for the same write by the interchangeable host ${id(perm[origin]!)} (declare symmetric: false)`;
        }
      }
      return r;
    },
    release(ctx, s, server, collected) {
      const r = mech.release(ctx, s, server, collected);
      if (on() && touches(s.updates, collected)) {
        const t = mech.release(ctx, swapped(s), server, collected);
        if (!sameList(r, t)) report(`release at ${id(server)}`, s.updates, r, t);
      }
      return r;
    },
    commit(ctx, s, collected) {
      const r = mech.commit(ctx, s, collected);
      if (on() && touches(s.updates, collected)) {
        const t = mech.commit(ctx, swapped(s), collected);
        if (!sameList(r, t)) report(`commit at ${id(0)}`, s.updates, r, t);
      }
      return r;
    },
    arrange(ctx, updates, node, order, committed) {
      const r = mech.arrange(ctx, updates, node, order, committed);
      if (on() && touches(updates, order)) {
        const ups = updates.map((u) => (perm[u.origin] === u.origin ? u : { ...u, origin: perm[u.origin]! }));
        const t = mech.arrange(ctx, ups, perm[node]!, order, committed);
        if (!sameList(r, t)) report(`arrange at ${id(node)}`, updates, r, t);
      }
      return r;
    },
    peer(ctx, s, from, to, candidates) {
      const r = mech.peer(ctx, s, from, to, candidates);
      if (on()) {
        const t = mech.peer(ctx, swapped(s), perm[from]!, perm[to]!, candidates);
        if (!sameList(r, t)) report(`peer exchange ${id(from)}->${id(to)}`, s.updates, r, t);
      }
      return r;
    },
  } satisfies Partial<OrderingMechanism>);
  if (mech.mayUpdate) {
    const may = mech.mayUpdate;
    guarded.mayUpdate = (ctx, s, node, item) => {
      const r = may(ctx, s, node, item);
      if (on() && inClass[node] === 1 && may(ctx, swapped(s), perm[node]!, item) !== r) {
        broken = `mechanism '${mech.name}' is not symmetric: mayUpdate answers ${r} for ${id(node)} but ${!r} for the interchangeable host ${id(perm[node]!)} (declare symmetric: false)`;
      }
      return r;
    };
  }
  return { mechanism: guarded, broken: () => broken };
}
