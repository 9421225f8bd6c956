/**
 * (Issue 13, growing topology) The servers' Hosts-Obj rows of type ZS/CS for servers that joined
 * during the run (seed 001 3.5, server steps 8-9: the information about the new server "reach[es]
 * the highest level in order to be propagated to all underlying hosts"). Part of
 * `metadata-convergence`: once settled, every member server registers exactly the joiner servers
 * that have joined.
 */
import type { Verdict } from '../src/engine/property.ts';
import type { Statics } from './context.ts';
import type { ReplicationState } from '../traces/replication.ts';

/** The node indices of the configured joiner servers. */
function joiners(st: Statics): number[] {
  const ids = new Set([...st.config.zones.filter((z) => z.joins).map((z) => z.id), ...st.config.cells.filter((c) => c.joins).map((c) => c.id)]);
  return st.names.flatMap((id, i) => (ids.has(id) ? [i] : []));
}

function text(st: Statics, list: readonly number[]): string {
  return `[${list.map((i) => st.names[i]).join(', ')}]`;
}

/** Checks a settled state's server rows (true when there are no joiner servers). */
export function checkServerRows(st: Statics, s: ReplicationState): Verdict {
  const js = joiners(st);
  if (!js.length) return true;
  const joined = js.filter((j) => s.nodes[j].member);
  for (let q = 0; q < s.nodes.length; q++) {
    const m = s.nodes[q].meta;
    if (!m || !s.nodes[q].member) continue;
    const has = m.servers ?? [];
    if (has.length !== joined.length || has.some((j, k) => j !== joined[k])) {
      return { facts: ['the state is settled', `${st.names[q]}'s Hosts-Obj registers the joined servers ${text(st, has)}, but ${text(st, joined)} have joined`], replica: st.names[q] };
    }
  }
  return true;
}
