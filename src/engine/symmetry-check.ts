/**
 * Testing that a model's symmetry reduction is sound (issue 10). Exploring canonical
 * representatives only is sound when permuting interchangeable components is an automorphism
 * of the transition system: the successors of a permuted state are the permuted successors. A
 * model cannot always promise that: a mechanism plugin that breaks ties by node index makes the
 * "interchangeable" hosts distinguishable, and the reduction then silently skips behaviours.
 *
 * The exhaustive search calls {@link SymmetryProbe.sampled} on every state it expands; on
 * deterministically sampled ones (the first {@link FIRST} states, then every {@link EVERY}-th)
 * it compares the canonical fingerprints of the successors of `s` with those of the successors
 * of `model.permute(s)`. Canonical forms absorb the permutation, so the two sets must be equal.
 */
import type { Model } from './model.ts';
import { formatAction } from './model.ts';
import { StateHasher } from './fingerprint.ts';

/** States always probed at the start of a search. */
const FIRST = 256;
/** After that, every EVERY-th state is probed. */
const EVERY = 64;
/**
 * States with more enabled actions are not probed: comparing two successor sets that large would
 * take longer than the search's own limits allow to stay responsive (a 10,000-host initial state
 * has over a million successors). The model's own decision checks (`asymmetry`) still apply.
 */
const MAX_ACTIONS = 4096;

/** Compares successors of states and their permutations (see the file header). */
export class SymmetryProbe<S, A> {
  private readonly hasher: StateHasher<S, A>;

  private readonly model: Model<S, A>;

  constructor(model: Model<S, A>) {
    this.model = model;
    this.hasher = new StateHasher(model);
  }

  /** True when the model can be probed (it has `canonical`, and `permute` or `asymmetry`). */
  static applies<S, A>(model: Model<S, A>): boolean {
    return model.canonical !== undefined && (model.permute !== undefined || model.asymmetry !== undefined);
  }

  /**
   * Before expanding state number `id`: the asymmetry the model itself reported
   * ({@link Model.asymmetry}, asked every time), else, on sampled states, the one found by
   * comparing successors; undefined when none.
   */
  sampled(id: number, s: S, depth: number): string | undefined {
    const own = this.model.asymmetry?.();
    if (own !== undefined) return own;
    if (this.model.permute === undefined || (id >= FIRST && id % EVERY !== 0)) return undefined;
    return this.check(s, depth);
  }

  /** A description of how `s` and its permutation disagree, or undefined when they agree. */
  check(s: S, depth: number): string | undefined {
    const p = this.model.permute!(s);
    if (p === undefined) return undefined;
    const mine = this.successors(s);
    if (mine === null) return undefined;
    const theirs = this.successors(p);
    if (theirs === null) return undefined;
    for (const [k, a] of mine) if (!theirs.has(k)) return this.describe(a, depth);
    for (const [k, a] of theirs) if (!mine.has(k)) return this.describe(a, depth);
    return undefined;
  }

  /** Canonical fingerprints of the successors of `s`, with an action reaching each. */
  /** The successors of `s` by canonical fingerprint; null when `s` has too many to probe. */
  private successors(s: S): Map<string, A> | null {
    const out = new Map<string, A>();
    const actions = this.model.actions(s);
    if (actions.length > MAX_ACTIONS) return null;
    for (const a of actions) {
      const t = this.model.next(s, a);
      if (t === undefined) continue;
      this.hasher.hash(t);
      const f = this.hasher.fingerprinter;
      const k = `${f.lo}:${f.hi}`;
      if (!out.has(k)) out.set(k, a);
    }
    return out;
  }

  private describe(a: A, depth: number): string {
    return `the step '${formatAction(this.model, a)}' (from a state at depth ${depth}) has no counterpart once interchangeable ` +
      `components are swapped: that decision depends on which component is which (declare the asymmetry to the model, e.g. symmetric: false on a mechanism plugin that breaks ties by node index)`;
  }
}
