/**
 * (Issue 16) Plugins cannot end the process. While plugin code runs (a model or mechanism
 * module's import, `create`, and every guarded method: see contract.ts), `process.exit` and
 * `process.abort` throw a {@link PluginExit} instead of ending the run, so a plugin that calls
 * them is reported (exit 2, one line) and never taken for a verdict. A plugin import must also
 * settle within a load timeout (default 30 s, `REPLCHECK_LOAD_TIMEOUT=SECONDS` raises it), so a
 * module whose top-level await never settles is refused with a clear message.
 */
import { pathToFileURL } from 'node:url';
import { UsageError } from './errors.ts';
import { thrownText } from './contract-error.ts';
import { importUserModule } from './load-module.ts';
import { enterMethod, leaveMethod, methodId } from './watch.ts';

/** Thrown by the guarded `process.exit` / `process.abort` while plugin code runs. */
export class PluginExit extends Error {
  readonly call: string;

  constructor(call: string) {
    super(`called ${call} (a plugin may not end the process)`);
    this.call = call;
    this.name = 'PluginExit';
  }
}

/**
 * How deep in plugin code the process is (0: replcheck's own code). Read and written by the guards.
 * (Stop 29) `called`, while set, collects the names of the mechanism plugin methods called (set
 * only to find which ones a model's step ran when the model's own checks caught a breach).
 */
export const pluginCode: { depth: number; called?: Set<string> } = { depth: 0 };

const realExit = process.exit;
const realAbort = process.abort;
let installed = false;

/** Replaces `process.exit` and `process.abort` with versions that throw inside plugin code (idempotent). */
export function installExitGuard(): void {
  if (installed) return;
  installed = true;
  process.exit = function exit(code?: number | string | null): never {
    if (pluginCode.depth > 0) throw new PluginExit(`process.exit(${code ?? ''})`);
    return realExit.call(process, code as number | undefined);
  } as typeof process.exit;
  process.abort = function abort(): never {
    if (pluginCode.depth > 0) throw new PluginExit('process.abort()');
    return realAbort.call(process);
  } as typeof process.abort;
}

/** Ends the process with `code` (the real process.exit, whatever the guard's depth). */
export function exitProcess(code: number): never {
  return realExit.call(process, code);
}

/**
 * (Sweep 31c) Marks `r`, when it is a thenable, as handled (what it rejects with is not an uncaught error): an async plugin
 * method is refused as returning a Promise, and its rejection must not be a second line.
 */
export function settled(r: unknown): void {
  if (typeof r === 'object' && r !== null && typeof (r as { then?: unknown }).then === 'function') {
    try {
      (r as PromiseLike<unknown>).then(undefined, () => {});
    } catch {
      // A `then` that throws: the answer is refused as what it is anyway.
    }
  }
}

/** Runs `f` (plugin code) with the exit guard on. */
export async function asPlugin<T>(f: () => T | Promise<T>): Promise<T> {
  installExitGuard();
  pluginCode.depth++;
  try {
    return await f();
  } finally {
    pluginCode.depth--;
  }
}

/** The load timeout in seconds (`REPLCHECK_LOAD_TIMEOUT`, default 30). */
export function loadTimeoutSeconds(env: Record<string, string | undefined> = process.env): number {
  const raw = env.REPLCHECK_LOAD_TIMEOUT;
  if (raw === undefined || raw === '') return 30;
  const n = Number(raw);
  if (!(n > 0) || !Number.isFinite(n)) throw new UsageError(`REPLCHECK_LOAD_TIMEOUT must be a positive number of seconds (got '${raw}')`);
  return n;
}

/**
 * Imports a plugin file under the exit guard and the load timeout. `label` names it in
 * messages (`--mechanism file ./m.ts`). A call to `process.exit` while loading and a load that
 * does not settle in time are {@link UsageError}s, and so are other import failures, worded by
 * `message` (default: `<label> cannot be loaded: <reason>`). TypeScript files load through tsx
 * (registered on first use, see load-module.ts). `timed` false waits without the load timeout
 * (replcheck's own default model: on a busy machine it may take longer than a short timeout).
 */
export async function importPlugin(file: string, label: string, message = (why: string) => `${label} cannot be loaded: ${why}`, timed = true, watchAs?: string,
  who?: string): Promise<Record<string, unknown>> {
  // Registered before its top-level code runs: a timer it starts there may throw later.
  if (who !== undefined) userPlugins.push({ who, file });
  const seconds = loadTimeoutSeconds();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    if (!timed) return;
    timer = setTimeout(() => reject(new UsageError(
      `${label} did not finish loading within ${seconds} s (a top-level await that never settles?); set REPLCHECK_LOAD_TIMEOUT=SECONDS to wait longer`)), seconds * 1000);
  });
  // Watched (plugin watchdog, watch.ts) under the user's name for the file: a synchronous infinite loop in its top-level code is named.
  const prev = watchAs !== undefined ? enterMethod(methodId(watchAs, 'its top-level code (import)')) : undefined;
  try {
    return await asPlugin(() => Promise.race([importUserModule(file, message), timeout]));
  } catch (e) {
    if (e instanceof PluginExit) throw new UsageError(`${label} ${e.message} while loading`);
    throw e;
  } finally {
    clearTimeout(timer);
    if (prev !== undefined) leaveMethod(prev);
  }
}

/**
 * (Sweep 29) The user's plugin files loaded on this thread (`who`: `mechanism plugin ./m.mjs`,
 * `model module ./m.ts`; `file`: the resolved path), registered by {@link importPlugin}. An
 * uncaught exception or unhandled rejection while one is loaded is the plugin's (a timer or a
 * promise it started: replcheck's own code awaits or catches what it starts), named by
 * {@link uncaughtText}.
 */
export const userPlugins: { who: string; file: string }[] = [];

/**
 * The one line for an uncaught exception or unhandled rejection `e` on a thread that loaded
 * user plugins (see {@link userPlugins}), or undefined when none is loaded (then it is
 * replcheck's own). With several plugins, the one whose file its stack names, else all of them.
 */
export function uncaughtText(e: unknown): string | undefined {
  if (userPlugins.length === 0) return undefined;
  const stack = e instanceof Error ? String(e.stack ?? '') : '';
  const named = userPlugins.filter((p) => stack.includes(p.file) || stack.includes(pathToFileURL(p.file).href));
  const who = [...new Set((named.length > 0 ? named : userPlugins).map((p) => p.who))];
  // (Sweep 31c) Read as a breach's quote is (contract-error.ts): never throws, cut when long.
  const msg = thrownText(e);
  return `${who.length === 1 ? who[0] : `one of ${who.join(', ')}`} raised an uncaught error outside a method call (a timer or promise it started): ${msg}`;
}

/**
 * `obj` with each of its methods named in `names` run as plugin code: under the exit guard
 * (counted in {@link pluginCode}) and watched by the plugin watchdog as `file`'s method
 * (watch.ts). A {@link PluginExit} from a call is thrown as what `onExit(method, e)` returns.
 * For plugin objects called outside the model's guards (`replay` runs a mechanism plugin in the
 * reference engine); other members read through to `obj`.
 */
export function guardMethods<T extends object>(obj: T, names: readonly string[], file: string, onExit: (method: string, e: PluginExit) => unknown,
  onThrow?: (method: string, e: unknown) => unknown): T {
  installExitGuard();
  const guarded = Object.create(obj) as Record<string, unknown>;
  for (const name of names) {
    const f = (obj as Record<string, unknown>)[name];
    if (typeof f !== 'function') continue;
    const id = methodId(file, name);
    guarded[name] = (...args: unknown[]): unknown => {
      pluginCode.depth++;
      const prev = enterMethod(id);
      try {
        const r = f.apply(obj, args);
        settled(r);
        return r;
      } catch (e) {
        throw e instanceof PluginExit ? onExit(name, e) : onThrow !== undefined ? onThrow(name, e) : e;
      } finally {
        leaveMethod(prev);
        pluginCode.depth--;
      }
    };
  }
  return guarded as T;
}
