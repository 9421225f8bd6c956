/**
 * The judge's new-server (issue 13; spec "New server: a server that joined holds its parent's
 * replica up to its cursor once its initial replication completes, then follows the stream";
 * seed 001 3.3: new replicas are created for new cell servers; 3.5, server steps: "all objects
 * will be replicated to the new servers"), read on the engine's own state: the joining server's
 * and its parent's value sequences, application log and ReRU cursors, and the updates' Global
 * IDs. Written from those texts; shares no code with properties/ or model/.
 *
 * In every state, for every zone or cell server configured to join that is a member and holds
 * every object (its initial replication completed), with `c` its cursor:
 * 1. its parent's cursor is not behind `c`, and on every item the updates of its value sequence
 *    numbered 1..c are, in order, the parent's updates numbered 1..c (nothing the snapshot or the
 *    stream should have brought is missing, nothing is extra);
 * 2. no value sequence of it holds an update twice and its application log has no update twice
 *    (a server never drops an object, so every log entry counts).
 * Checked in every state, so after the install it also covers following the stream.
 */
import type { EngineState } from '../state.ts';
import { allObjects, isServerKind } from '../topology.ts';
import { nameOf, type JudgeScope } from './history.ts';

function listText(j: JudgeScope, s: EngineState, us: readonly number[]): string {
  return `[${us.map((u) => nameOf(j, s, u)).join(', ')}]`;
}

/** The updates of `seq` numbered 1..c, in `seq`'s order. */
function numberedUpTo(s: EngineState, seq: readonly number[], c: number): number[] {
  return seq.filter((u) => s.updates[u].gid > 0 && s.updates[u].gid <= c);
}

/** Why joined server `i` breaks new-server, or undefined. */
function serverFails(j: JudgeScope, s: EngineState, i: number): string[] | undefined {
  const n = s.nodes[i];
  const p = n.parent;
  const c = n.store.committed;
  const id = j.ids[i];
  if (s.nodes[p].store.committed < c) {
    return [`${id} joined and its cursor is at Global ID ${c}`, `its parent ${j.ids[p]}'s cursor is only at Global ID ${s.nodes[p].store.committed}`];
  }
  for (let d = 0; d < j.topo.items.length; d++) {
    const mine = n.store.rows[d] ?? [];
    const got = numberedUpTo(s, mine, c);
    const want = numberedUpTo(s, s.nodes[p].store.rows[d] ?? [], c);
    if (got.length !== want.length || got.some((u, k) => u !== want[k])) {
      return [`${id} joined, holds every object and its cursor is at Global ID ${c}`, `its value sequence of ${j.topo.items[d].id} numbered up to ${c} is ${listText(j, s, got)}, its parent ${j.ids[p]}'s is ${listText(j, s, want)}`];
    }
    const twice = mine.find((u, k) => mine.indexOf(u) !== k);
    if (twice !== undefined) return [`${id}'s value sequence of ${j.topo.items[d].id} holds ${nameOf(j, s, twice)} twice`];
  }
  const log = n.store.log;
  const k = log.findIndex((u, q) => log.indexOf(u) !== q);
  if (k >= 0) return [`${id} applied ${nameOf(j, s, log[k])} twice (log entries ${log.indexOf(log[k]) + 1} and ${k + 1})`];
  return undefined;
}

/** new-server, in one state. */
export function judgeNewServer(j: JudgeScope, s: EngineState): string[] | undefined {
  const all = allObjects(j.topo);
  for (let i = 0; i < s.nodes.length; i++) {
    const t = j.topo.nodes[i];
    if (!t.joins || !isServerKind(t.kind) || !s.nodes[i].member || s.nodes[i].store.objects !== all) continue;
    const why = serverFails(j, s, i);
    if (why) return why;
  }
  return undefined;
}
