/**
 * Broken models built by wrapping the real model's `next()` (a defect the mechanism seam cannot
 * express) or by building the model from a configuration that differs from the one the
 * properties judge it against. Each keeps `init`, `actions`, `encode` and the rest of the model.
 */
import { createReplicationModel, type ReplicationModel } from '../../../model/index.ts';
import { builtinMechanism } from '../../../model/mechanisms/index.ts';
import type { Act } from '../../../model/actions/types.ts';
import type { ReplicationState, ResolvedConfig } from '../../../traces/replication.ts';

/**
 * "The merge discards tentative updates": when a ReRU instance executes at a host, the host's
 * per-item orders keep only what is committed there, losing its own and peer-received tentative
 * updates (they come back only when the stream brings them).
 */
export function mergeDropsTentative(model: ReplicationModel): ReplicationModel {
  const kinds = model.topology.index.nodes.map((n) => n.kind);
  return {
    ...model,
    next(s: ReplicationState, a: Act) {
      const t = model.next(s, a);
      if (!t || a.t !== 'execute') return t;
      const x = s.instances.find((i) => i.from === a.from && i.n === a.n);
      if (!x || x.kind !== 'ReRU' || (kinds[x.to] !== 'mobile' && kinds[x.to] !== 'fixed')) return t;
      const host = t.nodes[x.to]!;
      const order = host.order.map((seq) => seq.filter((u) => t.updates[u]!.gid > 0 && t.updates[u]!.gid <= host.committed));
      const nodes = t.nodes.slice();
      nodes[x.to] = { ...host, order };
      return { ...t, nodes };
    },
  };
}

/**
 * "Initial replication ignores the Object-Related-List": the model runs on `config` with every
 * object's related list emptied, while the properties are built from the real `config`.
 */
export function forgetRelated(config: ResolvedConfig): ReplicationModel {
  const stripped: ResolvedConfig = { ...config, objects: config.objects.map((o) => ({ ...o, related: [] })) };
  return createReplicationModel(stripped, builtinMechanism('hierarchical'));
}
