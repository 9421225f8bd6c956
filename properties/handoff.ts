/**
 * handoff (issue 13; seed 001 3.3: a mobile host is registered in the Region where it is, and
 * 3.4.3: the ReRU stream brings "a set of totally ordered updates" down to it, exactly the
 * committed prefix; 3.2 phase 3: its own updates go up once, through the cell where it is).
 *
 * In the project's words: across any number of moves, every member host's committed stream stays
 * gap-free and duplicate-free, and nothing it wrote is lost or doubled. Precisely, in every state,
 * for every member host h (hosts lost for good excepted):
 *  1. duplicate-free: h's `applied` log holds no committed update twice, and no order of an item
 *     holds an update twice (the log only while no interest change happened in the run: a host
 *     that drops an object and adds it again legitimately re-inserts its history, see exactly-once);
 *  2. gap-free: every update with a Global ID at or below h's cursor, on an item h holds, is in
 *     h's order of that item (the cursor never vouches for an update h does not have);
 *  3. not doubled: each update h wrote appears at most once in h's Propagation-Flag column
 *     (F and T together) and at most once in each server's collection and flags together;
 *  4. not lost: in a settled state (settled.ts) every update h wrote has a Global ID, unless a
 *     fault exempts it (fault-view.ts: lost with a host, or erased before it was acknowledged).
 * Built only for configurations with the knob `handoff` on (forward or resend).
 */
import { always, type Property, type Verdict } from '../src/engine/property.ts';
import type { ReplicationState } from '../traces/replication.ts';
import { handoffAntecedent } from './antecedents.ts';
import { isServer, type Statics, updateName } from './context.ts';
import { firstRepeat } from './exactly-once.ts';
import { strandedOnLost } from './fault-view.ts';
import { isSettled } from './settled.ts';

function isHost(st: Statics, i: number): boolean {
  return st.kinds[i] === 'mobile' || st.kinds[i] === 'fixed';
}

/** Clause 1 and 2 for host `h`. */
function stream(st: Statics, s: ReplicationState, h: number): Verdict {
  const node = s.nodes[h];
  const hn = st.names[h];
  if (s.used.interestChanges === 0) {
    const k = firstRepeat(node.applied);
    if (k >= 0 && s.updates[node.applied[k]].gid !== 0) {
      const u = node.applied[k];
      return { facts: [`${hn}'s committed stream delivered ${updateName(st, s, u)} (gid ${s.updates[u].gid}) twice: entries ${node.applied.indexOf(u) + 1} and ${k + 1} of its log`], replica: hn, updates: [updateName(st, s, u)] };
    }
  }
  for (const d of st.heldItems(node.objects)) {
    const order = node.order[d];
    const k = firstRepeat(order);
    if (k >= 0) return { facts: [`${hn}'s order of ${st.itemNames[d]} holds ${updateName(st, s, order[k])} twice`], replica: hn, updates: [updateName(st, s, order[k])] };
  }
  if (node.committed === 0) return true;
  for (let u = 0; u < s.updates.length; u++) {
    const g = s.updates[u].gid;
    if (g === 0 || g > node.committed || !st.holdsItem(node.objects, s.updates[u].item)) continue;
    if (!node.order[s.updates[u].item].includes(u)) {
      return { facts: [`${hn}'s cursor is ${node.committed}`, `but ${updateName(st, s, u)} (gid ${g}, on ${st.itemNames[s.updates[u].item]}, which it holds) is missing from its replica: a gap in its committed stream`], replica: hn, updates: [updateName(st, s, u)] };
    }
  }
  return true;
}

/** Clauses 3 and 4 for the updates host `h` wrote. */
function writes(st: Statics, s: ReplicationState, h: number, settled: boolean): Verdict {
  const hn = st.names[h];
  for (let u = 0; u < s.updates.length; u++) {
    if (s.updates[u].origin !== h) continue;
    for (let i = 0; i < s.nodes.length; i++) {
      const n = s.nodes[i];
      if (i !== h && !isServer(st.kinds[i])) continue;
      let c = 0;
      for (const x of n.flagF) if (x === u) c++;
      for (const x of n.flagT) if (x === u) c++;
      if (i !== h) for (const x of n.collected) if (x === u) c++;
      if (c > 1) return { facts: [`${st.names[i]} holds ${hn}'s update ${updateName(st, s, u)} ${c} times (${i === h ? 'flags F and T' : 'collection and flags'}): doubled`], replica: st.names[i], updates: [updateName(st, s, u)] };
    }
    if (settled && s.updates[u].gid === 0 && !strandedOnLost(s).has(u)) {
      return { facts: ['the state is settled', `${hn}'s update ${updateName(st, s, u)} has no Global ID and nothing holds it any more: lost`], replica: hn, updates: [updateName(st, s, u)] };
    }
  }
  return true;
}

/** Checks one state. */
export function checkHandoff(st: Statics, s: ReplicationState): Verdict {
  let settled: boolean | undefined;
  for (let h = 0; h < s.nodes.length; h++) {
    if (!isHost(st, h) || !s.nodes[h].member || s.nodes[h].lost) continue;
    const a = stream(st, s, h);
    if (a !== true) return a;
    settled ??= isSettled(st, s);
    const b = writes(st, s, h, settled);
    if (b !== true) return b;
  }
  return true;
}

/** The `handoff` property (always). */
export function handoff(st: Statics): Property<ReplicationState> {
  return always('handoff', (s) => checkHandoff(st, s), {
    description: 'Handoff (issue 13; seed 001 3.3, 3.4.3): across moves, every host\'s committed stream is gap-free and duplicate-free, and nothing it wrote is lost or doubled.',
    antecedent: handoffAntecedent(st),
  });
}
