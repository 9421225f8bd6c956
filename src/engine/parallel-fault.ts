/**
 * (Issue 17) Errors raised on a worker thread, rebuilt on the main thread with the class the
 * CLI reports them by (a usage error, a model's or plugin's contract breach, anything else), so
 * a run on workers fails with the same one line as a run on one thread.
 */
import { ModelContractError, UsageError } from './errors.ts';
import { ContractError, UserCodeError } from './contract-error.ts';
import { faultOf, type WorkerFault } from './parallel-protocol.ts';
import { uncaughtText } from './plugin-guard.ts';
import { ModelError } from './random.ts';

/** The error a worker reported, as an error of the same class and message. */
export function rebuildFault(f: WorkerFault): Error {
  if (f.name === 'UsageError') return new UsageError(f.message);
  if (f.name === 'ModelContractError') return new ModelContractError(f.message);
  const x = f.fields ?? {};
  if (f.name === 'ContractError' && typeof x.who === 'string' && typeof x.method === 'string' && typeof x.what === 'string') {
    return new ContractError(x.who, x.method, x.what, typeof x.where === 'string' ? x.where : undefined);
  }
  if (f.name === 'UserCodeError' && typeof x.who === 'string' && typeof x.method === 'string' && typeof x.what === 'string') {
    const cause = x.cause !== undefined ? rebuildFault(x.cause as WorkerFault) : undefined;
    return new UserCodeError(x.who, x.method, x.what, typeof x.where === 'string' ? x.where : undefined, cause !== undefined ? { cause } : undefined);
  }
  if (f.name === 'ModelError' && typeof x.seed === 'number') {
    const cause = x.cause !== undefined ? rebuildFault(x.cause as WorkerFault) : undefined;
    return new ModelError(f.message, x.seed, typeof x.path === 'string' ? x.path : undefined, cause !== undefined ? { cause } : undefined);
  }
  const e = new Error(f.message);
  e.name = f.name;
  if (f.stack !== undefined) e.stack = f.stack;
  return e;
}

/**
 * (Stop 30) Reports an uncaught exception or unhandled rejection on a search or measure worker
 * through `post`, as the CLI's own thread does (cli-worker.ts): with a user plugin loaded on this
 * thread it is the plugin's (a timer or promise it started: {@link uncaughtText}), a usage error
 * naming it, which the main thread reports as exit 2 with one line; else it is replcheck's own.
 * Without this, the worker died and the run ended as "internal error".
 */
export function reportUncaught(post: (f: WorkerFault) => void): void {
  const report = (e: unknown): void => {
    const text = uncaughtText(e);
    post(text !== undefined ? faultOf(new UsageError(text)) : faultOf(e));
  };
  process.on('uncaughtException', report);
  process.on('unhandledRejection', report);
}
