/**
 * (Issue 16) The property side of the contract checks: the property list a model's `create`
 * returns (unique non-empty names, known kinds, functions where functions are due) and the
 * verdicts its checks return (true, false or an explanation with `facts: string[]`).
 */
import { ContractError, Guard, shown } from './contract-error.ts';
import { pluginCode } from './plugin-guard.ts';
import type { Property, PropertyKind, Verdict } from './property.ts';
import { enterMethod, leaveMethod, methodId } from './watch.ts';

/** The property kinds the engine knows. */
export const PROPERTY_KINDS: readonly PropertyKind[] = ['always', 'sometimes', 'alwaysReachable', 'transition', 'eventually'];

/** True for a {@link Verdict}: true, false, or an object with `facts: string[]` (or a getter for them, not called). */
export function isVerdict(v: unknown): v is Verdict {
  if (v === true || v === false) return true;
  if (typeof v !== 'object' || v === null) return false;
  // (Issue 17) Facts given as a getter are built only when a report reads them (a goal failing on
  // most states of a run, e.g. the replication model's `progress`): accepted without building them.
  const d = Object.getOwnPropertyDescriptor(v, 'facts');
  if (d !== undefined && typeof d.get === 'function') return true;
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
    if (p.passesAfter !== undefined && typeof p.passesAfter !== 'function') throw new ContractError(who, named, `has a passesAfter of ${shown(p.passesAfter)} (it must be a function, or absent)`);
    if (p.passes !== undefined && typeof p.passes !== 'function') throw new ContractError(who, named, `has a passes of ${shown(p.passes)} (it must be a function, or absent)`);
  });
}

function verdict(g: Guard, who: string, method: string, v: unknown): Verdict {
  if (v === true || v === false) return v;
  const d = typeof v === 'object' && v !== null ? Object.getOwnPropertyDescriptor(v, 'facts') : undefined;
  if (d !== undefined && typeof d.get === 'function') return checkedOnRead(g, who, method, v as object, d.get);
  if (isVerdict(v)) return v;
  throw g.caught(new ContractError(who, method, `returned ${shown(v)} (a check must return true, false or an explanation { facts: string[] })`));
}

/**
 * An explanation whose `facts` is a getter (built only when a report reads it): the same fields
 * (getters still getters, read only when read), with `facts` checked when it is read, so a getter that yields no string list is still a contract
 * breach naming the property, never a report built from garbage.
 */
function checkedOnRead(g: Guard, who: string, method: string, v: object, get: () => unknown): Verdict {
  // An object literal's getter (own and enumerable, as Object.defineProperty's was) costs far less
  // per check than defining the property: `progress` returns such an explanation on most states.
  const out: Record<string, unknown> = {
    get facts(): unknown {
      const facts = get.call(v);
      if (Array.isArray(facts) && facts.every((f) => typeof f === 'string')) return facts;
      throw g.caught(new ContractError(who, method, `returned an explanation whose facts are ${shown(facts)} (facts must be a list of strings)`));
    },
  };
  for (const k of Object.keys(v)) {
    if (k === 'facts') continue;
    // (Issue 17) Other getters stay lazy too (progress's `updates` searches 10,000 hosts on huge).
    const o = Object.getOwnPropertyDescriptor(v, k)!;
    if (typeof o.get === 'function') Object.defineProperty(out, k, { enumerable: true, configurable: true, get: o.get.bind(v) });
    else out[k] = o.value;
  }
  return out as unknown as Verdict;
}

/**
 * Calls a property's method as plugin code: watched (watch.ts) under `id`, a throw recorded in
 * `g` as a breach of `name`; refused once `g` holds a breach. `s` alone is passed for `check`.
 */
function callWatched<S, A>(g: Guard, id: number, name: string, fn: (s: S, a: A, t: S) => unknown, s: S, a: A, t: S, unary: boolean): unknown {
  if (g.breach) throw g.breach;
  pluginCode.depth++;
  const prev = enterMethod(id);
  try {
    return unary ? (fn as (s: S) => unknown)(s) : fn(s, a, t);
  } catch (e) {
    throw g.caught(e, name);
  } finally {
    leaveMethod(prev);
    pluginCode.depth--;
  }
}

/** `p` with its `check` (and `step`, `passesAfter`, `passes`) validated: a breach is recorded in `g` and thrown; watched (watch.ts) as code of `file`. */
export function guardProperty<S, A>(g: Guard, who: string, p: Property<S, A>, file?: string): Property<S, A> {
  const check = p.check as unknown as (s: S, a: A, t: S) => unknown;
  const checkName = `property '${p.name}' check`;
  const checkId = methodId(file, checkName);
  const q: Property<S, A> = {
    ...p,
    check: (s: S) => verdict(g, who, checkName, callWatched(g, checkId, checkName, check, s, undefined as A, s, true)),
  };
  const after = p.passesAfter;
  if (typeof after === 'function') {
    // (Issue 17) Also plugin code: watched and caught like check, and it must answer true or false.
    const afterName = `property '${p.name}' passesAfter`;
    const afterId = methodId(file, afterName);
    (q as { passesAfter?: (s: S, a: A, t: S) => boolean }).passesAfter = (s: S, a: A, t: S) => {
      const v = callWatched(g, afterId, afterName, after, s, a, t, false);
      if (v === true || v === false) return v;
      throw g.caught(new ContractError(who, afterName, `returned ${shown(v)} (passesAfter must return true or false)`));
    };
  }
  const passes = p.passes;
  if (typeof passes === 'function') {
    // (Issue 17) The goal test without explanations: plugin code like check, answering true or false.
    const passesName = `property '${p.name}' passes`;
    const passesId = methodId(file, passesName);
    (q as { passes?: (s: S) => boolean }).passes = (s: S) => {
      const v = callWatched(g, passesId, passesName, passes as unknown as (s: S, a: A, t: S) => unknown, s, undefined as A, s, true);
      if (v === true || v === false) return v;
      throw g.caught(new ContractError(who, passesName, `returned ${shown(v)} (passes must return true or false)`));
    };
  }
  if (g.userCode) guardTests(g, who, p, q, file);
  const step = p.step;
  if (!step) return q;
  const stepName = `property '${p.name}' step`;
  const stepId = methodId(file, stepName);
  return { ...q, step: (s: S, a: A, t: S) => verdict(g, who, stepName, callWatched(g, stepId, stepName, step, s, a, t, false)) };
}

/**
 * (Stop 28) A user property's antecedent and trigger, called as plugin code like its check: what
 * they throw names them, and they must answer true or false (anything else is a breach, not a
 * witness). Only for user code: the built-in properties' antecedents run on every state.
 */
function guardTests<S, A>(g: Guard, who: string, p: Property<S, A>, q: Property<S, A>, file: string | undefined): void {
  const boolean = (name: string, v: unknown): boolean => {
    if (v === true || v === false) return v;
    throw g.caught(new ContractError(who, name, `returned ${shown(v)} (it must return true or false)`));
  };
  const ante = p.antecedent;
  if (ante !== undefined && ante !== null && typeof ante === 'object') {
    const wrapped: { description: string; state?: (s: S) => boolean; transition?: (s: S, a: A, t: S) => boolean } = { ...ante };
    const state = ante.state;
    if (typeof state === 'function') {
      const name = `property '${p.name}' antecedent.state`;
      const id = methodId(file, name);
      wrapped.state = (s: S) => boolean(name, callWatched(g, id, name, state as (s: S, a: A, t: S) => unknown, s, undefined as A, s, true));
    }
    const transition = ante.transition;
    if (typeof transition === 'function') {
      const name = `property '${p.name}' antecedent.transition`;
      const id = methodId(file, name);
      wrapped.transition = (s: S, a: A, t: S) => boolean(name, callWatched(g, id, name, transition as (s: S, a: A, t: S) => unknown, s, a, t, false));
    }
    (q as { antecedent?: unknown }).antecedent = wrapped;
  }
  const trigger = p.trigger;
  if (typeof trigger === 'function') {
    const name = `property '${p.name}' trigger`;
    const id = methodId(file, name);
    (q as { trigger?: (s: S) => boolean }).trigger = (s: S) => boolean(name, callWatched(g, id, name, trigger as (s: S, a: A, t: S) => unknown, s, undefined as A, s, true));
  }
}
