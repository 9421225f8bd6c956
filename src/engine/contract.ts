/**
 * (Issue 16) Contract checks at the seam between the engine and user code. A value a model, a
 * property or a plugin returns is validated where it enters the engine; a breach is a
 * {@link ContractError} naming who broke the contract, the method, where the search was and what
 * was wrong. It is never a verdict: the CLI prints it as one line and exits 2, writing no trace.
 *
 * {@link guardTarget} wraps a target's model and properties. The random engine treats an
 * exception in a walk as a model crash and shrinks it; to keep a breach from turning into
 * anything else, the first breach is recorded ({@link breachOf}) and every later call of a
 * guarded method throws it again at once.
 */
import type { Model } from './model.ts';
import type { Property } from './property.ts';
import { ContractError, Guard, shown } from './contract-error.ts';
import { installExitGuard, pluginCode } from './plugin-guard.ts';
import { checkProperties, guardProperty } from './property-contract.ts';
import { enterMethod, leaveMethod, methodId, watchStep } from './watch.ts';

export { ContractError, shown, UserCodeError } from './contract-error.ts';
export { checkProperties, isVerdict, PROPERTY_KINDS } from './property-contract.ts';

const breaches = new WeakMap<object, Guard>();

/** The first contract breach seen by a model {@link guardTarget} returned, if any. */
export function breachOf(model: object): ContractError | undefined {
  return breaches.get(model)?.breach;
}

/** (Stop 29) The plugin a guarded built-in model runs, blamed for the breaches its own checks find ({@link Guard.suspect}). */
export function suspectOf(model: object): string | undefined {
  for (let m: object | null = model; m !== null; m = Object.getPrototypeOf(m) as object | null) {
    const g = breaches.get(m);
    if (g !== undefined) return g.suspect;
  }
  return undefined;
}

/**
 * (Stop 32) The guard of `model` (or of the guarded model it derives from), if any: a search
 * worker sets its count of expansions to the id of the state it expands, so that "while
 * exploring state N" names the state one thread would, and forgets a breach a property's check
 * recorded when that check's outcome is only carried to the main thread (which raises it if one
 * thread would have asked).
 */
export function guardOf(model: object): Guard | undefined {
  let g: Guard | undefined;
  for (let m: object | null = model; m !== null && g === undefined; m = Object.getPrototypeOf(m) as object | null) g = breaches.get(m);
  return g;
}

/**
 * (Stop 31) Runs `f` (a second look at a state the search is expanding, e.g. listing its actions
 * again) without counting it as an expansion: the guard counts `actions` calls to say where the
 * search was ("while exploring state 2"), and a recount made that say state 4.
 */
export function uncounted<T>(model: object, f: () => T): T {
  const g = guardOf(model);
  const states = g?.states;
  try {
    return f();
  } finally {
    if (g !== undefined) g.states = states!;
  }
}

/**
 * (Stop 28) How messages name `model`: as its guard does (also through a model derived from the
 * guarded one, e.g. without its symmetry reduction), else `model <name>`.
 */
export function whoOf(model: object): string {
  for (let m: object | null = model; m !== null; m = Object.getPrototypeOf(m) as object | null) {
    const g = breaches.get(m);
    if (g !== undefined) return g.who;
  }
  return `model ${(model as { name?: unknown }).name}`;
}

function checkState(g: Guard, who: string, method: string, r: unknown, initType: string | undefined): void {
  if (r === undefined || initType === undefined) return;
  if (typeof r !== initType || r === null || r instanceof Promise) {
    throw g.caught(new ContractError(who, method, `returned ${shown(r)}, not a state (the initial state is a${initType === 'object' ? 'n' : ''} ${initType})`));
  }
}

function guardModel<S, A>(g: Guard, who: string, inner: Model<S, A>, file: string | undefined): Model<S, A> {
  const m = Object.create(inner) as Model<S, A> & Record<string, unknown>;
  // Watched by the plugin watchdog (watch.ts): blamed only for a model loaded from a file.
  const id = { init: methodId(file, 'init'), actions: methodId(file, 'actions'), next: methodId(file, 'next'), step: methodId(file, 'step'), sample: methodId(file, 'sample') };
  // The type of the model's states: from `init`, or (a search resumed from a checkpoint, which
  // never calls `init`) from the first state expanded.
  let initType: string | undefined;
  m.init = () => {
    let r: S[];
    pluginCode.depth++;
    const prev = enterMethod(id.init);
    try {
      r = inner.init();
    } catch (e) {
      throw g.caught(e, 'init');
    } finally {
      leaveMethod(prev);
      pluginCode.depth--;
    }
    if (!Array.isArray(r) || r.length === 0) throw g.caught(new ContractError(who, 'init', `returned ${shown(r)}, not a non-empty array of states`));
    const missing = r.findIndex((x) => x === undefined);
    if (missing >= 0) throw g.caught(new ContractError(who, 'init', `returned an array whose state #${missing + 1} is undefined`));
    initType = r[0] === null ? 'null' : typeof r[0];
    return r;
  };
  m.actions = (s: S) => {
    if (g.breach) throw g.breach;
    watchStep(++g.states);
    initType ??= s === null ? 'null' : typeof s;
    let r: A[];
    pluginCode.depth++;
    const prev = enterMethod(id.actions);
    try {
      r = inner.actions(s);
    } catch (e) {
      throw g.caught(e, 'actions');
    } finally {
      leaveMethod(prev);
      pluginCode.depth--;
    }
    if (!Array.isArray(r)) throw g.caught(new ContractError(who, 'actions', `returned ${shown(r)}, not an array of actions`));
    return r;
  };
  m.next = (s: S, a: A) => {
    if (g.breach) throw g.breach;
    let r: S | undefined;
    pluginCode.depth++;
    const prev = enterMethod(id.next);
    try {
      r = inner.next(s, a);
    } catch (e) {
      throw g.caught(e, 'next');
    } finally {
      leaveMethod(prev);
      pluginCode.depth--;
    }
    checkState(g, who, 'next', r, initType);
    return r;
  };
  if (typeof inner.step === 'function') {
    m.step = (s: S, a: A) => {
      if (g.breach) throw g.breach;
      let r: S | undefined;
      pluginCode.depth++;
      const prev = enterMethod(id.step);
      try {
        r = inner.step!(s, a);
      } catch (e) {
        throw g.caught(e, 'step');
      } finally {
        leaveMethod(prev);
        pluginCode.depth--;
      }
      checkState(g, who, 'step', r, initType);
      return r;
    };
  }
  if (typeof inner.sample === 'function') {
    m.sample = (s: S, choose: (n: number) => number, drainOnly: boolean) => {
      if (g.breach) throw g.breach;
      watchStep(++g.states);
      pluginCode.depth++;
      const prev = enterMethod(id.sample);
      try {
        return inner.sample!(s, choose, drainOnly);
      } catch (e) {
        throw g.caught(e, 'sample');
      } finally {
        leaveMethod(prev);
        pluginCode.depth--;
      }
    };
  }
  if (g.userCode) guardPure(g, who, inner, m);
  return m;
}

/**
 * (Stop 28) A user model's `encode`, `canonical`, `isDrain`, `isFair` and `formatAction`, wrapped so that what they
 * throw names them ({@link UserCodeError}) and what they return is checked where a wrong value
 * would otherwise surface far away (a `canonical` returning nothing, a `formatAction` returning a
 * number). Not watched by the watchdog (they run once a transition: kept cheap).
 */
function guardPure<S, A>(g: Guard, who: string, inner: Model<S, A>, m: Model<S, A> & Record<string, unknown>): void {
  if (typeof inner.encode !== 'function') throw new ContractError(who, 'create()', 'returned a model without an encode(s, out) function (the explorer fingerprints states by it)');
  const encode = inner.encode;
  m.encode = (s: S, out) => {
    try {
      encode.call(inner, s, out);
    } catch (e) {
      throw g.caught(e, 'encode');
    }
  };
  /** `f`, a one-argument method `name` of `inner`: what it throws names it, and `bad` says why a result is refused. */
  const checked = (name: string, f: (x: never) => unknown, bad: (r: unknown) => string | undefined) => (x: unknown): unknown => {
    let r: unknown;
    try {
      r = f.call(inner, x as never);
    } catch (e) {
      throw g.caught(e, name);
    }
    const why = bad(r);
    if (why !== undefined) throw g.caught(new ContractError(who, name, why));
    return r;
  };
  if (typeof inner.canonical === 'function') {
    m.canonical = checked('canonical', inner.canonical, (r) => (r === undefined || r === null ? `returned ${shown(r)}, not a state` : undefined)) as (s: S) => S;
  }
  for (const name of ['isDrain', 'isFair'] as const) {
    const f = inner[name];
    if (typeof f === 'function') m[name] = checked(name, f, (r) => (r === true || r === false ? undefined : `returned ${shown(r)} (it must return true or false)`)) as (a: A) => boolean;
  }
  if (typeof inner.formatAction === 'function') {
    m.formatAction = checked('formatAction', inner.formatAction, (r) => (typeof r === 'string' ? undefined : `returned ${shown(r)}, not a string`)) as (a: A) => string;
  }
}

/**
 * Checks the property list ({@link checkProperties}) and returns the model and properties
 * wrapped so that every value they return is validated. `who` names the model in messages,
 * e.g. "model counter (examples/counter.ts)"; `file`, the module's file as the user gave it
 * (`--model`), makes the watchdog blame it for a method that does not return (watch.ts).
 * `userCode` (default: when there is a file): what the methods throw names them (a library
 * caller's own model has no file but is user code all the same). `suspect` (stop 29): the
 * plugin a built-in model runs, named for the breaches the model's own checks find.
 */
export function guardTarget<S, A>(who: string, model: Model<S, A>, properties: Property<S, A>[], file?: string,
  userCode = file !== undefined, suspect?: string): { model: Model<S, A>; properties: Property<S, A>[] } {
  checkProperties(who, properties);
  installExitGuard();
  // (Stop 28) A model loaded from a file is user code: what its methods throw names them.
  const g = new Guard(who, userCode, suspect);
  const guarded = guardModel(g, who, model, file);
  breaches.set(guarded, g);
  return { model: guarded, properties: properties.map((p) => guardProperty(g, who, p as Property<S, unknown>, file) as Property<S, A>) };
}
