/**
 * Deciding `alwaysReachable(p)` (AG EF p over completing actions: the search keeps only drain
 * edges, see search-core.ts) on an explored graph: reverse reachability from the goal states. Every state that can reach a goal is marked by a breadth-first search over the
 * reversed edges; the violation, if any, is the unmarked state with the lowest id, which (ids
 * being assigned breadth-first) is a shallowest state from which no goal can be reached.
 */
import type { Bitset, EdgeList } from './graph.ts';
import { DRAIN_BIT } from './kinds.ts';

/** The reversed graph, in CSR form: `sources[starts[id] .. starts[id + 1])` are `id`'s predecessors. */
export interface ReverseGraph {
  starts: Uint32Array;
  sources: Uint32Array;
}

/** Builds the reversed graph of `edges` over states `0 .. n - 1`. */
export function reverseGraph(n: number, edges: EdgeList): ReverseGraph {
  // With edge codes (kept for `eventually`) every edge is stored: only completing (drain) edges
  // count here (issue 10); without codes the list holds only those.
  const codes = edges.codes;
  const keep = (e: number) => codes === null || (codes[e] & DRAIN_BIT) !== 0;
  const starts = new Uint32Array(n + 1);
  const targets = edges.targets;
  for (let e = 0; e < edges.length; e++) if (keep(e)) starts[targets[e] + 1]++;
  for (let id = 0; id < n; id++) starts[id + 1] += starts[id];
  const fill = starts.slice(0, n);
  const sources = new Uint32Array(starts[n]);
  for (let from = 0; from < edges.expanded; from++) {
    const end = edges.end(from);
    for (let e = edges.start(from); e < end; e++) if (keep(e)) sources[fill[targets[e]]++] = from;
  }
  return { starts, sources };
}

/**
 * The lowest id among states `0 .. n - 1` from which no state in `goals` is reachable, or -1
 * when every state can reach a goal.
 */
export function firstStuckState(n: number, reverse: ReverseGraph, goals: Bitset): number {
  const reached = new Uint8Array(n);
  const queue = new Uint32Array(n);
  let tail = 0;
  for (let id = 0; id < n; id++) {
    if (goals.has(id)) {
      reached[id] = 1;
      queue[tail++] = id;
    }
  }
  const { starts, sources } = reverse;
  for (let head = 0; head < tail; head++) {
    const id = queue[head];
    for (let e = starts[id]; e < starts[id + 1]; e++) {
      const from = sources[e];
      if (reached[from] === 0) {
        reached[from] = 1;
        queue[tail++] = from;
      }
    }
  }
  for (let id = 0; id < n; id++) if (reached[id] === 0) return id;
  return -1;
}
