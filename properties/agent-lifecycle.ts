/**
 * agent-lifecycle (seed 001 section 3.4.3, IIRA states, and figure 3.4.3.1: monitoring,
 * retrieving, creating the instance, migrating, executing on the other host, removing; and the
 * IIRA's name: Instance-Immigration-Removed Agent, "it creates an instance of itself and this
 * instance migrates to another host and performs its task before removing itself").
 *
 * In the project's words:
 *  1. every existing instance's trail is a prefix of monitoring, retrieving, creating, migrating,
 *     executing, removing (each state once, in that order), and its current state is the last
 *     state of its trail;
 *  2. an instance executes at most once: no instance name appears twice in the nodes' `executed`
 *     lists, at one node or at two;
 *  3. an instance is gone after it executes. A duplicated delivery (seed 001 3.4.3 (iv): the
 *     Host Manager may deliver a transfer twice) keeps an instance in the list after its first
 *     execution, standing for the extra copy still to arrive (with duplicate suppression that
 *     arrival is discarded; without it, clause 2 catches the second execution). So the rule is:
 *     the deliveries still pending for instances whose destination has already executed them
 *     (one for the lingering instance plus its `copies`) are no more than the duplicated
 *     deliveries so far (`used.duplicates`).
 */
import { always, type Property, type Verdict } from '../src/engine/property.ts';
import { AGENT_STATES, type ReplicationState } from '../traces/replication.ts';
import type { Statics } from './context.ts';
import { firstRepeat } from './exactly-once.ts';
import { ExecutedIndex, executedSet } from './executed-index.ts';
import { NodeMemo } from './node-memo.ts';
import { deltaOf } from './delta.ts';
import { instanceAntecedent } from './antecedents.ts';

/** Checks one state, with the property's incremental index of executed names and node memo. */
export function checkAgentLifecycle(st: Statics, s: ReplicationState, index = new ExecutedIndex(), memo = new NodeMemo()): Verdict {
  const v = instancesPass(st, s);
  if (v !== true) return v;
  // (Issue 17) only the nodes the last step changed, when it started from the last state that passed
  const rList = memo.begin(s.nodes, undefined, s);
  for (let rAt = 0; rAt < rList.length; rAt++) {
    const r = rList[rAt];
    if (memo.skip(r)) continue;
    const ex = s.nodes[r].executed;
    const k = firstRepeat(ex);
    if (k >= 0) return { facts: [`instance ${ex[k]} executed twice at ${st.names[r]}`], replica: st.names[r] };
    memo.remember(r);
  }
  memo.done();
  const shared = index.update(s);
  if (shared !== undefined) {
    const at = s.nodes.map((n, i) => (executedSet(n.executed).has(shared) ? st.names[i] : '')).filter((x) => x);
    return { facts: [`instance ${shared} executed at both ${at[0]} and ${at[1]}`], replica: at[1] };
  }
  return true;
}

/** (med24) Instance names `from/n` per Statics, built once (the check names every instance whose destination executed one). */
const labels = new WeakMap<Statics, string[][]>();
let lastStatics: Statics | null = null;
let lastLabels: string[][] = [];
function instanceLabel(st: Statics, from: number, n: number): string {
  if (st !== lastStatics) {
    let per = labels.get(st);
    if (per === undefined) labels.set(st, (per = []));
    lastStatics = st;
    lastLabels = per;
  }
  const row = (lastLabels[from] ??= []);
  return (row[n] ??= `${st.names[from]}/${n}`);
}

/** Clauses 1 and 3 (every instance's trail and state; none lingering beyond the duplicated deliveries). */
function instancesPass(st: Statics, s: ReplicationState): Verdict {
  let lingering = 0;
  for (const inst of s.instances) {
    const trail = inst.trail;
    for (let i = 0; i < trail.length; i++) {
      if (trail[i] !== AGENT_STATES[i]) {
        const name = `${st.names[inst.from]}/${inst.n}`;
        return {
          facts: [`instance ${name}'s trail is ${trail.join(' > ')}: step ${i + 1} is ${trail[i]}, expected ${AGENT_STATES[i] ?? 'nothing (the lifecycle has ended)'}`],
          replica: st.names[inst.to],
        };
      }
    }
    if (trail.length === 0 || trail[trail.length - 1] !== inst.state) {
      const name = `${st.names[inst.from]}/${inst.n}`;
      return { facts: [`instance ${name} is ${inst.state}, but its trail ends with ${trail[trail.length - 1] ?? 'nothing'}`], replica: st.names[inst.to] };
    }
    const dest = s.nodes[inst.to];
    if (dest === undefined || dest.executed.length === 0) continue; // (no name built in the common case)
    const name = instanceLabel(st, inst.from, inst.n);
    // (Issue 17) A short list is searched directly (no memoised set for it).
    if (dest.executed.length <= 8 ? dest.executed.includes(name) : executedSet(dest.executed).has(name)) {
      lingering += 1 + inst.copies;
      if (lingering > s.used.duplicates) {
        return {
          facts: [`instance ${name} has executed at ${st.names[inst.to]} but still exists (${inst.state}, ${inst.copies} more copies), more than the ${s.used.duplicates} duplicated deliveries so far account for`],
          replica: st.names[inst.to],
        };
      }
    }
  }
  return true;
}

/**
 * (Issue 17) `passesAfter` for a step `s -> t` from a state `s` that passed: the instance clauses
 * (1, 3) on every instance as in the check (they are few); clause 2 only where the step changed
 * an `executed` list: no repeat in it, and each name it gained executed at no other node (`s` had
 * no name at two nodes, so a new one needs a name the step added). No index to rebuild.
 */
function passesAfterStep(st: Statics, s: ReplicationState, t: ReplicationState): boolean {
  const d = deltaOf(t);
  if (d === undefined || d.base !== s) return false;
  for (let k = 0; k < d.touched.length; k++) {
    const r = d.touched[k];
    const before = d.was[k].executed, now = t.nodes[r].executed;
    if (before === now) continue;
    if (firstRepeat(now) >= 0) return false;
    for (let i = 0; i < now.length; i++) {
      const name = now[i];
      if (before.includes(name)) continue;
      for (let q = 0; q < t.nodes.length; q++) if (q !== r && t.nodes[q].executed.includes(name)) return false;
    }
  }
  return instancesPass(st, t) === true;
}

/** The `agent-lifecycle` property (always). */
export function agentLifecycle(st: Statics): Property<ReplicationState> {
  const index = new ExecutedIndex();
  // (Issue 17) The node fields its per-replica check reads.
  const memo = new NodeMemo(['executed']);
  return always('agent-lifecycle', (s) => checkAgentLifecycle(st, s, index, memo), {
    // (Issue 17) In the exhaustive search the parent passed: only the nodes the step replaced are checked.
    passesAfter: (s: ReplicationState, _a: unknown, t: ReplicationState) => passesAfterStep(st, s, t),
    description: 'Agent lifecycle (seed 001 3.4.3): every IIRA instance moves monitoring, retrieving, creating, migrating, executing, removing in order, executes at most once and is gone after it executes.',
    antecedent: instanceAntecedent(),
  });
}
