/**
 * The judge's reading of the run's history, from the engine's own records (reference/state.ts):
 * happens-before over generated updates (spec "Happens-before": same origin and generated first;
 * visible at the later one's origin when it was generated, by any path; transitively), the
 * names used in facts, and which replica holds which item. Written from
 * /work/shared/spec/properties.md; shares no code with properties/ or model/.
 */
import type { EngineState } from '../state.ts';
import type { Topology } from '../topology.ts';
import type { NodePeriods } from './periods.ts';

/** What every judge check reads besides the state. */
export interface JudgeScope {
  topo: Topology;
  /** Node ids by index. */
  ids: string[];
}

/**
 * What the judge knows about the run a state belongs to: the causal pasts (computed on the run's
 * last state: an update's deps are fixed when it is generated, so they hold for every earlier
 * state too), the holding periods, and the index of the state being judged.
 */
export interface RunScope extends JudgeScope {
  past: Set<number>[];
  periods: NodePeriods[];
  step: number;
}

/** The judge scope of a topology. */
export function judgeScope(topo: Topology): JudgeScope {
  return { topo, ids: topo.nodes.map((n) => n.id) };
}

/** `origin#seq` of update `u`. */
export function nameOf(j: JudgeScope, s: EngineState, u: number): string {
  const r = s.updates[u];
  return r ? `${j.ids[r.origin]}#${r.seq}` : `update ${u}`;
}

/** True when node `r` replicates item `d` now. */
export function holdsItem(j: JudgeScope, s: EngineState, r: number, d: number): boolean {
  const store = s.nodes[r].store;
  // (Issue 13) an item the user did not select is not replicated (def 3.1.3).
  return (store.objects & (1 << j.topo.items[d].object)) !== 0 && !store.unselected?.includes(d);
}

/** True for the MS, zone and cell servers. */
export function isServer(j: JudgeScope, r: number): boolean {
  const k = j.topo.nodes[r].kind;
  return k === 'master' || k === 'zone' || k === 'cell';
}

/**
 * Every update's strict causal past: `past[v]` holds each `u` with `u -> v`. The direct edges
 * are the origin's previous update (by sequence number) and the recorded deps (what the origin
 * had merged when it generated `v`); the closure is taken by depth-first search.
 */
export function causalPasts(s: EngineState): Set<number>[] {
  const n = s.updates.length;
  const direct: number[][] = s.updates.map((r) => r.deps.filter((d) => d >= 0 && d < n));
  const byOriginSeq = new Map<string, number>();
  s.updates.forEach((r, u) => byOriginSeq.set(`${r.origin}#${r.seq}`, u));
  s.updates.forEach((r, v) => {
    const prev = byOriginSeq.get(`${r.origin}#${r.seq - 1}`);
    if (prev !== undefined && prev !== v) direct[v].push(prev);
  });
  const past: (Set<number> | undefined)[] = new Array(n);
  const visit = (v: number, onStack: Set<number>): Set<number> => {
    const done = past[v];
    if (done) return done;
    const out = new Set<number>();
    onStack.add(v);
    for (const u of direct[v]) {
      out.add(u);
      if (onStack.has(u)) continue; // a malformed (cyclic) history: keep the edge, stop the walk
      for (const w of visit(u, onStack)) out.add(w);
    }
    onStack.delete(v);
    past[v] = out;
    return out;
  };
  for (let v = 0; v < n; v++) visit(v, new Set());
  return past as Set<number>[];
}

/** Every update merged at node `r` now (the rows of its value sequences). */
export function merged(s: EngineState, r: number): Set<number> {
  const out = new Set<number>();
  for (const rows of s.nodes[r].store.rows) for (const u of rows) out.add(u);
  return out;
}

/** Member node indices. */
export function members(s: EngineState): number[] {
  return s.nodes.flatMap((n, i) => (n.member ? [i] : []));
}
