/**
 * Strongly connected components of a subgraph of the explored graph, by Tarjan's algorithm
 * written iteratively (an explicit call stack in typed arrays: graphs have millions of states
 * and a recursive version would overflow the JS stack). Linear in states and edges.
 */
import type { EdgeList } from './graph.ts';

/** The components: `comp[v]` is v's component (or -1 for a state outside the subgraph). */
export interface Components {
  comp: Int32Array;
  count: number;
}

/**
 * The SCCs of the subgraph induced by the states `v < n` with `include[v] === 1` (edges to
 * states outside it are ignored). States not yet expanded in `edges` have no edges.
 */
export function stronglyConnected(n: number, edges: EdgeList, include: Uint8Array): Components {
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const comp = new Int32Array(n).fill(-1);
  const onStack = new Uint8Array(n);
  const stack = new Uint32Array(n);
  const callV = new Uint32Array(n);
  const callE = new Uint32Array(n);
  const targets = edges.targets;
  const endOf = (v: number) => (v < edges.expanded ? edges.end(v) : 0);
  const startOf = (v: number) => (v < edges.expanded ? edges.start(v) : 0);
  let sp = 0;
  let cp = 0;
  let next = 0;
  let count = 0;
  const push = (v: number) => {
    index[v] = low[v] = next++;
    stack[sp++] = v;
    onStack[v] = 1;
    callV[cp] = v;
    callE[cp] = startOf(v);
    cp++;
  };
  for (let root = 0; root < n; root++) {
    if (include[root] !== 1 || index[root] >= 0) continue;
    push(root);
    while (cp > 0) {
      const v = callV[cp - 1];
      const e = callE[cp - 1];
      if (e < endOf(v)) {
        callE[cp - 1] = e + 1;
        const w = targets[e];
        if (include[w] !== 1) continue;
        if (index[w] < 0) push(w);
        else if (onStack[w] === 1 && index[w] < low[v]) low[v] = index[w];
        continue;
      }
      cp--;
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = stack[--sp];
          onStack[w] = 0;
          comp[w] = count;
        } while (w !== v);
        count++;
      }
      if (cp > 0) {
        const u = callV[cp - 1];
        if (low[v] < low[u]) low[u] = low[v];
      }
    }
  }
  return { comp, count };
}
