/**
 * Misuse and bad input. Expected outcomes (a violation, an incomplete run) are values, never
 * exceptions; these errors are for input the user must fix, and the CLI prints their message as
 * one line and exits 2.
 */

/** Bad input or usage: the message names the field and the fix. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
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
