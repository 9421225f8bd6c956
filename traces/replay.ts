/**
 * Replaying a trace against a reference engine: start the engine on the trace's configuration,
 * compare its abstracted initial state with step 0, apply each step's action (the engine may
 * refuse it), compare the state reached with the recorded one (first differing field, as a JSON
 * path with both values), and finally re-evaluate the trace's property on the engine's states
 * twice: with the property library the verdict came from, and with the engine's own judge
 * (reference/judge/, independent code); they must agree. A liveness (`alwaysReachable`) claim is
 * checked by exploring the engine's completing steps from the doomed state (see liveness.ts); a
 * lasso (`loop`, issue 11) by closing its loop in the engine and judging the loop (lasso.ts).
 * The report is a value; its JSON form is `replay --json`'s output.
 */
import type { Property, PropertyKind } from '../src/engine/property.ts';
import type { ReferenceEngineFactory, ReferenceDriver, TraceSetup } from '../src/engine/reference.ts';
import { checkLiveness, type LivenessCheck } from './liveness.ts';
import { checkLasso } from './lasso.ts';
import { UsageError } from '../src/engine/errors.ts';
import { watchStep } from '../src/engine/watch.ts';
import type { TraceFile } from './format.ts';
import { firstDifference, jsonPath, showValue } from './jsonpath.ts';

/** Where the engine and the trace part ways. `field` is a JSON path into the state, `action`, `loop` (issue 11: a lasso's loop does not close in the engine, see `path`), `verdict` (the library's re-evaluation differs from the trace), `judges` (the reference judge differs from the library: `trace` is the library's verdict, `engine` the judge's) or `liveness` (the exploration was cut by its bound). */
export interface Divergence {
  step: number;
  /** The step's label (or the action's rendering), `initial state` for step 0. */
  label: string;
  field: string;
  trace: unknown;
  engine: unknown;
  /** (Addition, issue 11) For `loop` (a lasso whose loop does not close in the engine): the JSON path of the first field where the engine's last state differs from its state at the loop's start (`trace` the value there, `engine` the value at the end). */
  path?: string;
}

/** The property re-evaluated on the engine's states. */
export interface VerdictCheck {
  property: string;
  kind: PropertyKind;
  trace: 'violated' | 'holds';
  /** `unchecked` when no property evaluator is available (see `reason`). */
  engine: 'violated' | 'holds' | 'unchecked';
  reason?: string;
}

/** (Addition, issue 10) The engine's own judge's verdict (reference/judge/), beside the library's `verdict`. */
export interface JudgeCheck {
  property: string;
  kind: PropertyKind;
  engine: 'violated' | 'holds' | 'unchecked';
  /** Safety: the first step whose state violates it. */
  step?: number;
  facts?: string[];
  reason?: string;
}

/** (Stop 29) How a replay explores: the bound of a liveness claim's exploration (default LIVENESS_MAX_STATES, liveness.ts). */
export interface ReplayOptions {
  livenessStates?: number;
}

/** The outcome of a replay (the `--json` object). */
export interface ReplayReport {
  /** (Stop 29) `undecided`: a liveness claim whose exploration hit its bound (`--max-states`) before it decided; exit 3. */
  result: 'reproduced' | 'diverged' | 'undecided' | 'invalid';
  /** Steps the engine reproduced (the initial state counts as one). */
  steps: number;
  divergence?: Divergence;
  /** The property library's re-evaluation on the engine's states. */
  verdict?: VerdictCheck;
  /** (Addition, issue 10) The reference judge's verdict. */
  reference?: JudgeCheck;
  /** (Addition, issue 10) Liveness traces: the exploration from the doomed state. */
  liveness?: LivenessCheck;
  /** (Addition, issue 10) The plugin mechanism the engine ran (its hash matched the trace's). */
  plugin?: { file: string; sha256: string };
  /** For `invalid`: one line per problem. */
  errors?: string[];
}

/** The setup a trace describes. */
export function traceSetup(trace: TraceFile): TraceSetup {
  return { model: trace.model, config: trace.config, mechanism: trace.mechanism, params: trace.params, initial: trace.steps[0]?.state };
}

/** The engine's verdict for a property over the states of a path (see reference/README.md, "Verdicts"). */
export function evaluateVerdict(kind: PropertyKind, check: (s: unknown) => unknown, states: unknown[], loop?: number): 'violated' | 'holds' {
  const ok = (s: unknown) => check(s) === true;
  // (Issue 12) eventually: a lasso's goal fails on every state of its loop (from `loop` to the
  // end), a run that stops fails it at its last state (a necessary condition: that no fair path
  // leaves needs the model's graph; the reference judge also checks that no completing step applies).
  if (kind === 'eventually') return states.slice(loop !== undefined && loop >= 0 ? loop : states.length - 1).some(ok) ? 'holds' : 'violated';
  if (kind === 'always') return states.every(ok) ? 'holds' : 'violated';
  if (kind === 'sometimes') return states.some(ok) ? 'holds' : 'violated';
  // alwaysReachable: a counterexample ends in a state the goal does not hold in (a necessary
  // condition; that no goal state is reachable from it needs exploration, not replay).
  return ok(states[states.length - 1]) ? 'holds' : 'violated';
}

function labelOf(trace: TraceFile, i: number, driver?: ReferenceDriver): string {
  const step = trace.steps[i];
  if (i === 0) return 'initial state';
  if (step.label) return step.label;
  return driver?.describe ? driver.describe(step.action) : JSON.stringify(step.action);
}

/** Replays a validated trace. Throws UsageError (from the factory) for a configuration it cannot start. */
export function replayTrace(trace: TraceFile, factory: ReferenceEngineFactory, plugin?: TraceSetup['plugin'], options: ReplayOptions = {}): ReplayReport {
  if (trace.model !== factory.model) {
    return { result: 'invalid', steps: 0, errors: [`model '${trace.model}' is not supported by the reference engine (it replays '${factory.model}' traces)`] };
  }
  const setup: TraceSetup = { ...traceSetup(trace), ...(plugin ? { plugin } : {}) };
  const why = factory.unsupported(setup);
  if (why) return { result: 'invalid', steps: 0, errors: [why] };
  const prop = resolveProperty(trace, factory, setup);
  // Issue 16: a property the model does not define (or as another kind) is refused, never reported as reproduced.
  if ('refused' in prop) return { result: 'invalid', steps: 0, errors: [prop.refused] };
  const driver = factory.start(setup);
  const views: unknown[] = [];
  for (let i = 0; i < trace.steps.length; i++) {
    const step = trace.steps[i];
    const label = labelOf(trace, i, driver);
    if (i > 0) {
      watchStep(i); // named by the plugin watchdog if a plugin method never returns here
      let outcome;
      try {
        outcome = driver.apply(step.action);
      } catch (e) {
        if (e instanceof UsageError) throw e; // e.g. a plugin mechanism breaking its contract: exit 2, not a divergence
        outcome = { ok: false as const, message: `internal error: ${(e as Error).message}` };
      }
      if (!outcome.ok) {
        return { result: 'diverged', steps: i, divergence: { step: i, label, field: 'action', trace: step.action, engine: `refused: ${outcome.message}` } };
      }
    }
    const view = driver.view();
    const diff = firstDifference(step.state, view);
    if (diff) return { result: 'diverged', steps: i, divergence: { step: i, label, field: jsonPath(diff.path), trace: diff.a, engine: diff.b } };
    views.push(view);
  }
  const base = { property: trace.property.name, kind: trace.property.kind, trace: trace.verdict };
  const last = trace.steps.length - 1;
  const at = (step: number, field: string, t: unknown, e: unknown): Divergence => ({ step, label: labelOf(trace, step, driver), field, trace: t, engine: e });
  let verdict: VerdictCheck;
  let reference: JudgeCheck;
  let liveness: LivenessCheck | undefined;
  if (trace.property.kind === 'alwaysReachable' && driver.explore) {
    const live = checkLiveness(trace, driver, 'unchecked' in prop ? prop.unchecked : prop.check, options.livenessStates);
    ({ verdict, reference, liveness } = live);
    const doomed = liveness.doomedAt;
    if (live.cut && !liveness.escape) return { result: 'undecided', steps: trace.steps.length, verdict, reference, liveness, divergence: at(doomed, 'liveness', trace.verdict, 'undecided') };
  } else if (trace.property.kind === 'eventually' && leadsToShape(trace)) {
    // (Issue 11) A lasso: the loop must close in the engine, with the goal failing all along it (a dead end: at its last state).
    const lasso = checkLasso(trace, views, driver, prop);
    ({ verdict, reference } = lasso);
    if (lasso.open) return { result: 'diverged', steps: trace.steps.length, verdict, reference, divergence: { ...at(last, 'loop', lasso.open.start, lasso.open.end), path: lasso.open.field } };
  } else {
    verdict = 'unchecked' in prop
      ? { ...base, engine: 'unchecked', reason: prop.unchecked }
      : { ...base, engine: evaluateVerdict(prop.kind, prop.check, views, trace.loop) };
    reference = judgeCheck(trace, driver);
  }
  const where = liveness ? liveness.doomedAt : trace.property.kind === 'eventually' && leadsToShape(trace) ? (trace.loop ?? last) : last;
  if (verdict.engine !== 'unchecked' && verdict.engine !== verdict.trace) {
    return { result: 'diverged', steps: trace.steps.length, verdict, reference, liveness, divergence: at(where, 'verdict', verdict.trace, verdict.engine) };
  }
  const expected = verdict.engine === 'unchecked' ? verdict.trace : verdict.engine;
  if (reference.engine !== 'unchecked' && reference.engine !== expected) {
    const field = verdict.engine === 'unchecked' ? 'verdict' : 'judges';
    return { result: 'diverged', steps: trace.steps.length, verdict, reference, liveness, divergence: at(reference.step ?? where, field, expected, reference.engine) };
  }
  return { result: 'reproduced', steps: trace.steps.length, verdict, reference, ...(liveness ? { liveness } : {}) };
}

/** The reference judge's verdict on a safety trace (unchecked when the driver has no judge or the judge lacks the property). */
function judgeCheck(trace: TraceFile, driver: ReferenceDriver): JudgeCheck {
  const base = { property: trace.property.name, kind: trace.property.kind };
  const out = driver.judge?.(trace.property, trace.loop);
  if (!out) return { ...base, engine: 'unchecked', reason: driver.judge ? `the reference judge does not decide '${trace.property.name}' (${trace.property.kind})` : 'the engine has no judge' };
  return { ...base, engine: out.verdict, ...(out.step !== undefined ? { step: out.step } : {}), ...(out.facts ? { facts: out.facts } : {}) };
}

/**
 * The trace's property from the factory's library; or why its verdict cannot be re-evaluated
 * (`unchecked`: no evaluator wired, or a property the model defines that cannot be evaluated
 * on a path); or why the trace is refused (`refused`: a property the model does not define, or
 * one of another kind; issue 16).
 */
function resolveProperty(trace: TraceFile, factory: ReferenceEngineFactory, setup: TraceSetup): Property<unknown> | { unchecked: string } | { refused: string } {
  if (!factory.properties) return { unchecked: 'no property evaluator is wired for this model' };
  const props = factory.properties(setup);
  const name = trace.property.name;
  const prop = props.find((p) => p.name === name);
  if (!prop) {
    if (factory.propertyNames?.(setup).includes(name)) return { unchecked: `property '${name}' cannot be re-evaluated on a replayed path` };
    return { refused: `property '${name}' is not a property of model '${trace.model}' (known: ${props.map((p) => p.name).join(', ')})` };
  }
  if (prop.kind !== trace.property.kind) return { refused: `property '${prop.name}' is ${prop.kind} in the library but ${trace.property.kind} in the trace` };
  // (Issue 11) A transition verdict needs the model's actions; replay reproduces the states and
  // leaves it unchecked rather than guess. A leads-to counterexample (a lasso, or a dead end) is
  // checked on its loop (lasso.ts); one whose `loop` is not a step index is left unchecked.
  if (prop.kind === 'transition' || (prop.kind === 'eventually' && !leadsToShape(trace))) return { unchecked: `${prop.kind} verdicts are not re-evaluated by replay (only the states are reproduced)` };
  return prop;
}

/** True for a leads-to counterexample replay can judge: a dead end (no `loop`), or a lasso whose last state loops back to step `loop`. */
function leadsToShape(trace: TraceFile): boolean {
  return trace.loop === undefined || (Number.isInteger(trace.loop) && trace.loop >= 0 && trace.loop < trace.steps.length - 1);
}

/** One-line text for a divergence: `step 7 (execute c1/2): nodes[3].order[0]: trace [0,2] engine [2,0]`. */
export function formatDivergence(d: Divergence): string {
  if (d.field === 'action') return `step ${d.step} (${d.label}): the engine ${String(d.engine)}`;
  if (d.field === 'judges') return `step ${d.step} (${d.label}): the judges disagree: the property library says ${String(d.trace)}, the reference judge says ${String(d.engine)}`;
  if (d.field === 'loop') return `step ${d.step} (${d.label}): the loop does not close in the engine: ${d.path ?? 'the state'} is ${showValue(d.engine)} after the last step but was ${showValue(d.trace)} at the loop's start`;
  if (d.field === 'liveness') return `step ${d.step} (${d.label}): the liveness claim is undecided: the exploration of completing steps hit its bound without reaching a goal state or exhausting the states`;
  return `step ${d.step} (${d.label}): ${d.field}: trace ${showValue(d.trace)} engine ${showValue(d.engine)}`;
}
