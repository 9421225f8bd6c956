/**
 * Witness counting (issue 11): per property, how many checked states or steps exercised it.
 *
 * A property with an antecedent counts the states where `antecedent.state` held plus the steps
 * where `antecedent.transition` held. A property without one counts what it was evaluated on:
 * `transition` properties the steps checked, `eventually` properties with a trigger the states
 * where the trigger held, every other property the states checked. Both explorers feed a
 * {@link WitnessCounter}: `check` every distinct state and every explored transition, `simulate`
 * the states its walks check (at the `checkEvery` cadence) and every step of its search walks.
 */
import type { Property } from './property.ts';
import { UsageError } from './errors.ts';

/** What a property's witnesses are, as a phrase after "never" ("vacuous: never a commit"). */
export function witnessDescription(p: Property<any, any>): string {
  if (p.antecedent) return p.antecedent.description;
  if (p.kind === 'transition') return 'took a step';
  if (p.kind === 'eventually' && p.trigger) return `reached a state where the trigger of ${p.name} holds`;
  return 'checked a state';
}

/** Counts the witnesses of a fixed list of properties (indices follow that list). */
export class WitnessCounter<S, A> {
  /** Witnesses per property. */
  readonly counts: number[];
  /** States shown to {@link state}. */
  states = 0;
  /** Steps shown to {@link step}. */
  steps = 0;
  private readonly stateIndex: number[] = [];
  private readonly stateTest: ((s: S) => boolean)[] = [];
  private readonly stepIndex: number[] = [];
  private readonly stepTest: ((s: S, a: A, t: S) => boolean)[] = [];
  /** Properties counted by plain states or steps (no antecedent, no trigger). */
  private readonly byStates: number[] = [];
  private readonly bySteps: number[] = [];
  /** Indices of properties with an antecedent that has no witness yet. */
  private unwitnessed: Set<number>;

  readonly properties: readonly Property<S, A>[];

  constructor(properties: readonly Property<S, A>[]) {
    this.properties = properties;
    this.counts = properties.map(() => 0);
    properties.forEach((p, i) => {
      const a = p.antecedent;
      if (a) {
        if (typeof a.state !== 'function' && typeof a.transition !== 'function') {
          throw new UsageError(`the antecedent of property ${p.name} needs a state or a transition predicate`);
        }
        if (a.state) {
          this.stateIndex.push(i);
          this.stateTest.push(a.state);
        }
        if (a.transition) {
          this.stepIndex.push(i);
          this.stepTest.push(a.transition);
        }
      } else if (p.kind === 'eventually' && p.trigger) {
        this.stateIndex.push(i);
        this.stateTest.push(p.trigger);
      } else if (p.kind === 'transition') this.bySteps.push(i);
      else this.byStates.push(i);
    });
    this.unwitnessed = new Set(properties.flatMap((p, i) => (p.antecedent || (p.kind === 'eventually' && p.trigger) ? [i] : [])));
  }

  /** True when a step must be shown to {@link step} (some witness is counted on steps). */
  get watchesSteps(): boolean {
    return this.stepTest.length > 0 || this.bySteps.length > 0;
  }

  /** True when every property with an antecedent (or trigger) has a witness. */
  get satisfied(): boolean {
    return this.unwitnessed.size === 0;
  }

  /** Counts a checked state. */
  state(s: S): void {
    this.states++;
    const tests = this.stateTest;
    for (let k = 0; k < tests.length; k++) {
      if (tests[k](s)) this.hit(this.stateIndex[k]);
    }
  }

  /** Counts a step from `s` by `a` to `t`. */
  step(s: S, a: A, t: S): void {
    this.steps++;
    const tests = this.stepTest;
    for (let k = 0; k < tests.length; k++) {
      if (tests[k](s, a, t)) this.hit(this.stepIndex[k]);
    }
  }

  private hit(i: number): void {
    if (this.counts[i]++ === 0) this.unwitnessed.delete(i);
  }

  /** The counts so far, as plain data (for checkpoints). */
  snapshot(): { counts: number[]; states: number; steps: number } {
    return { counts: [...this.counts], states: this.states, steps: this.steps };
  }

  /** Continues from a {@link snapshot}. */
  restore(s: { counts: number[]; states: number; steps: number }): void {
    s.counts.forEach((c, i) => {
      this.counts[i] = c;
      if (c > 0) this.unwitnessed.delete(i);
    });
    this.states = s.states;
    this.steps = s.steps;
  }

  /** The witnesses of property `i` (plain counts filled in). */
  witnesses(i: number): number {
    if (this.byStates.includes(i)) return this.states;
    if (this.bySteps.includes(i)) return this.steps;
    return this.counts[i];
  }
}
