/**
 * (Issue 16) Contract checks on an {@link OrderingMechanism}: every value a mechanism returns is
 * validated where it enters the model. `arrange` must return a permutation of `order`;
 * `release` and `commit` a list of integer ids taken from `collected`, `peer` one taken from the
 * candidates, with no id repeated (more often than in the input: a variant without duplicate
 * suppression passes lists that repeat ids); `stamp` a list of finite numbers; `mayUpdate` a
 * boolean. A breach throws a {@link ContractError} naming the mechanism (its file for a plugin)
 * and the method; the model's guard (src/engine/contract.ts) adds where the search was, and the
 * CLI reports it as one line, exit 2, never as a verdict on the protocol. Every call counts as
 * plugin code (pluginCode.depth, plugin-guard.ts), so a plugin's process.exit is such a breach
 * wherever the mechanism runs (the model's search, or `measure`'s timed simulation).
 */
import { serialize } from 'node:v8';
import { ContractError, shown } from '../src/engine/contract.ts';
import { isOwnError, thrownText, UserCodeError } from '../src/engine/contract-error.ts';
import { installExitGuard, PluginExit, pluginCode, settled } from '../src/engine/plugin-guard.ts';
import { enterMethod, leaveMethod, methodId } from '../src/engine/watch.ts';
import type { MechanismContext, OrderingMechanism } from './mechanism.ts';
import type { ReplicationState, UpdateView } from '../traces/replication.ts';

/** True when `r` has no repeated entry (quadratic for the short lists mechanisms return, a set beyond). */
function distinct(r: readonly unknown[]): boolean {
  if (r.length > 16) return new Set(r).size === r.length;
  for (let i = 1; i < r.length; i++) {
    for (let j = 0; j < i; j++) if (r[i] === r[j]) return false;
  }
  return true;
}

/**
 * True when every id occurs in `r` at most as often as in `from` (the slow path, taken only when
 * `r` repeats an id: a model variant without duplicate suppression, such as
 * `duplicateSuppression: false`, hands mechanisms lists that repeat ids, and may get them back).
 */
function withinMultiset(r: readonly number[], from: readonly number[]): boolean {
  const count = new Map<number, number>();
  for (const x of from) count.set(x, (count.get(x) ?? 0) + 1);
  for (const x of r) {
    const n = count.get(x) ?? 0;
    if (n === 0) return false;
    count.set(x, n - 1);
  }
  return true;
}

/** Why `r` is not a list drawn from `from` (no id more often than there), or undefined when it is one. */
function subsetProblem(r: unknown, from: readonly number[], what: string): string | undefined {
  if (!Array.isArray(r)) return `returned ${shown(r)}, not an array of ids`;
  for (const x of r) {
    if (!Number.isInteger(x)) return `returned ${shown(r)}: ${shown(x)} is not an integer id`;
    if (!from.includes(x as number)) return `returned ${shown(r)}: id ${x} is not among the ${what} ${shown(from)}`;
  }
  if (!distinct(r) && !withinMultiset(r as number[], from)) return `returned ${shown(r)}, which repeats an id (${what}: ${shown(from)})`;
  return undefined;
}

/** Why `r` is not a permutation of `order` (as a multiset), or undefined when it is one (the message is built only then). */
function permutationProblem(r: unknown, order: readonly number[]): string | undefined {
  if (!Array.isArray(r)) return `returned ${shown(r)}, not an array of ids (it must be a permutation of the order ${shown(order)})`;
  let ok = r.length === order.length;
  if (ok) for (const x of r as unknown[]) if (!order.includes(x as number)) ok = false;
  if (ok && (distinct(r as unknown[]) || withinMultiset(r as number[], order))) return undefined;
  return `returned ${shown(r)} for the order ${shown(order)} (it must be a permutation of it)`;
}

/**
 * (Stop 29) The arguments of a call after the context, serialised (`v8.serialize`: the model's
 * states and views are plain data), or undefined when they cannot be. A plugin that writes its
 * input (`u.deps = []` in release) changes states the search has stored and shares: the run
 * explored another space and passed a mechanism that violates causal order.
 */
function inputs(n: number, b: unknown, c: unknown, d: unknown, e: unknown): Buffer | undefined {
  try {
    return serialize(n === 3 ? [b, c] : n === 4 ? [b, c, d] : [b, c, d, e]);
  } catch {
    return undefined;
  }
}

/** A mechanism method, called through `Function.prototype.call`. */
type Method = (this: unknown, ...args: unknown[]) => unknown;

/** True when two answers of a mechanism method are the same (lists element by element, else ===). */
function sameAnswer(a: unknown, b: unknown): boolean {
  if (!Array.isArray(a) || !Array.isArray(b)) return Object.is(a, b);
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/**
 * `m` with every method's result checked (see the file header). `who` names it in messages:
 * `mechanism plugin ./mine.ts` or `mechanism lamport`. Optional members stay optional, and
 * everything else (name, flags) reads through to `m`.
 */
export function checkedMechanism(m: OrderingMechanism, who: string, file?: string): OrderingMechanism {
  // Watched by the plugin watchdog (src/engine/watch.ts): `file` is the plugin's, undefined for a built-in.
  if (file !== undefined) installExitGuard();
  const id = (method: string) => methodId(file, method);
  const ids = { stamp: id('stamp'), release: id('release'), commit: id('commit'), arrange: id('arrange'), peer: id('peer'), mayUpdate: id('mayUpdate') };
  const fail = (method: string, what: string): never => {
    throw new ContractError(who, method, what);
  };
  /**
   * A plugin's process.exit inside `method` is a breach naming the plugin (plugin-guard.ts);
   * (stop 28) anything else a plugin (not a built-in) throws is its error, naming it and `method`.
   */
  const exited = (method: string, e: unknown): unknown => {
    try {
      return e instanceof PluginExit ? new ContractError(who, method, e.message)
        : file !== undefined && !isOwnError(e) ? new UserCodeError(who, method, thrownText(e), undefined, { cause: e }) : e;
    } catch {
      // (Sweep 31d) A thrown Proxy whose traps throw: even `instanceof` runs its code.
      return new UserCodeError(who, method, 'a value that cannot be inspected (a Proxy whose traps throw?)');
    }
  };
  /**
   * Calls `f` (a method of `m`) with its `n` arguments as plugin code: watched, its process.exit
   * or throw named (see {@link exited}). Arguments are passed one by one, not in a closure or an
   * array: the built-in mechanisms run through here on every step of the search.
   */
  const run = (method: string, at: number, f: Method, n: number, a: unknown, b: unknown, c: unknown, d?: unknown, e?: unknown): unknown => {
    pluginCode.depth++;
    const prev = enterMethod(at);
    try {
      const r = n === 3 ? f.call(m, a, b, c) : n === 4 ? f.call(m, a, b, c, d) : f.call(m, a, b, c, d, e);
      // (Sweep 31c) An async method is reported as returning a Promise; its rejection must not
      // become a second line ("an uncaught error outside a method call"), or the only one.
      if (file !== undefined) settled(r);
      return r;
    } catch (x) {
      throw exited(method, x);
    } finally {
      leaveMethod(prev);
      pluginCode.depth--;
    }
  };
  /**
   * (Stop 28) {@link run}, and for a plugin, on the first 2,048 calls and one in 16 after them, the
   * same call again ({@link confirm}): a different answer (a Math.random, a clock, state kept
   * between calls) is a breach; (stop 29) so is a first call that changed its arguments. Otherwise
   * the explorer's space is not the model's, and the run reports violations, or a counterexample
   * that does not replay, depending on luck. (Stop 29) The answer's type and content are checked
   * between the two calls, so a Promise or a Set is reported as what it is, not as nondeterminism.
   */
  let calls = 0;
  /** Whether the call {@link once} just made is to be repeated by {@link confirm}. */
  let repeat = false;
  const once = (method: string, at: number, f: Method, n: number, a: unknown, b: unknown, c: unknown, d?: unknown, e?: unknown): unknown => {
    repeat = false;
    if (file === undefined) return run(method, at, f, n, a, b, c, d, e);
    pluginCode.called?.add(method);
    if ((++calls > 2048 && (calls & 15) !== 0)) return run(method, at, f, n, a, b, c, d, e);
    // (Stop 29) The arguments after the context (the state, lists), as bytes before and after the
    // call: on the first 2,048 calls and one in 256 after (serialising the state twice costs more
    // than the call; one in 16 cost a plugin run on `small` 18% more CPU).
    const before = calls <= 2048 || (calls & 255) === 0 ? inputs(n, b, c, d, e) : undefined;
    const r = run(method, at, f, n, a, b, c, d, e);
    if (before !== undefined && !before.equals(inputs(n, b, c, d, e)!)) {
      fail(method, 'changed the arguments it was given (the state, an update or a list): the model shares them with other states, so a change '
        + 'rewrites states already explored; a mechanism must not write its inputs (copy, then change the copy)');
    }
    repeat = true;
    return r;
  };
  /** After a valid answer `r` from {@link once}: the same call again, when once picked it, must answer the same. */
  const confirm = (method: string, at: number, f: Method, n: number, r: unknown, a: unknown, b: unknown, c: unknown, d?: unknown, e?: unknown): void => {
    if (!repeat) return;
    repeat = false;
    const again = run(method, at, f, n, a, b, c, d, e);
    if (!sameAnswer(r, again)) fail(method, `returned ${shown(r)}, then ${shown(again)} for the same arguments (a mechanism must be deterministic: no Math.random, clock or state kept between calls)`);
  };
  /**
   * (Stop 29) For a plugin, a copy of the list `r` is checked against: one that empties or
   * reorders the list it was given must not make its answer look foreign (the change itself is
   * the breach, reported by the input check or the model's). Built-ins never write their input.
   */
  const kept = (l: readonly number[]): readonly number[] => (file === undefined ? l : l.slice());
  const c = Object.create(m) as { -readonly [K in keyof OrderingMechanism]: OrderingMechanism[K] };
  c.stamp = (ctx: MechanismContext, s: ReplicationState, origin: number, item: number) => {
    const r = once('stamp', ids.stamp, m.stamp as Method, 4, ctx, s, origin, item);
    if (!Array.isArray(r)) return fail('stamp', `returned ${shown(r)}, not an array of numbers`);
    for (const x of r) if (typeof x !== 'number' || !Number.isFinite(x)) fail('stamp', `returned ${shown(r)}: ${shown(x)} is not a finite number`);
    confirm('stamp', ids.stamp, m.stamp as Method, 4, r, ctx, s, origin, item);
    return r as number[];
  };
  c.release = (ctx: MechanismContext, s: ReplicationState, server: number, collected: readonly number[]) => {
    const from = kept(collected);
    const r = once('release', ids.release, m.release as Method, 4, ctx, s, server, collected);
    const why = subsetProblem(r, from, 'collected ids');
    if (why !== undefined) return fail('release', why);
    confirm('release', ids.release, m.release as Method, 4, r, ctx, s, server, collected);
    return r as number[];
  };
  c.commit = (ctx: MechanismContext, s: ReplicationState, collected: readonly number[]) => {
    const from = kept(collected);
    const r = once('commit', ids.commit, m.commit as Method, 3, ctx, s, collected);
    const why = subsetProblem(r, from, 'collected ids');
    if (why !== undefined) return fail('commit', why);
    confirm('commit', ids.commit, m.commit as Method, 3, r, ctx, s, collected);
    return r as number[];
  };
  c.arrange = (ctx: MechanismContext, updates: readonly UpdateView[], node: number, order: readonly number[], committed: number) => {
    const from = kept(order);
    const r = once('arrange', ids.arrange, m.arrange as Method, 5, ctx, updates, node, order, committed);
    const why = permutationProblem(r, from);
    if (why !== undefined) return fail('arrange', why);
    confirm('arrange', ids.arrange, m.arrange as Method, 5, r, ctx, updates, node, order, committed);
    return r as readonly number[];
  };
  c.peer = (ctx: MechanismContext, s: ReplicationState, from: number, to: number, candidates: readonly number[]) => {
    const given = kept(candidates);
    const r = once('peer', ids.peer, m.peer as Method, 5, ctx, s, from, to, candidates);
    const why = subsetProblem(r, given, 'candidates');
    if (why !== undefined) return fail('peer', why);
    confirm('peer', ids.peer, m.peer as Method, 5, r, ctx, s, from, to, candidates);
    return r as number[];
  };
  if (typeof m.mayUpdate === 'function') {
    const may = m.mayUpdate;
    c.mayUpdate = (ctx: MechanismContext, s: ReplicationState, node: number, item: number) => {
      const r = once('mayUpdate', ids.mayUpdate, may as Method, 4, ctx, s, node, item);
      if (typeof r !== 'boolean') return fail('mayUpdate', `returned ${shown(r)}, not a boolean`);
      confirm('mayUpdate', ids.mayUpdate, may as Method, 4, r, ctx, s, node, item);
      return r;
    };
  }
  return c;
}
