/**
 * (Stop 28) The explorer's check that expanding a state left it unchanged. The Model contract
 * says `actions` and `next` never write the state they are given; a model that does (say
 * `s.c[a.p]++; return { c: s.c.slice() }`) silently explores a different, smaller space and
 * can pass a wrong design. So after a state's successors are computed, its encoding is taken
 * again and compared with the fingerprint it was stored under: a difference is a
 * {@link ContractError} naming the model (one line, exit 2), never a verdict. Every state of
 * the first {@link PURE_FIRST} is checked, then one in {@link PURE_EVERY} (by id, so the same
 * states on any number of workers): a model that writes its input does so on almost every
 * step, and checking all would cost one more encoding per state. A random walk checks the
 * source of its first {@link PURE_WALK_STEPS} steps taken with `next` (an in-place `step` may
 * write its input), encoding it before and after.
 */
import { ContractError } from './contract-error.ts';
import { differenceOf } from './same-value.ts';
import { suspectOf, uncounted, whoOf } from './contract.ts';
import { pluginCode } from './plugin-guard.ts';
import { StateHasher } from './fingerprint.ts';
import type { Model } from './model.ts';

/** States (ids below it) all checked. */
export const PURE_FIRST = 1024;
/** Then one state in this many (a power of two). */
export const PURE_EVERY = 64;

/** True when state `id` is one the explorer checks. */
export function checksPurity(id: number): boolean {
  return id < PURE_FIRST || (id & (PURE_EVERY - 1)) === 0;
}

/** Steps at the start of each random walk whose source is checked the same way (walk.ts). */
export const PURE_WALK_STEPS = 4;

/**
 * The breach of `model`, whose state `where` (e.g. "while exploring state 12") came back changed
 * from its expansion; (stop 29) of the plugin it runs when it is a built-in model that runs one
 * ({@link suspectOf}): the plugin's methods are then what changed it.
 */
export function changedInput(model: object, where: string): ContractError {
  const suspect = suspectOf(model);
  if (suspect !== undefined) {
    return new ContractError(suspect, 'one of its methods', `changed the state the model ${String((model as { name?: unknown }).name)} gave it: the state encodes differently after `
      + 'its successors were computed (the model shares its states, so a change rewrites states already explored; a mechanism must not write its inputs: copy, then change the copy)', where);
  }
  return new ContractError(whoOf(model), 'actions or next', 'changed the state it was given: the state encodes differently after actions and next were called on it '
    + '(the explorer needs both to leave their input unchanged: copy, then change the copy)', where);
}

/** A random walk's check that `next` left a source unchanged: {@link before}, then {@link after} the call. */
export class SourceCheck<S, A> {
  private hasher: StateHasher<S, A> | undefined;
  private lo = 0;
  private hi = 0;
  private readonly model: Model<S, A>;

  constructor(model: Model<S, A>) {
    this.model = model;
  }

  /** Notes `s`'s fingerprint; returns true. */
  before(s: S): true {
    const h = (this.hasher ??= new StateHasher(this.model));
    h.hashCanonical(s);
    this.lo = h.fingerprinter.lo;
    this.hi = h.fingerprinter.hi;
    return true;
  }

  /** Throws when `s` no longer has the fingerprint {@link before} noted (`n`: steps before this one). */
  after(s: S, n: number): void {
    const h = this.hasher!;
    h.hashCanonical(s);
    if (h.fingerprinter.lo !== this.lo || h.fingerprinter.hi !== this.hi) throw changedInput(this.model, `at step ${n + 1} of a random walk`);
  }
}

/** JSON of `s`, or undefined when it has none (BigInt, cycles). */
function jsonOf(s: unknown): string | undefined {
  try {
    return JSON.stringify(s);
  } catch {
    return undefined;
  }
}

/**
 * (Stop 28) Called when initial state `s` encodes to no words: throws when one of its successors
 * also encodes to none yet is a different state (by JSON). Such an `encode` (an empty stub, say)
 * makes every state one to the explorer, which then reports verdicts on a space of one state.
 */
export function checkEmptyEncoding<S, A>(model: Model<S, A>, s: S): void {
  const own = jsonOf(s);
  if (own === undefined) return;
  const h = new StateHasher(model);
  for (const a of model.actions(s)) {
    const t = model.next(s, a);
    if (t === undefined) continue;
    const c = h.canonical(t);
    h.hashCanonical(c);
    const other = jsonOf(c);
    if (h.buffer.length > 0 || other === undefined || other === own) continue;
    const show = (x: string) => (x.length > 40 ? `${x.slice(0, 37)}...` : x);
    throw new ContractError(whoOf(model), 'encode', `wrote no words for two different states (${show(own)} and ${show(other)}): the explorer tells states apart only by their encoding, so it must write every field a property can observe`, 'at the initial state');
  }
}

/** Successors of a checked state computed again by {@link checkDeterministic} (spread over its actions). */
const AGAIN = 8;
/** Past the first {@link PURE_FIRST} states, one state in this many has its successors computed again. */
export const AGAIN_EVERY = 512;

/** True when state `id`'s successors are computed again ({@link checkDeterministic}, which also lists its actions again): about 0.5% more `next` calls past the first states. */
export function checksDeterminism(id: number): boolean {
  return id < PURE_FIRST || (id & (AGAIN_EVERY - 1)) === 0;
}

/**
 * (Stop 28) Computes up to {@link AGAIN} successors of `s` (stored as state `id`) again, spread
 * over its actions, and throws when one encodes differently from the first time (`lo`, `hi` by
 * action index; `next[k]` undefined where action k was disabled): `next` (or `canonical`, or a
 * plugin they call) is not a function of its input, so the explorer's space is not the model's
 * (a `Math.random`, a clock, or state kept between calls). Called on the states
 * {@link checksDeterminism} picks (a subset of {@link checksPurity}'s).
 */
export function checkDeterministic<S, A>(h: StateHasher<S, A>, model: Model<S, A>, s: S, actions: readonly A[], next: readonly (S | undefined)[],
  lo: Uint32Array, hi: Uint32Array, id: number): void {
  sameActions(model, s, actions, id);
  const n = actions.length;
  const stride = Math.max(1, Math.floor(n / AGAIN));
  for (let k = 0; k < n; k += stride) {
    if (next[k] === undefined) continue;
    const t = model.next(s, actions[k]!);
    if (t !== undefined) h.hash(t);
    if (t !== undefined && h.fingerprinter.lo === lo[k] && h.fingerprinter.hi === hi[k]) continue;
    throw notDeterministic(model, actions[k]!, k, `while exploring state ${id}`, s);
  }
}

/**
 * {@link checkDeterministic} for a worker's transition list: transitions `from .. to - 1` of `s`,
 * their action indices in `actionAt` and fingerprints (`lo, hi` pairs) in `fps`.
 */
export function checkDeterministicList<S, A>(h: StateHasher<S, A>, model: Model<S, A>, s: S, actions: readonly A[], actionAt: Uint32Array,
  fps: Uint32Array, from: number, to: number, id: number): void {
  sameActions(model, s, actions, id);
  const stride = Math.max(1, Math.floor((to - from) / AGAIN));
  for (let q = from; q < to; q += stride) {
    const a = actions[actionAt[q]!]!;
    const t = model.next(s, a);
    if (t !== undefined) h.hash(t);
    if (t !== undefined && h.fingerprinter.lo === fps[2 * q] && h.fingerprinter.hi === fps[2 * q + 1]) continue;
    throw notDeterministic(model, a, actionAt[q]!, `while exploring state ${id}`, s);
  }
}

/** Action lists longer than this are not listed again by {@link sameActions} (one state of `huge` has over a million). */
const AGAIN_ACTIONS_MAX = 16_384;

/**
 * (Stop 31) Lists `s`'s actions again and throws when the list differs from `actions` (its
 * length, or an action at the same position: same-value.ts, deep, functions by source): state ids, the order successors
 * are found in and so which counterexample is reported depend on that order, so `check` gave a
 * different (valid) counterexample on every run of a model whose `actions` shuffles its list,
 * where `simulate` said `next` was not deterministic.
 */
function sameActions<S, A>(model: Model<S, A>, s: S, actions: readonly A[], id: number): void {
  if (actions.length > AGAIN_ACTIONS_MAX) return;
  const again = uncounted(model, () => model.actions(s));
  let k = 0;
  let at: string | undefined;
  while (k < actions.length && k < again.length && (at = differenceOf(actions[k], again[k])) === undefined) k++;
  if (k === actions.length && k === again.length) return;
  const show = (a: A | undefined): string => (a === undefined ? 'none' : model.formatAction ? model.formatAction(a) : shortJson(a));
  const what = actions.length !== again.length && (k === actions.length || k === again.length)
    ? `${actions.length} actions, then ${again.length}`
    : `action #${k + 1} was ${show(actions[k])}, then ${show(again[k])}${at ? `: they differ at ${at}` : ''}`;
  const suspect = suspectOf(model);
  const tail = 'for the same state when called again (' + what + '): the same state must give the same actions in the same order '
    + '(no Math.random, clock or state kept between calls), since state ids and the counterexample reported follow that order';
  if (suspect !== undefined) throw new ContractError(suspect, 'one of its methods', `made the model's actions list different actions ${tail}`, `while exploring state ${id}`);
  throw new ContractError(whoOf(model), 'actions', `listed different actions ${tail}`, `while exploring state ${id}`);
}

/** JSON of `a`, cut to 40 characters (or its type when it has none). */
function shortJson(a: unknown): string {
  const j = jsonOf(a) ?? typeof a;
  return j.length > 40 ? `${j.slice(0, 37)}...` : j;
}

/**
 * The breach of a `next` that answered differently for action `a` (its index `k` in `actions(s)`),
 * `where` the search was. (Stop 29) For a built-in model that runs a plugin ({@link suspectOf}),
 * the plugin's: `next(s, a)` is run once more to see which of its methods it calls (`s`, when given).
 */
export function notDeterministic<S, A>(model: Model<S, A>, a: A, k: number, where: string, s?: S): ContractError {
  const action = model.formatAction ? model.formatAction(a) : `action #${k + 1}`;
  const suspect = suspectOf(model);
  if (suspect !== undefined) {
    const called = s === undefined ? [] : calledBy(() => model.next(s, a));
    const method = called.length === 0 ? 'one of its methods' : called.length === 1 ? called[0]! : `${called.slice(0, -1).join(', ')} or ${called.at(-1)}`;
    return new ContractError(suspect, method, `made the model's next give a different successor for the same state and action (${action}) when called again `
      + '(a mechanism must be deterministic: no Math.random, clock or state kept between calls)', where);
  }
  return new ContractError(whoOf(model), 'next', `gave a different successor for the same state and action (${action}) when called again: next, canonical and any plugin they call `
    + 'must be deterministic (no Math.random, clock or state kept between calls)', where);
}

/** The names of the plugin methods `f` calls ({@link pluginCode}.called), in the order first called; what it throws is ignored. */
function calledBy(f: () => unknown): string[] {
  const called = new Set<string>();
  const prev = pluginCode.called;
  pluginCode.called = called;
  try {
    f();
  } catch {
    // Only which methods ran matters here.
  } finally {
    pluginCode.called = prev;
  }
  return [...called];
}

/** Times each step of a counterexample is computed again before it is reported (reconstruct.ts). */
export const AGAIN_PATH = 4;
