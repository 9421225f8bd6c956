/**
 * (Issue 16) The breach of a contract by user code (a model, a property, a plugin) and the guard
 * state one guarded target shares: how far the search got and the first breach, which every
 * later guarded call throws again (see contract.ts).
 */
import { types } from 'node:util';
import { PluginExit } from './plugin-guard.ts';
import { ModelContractError, UsageError } from './errors.ts';

/**
 * What both errors about user code share: `who` (the model or plugin), its `method`, `what` went
 * wrong, and `where` the search was, which a guard fills in once ({@link locate}).
 */
abstract class UserCodeProblem extends Error {
  /** Where the search was, e.g. "while exploring state 12"; filled in by the model guard. */
  where: string | undefined;
  readonly who: string;
  readonly method: string;
  readonly what: string;

  constructor(name: string, who: string, method: string, what: string, where?: string, options?: { cause?: unknown }) {
    super('', options);
    this.name = name;
    this.who = who;
    this.method = method;
    this.what = what;
    this.where = where;
    this.message = this.text();
  }

  /** Records where it happened (once) and refreshes the message. */
  locate(where: string): this {
    if (this.where === undefined) {
      this.where = where;
      this.message = this.text();
    }
    return this;
  }

  /** `where` in parentheses, or nothing. */
  protected at(): string {
    return this.where ? ` (${this.where})` : '';
  }

  protected abstract text(): string;
}

/** A model, property or plugin returned something its contract forbids (see the file header). */
export class ContractError extends UserCodeProblem {
  constructor(who: string, method: string, what: string, where?: string) {
    super('ContractError', who, method, what, where);
  }

  protected text(): string {
    return `${this.who} broke its contract: ${this.method}${this.at()} ${this.what}`;
  }
}

/**
 * (Stop 28) User code threw: a method of a model loaded from a file, one of its properties, or a
 * mechanism plugin. Not a verdict and not a bug of replcheck: the CLI prints it as one line
 * naming `who` and `method` (exit 2), its stack under REPLCHECK_DEBUG=1 (`cause`). Unlike a
 * {@link ContractError} it is not recorded as a breach: a random walk that threw is replayed
 * while it is shrunk, and must be able to throw again. `what` is what was thrown, as text.
 */
export class UserCodeError extends UserCodeProblem {
  constructor(who: string, method: string, what: string, where?: string, options?: { cause?: unknown }) {
    super('UserCodeError', who, method, what, where, options);
  }

  protected text(): string {
    return `${this.who} threw in ${this.method}${this.at()}: ${this.what}`;
  }
}

/** What a random walk's crash says: who threw in which method (user code), else the model and the message. */
export function crashText(modelName: string, e: unknown): string {
  if (e instanceof UserCodeError) return `${e.who} threw in ${e.method} during a random walk: ${e.what}`;
  return `model ${modelName} threw during a random walk: ${e instanceof Error ? e.message : String(e)}`;
}

/** `e` as the text a {@link UserCodeError} quotes: the message, named when it is not a plain Error. */
export function thrownText(e: unknown): string {
  // (Sweep 31c) Reading what was thrown runs user code too (a getter, toString): if that throws
  // as well, say so rather than report replcheck's own internal error. Long messages are cut.
  try {
    if (!(e instanceof Error)) return `${capped(shown(e))} (not an Error)`;
    const first = capped(String(e.message).split('\n')[0]!);
    return e.name && e.name !== 'Error' ? `${capped(String(e.name))}: ${first}` : first;
  } catch {
    return 'a value whose message cannot be read (its toString or message getter throws too)';
  }
}

/** Most characters of a thrown message quoted on the one line of a breach. */
const MESSAGE_MAX = 500;

function capped(text: string): string {
  return text.length > MESSAGE_MAX ? `${text.slice(0, MESSAGE_MAX - 3)}... (${text.length} characters)` : text;
}

/** True for what replcheck itself throws (kept as it is when it crosses user code). */
export function isOwnError(e: unknown): boolean {
  return e instanceof ContractError || e instanceof UserCodeError || e instanceof UsageError || e instanceof ModelContractError || e instanceof PluginExit;
}

/** A short rendering of a returned value for a breach message. */
export function shown(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'symbol') return v.toString();
  if (types.isPromise(v) || (typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function')) return 'a Promise (methods must be synchronous)';
  // (Stop 29) JSON shows a Set, a Map, a typed array or a class instance as `{}` or `{"0":1}`: name its kind and size.
  const kind = kindOf(v);
  if (kind !== undefined) return kind.length > 60 ? `${kind.slice(0, 57)}...` : kind;
  let text: string | undefined;
  try {
    text = JSON.stringify(v);
  } catch {
    text = undefined;
  }
  if (text === undefined) return String(v);
  // (Stop 28) JSON shows NaN and the infinities as null: name them.
  if (text.includes('null') && hasNonFinite(v, 0)) text = JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? `\u0000${x}\u0000` : x)).replace(/"\\u0000(.*?)\\u0000"/g, '$1');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The first few entries of a collection, each {@link shown}, comma-separated. */
function entries(list: readonly unknown[], size: number): string {
  const head = list.slice(0, 8).map(shown).join(', ');
  return size > 8 ? `${head}, ...` : head;
}

/**
 * `v` described by its kind when JSON would hide it: `Set(2) {1, 2}`, `Map(1) {"a" => 1}`,
 * `Int32Array(3) [1, 2, 3]`, `Counter {"c":1}` (a class instance); undefined for plain data.
 */
function kindOf(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  if (types.isSet(v)) return `Set(${v.size}) {${entries([...v].slice(0, 9), v.size)}}`;
  if (types.isMap(v)) return `Map(${v.size}) {${[...v].slice(0, 8).map(([k, x]) => `${shown(k)} => ${shown(x)}`).join(', ')}${v.size > 8 ? ', ...' : ''}}`;
  if (types.isTypedArray(v)) return `${v.constructor.name}(${v.length}) [${entries(Array.from(v.subarray(0, 9) as ArrayLike<unknown>), v.length)}]`;
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${v.byteLength} bytes)`;
  if (types.isAnyArrayBuffer(v)) return `${v.constructor.name}(${v.byteLength} bytes)`;
  if (types.isWeakMap(v) || types.isWeakSet(v)) return `a ${v.constructor.name}`;
  // (Sweep 31c) A generator method's answer read "an object with a prototype {}".
  if (types.isGeneratorObject(v)) return 'a generator object (from a function* method)';
  const proto = Object.getPrototypeOf(v) as object | null;
  if (proto === null || proto === Object.prototype || typeof (v as { toJSON?: unknown }).toJSON === 'function') return undefined;
  const name = (proto as { constructor?: { name?: unknown } }).constructor?.name;
  let fields: string;
  try {
    fields = JSON.stringify(v) ?? '{}';
  } catch {
    fields = '{...}';
  }
  return `${typeof name === 'string' && name !== '' ? name : 'an object with a prototype'} ${fields}`;
}

/** True when `v` holds NaN or an infinity within a few levels. */
function hasNonFinite(v: unknown, depth: number): boolean {
  if (typeof v === 'number') return !Number.isFinite(v);
  if (depth > 4 || typeof v !== 'object' || v === null) return false;
  for (const x of Object.values(v)) if (hasNonFinite(x, depth + 1)) return true;
  return false;
}

/** The shared state of one guarded target: the states explored and the first breach. */
export class Guard {
  states = 0;
  breach: ContractError | undefined;
  readonly who: string;

  /** (Stop 28) Whether the guarded code is the user's (a model loaded from a file): what it throws is then a {@link UserCodeError}. */
  readonly userCode: boolean;

  /**
   * (Stop 29) The plugin the model runs (e.g. `mechanism plugin ./mine.ts`), when the model is
   * built in and trusted: a breach the model's own checks find (a state changed by expanding it,
   * a step that answers differently) is then the plugin's, and is reported under its name.
   */
  readonly suspect: string | undefined;

  constructor(who: string, userCode = false, suspect?: string) {
    this.who = who;
    this.userCode = userCode;
    this.suspect = suspect;
  }

  /** Where the search is, for messages. */
  where(): string {
    // (Stop 29) The count of expansions begun, as the 0-based id the search gives the state (it said state 1 for the first).
    return this.states === 0 ? 'at the initial state' : `while exploring state ${this.states - 1}`;
  }

  /**
   * Records `e` (locating a ContractError; a plugin's process.exit is one) and returns what to
   * throw: for user code, anything else it threw becomes a {@link UserCodeError} naming `method`.
   */
  caught(e: unknown, method?: string): unknown {
    if (this.breach) return this.breach;
    if (e instanceof PluginExit) e = new ContractError(this.who, method ?? 'a method', e.message);
    if (e instanceof ContractError) {
      this.breach = e.locate(this.where());
      return this.breach;
    }
    if (e instanceof UserCodeError) return e.locate(this.where());
    if (this.userCode && method !== undefined && !isOwnError(e)) return new UserCodeError(this.who, method, thrownText(e), this.where(), { cause: e });
    return e;
  }
}
