/**
 * Liveness claims checked in the engine: from a state a counterexample calls doomed, explore the
 * engine's completing steps breadth-first, exhaustively up to a bound, with a dedup set on the
 * abstract view, and report for each goal the shortest way out (or that none exists among the
 * states explored). Completing steps (spec "Eventual consistency", liveness: "protocol and
 * reconnect steps alone, no new updates") are the protocol's own work: `send`, a successful
 * `migrate`, `execute`, `order`, `peer`, and `reconnect`, and under faults `recover`, `reregister` and `heal`. Updates, reads, disconnections, moves,
 * joins, interest changes, failed transfers and duplicated deliveries are not.
 */
import type { ReplicationAction, ReplicationState } from '../traces/replication.ts';
import { describeAction, ReferenceEngine } from './engine.ts';
import { engineEnabled } from './scheduler.ts';
import type { EngineState } from './state.ts';

/** True for a step that completes work already started and creates none. */
export function isCompleting(a: ReplicationAction): boolean {
  switch (a.type) {
    case 'send': case 'execute': case 'order': case 'peer': case 'reconnect': return true;
    // (Issue 12) a crashed node's recovery and a partition's healing complete a fault, create no work
    case 'recover': case 'reregister': case 'heal': return true;
    case 'migrate': return a.ok;
    default: return false;
  }
}

/** A goal on a reached state: its view and the engine's full state. */
export type Goal = (view: ReplicationState, state: EngineState) => boolean;

/** The outcome of an exploration. */
export interface Exploration {
  /** Distinct views reached (the start included). */
  states: number;
  /** True when every state reachable by completing steps was explored (false: the bound cut the search, or it stopped once every goal was reached). */
  exhausted: boolean;
  /** Per goal: the completing steps (one line each) of a shortest path to a goal state, or null when none was found. */
  reached: Record<string, string[] | null>;
}

interface Node {
  engine: ReferenceEngine;
  parent: number;
  step: string;
}

/** Breadth-first search over completing steps from `start` (not modified), stopping once every goal is reached or `maxStates` views were seen. */
export function exploreCompleting(start: ReferenceEngine, goals: Record<string, Goal>, maxStates: number): Exploration {
  const names = Object.keys(goals);
  const reached: Record<string, string[] | null> = Object.fromEntries(names.map((n) => [n, null]));
  const nodes: Node[] = [{ engine: start.fork(), parent: -1, step: '' }];
  const seen = new Set<string>([JSON.stringify(start.view())]);
  const pathTo = (k: number): string[] => {
    const out: string[] = [];
    for (let at = k; at > 0; at = nodes[at].parent) out.push(nodes[at].step);
    return out.reverse();
  };
  let open = names.length;
  let cut = false;
  for (let k = 0; k < nodes.length && open > 0; k++) {
    const { engine } = nodes[k];
    const view = engine.view();
    for (const g of names) {
      if (reached[g] === null && goals[g](view, engine.current)) { reached[g] = pathTo(k); open--; }
    }
    if (open === 0) break;
    for (const a of engineEnabled(engine)) {
      if (!isCompleting(a)) continue;
      const next = engine.fork();
      if (next.apply(a) !== undefined) continue;
      const key = JSON.stringify(next.view());
      if (seen.has(key)) continue;
      if (seen.size >= maxStates) { cut = true; continue; }
      seen.add(key);
      nodes.push({ engine: next, parent: k, step: describeAction(a) });
    }
    nodes[k] = { ...nodes[k], engine: undefined as unknown as ReferenceEngine }; // expanded: free it
  }
  return { states: seen.size, exhausted: !cut && open > 0, reached };
}
