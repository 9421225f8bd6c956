/**
 * Replaying a liveness (`alwaysReachable`) counterexample proves its claim: the trace says that
 * from its doomed state (`doomedAt`, else the last step) no goal state is reachable by completing
 * steps. The reference engine explores its own completing steps from that state, breadth-first
 * and exhaustively up to a bound (reference/explore.ts), once for the property library's goal
 * and once for its own judge's. A judge reproduces the claim only when no goal state is
 * reachable; when one is, the report carries the completing steps that reach it.
 */
import type { ReferenceDriver } from '../src/engine/reference.ts';
import type { TraceFile } from './format.ts';
import type { JudgeCheck, VerdictCheck } from './replay.ts';

/** States the exploration may visit before it gives up (undecided). */
export const LIVENESS_MAX_STATES = 20_000;

/** The exploration's outcome in the report (`replay --json`'s `liveness`). */
export interface LivenessCheck {
  /** The step the claim is about. */
  doomedAt: number;
  /** Distinct states explored by completing steps. */
  states: number;
  /** True when the exploration covered every state reachable by completing steps. */
  exhausted: boolean;
  /** The completing steps explored. */
  steps: string;
  /** When a goal state is reachable: the judge whose goal it is (`library` or `reference`) and the completing steps that reach it. */
  escape?: { judge: string; path: string[] };
}

/** Verdicts of both judges on a liveness trace; `cut` when the bound stopped the exploration before it decided. */
export function checkLiveness(trace: TraceFile, driver: ReferenceDriver, library: ((s: unknown) => unknown) | string, maxStates = LIVENESS_MAX_STATES): {
  verdict: VerdictCheck; reference: JudgeCheck; liveness: LivenessCheck; cut: boolean;
} {
  const last = trace.steps.length - 1;
  const doomedAt = trace.doomedAt !== undefined && trace.doomedAt >= 0 && trace.doomedAt <= last ? trace.doomedAt : last;
  const goals: Record<string, (v: unknown) => boolean> = typeof library === 'string' ? {} : { library: (v) => library(v) === true };
  const out = driver.explore!(doomedAt, trace.property, goals, maxStates);
  const decide = (k: string): 'holds' | 'violated' | undefined => (out.reached[k] ? 'holds' : out.exhausted ? 'violated' : undefined);
  const base = { property: trace.property.name, kind: trace.property.kind };
  let cut = false;
  let verdict: VerdictCheck;
  if (typeof library === 'string') verdict = { ...base, trace: trace.verdict, engine: 'unchecked', reason: library };
  else {
    const v = decide('library');
    if (!v) cut = true;
    verdict = v ? { ...base, trace: trace.verdict, engine: v } : { ...base, trace: trace.verdict, engine: 'unchecked', reason: `the exploration stopped at ${out.states} states without reaching a goal state` };
  }
  let reference: JudgeCheck;
  if (!('reference' in out.reached)) reference = { ...base, engine: 'unchecked', reason: `the reference judge does not decide '${trace.property.name}'` };
  else {
    const v = decide('reference');
    if (!v) cut = true;
    reference = v ? { ...base, engine: v } : { ...base, engine: 'unchecked', reason: `the exploration stopped at ${out.states} states without reaching a goal state` };
  }
  const judge = out.reached.library ? 'library' : out.reached.reference ? 'reference' : undefined;
  const liveness: LivenessCheck = {
    doomedAt, states: out.states, exhausted: out.exhausted, steps: out.steps,
    ...(judge ? { escape: { judge, path: out.reached[judge]! } } : {}),
  };
  return { verdict, reference, liveness, cut };
}
