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
