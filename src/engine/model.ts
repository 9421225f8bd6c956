/**
 * The model contract: what the engine needs to know about a system to explore it.
 *
 * Like Stateright's `Model` (init, actions, next) with the additions an explicit-state checker
 * needs to be fast and to explain itself: a canonical word encoding for fingerprints, an optional
 * symmetry reduction, action formatting, and a "drain" mark on actions that only complete work.
 */

/** Receives the 32-bit words of a state's canonical encoding (see {@link Model.encode}). */
export interface WordSink {
  /** Appends one 32-bit integer (values are truncated with `| 0`). */
  word(n: number): void;
}

/**
 * (Addition, issue 17) How the exhaustive search stores frontier states compactly: as words in
 * typed arrays instead of JavaScript objects, decoded again when they are expanded.
 */
export interface StateCodec<S> {
  /**
   * Optional: writes the words the frontier stores for `s` (a canonical state). Absent: the
   * frontier stores the words of {@link Model.encode}, which the search has already computed for
   * the fingerprint, so storing costs one copy.
   */
  encode?(s: S, out: WordSink): void;
  /**
   * A state equal (same encoding, same successors, same verdicts) to the one whose words are
   * `words[start .. start + length)`: the inverse of `codec.encode`, or of {@link Model.encode}
   * when the codec has no `encode`.
   */
  decode(words: Int32Array, start: number, length: number): S;
}

/**
 * A transition system over states `S` and actions `A`.
 *
 * Determinism contract: `init`, `actions` and `next` must be pure functions of their arguments,
 * and `actions` must list the enabled actions in the same order every time, so that an action is
 * identified by its state and its position and a run reproduces exactly from its seed.
 */
export interface Model<S, A> {
  /** A short name, used in reports and trace files. */
  readonly name: string;
  /** The initial states (at least one). */
  init(): S[];
  /** The actions enabled in `s`, in a deterministic order. An empty list means a terminal state. */
  actions(s: S): A[];
  /**
   * The state after taking `a` in `s`, or `undefined` when `a` turns out to be a no-op that the
   * model prefers not to count as a transition. Must not mutate `s`.
   */
  next(s: S, a: A): S | undefined;
  /**
   * Optional, for random walks on large states: like {@link next}, but the model may reuse the
   * storage of `s` to build the result. The engine calls it only when it will never read `s`
   * again (during a walk's search, not when it records a path), so a model can avoid copying
   * large arrays. It must return exactly the state `next` would, and leave `s` unchanged when
   * it returns `undefined`.
   */
  step?(s: S, a: A): S | undefined;
  /**
   * Writes a canonical encoding of `s` as 32-bit words. Two states get equal encodings exactly
   * when the model considers them the same state; the engine fingerprints these words.
   * Everything a property can observe must be encoded (only derivable data may be left out).
   */
  encode(s: S, out: WordSink): void;
  /**
   * Optional symmetry reduction: a representative of the class of states equivalent to `s` under
   * permutations of interchangeable components. Properties must be invariant under it.
   */
  canonical?(s: S): S;
  /**
   * (Addition, issue 10) Optional, with {@link canonical}: `s` with a non-identity permutation of
   * its interchangeable components applied (undefined when there is none to apply). The
   * exhaustive search uses it on sampled states to test that the reduction is sound: the
   * successors of the permuted state must be the permuted successors (equal canonical forms).
   * When they are not (say a plugin breaks ties by node index), the run restarts without
   * symmetry and says which step broke it.
   */
  permute?(s: S): S | undefined;
  /**
   * (Addition, issue 10) Optional, with {@link canonical}: a model that checks its own decisions
   * against permuted states as it runs (say, a plugin's tie-breaks) reports here the first one
   * that broke the symmetry, as a sentence; undefined while none did. The exhaustive search polls
   * it and, when set, restarts without the reduction.
   */
  asymmetry?(): string | undefined;
  /** A one-line human rendering of an action, for traces and reports. */
  formatAction?(a: A): string;
  /** The action's kind, for coverage counts in random runs (default: `formatAction` up to the first space or `(`). */
  actionKind?(a: A): string;
  /**
   * (Addition, issue 11) Every action kind the model can take (as {@link actionKind} names
   * them), so coverage reports can list the kinds that were never enabled (`stats.neverEnabled`).
   */
  actionKinds?(): string[];
  /**
   * True for actions that only complete work already started (deliver, order, merge, reconnect)
   * and never create new work. Random runs end with a drain phase that takes only such actions so
   * that `alwaysReachable` goals are checked at the end of every walk. Default: no action drains.
   */
  isDrain?(a: A): boolean;
  /**
   * (Addition, issue 11) Weak fairness: true for actions whose kind is weakly fair (an action of
   * that kind that stays enabled is eventually taken), used by `eventually` properties.
   * Default: the drain actions ({@link isDrain}) are fair.
   */
  isFair?(a: A): boolean;
  /**
   * (Addition, issue 10) Facts explaining why no completing (drain) action can make progress in
   * `s`, e.g. "c1 will never order mh1#1: mh1 is no longer its child"; shown at the end of a
   * liveness counterexample.
   */
  explainStuck?(s: S): string[];
  /**
   * Optional, for huge models: picks ONE enabled action (only drain actions when `drainOnly`)
   * without listing them all, calling `choose(n)` (an integer in [0, n)) for every random
   * decision; `undefined` when none is enabled. Must be a pure function of `s` and the answers
   * of `choose`. When present, random walks use it instead of `actions(s)[c % length]` (the
   * first `choose` of a step answers with the walk's choice `c % n`, later ones with a PRNG
   * seeded by `c`), so a step costs O(1) instead of O(system size). Exhaustive search ignores it.
   */
  sample?(s: S, choose: (n: number) => number, drainOnly: boolean): A | undefined;
  /**
   * (Addition, issue 17) Optional: lets the exhaustive search keep its frontier as encoded words
   * in typed arrays (a few bytes per state instead of an object graph) and spill it to disk under
   * `--memory`. Without it the frontier holds the state objects (spilled with `v8.serialize`).
   */
  codec?: StateCodec<S>;
  /**
   * (Addition, issue 17) Optional: whether random runs count the distinct states they visit
   * (`stats.distinctStates`) when the caller leaves it to the engine (`coverage: 'auto'`). Counting
   * fingerprints every state a walk visits. Default: when the initial state's encoding has at
   * most 4,096 words. A model whose encoding is compact (digests of parts) says it here instead.
   */
  coverage?: boolean;
  /** JSON form of a state for trace files (default: the state itself). */
  stateToJson?(s: S): unknown;
  /** JSON form of an action for trace files: a semantic description, never an index. */
  actionToJson?(a: A): unknown;
}

/** Formats an action with the model's formatter, falling back to JSON. */
export function formatAction<S, A>(model: Model<S, A>, a: A): string {
  return model.formatAction ? model.formatAction(a) : JSON.stringify(a);
}

/** The coverage kind of an action (see {@link Model.actionKind}). */
export function actionKind<S, A>(model: Model<S, A>, a: A): string {
  if (model.actionKind) return model.actionKind(a);
  const text = formatAction(model, a);
  const cut = text.search(/[\s(]/);
  return cut < 0 ? text : text.slice(0, cut);
}

/** (Stop 29) Every member a {@link Model} may have (a misspelling of one, e.g. `isfair`, is refused when a model file's target is built). */
export const MODEL_MEMBERS: readonly string[] = [
  'name', 'init', 'actions', 'next', 'step', 'encode', 'canonical', 'permute', 'asymmetry', 'formatAction', 'actionKind', 'actionKinds',
  'isDrain', 'isFair', 'explainStuck', 'sample', 'codec', 'coverage', 'stateToJson', 'actionToJson',
];
