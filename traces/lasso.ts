/**
 * (Issue 11) Replaying a lasso counterexample of a leads-to (`eventually`) property: the trace's
 * steps are a stem and a loop, its last state equal to the state at `loop`. Once the engine has
 * followed every step (replay.ts compares each state), the lasso is reproduced when
 * 1. the engine's state after the last step equals its state after step `loop` (the loop closes
 *    in the engine, not just in the trace), and
 * 2. the property library's goal fails at every state of the loop, after a trigger state whose
 *    goal failed from there on (the starved work is still not done, forever), and
 * 3. the engine's own judge, when it decides the property, agrees: its goal fails all along the
 *    loop and the loop is weakly fair in the engine's terms (every completing kind is taken in
 *    it or disabled somewhere on it; see reference/judge/progress.ts).
 * A lasso whose loop does not close, or whose goal holds somewhere on the loop, diverges.
 * A trace without `loop` is a dead end: the run stops at its last state, checked the same way
 * with the loop reduced to that state (the engine's judge: no completing step enabled there).
 */
import type { Property } from '../src/engine/property.ts';
import type { ReferenceDriver } from '../src/engine/reference.ts';
import type { TraceFile } from './format.ts';
import { firstDifference, jsonPath } from './jsonpath.ts';
import type { JudgeCheck, VerdictCheck } from './replay.ts';

/** What replaying a lasso found: both verdicts, and where the loop fails to close (if it does). */
export interface LassoCheck {
  verdict: VerdictCheck;
  reference: JudgeCheck;
  /** The loop does not close in the engine: the first differing field of the two states. */
  open?: { field: string; start: unknown; end: unknown };
}

/** The library's verdict on the lasso `views` (loop from `loop` to the last state). */
function libraryVerdict(prop: Property<unknown>, views: readonly unknown[], loop: number): 'violated' | 'holds' {
  const fails = (v: unknown) => prop.check(v) !== true;
  for (let k = loop; k < views.length; k++) if (!fails(views[k])) return 'holds';
  // A trigger state at or before the loop's start, from which the goal never held again.
  for (let k = loop; k >= 0 && fails(views[k]); k--) if (prop.trigger?.(views[k]) ?? true) return 'violated';
  return 'holds';
}

/** Checks the lasso of `trace` replayed as `views` (one per step) by `driver`. */
export function checkLasso(trace: TraceFile, views: readonly unknown[], driver: ReferenceDriver, prop: Property<unknown> | { unchecked: string }): LassoCheck {
  const last = views.length - 1;
  const loop = trace.loop ?? last;
  const base = { property: trace.property.name, kind: trace.property.kind };
  const diff = loop < last ? firstDifference(views[loop], views[last]) : undefined;
  const verdict: VerdictCheck = 'unchecked' in prop
    ? { ...base, trace: trace.verdict, engine: 'unchecked', reason: prop.unchecked }
    : { ...base, trace: trace.verdict, engine: libraryVerdict(prop, views, loop) };
  const own = driver.judgeLoop?.(trace.property, loop);
  const reference: JudgeCheck = own
    ? { ...base, engine: own.verdict, ...(own.step !== undefined ? { step: own.step } : {}), ...(own.facts ? { facts: own.facts } : {}) }
    : { ...base, engine: 'unchecked', reason: driver.judgeLoop ? `the reference judge does not decide '${trace.property.name}' (${trace.property.kind})` : 'the engine has no loop judge' };
  return { verdict, reference, ...(diff ? { open: { field: jsonPath(diff.path), start: diff.a, end: diff.b } } : {}) };
}
