/**
 * Per-state property bookkeeping of the exhaustive explorer. Each new state is shown once to
 * every undecided property: an `always` property records the first (so shallowest) state that
 * violates it and is then no longer checked; a `sometimes` property records its first witness;
 * an `alwaysReachable` property marks its goal states in a bitset for the final liveness pass.
 */
import type { Property, Verdict } from './property.ts';
import { Bitset } from './graph.ts';

/** What the search found for one property. */
export interface Finding {
  /** State id of the first violation (`always`) or witness (`sometimes`); -1 when none. */
  stateId: number;
  /** The verdict that decided it (for `always` violations). */
  verdict?: Verdict;
}

/** Tracks the properties of one run; indices follow the `properties` array given to the constructor. */
export class PropertyTracker<S> {
  /** Per property: what was found so far. */
  readonly findings: Finding[];
  /** Goal marks per property (only for `alwaysReachable` properties, else null). */
  readonly goals: (Bitset | null)[];
  /** Whether any `alwaysReachable` property is selected (the graph must then be kept). */
  readonly needsGraph: boolean;
  private pendingIndex: number[] = [];
  private pendingCheck: ((s: S) => Verdict)[] = [];
  private pendingAlways: boolean[] = [];
  private goalIndex: number[] = [];
  private goalCheck: ((s: S) => Verdict)[] = [];

  constructor(readonly properties: readonly Property<S>[]) {
    this.findings = properties.map(() => ({ stateId: -1 }));
    this.goals = properties.map((p) => (p.kind === 'alwaysReachable' ? new Bitset() : null));
    properties.forEach((p, i) => {
      if (p.kind === 'alwaysReachable') {
        this.goalIndex.push(i);
        this.goalCheck.push(p.check);
      } else {
        this.pendingIndex.push(i);
        this.pendingCheck.push(p.check);
        this.pendingAlways.push(p.kind === 'always');
      }
    });
    this.needsGraph = this.goalIndex.length > 0;
  }

  /**
   * Shows a newly discovered state to the undecided properties. Returns true when every
   * property is now decided (so the search may stop early); never true without properties or
   * with an `alwaysReachable` property.
   */
  observe(id: number, s: S): boolean {
    const checks = this.pendingCheck;
    for (let k = 0; k < checks.length; k++) {
      const v = checks[k](s);
      if (this.pendingAlways[k] ? v !== true : v === true) {
        this.findings[this.pendingIndex[k]] = { stateId: id, verdict: v };
        this.pendingIndex.splice(k, 1);
        this.pendingCheck.splice(k, 1);
        this.pendingAlways.splice(k, 1);
        k--;
        if (checks.length === 0 && this.goalIndex.length === 0) return true;
      }
    }
    const goals = this.goalCheck;
    for (let k = 0; k < goals.length; k++) {
      if (goals[k](s) === true) (this.goals[this.goalIndex[k]] as Bitset).set(id);
    }
    return false;
  }

  /** What the tracker found so far, as plain data (for checkpoints). */
  snapshot(): { findings: Finding[]; goals: (Uint32Array | null)[] } {
    return { findings: this.findings.map((f) => ({ ...f })), goals: this.goals.map((g) => (g === null ? null : g.toWords())) };
  }

  /** Continues from a {@link snapshot}: decided properties are no longer checked, goal marks are kept. */
  restore(s: { findings: Finding[]; goals: (Uint32Array | null)[] }): void {
    s.findings.forEach((f, i) => {
      this.findings[i] = { ...f };
      const k = this.pendingIndex.indexOf(i);
      if (f.stateId >= 0 && k >= 0) {
        this.pendingIndex.splice(k, 1);
        this.pendingCheck.splice(k, 1);
        this.pendingAlways.splice(k, 1);
      }
    });
    s.goals.forEach((w, i) => {
      if (w !== null) (this.goals as (Bitset | null)[])[i] = Bitset.fromWords(w);
    });
  }
}
