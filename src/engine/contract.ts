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
import type { Property, PropertyKind, Verdict } from './property.ts';
import { installExitGuard, PluginExit, pluginCode } from './plugin-guard.ts';

/** A model, property or plugin returned something its contract forbids (see the file header). */
export class ContractError extends Error {
  /** Where the search was, e.g. "while exploring state 12"; filled in by the model guard. */
  where: string | undefined;
  constructor(readonly who: string, readonly method: string, readonly what: string, where?: string) {
    super('');
    this.name = 'ContractError';
    this.where = where;
    this.message = this.text();
  }
  /** Records where the breach happened (once) and refreshes the message. */
  locate(where: string): this {
    if (this.where === undefined) {
      this.where = where;
      this.message = this.text();
    }
    return this;
  }
  private text(): string {
    return `${this.who} broke its contract: ${this.method}${this.where ? ` (${this.where})` : ''} ${this.what}`;
  }
}

/** A short rendering of a returned value for a breach message. */
export function shown(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Promise) return 'a Promise (methods must be synchronous)';
  let text: string | undefined;
  try {
    text = JSON.stringify(v);
  } catch {
    text = undefined;
  }
  if (text === undefined) return String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The property kinds the engine knows. */
export const PROPERTY_KINDS: readonly PropertyKind[] = ['always', 'sometimes', 'alwaysReachable', 'transition', 'eventually'];

/** True for a {@link Verdict}: true, false, or an object with `facts: string[]`. */
export function isVerdict(v: unknown): v is Verdict {
  if (v === true || v === false) return true;
  if (typeof v !== 'object' || v === null) return false;
  const facts = (v as { facts?: unknown }).facts;
  return Array.isArray(facts) && facts.every((f) => typeof f === 'string');
}

/**
 * The problems of a property list, checked once before a run: every entry an object with a
 * non-empty string name (unique), a known kind, a `check` function, and a `step` function for
 * kind `transition`. Throws a {@link ContractError} naming the first problem.
 */
export function checkProperties(who: string, properties: readonly unknown[]): void {
  const seen = new Set<string>();
  properties.forEach((raw, i) => {
    const at = `create() property #${i + 1}`;
    if (typeof raw !== 'object' || raw === null) throw new ContractError(who, at, `is ${shown(raw)}, not a property object`);
    const p = raw as Record<string, unknown>;
    if (typeof p.name !== 'string' || p.name.trim() === '') throw new ContractError(who, at, `has the name ${shown(p.name)} (a property needs a non-empty string name)`);
    const named = `create() property '${p.name}'`;
    if (seen.has(p.name)) throw new ContractError(who, named, `is defined twice (property names must be unique)`);
    seen.add(p.name);
    if (typeof p.kind !== 'string' || !(PROPERTY_KINDS as readonly string[]).includes(p.kind)) {
      throw new ContractError(who, named, `has the unknown kind ${shown(p.kind)} (kinds: ${PROPERTY_KINDS.join(', ')})`);
    }
    if (typeof p.check !== 'function') throw new ContractError(who, named, `has no check function (got ${shown(p.check)})`);
    if (p.kind === 'transition' && typeof p.step !== 'function') throw new ContractError(who, named, `is a transition property without a step function`);
    if (p.trigger !== undefined && typeof p.trigger !== 'function') throw new ContractError(who, named, `has a trigger that is not a function (got ${shown(p.trigger)})`);
  });
}

const breaches = new WeakMap<object, Guard>();

/** The shared state of one guarded target: the states explored and the first breach. */
class Guard {
  states = 0;
  breach: ContractError | undefined;
  constructor(readonly who: string) {}
  /** Records `e` (locating a ContractError; a plugin's process.exit is one) and returns what to throw. */
  caught(e: unknown, method?: string): unknown {
    if (this.breach) return this.breach;
    if (e instanceof PluginExit) e = new ContractError(this.who, method ?? 'a method', e.message);
    if (e instanceof ContractError) {
      this.breach = e.locate(this.states === 0 ? 'at the initial state' : `while exploring state ${this.states}`);
      return this.breach;
    }
    return e;
  }
}

/** The first contract breach seen by a model {@link guardTarget} returned, if any. */
export function breachOf(model: object): ContractError | undefined {
  return breaches.get(model)?.breach;
}

function checkState(g: Guard, who: string, method: string, r: unknown, initType: string): void {
  if (r === undefined) return;
  if (typeof r !== initType || r === null || r instanceof Promise) {
    throw g.caught(new ContractError(who, method, `returned ${shown(r)}, not a state (the initial state is a${initType === 'object' ? 'n' : ''} ${initType})`));
  }
}

function guardModel<S, A>(g: Guard, who: string, inner: Model<S, A>): Model<S, A> {
  const m = Object.create(inner) as Model<S, A> & Record<string, unknown>;
  let initType = 'object';
  m.init = () => {
    let r: S[];
    pluginCode.depth++;
    try {
      r = inner.init();
    } catch (e) {
      throw g.caught(e, 'init');
    } finally {
      pluginCode.depth--;
    }
    if (!Array.isArray(r) || r.length === 0) throw g.caught(new ContractError(who, 'init', `returned ${shown(r)}, not a non-empty array of states`));
    initType = r[0] === null ? 'null' : typeof r[0];
    return r;
  };
  m.actions = (s: S) => {
    if (g.breach) throw g.breach;
    g.states++;
    let r: A[];
    pluginCode.depth++;
    try {
      r = inner.actions(s);
    } catch (e) {
      throw g.caught(e, 'actions');
    } finally {
      pluginCode.depth--;
    }
    if (!Array.isArray(r)) throw g.caught(new ContractError(who, 'actions', `returned ${shown(r)}, not an array of actions`));
    return r;
  };
  m.next = (s: S, a: A) => {
    if (g.breach) throw g.breach;
    let r: S | undefined;
    pluginCode.depth++;
    try {
      r = inner.next(s, a);
    } catch (e) {
      throw g.caught(e, 'next');
    } finally {
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
      try {
        r = inner.step!(s, a);
      } catch (e) {
        throw g.caught(e, 'step');
      } finally {
        pluginCode.depth--;
      }
      checkState(g, who, 'step', r, initType);
      return r;
    };
  }
  if (typeof inner.sample === 'function') {
    m.sample = (s: S, choose: (n: number) => number, drainOnly: boolean) => {
      if (g.breach) throw g.breach;
      g.states++;
      pluginCode.depth++;
      try {
        return inner.sample!(s, choose, drainOnly);
      } catch (e) {
        throw g.caught(e, 'sample');
      } finally {
        pluginCode.depth--;
      }
    };
  }
  return m;
}

function verdict(g: Guard, who: string, method: string, v: unknown): Verdict {
  if (v === true || v === false || isVerdict(v)) return v;
  throw g.caught(new ContractError(who, method, `returned ${shown(v)} (a check must return true, false or an explanation { facts: string[] })`));
}

function guardProperty<S, A>(g: Guard, who: string, p: Property<S, A>): Property<S, A> {
  const check = p.check;
  const checkName = `property '${p.name}' check`;
  const q: Property<S, A> = {
    ...p,
    check: (s: S) => {
      if (g.breach) throw g.breach;
      let v: unknown;
      pluginCode.depth++;
      try {
        v = check(s);
      } catch (e) {
        throw g.caught(e, checkName);
      } finally {
        pluginCode.depth--;
      }
      return verdict(g, who, checkName, v);
    },
  };
  const step = p.step;
  if (!step) return q;
  const stepName = `property '${p.name}' step`;
  return {
    ...q,
    step: (s: S, a: A, t: S) => {
      if (g.breach) throw g.breach;
      let v: unknown;
      pluginCode.depth++;
      try {
        v = step(s, a, t);
      } catch (e) {
        throw g.caught(e, stepName);
      } finally {
        pluginCode.depth--;
      }
      return verdict(g, who, stepName, v);
    },
  };
}

/**
 * Checks the property list ({@link checkProperties}) and returns the model and properties
 * wrapped so that every value they return is validated. `who` names the model in messages,
 * e.g. "model counter (examples/counter.ts)".
 */
export function guardTarget<S, A>(who: string, model: Model<S, A>, properties: Property<S>[]): { model: Model<S, A>; properties: Property<S>[] } {
  checkProperties(who, properties);
  installExitGuard();
  const g = new Guard(who);
  const guarded = guardModel(g, who, model);
  breaches.set(guarded, g);
  return { model: guarded, properties: properties.map((p) => guardProperty(g, who, p as Property<S, unknown>) as Property<S>) };
}
