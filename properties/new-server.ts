/**
 * new-server (seed 001 3.3: "new replicas are created when dividing the zone area into multiple
 * cells to represent the cell servers"; 3.5, the server steps: "all objects will be replicated to
 * the new servers ... Creating an ordinary instance of itself to propagate all data that stored
 * in all objects to the new server"; issue 13, "a growing topology").
 *
 * In the project's words: a server configured to join (`joins` on a zone or cell) that has
 * joined and whose initial replication completed (it holds every object) holds, on every item,
 *  1. exactly its parent's replica up to its own cursor: the entries with 0 < gid <= its cursor
 *     are, in order, the parent's entries with 0 < gid <= that cursor, and the parent's cursor is
 *     not behind its own (no gap: nothing the snapshot or the stream should have brought is
 *     missing; nothing extra);
 *  2. no update twice, in its order or its application log (no duplicate from the snapshot and
 *     the stream overlapping).
 * Checked in every state, so after the install it also covers "then follows the stream": every
 * ReRU it merges keeps 1 and 2.
 */
import { always, type Property, type Verdict } from '../src/engine/property.ts';
import { listText, type Statics } from './context.ts';
import type { ReplicationState, UpdateView } from '../traces/replication.ts';
import { newServerAntecedent } from './antecedents.ts';

/** The entries of `seq` with 0 < gid <= c, in `seq`'s order. */
function committedUpTo(updates: UpdateView[], seq: readonly number[], c: number): number[] {
  return seq.filter((u) => { const g = updates[u]?.gid ?? 0; return g > 0 && g <= c; });
}

function same(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The node indices of the configured joiner servers. */
export function joinerServers(st: Statics): number[] {
  const joins = new Set([...st.config.zones.filter((z) => z.joins).map((z) => z.id), ...st.config.cells.filter((c) => c.joins).map((c) => c.id)]);
  return st.names.flatMap((id, i) => (joins.has(id) ? [i] : []));
}

/** True when joiner server `j` joined and its initial replication completed (it holds every object). */
export function installed(st: Statics, s: ReplicationState, j: number): boolean {
  const n = s.nodes[j];
  return n.member && n.objects === (1 << st.index.objects.length) - 1;
}

/** Checks one state. */
export function checkNewServer(st: Statics, s: ReplicationState, servers: readonly number[]): Verdict {
  for (const j of servers) {
    if (!installed(st, s, j)) continue;
    const n = s.nodes[j];
    const p = n.parent;
    const parent = s.nodes[p];
    const name = st.names[j];
    if (parent.committed < n.committed) {
      return { facts: [`${name} joined and has merged the stream up to gid ${n.committed}`, `its parent ${st.names[p]} has merged only up to gid ${parent.committed}`], replica: name };
    }
    for (let d = 0; d < st.itemNames.length; d++) {
      const got = committedUpTo(s.updates, n.order[d] ?? [], n.committed);
      const want = committedUpTo(s.updates, parent.order[d] ?? [], n.committed);
      if (!same(got, want)) {
        return {
          facts: [
            `${name} joined; its initial replication completed and its cursor is gid ${n.committed}`,
            `its committed entries of ${st.itemNames[d]} are ${listText(st, s, got)}, but its parent ${st.names[p]}'s up to gid ${n.committed} are ${listText(st, s, want)}`,
          ],
          replica: name,
        };
      }
      const order = n.order[d] ?? [];
      if (new Set(order).size !== order.length) {
        return { facts: [`${name} holds an update twice in its order of ${st.itemNames[d]}: ${listText(st, s, order)}`], replica: name };
      }
    }
    if (new Set(n.applied).size !== n.applied.length) {
      return { facts: [`${name} applied an update twice: its application log is ${listText(st, s, n.applied)}`], replica: name };
    }
  }
  return true;
}

/** The `new-server` property (always). */
export function newServer(st: Statics): Property<ReplicationState> {
  const servers = joinerServers(st);
  return always('new-server', (s) => checkNewServer(st, s, servers), {
    description: 'New server (seed 001 3.3, 3.5 server steps): a server that joined holds, once its initial replication completed, exactly its parent\'s replica up to its cursor, and then follows the stream (no gap, no duplicate).',
    antecedent: newServerAntecedent(st, servers),
  });
}
