/**
 * (Stop 30) The step comparison of the symmetry probe (symmetry-check.ts): a renamed state `t`
 * and its canonical form `c` must take the same steps, as far as a verdict can tell them apart.
 * For every canonical successor both reach, the labels of the steps that reach it must agree:
 * the kind and fairness of weakly fair actions (with an `eventually` property: weak fairness is
 * judged per kind on the reduced graph, so kinds naming components, `p0` and `p1` for per-process
 * fairness, passed a livelock), and the verdicts of transition properties and transition
 * antecedents (one naming a component passed, or made a property look vacuous).
 *
 * Only successors both sides reach are compared, as sets of labels: a `canonical` that picks one
 * of several representatives of an orbit (a stable sort on one key) is sound, and its successors
 * need not meet. Unfair actions' kinds are not compared (`request(p1)` may name its component:
 * no verdict reads it). Each comparison expands two states, so models with small states (at
 * most {@link CHEAP_WORDS} words) get it on every renamed state, others on the first
 * {@link KIND_CHECKS}.
 */
import type { Model } from './model.ts';
import { actionKind } from './model.ts';
import { isFairAction } from './kinds.ts';
import { holds, type Property } from './property.ts';
import type { StateHasher } from './fingerprint.ts';

/** Renamed states that get the comparison on a model with large states. */
const KIND_CHECKS = 8;

/**
 * States that encode in at most this many words are cheap to expand (a user's protocol model: a
 * few dozen words; the replication model: 140 to 190): all their renamed states get the
 * comparison (a livelock reached after a symmetric setup phase of five steps passed when the
 * first eight comparisons were spent on the setup).
 */
const CHEAP_WORDS = 64;

/** Most enabled actions of a state whose successors are labelled (as the probe's own bound). */
const MAX_ACTIONS = 4096;

/** Compares the steps of renamed states with those of their canonical forms (see the file header). */
export class StepComparison<S, A> {
  private readonly model: Model<S, A>;
  private readonly hasher: StateHasher<S, A>;
  private readonly unsound: string;
  /** Whether steps are labelled by fair kind (an `eventually` property is checked). */
  private readonly withKinds: boolean;
  /** Properties with a transition verdict or a transition antecedent. */
  private readonly judges: readonly Property<S, A>[];
  /** Comparisons left; 0 when nothing is compared. */
  private left: number;
  /** Whether the model's states are cheap to expand; decided on the first comparison. */
  private cheap: boolean | undefined;

  constructor(model: Model<S, A>, hasher: StateHasher<S, A>, properties: readonly Property<S, A>[], unsound: string) {
    this.model = model;
    this.hasher = hasher;
    this.unsound = unsound;
    this.withKinds = properties.some((p) => p.kind === 'eventually');
    this.judges = properties.filter((p) => p.kind === 'transition' || p.antecedent?.transition !== undefined);
    this.left = this.withKinds || this.judges.length > 0 ? KIND_CHECKS : 0;
  }

  /** What the steps from `t` and its canonical form `c` disagree on (`where` names `t`), or undefined. */
  differ(t: S, c: S, where: () => string): string | undefined {
    if (this.left <= 0) return undefined;
    this.left--;
    this.cheap ??= this.words(t) <= CHEAP_WORDS;
    if (this.cheap) this.left = Number.POSITIVE_INFINITY;
    const mine = this.labelled(t);
    const theirs = this.labelled(c);
    const part = (labels: string[], k: number) => [...new Set(labels.map((l) => l.split('\u0000')[k]!))].sort();
    for (const [fp, labels] of mine) {
      const other = theirs.get(fp);
      if (other === undefined) continue;
      if (part(labels, 0).join('\u0001') !== part(other, 0).join('\u0001') || part(labels, 1).join() !== part(other, 1).join()) {
        const odd = labels.find((l) => !other.includes(l)) ?? other.find((l) => !labels.includes(l)) ?? labels[0]!;
        const [kind, fair] = odd.split('\u0000');
        return `the ${fair === '1' ? 'weakly fair ' : ''}actions of kind '${kind}' lead elsewhere from ${where()} than from its canonical form: ` +
          `action kinds must not name interchangeable components under a symmetry reduction (weak fairness is judged per kind on the reduced graph)`;
      }
      const a = part(labels, 2);
      const b = part(other, 2);
      for (let i = 0; i < Math.min(a.length, b.length); i++) {
        if (a[i] === b[i]) continue;
        let k = 0;
        while (k < a[i]!.length && a[i]![k] === b[i]![k]) k++;
        const q = this.judges[k >> 1]!;
        const what = (k & 1) === 0 ? `transition property '${q.name}'` : `the transition antecedent of property '${q.name}'`;
        return `${what} judges the steps from ${where()} and from its canonical form differently: ${this.unsound}`;
      }
    }
    return undefined;
  }

  /** The encoded size of `s` in words. */
  private words(s: S): number {
    this.hasher.hashCanonical(s);
    return this.hasher.buffer.length;
  }

  /** The successors of `s` by canonical fingerprint, each with the labels of the steps reaching it. */
  private labelled(s: S): Map<string, string[]> {
    const model = this.model;
    const out = new Map<string, string[]>();
    const actions = model.actions(s);
    if (actions.length > MAX_ACTIONS) return out;
    for (const a of actions) {
      const t = model.next(s, a);
      if (t === undefined) continue;
      let steps = '';
      for (const q of this.judges) {
        steps += q.kind === 'transition' && q.step !== undefined ? (holds(q.step(s, a, t)) ? '+' : '-') : '.';
        steps += q.antecedent?.transition !== undefined ? (q.antecedent.transition(s, a, t) ? '+' : '-') : '.';
      }
      const fair = this.withKinds && isFairAction(model, a);
      const label = `${fair ? actionKind(model, a) : ''}\u0000${fair ? 1 : 0}\u0000${steps}`;
      this.hasher.hash(t);
      const f = this.hasher.fingerprinter;
      const fp = `${f.lo}:${f.hi}`;
      const list = out.get(fp);
      if (list === undefined) out.set(fp, [label]);
      else list.push(label);
    }
    return out;
  }
}
