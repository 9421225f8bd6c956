/**
 * Replaying a trace against a reference engine: start the engine on the trace's configuration,
 * compare its abstracted initial state with step 0, apply each step's action (the engine may
 * refuse it), compare the state reached with the recorded one (first differing field, as a JSON
 * path with both values), and finally re-evaluate the trace's property on the engine's states.
 * The report is a value; its JSON form is `replay --json`'s output.
 */
import type { Property, PropertyKind } from '../src/engine/property.ts';
import type { ReferenceEngineFactory, ReferenceDriver, TraceSetup } from '../src/engine/reference.ts';
import type { TraceFile } from './format.ts';
import { firstDifference, jsonPath, showValue } from './jsonpath.ts';

/** Where the engine and the trace part ways. `field` is a JSON path into the state, `action`, or `verdict`. */
export interface Divergence {
  step: number;
  /** The step's label (or the action's rendering), `initial state` for step 0. */
  label: string;
  field: string;
  trace: unknown;
  engine: unknown;
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

/** The outcome of a replay (the `--json` object). */
export interface ReplayReport {
  result: 'reproduced' | 'diverged' | 'invalid';
  /** Steps the engine reproduced (the initial state counts as one). */
  steps: number;
  divergence?: Divergence;
  verdict?: VerdictCheck;
  /** For `invalid`: one line per problem. */
  errors?: string[];
}

/** The setup a trace describes. */
export function traceSetup(trace: TraceFile): TraceSetup {
  return { model: trace.model, config: trace.config, mechanism: trace.mechanism, params: trace.params };
}

/** The engine's verdict for a property over the states of a path (see reference/README.md, "Verdicts"). */
export function evaluateVerdict(kind: PropertyKind, check: (s: unknown) => unknown, states: unknown[]): 'violated' | 'holds' {
  const ok = (s: unknown) => check(s) === true;
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
export function replayTrace(trace: TraceFile, factory: ReferenceEngineFactory): ReplayReport {
  if (trace.model !== factory.model) {
    return { result: 'invalid', steps: 0, errors: [`model '${trace.model}' is not supported by the reference engine (it replays '${factory.model}' traces)`] };
  }
  const setup = traceSetup(trace);
  const why = factory.unsupported(setup);
  if (why) return { result: 'invalid', steps: 0, errors: [why] };
  const prop = resolveProperty(trace, factory, setup);
  const driver = factory.start(setup);
  const views: unknown[] = [];
  for (let i = 0; i < trace.steps.length; i++) {
    const step = trace.steps[i];
    const label = labelOf(trace, i, driver);
    if (i > 0) {
      let outcome;
      try {
        outcome = driver.apply(step.action);
      } catch (e) {
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
  const verdict: VerdictCheck = typeof prop === 'string'
    ? { ...base, engine: 'unchecked', reason: prop }
    : { ...base, engine: evaluateVerdict(prop.kind, prop.check, views) };
  if (verdict.engine !== 'unchecked' && verdict.engine !== verdict.trace) {
    const last = trace.steps.length - 1;
    return {
      result: 'diverged',
      steps: trace.steps.length,
      verdict,
      divergence: { step: last, label: labelOf(trace, last, driver), field: 'verdict', trace: verdict.trace, engine: verdict.engine },
    };
  }
  return { result: 'reproduced', steps: trace.steps.length, verdict };
}

/** The trace's property from the factory's library, or why it cannot be re-evaluated (none wired, not in the library, another kind). */
function resolveProperty(trace: TraceFile, factory: ReferenceEngineFactory, setup: TraceSetup): Property<unknown> | string {
  if (!factory.properties) return 'no property evaluator is wired for this model';
  const props = factory.properties(setup);
  const prop = props.find((p) => p.name === trace.property.name);
  if (!prop) return `property '${trace.property.name}' is not in the property library built for the engine (it has ${props.length} others)`;
  if (prop.kind !== trace.property.kind) return `property '${prop.name}' is ${prop.kind} in the library but ${trace.property.kind} in the trace`;
  // (Issue 11) A transition verdict needs the model's actions and a leads-to verdict the whole
  // graph; replay reproduces the states and leaves those verdicts unchecked rather than guess.
  if (prop.kind === 'transition' || prop.kind === 'eventually') return `${prop.kind} verdicts are not re-evaluated by replay (only the states are reproduced)`;
  return prop;
}

/** One-line text for a divergence: `step 7 (execute c1/2): nodes[3].order[0]: trace [0,2] engine [2,0]`. */
export function formatDivergence(d: Divergence): string {
  if (d.field === 'action') return `step ${d.step} (${d.label}): the engine ${String(d.engine)}`;
  return `step ${d.step} (${d.label}): ${d.field}: trace ${showValue(d.trace)} engine ${showValue(d.engine)}`;
}
