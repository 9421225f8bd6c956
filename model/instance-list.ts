/**
 * The state's instance list and agent trails: the binary search in the instance list (sorted by
 * (from, n)), the resident IIRA activity derived from a node's instances, and the shared trails
 * of sent and delivered instances (trails are replaced, never edited).
 */
import type { AgentState, InstanceView } from '../traces/replication.ts';
import { append } from './lists.ts';

/** The trail of an instance when it starts migrating (shared: trails are replaced, never edited). */
export const SENT_TRAIL: AgentState[] = ['monitoring', 'retrieving', 'creating', 'migrating'];
/** The trail of a delivered instance that was sent with {@link SENT_TRAIL}. */
const DELIVERED_TRAIL: AgentState[] = ['monitoring', 'retrieving', 'creating', 'migrating', 'executing'];

/** `trail` followed by `state` (a new list, or the shared one for the common case: issue 17). */
export function extendTrail(trail: readonly AgentState[], state: AgentState): AgentState[] {
  if (trail === SENT_TRAIL && state === 'executing') return DELIVERED_TRAIL;
  return append(trail, state);
}

/** Binary search for instance `from/n` in a list sorted by (from, n); -1 if absent. */
export function findInstance(list: readonly InstanceView[], from: number, n: number): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = list[mid]!;
    const cmp = x.from - from || x.n - n;
    if (cmp === 0) return mid;
    if (cmp < 0) lo = mid + 1; else hi = mid - 1;
  }
  return -1;
}

/**
 * A node's resident IIRA activity, derived from the instances it created: `migrating` while one
 * of them waits for its acknowledged transfer, `creating` while one is created but not yet sent
 * (an initial-replication instance waiting to be served), else `monitoring`.
 */
export function agentOf(instances: readonly InstanceView[], i: number): AgentState {
  let creating = false;
  for (let k = 0; k < instances.length; k++) {
    const x = instances[k]!;
    if (x.from !== i) continue;
    if (x.state === 'migrating') return 'migrating';
    if (x.state === 'creating') creating = true;
  }
  return creating ? 'creating' : 'monitoring';
}
