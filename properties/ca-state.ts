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
 *  - `ca-state:stable` (transition, issue 11): "once CA(r) holds and no update is generated, it
 *    keeps holding" is a property of steps: for every explored step `s -> t` that generates no
 *    update, every member replica `r` in CA in `s` that holds the same objects in `t` is in CA in
 *    `t`. A step that changes what `r` holds (dropping an object, or the initial-replication
 *    instance that installs added ones) changes what CA(r) is about, like an update does. The
 *    engine decides it on every explored transition, so it works at any size (it used to be a
 *    state property enumerating every successor, built only for 64 nodes or fewer).
 */
import { always, alwaysReachable, transition, type Property, type Verdict } from '../src/engine/property.ts';
import { settledAntecedent } from './antecedents.ts';
import type { Statics } from './context.ts';
import { isSettled } from './settled.ts';
import { strandedOnLost } from './fault-view.ts';
import { NodeCount } from './node-count.ts';
import { historyShape } from './views.ts';
import type { ReplicationAction, ReplicationState } from '../traces/replication.ts';
import { caFailures, firstNotCA, firstNotCAIndex, isCANode } from './ca-membership.ts';
import { caPremise, checkCAStep, LARGE, PremiseIndex } from './ca-stable.ts';

export { caAtStake, caPremise, checkCAStep, PremiseIndex } from './ca-stable.ts';
export { caFailures, caReplicas, isCA } from './ca-membership.ts';

/**
 * One successor of a state, as the model's semantic action and the state it leads to. No
 * property needs it any more (kept so `PropertyContext.successors` stays a valid, additive field).
 */
export interface Successor {
  action: ReplicationAction;
  state: ReplicationState | undefined;
}

/** The engine properties of the `ca-state` family. */
export function caState(st: Statics): Property<ReplicationState>[] {
  const premise = new PremiseIndex(st);
  const notCA = new NodeCount((s, node, r) => node.member && !node.lost && !isCANode(st, s, node, r), ['member', 'lost', 'order', 'objects']);
  return [
    always('ca-state', (s): Verdict => {
      if (!isSettled(st, s)) return true;
      const bad = firstNotCA(st, s);
      return bad ? { facts: ['the state is settled', ...bad.facts], replica: st.names[bad.r] } : true;
    }, { description: 'CA state (seed 001 defs 3.1.8-3.1.11): in every settled state every replica is consistent and available on every item it holds.',
      antecedent: settledAntecedent(st) }),
    alwaysReachable('ca-state:reachable', (s): Verdict => {
      const r = firstNotCAIndex(st, s);
      // Most states out of CA are never shown: the facts are built only when read (issue 17).
      return r < 0 ? true : { get facts() { return caFailures(st, s, r); }, replica: st.names[r] };
    }, { description: 'CA state is reachable (seed 001 def 3.1.11): from every reachable state, a state where every replica is in CA is reachable.',
      // (Issue 17) The goal test without the explanation object (the search asks it of every state).
      passes: (s) => firstNotCAIndex(st, s) < 0,
      antecedent: { description: 'a state with a replica not in CA', state: (s) => (s.nodes.length > LARGE
        // (Issue 17) On large states, counted over the nodes each step changed (node-count.ts).
        // (prop26) CA reads the updates only through their shape (which exist, on which item).
        ? notCA.some(s, [historyShape(s.updates), s.nodes[st.master].order, strandedOnLost(s)])
        : firstNotCAIndex(st, s) >= 0) } }),
    transition('ca-state:stable', (s: ReplicationState, _a: unknown, t: ReplicationState) => checkCAStep(st, s, t), {
      // (Issue 17) Reads the source through nodeBefore/sourceState (delta.ts), so random walks may
      // step in place; not under faults, whose stranded-update view reads the whole source.
      inPlace: !st.config.faults,
      description: 'CA state is stable (seed 001 def 3.1.11): a step that generates no update never takes a replica out of CA.',
      antecedent: {
        description: 'a step without an update from a state where a replica holding an update is in CA',
        transition: (s: ReplicationState, _a: unknown, t: ReplicationState) => caPremise(st, s, t, premise),
      },
    }),
  ];
}
