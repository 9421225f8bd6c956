/**
 * The replication property library: every property the CLI's `--property` can name, built for
 * one resolved configuration. Each property lives in its own file beside this one, with the seed
 * definition it implements; this file only lists them.
 */
import type { Property } from '../src/engine/property.ts';
import type { NodeIndex, ReplicationState, ResolvedConfig } from '../traces/replication.ts';

/** Everything a property may need besides the state: names and static facts of the configuration. */
export interface PropertyContext {
  index: NodeIndex;
  config: ResolvedConfig;
}

/** All replication properties, in a stable order (the order reports list them in). */
export function replicationProperties(_ctx: PropertyContext): Property<ReplicationState>[] {
  return [];
}
