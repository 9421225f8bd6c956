/**
 * The adapter through which the reference engine runs a plugin mechanism (`--mechanism FILE`):
 * the plugin is the design under test and makes the ordering decisions (its UT-DI stamp, what
 * cells and zones release, what the MS commits, how a replica arranges an item, what a peer
 * exchange delivers); the protocol skeleton around it (IIRAs, instances, Host Managers, flags,
 * the ReRU stream, initial replication) stays the engine's own. The plugin sees the engine's
 * state through the abstraction function (the shared view, traces/replication.ts) and the
 * context object its contract names, which the composition root supplies (the engine does not
 * know what is in it). A decision that breaks the plugin contract (not a permutation, an id the
 * plugin was not offered) throws {@link PluginContractError}, never a property verdict.
 */
import { UsageError } from '../../src/engine/errors.ts';
import type { ReplicationState, UpdateView } from '../../traces/replication.ts';
import { abstractState } from '../abstraction.ts';
import type { Ctx } from '../context.ts';
import type { OrderingPolicy } from './policy.ts';

/** The plugin contract's members the engine calls (model/mechanism.ts's OrderingMechanism, structurally). */
export interface PluginMechanism {
  readonly name: string;
  readonly description: string;
  readonly totalOrder: boolean;
  readonly localApply?: boolean;
  readonly mayUpdate?: unknown;
  stamp(ctx: unknown, s: ReplicationState, origin: number, item: number): number[];
  release(ctx: unknown, s: ReplicationState, server: number, collected: readonly number[]): number[];
  commit(ctx: unknown, s: ReplicationState, collected: readonly number[]): number[];
  arrange(ctx: unknown, updates: readonly UpdateView[], node: number, order: readonly number[], committed: number): readonly number[];
  peer(ctx: unknown, s: ReplicationState, from: number, to: number, candidates: readonly number[]): number[];
}

/** A plugin decision that breaks its contract: bad input, not a verdict (the CLI reports it as one line, exit 2). */
export class PluginContractError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = 'PluginContractError';
  }
}

/** Why the engine cannot run this plugin, or undefined. */
export function pluginUnsupported(p: PluginMechanism): string | undefined {
  if (p.mayUpdate !== undefined) return `plugin mechanism '${p.name}' defines mayUpdate, which the reference engine does not implement (it keeps the seed's single-publisher rule)`;
  return undefined;
}

function subsetOf(name: string, method: string, out: unknown, offered: readonly number[]): number[] {
  if (!Array.isArray(out) || out.some((u) => !offered.includes(u)) || new Set(out).size !== out.length) {
    throw new PluginContractError(`plugin mechanism '${name}': ${method} returned ${JSON.stringify(out)}, not a list of distinct ids among [${offered.join(', ')}]`);
  }
  return out as number[];
}

/** The engine policy that asks `plugin` (with its context object `context`) for every ordering decision. */
export function pluginPolicy(plugin: PluginMechanism, context: unknown): OrderingPolicy {
  const view = (ctx: Ctx) => abstractState(ctx.s, ctx.topo);
  return {
    name: plugin.name,
    description: plugin.description,
    totalOrder: plugin.totalOrder,
    localApply: plugin.localApply ?? true,
    clock: 'custom',
    holdBack: `plugin mechanism '${plugin.name}' releases none of them now`,
    stamp: (ctx, origin, item) => {
      const out = plugin.stamp(context, view(ctx), origin, item);
      if (!Array.isArray(out) || out.some((x) => typeof x !== 'number')) throw new PluginContractError(`plugin mechanism '${plugin.name}': stamp returned ${JSON.stringify(out)}, not a list of numbers`);
      return [...out];
    },
    release: (ctx, server, pending) => subsetOf(plugin.name, 'release', plugin.release(context, view(ctx), server, pending), pending),
    commit: (ctx, pending) => subsetOf(plugin.name, 'commit', plugin.commit(context, view(ctx), pending), pending),
    peer: (ctx, from, to, candidates) => subsetOf(plugin.name, 'peer', plugin.peer(context, view(ctx), from, to, candidates), candidates),
    arrange(ctx, node, item) {
      const store = ctx.rt(node).store;
      const order = store.rows[item];
      const out = plugin.arrange(context, view(ctx).updates, node, order, store.committed);
      const sorted = (xs: readonly number[]) => [...xs].sort((a, b) => a - b).join(',');
      if (!Array.isArray(out) || sorted(out) !== sorted(order)) {
        throw new PluginContractError(`plugin mechanism '${plugin.name}': arrange returned ${JSON.stringify(out)} for [${order.join(', ')}], not a permutation of it`);
      }
      store.rows[item] = [...out];
    },
  };
}
