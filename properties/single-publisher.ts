/**
 * single-publisher (seed 001 section 3.2, "the update of infrequently changed data is allowed only
 * at a single publisher", and definition 3.5.1.1: objects on an Object-Related-List "can be
 * updated only on the master server").
 *
 * In the project's words: every update generated on an item of an infrequently changed object
 * has the Master Server as its origin. (A refused attempt leaves no update, only `refused + 1`, so
 * the state shows a refusal as the absence of such an update.)
 */
import { always, type Property, type Verdict } from '../src/engine/property.ts';
import { type Statics, updateName } from './context.ts';
import type { ReplicationState, UpdateView } from '../traces/replication.ts';
import { infrequentAntecedent } from './antecedents.ts';

const memo = new WeakMap<UpdateView[], number>();

/** The first update on an infrequently changed object not generated at the MS, or -1. */
function firstOffender(st: Statics, updates: UpdateView[]): number {
  let hit = memo.get(updates);
  if (hit === undefined) {
    hit = updates.findIndex((u) => st.infrequentItem[u.item] && u.origin !== st.master);
    memo.set(updates, hit);
  }
  return hit;
}

/** Checks one state. */
export function checkSinglePublisher(st: Statics, s: ReplicationState): Verdict {
  const u = firstOffender(st, s.updates);
  if (u < 0) return true;
  const up = s.updates[u];
  const obj = st.index.objects[st.itemObject[up.item]];
  return {
    facts: [`${updateName(st, s, u)} writes ${st.itemNames[up.item]} of ${obj.id}, an infrequently changed object, but was generated at ${st.names[up.origin]}, not at the MS (${st.names[st.master]})`],
    replica: st.names[up.origin],
    updates: [updateName(st, s, u)],
  };
}

/** The `single-publisher` property (always). */
export function singlePublisher(st: Statics): Property<ReplicationState> {
  return always('single-publisher', (s) => checkSinglePublisher(st, s), {
    description: 'Single publisher (seed 001 3.2, def 3.5.1.1): every update of an infrequently changed object originates at the Master Server.',
    antecedent: infrequentAntecedent(st),
  });
}
