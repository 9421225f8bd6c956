/**
 * (Issue 13, growing topology) Checks of a configuration's joiner servers and leaving hosts:
 * a joiner zone's cells and a joiner cell's hosts (or a joiner zone's fixed hosts) attach only
 * after it joined, so they must be joiners themselves; only hosts leave.
 */
import { UsageError } from '../src/engine/errors.ts';
import type { ConfigInput } from './config-types.ts';

type Tree = Required<Pick<ConfigInput, 'master' | 'zones' | 'cells' | 'hosts'>>;

/** Refuses a child of a joiner server that does not join itself (one line naming the field). */
export function checkGrowing(tree: Tree): void {
  const joiningServers = new Set([...tree.zones.filter((z) => z.joins).map((z) => z.id), ...tree.cells.filter((x) => x.joins).map((x) => x.id)]);
  if (!joiningServers.size) return;
  tree.cells.forEach((x, i) => {
    if (joiningServers.has(x.zone) && !x.joins) {
      throw new UsageError(`config.cells[${i}].joins must be true: its zone ${x.zone} joins during the run, so its cells attach only after it (got ${x.joins ?? 'absent'})`);
    }
  });
  tree.hosts.forEach((h, i) => {
    if (joiningServers.has(h.cell) && !h.joins) {
      throw new UsageError(`config.hosts[${i}].joins must be true: its server ${h.cell} joins during the run, so its hosts attach only after it (got ${h.joins ?? 'absent'})`);
    }
  });
}
