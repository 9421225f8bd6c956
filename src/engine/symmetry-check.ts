/**
 * Testing that a model's symmetry reduction is sound (issue 10). Exploring canonical
 * representatives only is sound when permuting interchangeable components is an automorphism
 * of the transition system: the successors of a permuted state are the permuted successors. A
 * model cannot always promise that: a mechanism plugin that breaks ties by node index makes the
 * "interchangeable" hosts distinguishable, and the reduction then silently skips behaviours.
 *
 * The exhaustive search calls {@link SymmetryProbe.sampled} on every state it expands; on
 * deterministically sampled ones (the first {@link FIRST} states, then every {@link EVERY}-th, then {@link SPARSE_EVERY}-th)
 * it compares the canonical fingerprints of the successors of `s` with those of the successors
 * of `model.permute(s)`. Canonical forms absorb the permutation, so the two sets must be equal.
 *
 * (Stop 29) A model with `canonical` but no `permute` was not probed at all, so a property that
 * tells interchangeable components apart (`mh1 never writes`) or a `canonical` that merges states
 * which are not symmetric passed unnoticed. On the same sampled states the probe now also renames
 * each successor `t` to `c = canonical(t)` and asks what a reduction must keep: `c` is its own
 * canonical form, `t` and `c` enable as many actions, and every state property (invariant,
 * witness, goal, trigger) judges `t` and `c` alike. The first disagreement turns the reduction off.
 * (Stop 30) A model with `permute` gets that probe too, on fewer states (the first 64, then one in
 * 65,536) and lighter (`permute(s)` and the walk, not every successor): judging every property on
 * renamed states costs about a millisecond a state on the replication model, and probing one state in
 * 4,096 made `small` with every property 17% slower (the probed states' property memos and
 * shapes). Before, its properties were taken to judge permuted states alike, unprobed, and a user's
 * property naming one component passed wrongly or failed with a counterexample refuting itself.
 * (Stop 30) Renamed states also have their steps compared with their canonical forms' by fair
 * kind, transition verdicts and transition antecedents (symmetry-steps.ts), and their state
 * antecedents compared.
 * (Stop 37) Successor sets whose canonical forms differ are compared once more as they are: when
 * `permute` maps the successors of `s` onto those of `permute(s)` exactly, the difference was a
 * `canonical` that leaves ties unbroken (less reduction, still sound), and nothing is reported.
 */
import type { Model } from './model.ts';
import { formatAction } from './model.ts';
import { StepComparison } from './symmetry-steps.ts';
import { holds, type Property } from './property.ts';
import { StateHasher } from './fingerprint.ts';
import { suspectOf } from './contract.ts';

/** States always probed at the start of a search. */
const FIRST = 256;
/** After that, every EVERY-th state is probed. */
const EVERY = 64;
/** (Stop 38) From SPARSE_FROM on, every SPARSE_EVERY-th: one in 64 was 4% of `medium`'s search (36,000 probes); one in 256 still probes thousands. */
const SPARSE_FROM = 1 << 18;
const SPARSE_EVERY = 256;
/**
 * States with more enabled actions are not probed: comparing two successor sets that large would
 * take longer than the search's own limits allow to stay responsive (a 10,000-host initial state
 * has over a million successors). The model's own decision checks (`asymmetry`) still apply.
 */
const MAX_ACTIONS = 4096;

/**
 * After the first {@link FIRST} states, every RENAMED_EVERY-th state gets {@link SymmetryProbe.renamed}:
 * it evaluates every property on states the search would not (measured on the replication model's
 * `small`, were it probed so: 1.2 ms a state, 10% of the run at every 1,024th).
 */
const RENAMED_EVERY = 1024;

/**
 * (Stop 30) For a model with `permute`, the states that get {@link SymmetryProbe.renamed} as well: the
 * first FIRST_RENAMED_PERMUTED, then every RENAMED_EVERY_PERMUTED-th. A user's token ring with a
 * rotation `permute` and the property "a waiting n0 eventually enters" was reported violated by a
 * counterexample whose own step 4 entered n0, and "n0 never enters" passed: with `permute` the
 * properties had been taken to judge permuted states alike, unprobed.
 */
const FIRST_RENAMED_PERMUTED = 64;
const RENAMED_EVERY_PERMUTED = 65536;

/** Steps of the walk {@link SymmetryProbe.renamed} takes from a sampled state without the reduction. */
const WALK = 8;

/** Why a property that judges a state and its canonical form differently makes the reduction unsound. */
const UNSOUND = 'the property tells interchangeable components apart, or canonical() merges states that are not symmetric';

/** Compares successors of states and their permutations (see the file header). */
export class SymmetryProbe<S, A> {
  private readonly hasher: StateHasher<S, A>;

  private readonly model: Model<S, A>;
  /** The properties that judge states (all but transition properties), for {@link renamed}. */
  private readonly judges: readonly Property<S, A>[];

  /** (Stop 30) The step comparison of renamed states (symmetry-steps.ts). */
  private readonly steps: StepComparison<S, A>;

  constructor(model: Model<S, A>, properties: readonly Property<S, A>[] = []) {
    this.model = model;
    this.hasher = new StateHasher(model);
    this.judges = properties.filter((p) => p.kind !== 'transition');
    this.steps = new StepComparison(model, this.hasher, properties, UNSOUND);
  }

  /** True when the model can be probed: it has a symmetry reduction (`canonical`). */
  static applies<S, A>(model: Model<S, A>): boolean {
    return model.canonical !== undefined;
  }

  /**
   * Before expanding state number `id`: the asymmetry the model itself reported
   * ({@link Model.asymmetry}, asked every time), else, on sampled states, the one found by
   * comparing successors; undefined when none.
   */
  sampled(id: number, s: S, depth: number): string | undefined {
    const own = this.model.asymmetry?.();
    if (own !== undefined) return own;
    if (id >= FIRST && id % (id < SPARSE_FROM ? EVERY : SPARSE_EVERY) !== 0) return undefined;
    if (this.model.permute !== undefined) {
      const broken = this.check(s, depth);
      if (broken !== undefined) return broken;
      // (Stop 30) With `permute` too, the properties and `canonical` are probed as well, more sparsely.
      return id < FIRST_RENAMED_PERMUTED || id % RENAMED_EVERY_PERMUTED === 0 ? this.renamed(s, id, depth, false) : undefined;
    }
    return id < FIRST || id % RENAMED_EVERY === 0 ? this.renamed(s, id, depth) : undefined;
  }

  /**
   * What a state near `s` and its canonical form disagree on, or undefined (see the file
   * header): each successor of `s` (with `everySuccessor`; else `permute(s)`), then the states of a short walk from `s` taken without the
   * reduction (its steps chosen from `id`, so the same every run), which reach states a
   * `canonical` that merges too much never lets the search store.
   */
  renamed(s: S, id: number, depth: number, everySuccessor = true): string | undefined {
    const model = this.model;
    const actions = model.actions(s);
    if (actions.length > MAX_ACTIONS) return undefined;
    if (everySuccessor) {
      for (const a of actions) {
        const t = model.next(s, a);
        const broken = t === undefined ? undefined : this.agrees(t, () => `the state after '${formatAction(model, a)}' (from a state at depth ${depth})`);
        if (broken !== undefined) return broken;
      }
    } else {
      // (Stop 30) With `permute`: the permuted state instead of every successor (the successors
      // were compared with the permuted state's already, see check), and the walk below.
      const p = model.permute?.(s);
      const broken = p === undefined ? undefined : this.agrees(p, () => `a permutation of a state at depth ${depth}`);
      if (broken !== undefined) return broken;
    }
    let r = s;
    let choices = actions;
    for (let k = 1; k <= WALK && choices.length > 0 && choices.length <= MAX_ACTIONS; k++) {
      const a = choices[((Math.imul(id + 1, 0x9e3779b1) ^ Math.imul(k, 0x85ebca6b)) >>> 0) % choices.length]!;
      const t = model.next(r, a);
      if (t === undefined) break;
      const broken = this.agrees(t, () => `a state ${k} step${k === 1 ? '' : 's'} past one at depth ${depth} (last step '${formatAction(model, a)}')`);
      if (broken !== undefined) return broken;
      r = t;
      choices = model.actions(r);
    }
    return undefined;
  }

  /** What `t` and its canonical form disagree on (`where` names `t`), or undefined. */
  private agrees(t: S, where: () => string): string | undefined {
    const model = this.model;
    const c = model.canonical!(t);
    const own = this.fingerprint(c);
    if (own === this.fingerprint(t)) return undefined; // not renamed
    if (this.fingerprint(model.canonical!(c)) !== own) return `canonical() of ${where()} is not its own canonical form: canonical(canonical(s)) must equal canonical(s)`;
    const nt = model.actions(t).length;
    const nc = model.actions(c).length;
    if (nt !== nc) return `canonical() renames ${where()} to a state that enables ${nc} actions instead of ${nt}: it merges states that are not symmetric`;
    for (const p of this.judges) {
      const at = holds(p.check(t));
      const ac = holds(p.check(c));
      if (at !== ac) return `property '${p.name}' ${at ? 'holds' : 'fails'} on ${where()} but ${ac ? 'holds' : 'fails'} on its canonical form: ${UNSOUND}`;
      if (p.trigger !== undefined && p.trigger(t) !== p.trigger(c)) return `the trigger of property '${p.name}' tells ${where()} from its canonical form: ${UNSOUND}`;
      // (Sweep 30d) An antecedent naming a component made a property vacuous under the reduction.
      if (p.antecedent?.state !== undefined && p.antecedent.state(t) !== p.antecedent.state(c)) {
        return `the antecedent of property '${p.name}' tells ${where()} from its canonical form: ${UNSOUND}`;
      }
    }
    return this.steps.differ(t, c, where);
  }

  /** The fingerprint of `s` as it is (not canonicalised), as a string key. */
  private fingerprint(s: S): string {
    this.hasher.hashCanonical(s);
    const f = this.hasher.fingerprinter;
    return `${f.lo}:${f.hi}`;
  }

  /** A description of how `s` and its permutation disagree, or undefined when they agree. */
  check(s: S, depth: number): string | undefined {
    const p = this.model.permute!(s);
    if (p === undefined) return undefined;
    const mine = this.successors(s);
    if (mine === null) return undefined;
    const theirs = this.successors(p);
    if (theirs === null) return undefined;
    let odd: A | undefined;
    for (const [k, a] of mine) if (odd === undefined && !theirs.has(k)) odd = a;
    for (const [k, a] of theirs) if (odd === undefined && !mine.has(k)) odd = a;
    if (odd === undefined || this.permutesSuccessors(s, p)) return undefined;
    return this.describe(odd, depth);
  }

  /**
   * (Stop 37) Whether the successors of `p = permute(s)` are exactly the permuted successors of
   * `s`, compared as they are (not canonicalised). Asked only when the canonical forms disagreed:
   * a `canonical` that leaves ties between alike components in the order it found them maps two
   * swapped states to two representatives. That costs reduction, not soundness, and the
   * permutation itself still maps successors to successors, so it is not reported.
   */
  private permutesSuccessors(s: S, p: S): boolean {
    const model = this.model;
    const permuted = new Set<string>();
    for (const a of model.actions(s)) {
      const t = model.next(s, a);
      if (t === undefined) continue;
      const q = model.permute!(t);
      if (q === undefined) return false;
      permuted.add(this.fingerprint(q));
    }
    const theirs = new Set<string>();
    for (const a of model.actions(p)) {
      const t = model.next(p, a);
      if (t !== undefined) theirs.add(this.fingerprint(t));
    }
    if (permuted.size !== theirs.size) return false;
    for (const k of permuted) if (!theirs.has(k)) return false;
    return true;
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
      `components are swapped: that decision depends on which component is which (${suspectOf(this.model) !== undefined
        ? 'declare the asymmetry to the model, e.g. symmetric: false on a mechanism plugin that breaks ties by node index'
        : "the model's permute or canonical swaps components its actions tell apart: rename only what the model treats alike, or leave the reduction out"})`;
  }
}
