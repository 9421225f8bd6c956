/**
 * Action kinds as small integers: the explorer names each transition's kind once
 * ({@link Model.actionKind}) and keeps an index, so the transition graph can store a kind per
 * edge in a typed array (with {@link FAIR_BIT} set when the action is weakly fair, see
 * {@link Model.isFair}) and coverage can count transitions per kind without a string per edge.
 * It also says which explored edges the search records, with which code ({@link edgeRecorder}).
 */
import { actionKind, type Model } from './model.ts';
import { UsageError } from './errors.ts';
import type { EdgeList } from './graph.ts';

/** Set in an edge code when the edge's action is weakly fair. */
export const FAIR_BIT = 0x8000;
/** (Issue 10) Set in an edge code when the edge's action completes work (a drain action): the edges `alwaysReachable` reads. */
export const DRAIN_BIT = 0x4000;
/** Mask of the kind index in an edge code. */
export const KIND_MASK = 0x3fff;
/** Primitive actions whose kind {@link ActionKinds} remembers (a bound on its memory). */
const PRIMITIVE_CACHE = 1 << 16;

/** True when `a` is weakly fair: `model.isFair`, by default the drain actions. */
export function isFairAction<S, A>(model: Model<S, A>, a: A): boolean {
  if (model.isFair) return model.isFair(a);
  return model.isDrain ? model.isDrain(a) : false;
}

/** The edge code of `a` of kind index `kind`: with {@link FAIR_BIT} when weakly fair, {@link DRAIN_BIT} when a completing (drain) action (every action when the model marks none). */
export function edgeCode<S, A>(model: Model<S, A>, a: A, kind: number): number {
  const drain = model.isDrain === undefined || model.isDrain(a);
  return kind | (isFairAction(model, a) ? FAIR_BIT : 0) | (drain ? DRAIN_BIT : 0);
}

/**
 * (29a) The edge code of a stuttering step, one whose successor encodes as its source (before
 * any symmetry reduction): `code` without {@link FAIR_BIT}. Weak fairness is TLC's `WF_vars`:
 * a step that leaves the state unchanged is not an `<<A>>_vars` step, so it neither takes its
 * fair kind nor keeps that kind enabled (fair-cycles.ts then never counts it for fairness).
 */
export function stutterCode(code: number): number {
  return code & ~FAIR_BIT;
}

/**
 * Records one explored edge `id -> child` by `a` of kind index `kind` into `edges` (see
 * {@link edgeRecorder}); `stutters`: the step leaves the state unchanged ({@link stutterCode}).
 */
export type EdgeRecorder<A> = (edges: EdgeList, id: number, child: number, a: A, kind: number, stutters: boolean) => void;

/**
 * The exhaustive search's edge recorder for `model`: records an edge with its code when `edges`
 * keeps codes (self-loops too: they are cycles for `eventually`; {@link DRAIN_BIT} marks the
 * edges `alwaysReachable` reads; a stuttering step with {@link stutterCode}), else only a
 * completing action's edge, without self-loops.
 */
export function edgeRecorder<S, A>(model: Model<S, A>): EdgeRecorder<A> {
  const isDrain = model.isDrain;
  const completes = isDrain === undefined ? () => true : (a: A) => isDrain.call(model, a);
  return (edges, id, child, a, kind, stutters) => {
    if (edges.codes !== null) edges.add(child, stutters ? stutterCode(edgeCode(model, a, kind)) : edgeCode(model, a, kind));
    else if (child !== id && completes(a)) edges.add(child);
  };
}

/** The kinds `model.actionKinds()` declares that have no count in `counts`. */
export function neverTaken<S, A>(model: Model<S, A>, counts: Record<string, number>): string[] {
  return (model.actionKinds?.() ?? []).filter((k) => !(counts[k] > 0));
}

/** The registry of action kinds met in one run, with transition counts per kind. */
export class ActionKinds<S, A> {
  /** Kind names by index, in the order first met. */
  readonly names: string[] = [];
  /** Transitions per kind index (valid below `names.length`). */
  counts = new Float64Array(16);
  private readonly byName = new Map<string, number>();

  private readonly model: Model<S, A>;

  constructor(model: Model<S, A>) {
    this.model = model;}

  /** The kinds and counts so far, as plain data (for checkpoints). */
  snapshot(): { names: string[]; counts: number[] } {
    return { names: [...this.names], counts: Array.from(this.counts.subarray(0, this.names.length)) };
  }

  /** Continues from a {@link snapshot} (same kind indices, so stored edge codes stay valid). */
  restore(s: { names: string[]; counts: number[] }): void {
    for (const name of s.names) this.register(name);
    s.counts.forEach((c, k) => { this.counts[k] = c; });
  }

  /**
   * (Issue 17) For a model without `actionKind`, the kind index of each primitive action seen
   * (numbers, strings: the same value is the same action), so the action is formatted once, not
   * on every transition; at most {@link PRIMITIVE_CACHE} entries.
   */
  private readonly byPrimitive = new Map<unknown, number>();

  /** The index of `a`'s kind (registering it when new). */
  index(a: A): number {
    if (this.model.actionKind === undefined && (typeof a === 'number' || typeof a === 'string')) {
      const hit = this.byPrimitive.get(a);
      if (hit !== undefined) return hit;
      const k = this.indexOf(actionKind(this.model, a));
      if (this.byPrimitive.size < PRIMITIVE_CACHE) this.byPrimitive.set(a, k);
      return k;
    }
    return this.indexOf(actionKind(this.model, a));
  }

  /** (Issue 17) The index of the kind named `name` (registering it when new), for kinds named on another thread. */
  named(name: string): number {
    return this.indexOf(name);
  }

  private indexOf(name: string): number {
    // Most models have a handful of kinds whose names are the same (interned) strings every
    // time: comparing with the first few is cheaper than hashing into the map per transition.
    const names = this.names;
    const scan = names.length < 4 ? names.length : 4;
    for (let i = 0; i < scan; i++) if (names[i] === name) return i;
    const k = this.byName.get(name);
    return k === undefined ? this.register(name) : k;
  }

  /** The edge code of `a`: its kind index, with {@link FAIR_BIT} when it is weakly fair and {@link DRAIN_BIT} when it completes work. */
  code(a: A): number {
    return edgeCode(this.model, a, this.index(a));
  }

  /** Counts a transition by `a`; returns its kind index. */
  count(a: A): number {
    const k = this.index(a);
    this.counts[k]++;
    return k;
  }

  private register(name: string): number {
    const k = this.names.length;
    if (k > KIND_MASK) throw new UsageError(`model ${this.model.name} has more than ${KIND_MASK + 1} action kinds (actionKind must name a kind, not an action)`);
    this.names.push(name);
    this.byName.set(name, k);
    if (k >= this.counts.length) {
      const c = new Float64Array(this.counts.length * 2);
      c.set(this.counts);
      this.counts = c;
    }
    return k;
  }

  /** The kinds `model.actionKinds()` declares that no transition took, in declaration order (empty without the hook). */
  neverEnabled(): string[] {
    return neverTaken(this.model, this.countsByName());
  }

  /** Transitions per kind name, sorted by name. */
  countsByName(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, k] of [...this.byName.entries()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))) out[name] = this.counts[k];
    return out;
  }
}
