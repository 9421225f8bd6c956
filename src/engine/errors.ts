/**
 * Misuse and bad input. Expected outcomes (a violation, an incomplete run) are values, never
 * exceptions; these errors are for input the user must fix, and the CLI prints their message as
 * one line and exits 2.
 */

const BRAND = Symbol.for('replcheck.UsageError');

/**
 * Bad input or usage: the message names the field and the fix. `instanceof UsageError` also
 * recognises errors made by another copy of this module (a user's model that imports
 * replcheck's sources while the CLI runs its compiled build), through a registered brand.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
    Object.defineProperty(this, BRAND, { value: true });
  }

  static [Symbol.hasInstance](x: unknown): boolean {
    if (this !== UsageError) return Function.prototype[Symbol.hasInstance].call(this, x);
    return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[BRAND] === true;
  }
}

/** Throws a {@link UsageError} unless `cond` holds. */
export function require(cond: unknown, message: string): asserts cond {
  if (!cond) throw new UsageError(message);
}

/**
 * (Addition, issue 10) A model (or a plugin it calls) broke the {@link Model} contract in a way
 * the engine detected, e.g. a counterexample that does not replay because `actions`/`next` are
 * not deterministic or `canonical` is not a symmetry. The CLI reports it as the model's fault
 * (one line, exit 2), never as a verdict or a bug of replcheck.
 */
export class ModelContractError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelContractError';
  }
}
