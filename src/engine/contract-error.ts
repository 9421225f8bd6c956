/**
 * (Issue 16) The breach of a contract by user code (a model, a property, a plugin) and the guard
 * state one guarded target shares: how far the search got and the first breach, which every
 * later guarded call throws again (see contract.ts).
 */
import { PluginExit } from './plugin-guard.ts';

/** A model, property or plugin returned something its contract forbids (see the file header). */
export class ContractError extends Error {
  /** Where the search was, e.g. "while exploring state 12"; filled in by the model guard. */
  where: string | undefined;
  readonly who: string;
  readonly method: string;
  readonly what: string;

  constructor(who: string, method: string, what: string, where?: string) {
    super('');
    this.who = who;
    this.method = method;
    this.what = what;
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

/** The shared state of one guarded target: the states explored and the first breach. */
export class Guard {
  states = 0;
  breach: ContractError | undefined;
  readonly who: string;

  constructor(who: string) {
    this.who = who;}
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
