/**
 * ca-state: the Consistent-Available state of seed 001, definitions 3.1.8 to 3.1.11.
 *
 * In the project's words, for a member replica `r` and an item `d` it holds:
 *  - `consistent(r, d)` (defs 3.1.8, 3.1.9): `r`'s order for `d` is exactly the master's order for
 *    `d` (the same updates, hence the same values, in the same order);
 *  - `available(r, d)` (def 3.1.10): every update generated on `d` at any other node has been
 *    merged into `r`, and so has every update `r` itself generated on `d` (the definition merges
 *    the others' updates "with the updates that are performed on d in R", which presupposes `r`
 *    still has its own: a host that drops an object and adds it back before its own update has
 *    returned from the MS is not available on it). This is a global predicate: it counts updates still sitting on disconnected
 *    hosts, which no replica can know about; it is decidable on a model state (or a trace) because
 *    `updates` records every generated update, and not by any node of a running system;
 *  - `CA(r)` (def 3.1.11): consistent and available for every item `r` holds.
 * Engine properties of the family:
 *  - `ca-state` (always): in every settled state (settled.ts) every member replica is in CA;
 *  - `ca-state:reachable` (alwaysReachable): a state where every member replica is in CA is
 *    reachable from every reachable state;
 *  - `ca-state:stable` (always, only when the model supplies `successors`, see index.ts): "once
 *    CA(r) holds and no update is generated, it keeps holding" is a property of transitions, not
 *    states; it is decided here as the state property "every successor of this state by a step
 *    that is not an update, and after which `r` holds the same objects, leaves every replica
 *    that is in CA here in CA". A step that changes what `r` holds (dropping an object, or the
 *    initial-replication instance that installs added ones) changes what CA(r) is about, like
 *    an update does. Checked on every reachable state, that covers every reachable transition.
 */
import { always, alwaysReachable, type Property, type Verdict } from '../src/engine/property.ts';
import { hasBit } from './bitset.ts';
import { listText, type Statics, updateName } from './context.ts';
import { sameOrder } from './eventual-consistency.ts';
import { isSettled } from './settled.ts';
import { strandedOnLost } from './fault-view.ts';
import { itemUpdateBits, visibleBits, whereIs } from './views.ts';
import type { ReplicationAction, ReplicationState } from '../traces/replication.ts';

/** One successor of a state, as the model's semantic action and the state it leads to. */
export interface Successor {
  action: ReplicationAction;
  state: ReplicationState | undefined;
}

/** Why `r` is not in CA (empty when it is). Stops at the first failing item. */
export function caFailures(st: Statics, s: ReplicationState, r: number): string[] {
  const node = s.nodes[r];
  const rn = st.names[r];
  const master = s.nodes[st.master].order;
  const perItem = itemUpdateBits(st, s.updates);
  const vis = visibleBits(node);
  const stranded = strandedOnLost(s);
  for (const d of st.heldItems(node.objects)) {
    const mine = node.order[d] ?? [];
    if (r !== st.master && !sameOrder(mine, master[d] ?? [])) {
      return [`${rn} is not consistent on ${st.itemNames[d]}: its order is ${listText(st, s, mine)}, the MS's is ${listText(st, s, master[d] ?? [])}`];
    }
    const onD = perItem[d];
    for (let u = 0; u < s.updates.length; u++) {
      if (hasBit(onD, u) && !hasBit(vis, u) && !stranded.has(u)) {
        return [`${rn} is not available on ${st.itemNames[d]}: ${updateName(st, s, u)} has not been merged into it`, whereIs(st, s, u)];
      }
    }
  }
  return [];
}

/** True when `r` is in CA. */
export function isCA(st: Statics, s: ReplicationState, r: number): boolean {
  return caFailures(st, s, r).length === 0;
}

/** The first member replica not in CA, with the reasons, or null when all are. */
function firstNotCA(st: Statics, s: ReplicationState): { r: number; facts: string[] } | null {
  for (let r = 0; r < s.nodes.length; r++) {
    if (!s.nodes[r].member || s.nodes[r].lost) continue;
    const facts = caFailures(st, s, r);
    if (facts.length > 0) return { r, facts };
  }
  return null;
}


/** Checks the stability form on one state, given the model's successors. */
export function checkCAStable(st: Statics, s: ReplicationState, successors: (s: ReplicationState) => Iterable<Successor>): Verdict {
  const ca: number[] = [];
  for (let r = 0; r < s.nodes.length; r++) if (s.nodes[r].member && isCA(st, s, r)) ca.push(r);
  if (ca.length === 0) return true;
  for (const { action, state: next } of successors(s)) {
    if (!next) continue;
    if (action.type === 'update') continue;
    // (Issue 12) A crash or a permanent loss erases state by definition: not a protocol step.
    if (action.type === 'crash' || action.type === 'loseHost') continue;
    for (const r of ca) {
      if (next.nodes[r].objects !== s.nodes[r].objects) continue;
      const facts = next.nodes[r].member ? caFailures(st, next, r) : [`${st.names[r]} is no longer a member`];
      if (facts.length > 0) {
        return {
          facts: [`${st.names[r]} is in CA here and no update is generated, but after the step ${JSON.stringify(action)} it is not:`, ...facts],
          replica: st.names[r],
        };
      }
    }
  }
  return true;
}

/** The engine properties of the `ca-state` family (`ca-state:stable` only with `successors`). */
export function caState(st: Statics, successors?: (s: ReplicationState) => Iterable<Successor>): Property<ReplicationState>[] {
  const props: Property<ReplicationState>[] = [
    always('ca-state', (s): Verdict => {
      if (!isSettled(st, s)) return true;
      const bad = firstNotCA(st, s);
      return bad ? { facts: ['the state is settled', ...bad.facts], replica: st.names[bad.r] } : true;
    }, 'CA state (seed 001 defs 3.1.8-3.1.11): in every settled state every replica is consistent and available on every item it holds.'),
    alwaysReachable('ca-state:reachable', (s): Verdict => {
      const bad = firstNotCA(st, s);
      return bad ? { facts: bad.facts, replica: st.names[bad.r] } : true;
    }, 'CA state is reachable (seed 001 def 3.1.11): from every reachable state, a state where every replica is in CA is reachable.'),
  ];
  if (successors) {
    props.push(always('ca-state:stable', (s) => checkCAStable(st, s, successors),
      'CA state is stable (seed 001 def 3.1.11): a step that generates no update never takes a replica out of CA.'));
  }
  return props;
}
