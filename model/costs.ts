/**
 * The replication model's cost hooks for `replcheck compare` (CostHooks, src/engine/plugin.ts):
 * a *complete* state is a settled one (properties/settled.ts) in which every update has its
 * Global ID, no host is lost for good (nothing was lost to a fault) and no writer can generate
 * another update (budget used, or nothing it may write); work is an `update` step; a message is
 * an instance delivered by an acknowledged migration, a duplicated delivery, or a peer exchange
 * (fused send and delivery). Failed migrations are not messages (nothing was delivered).
 */
import type { CostHooks } from '../src/engine/plugin.ts';
import { makeStatics } from '../properties/context.ts';
import { isSettled } from '../properties/settled.ts';
import { anyLost } from '../properties/fault-view.ts';
import type { ReplicationState } from '../traces/replication.ts';
import { enumerateWrites } from './actions/local.ts';
import type { Act } from './actions/types.ts';
import type { ReplicationModel } from './replication.ts';

/** True when no node of `s` has an enabled `update` action. */
export function noWriterCanWrite(model: ReplicationModel, s: ReplicationState): boolean {
  const out: Act[] = [];
  for (let i = 0; i < model.topology.nodeCount; i++) {
    enumerateWrites(model.ctx, s, i, out);
    if (out.some((a) => a.t === 'update')) return false;
    out.length = 0;
  }
  return true;
}

/** True when every update written has its Global ID (none was lost on the way). */
function allNumbered(s: ReplicationState): boolean {
  for (const u of s.updates) if (u.gid === 0) return false;
  return true;
}

/** The cost hooks of a replication model. */
export function costHooks(model: ReplicationModel): CostHooks<ReplicationState, Act> {
  const st = makeStatics(model.topology.index, model.topology.config);
  return {
    // (Sweep 31a) Every update numbered too: under a fault model a settled state can have lost an
    // update (a crash erased it, a host was lost with it), and the shortest "complete" run was then
    // the one that lost the work (crash-cell: 5 steps and 1 message an update, against 22 and 6).
    // (Sweep 31d) And no host lost for good: a run that drops one after its update was numbered is
    // cheaper by the messages the host no longer receives (crash-host with permanent=1: 20 steps
    // and 5 messages against 22 and 6).
    complete: (s) => isSettled(st, s) && allNumbered(s) && !anyLost(s) && noWriterCanWrite(model, s),
    isWork: (a) => a.t === 'update',
    isMessage: (a) => (a.t === 'migrate' && a.ok) || a.t === 'duplicate' || a.t === 'peer',
  };
}
