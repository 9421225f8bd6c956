/**
 * Importing a user's module (a `--model` or `--mechanism` file) by path. TypeScript files need a
 * loader: tsx is registered lazily, the first time such a file is imported (the compiled CLI
 * never loads it otherwise, so `--version` and built-in runs start fast). A `.ts` file in a
 * CommonJS package gets one line saying how to fix it instead of Node's require() error (or, when
 * it does not compile, esbuild's reason, which tsx reports there as a require cycle).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from './errors.ts';

const TS_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx']);
/**
 * Set by whoever already registered a TypeScript loader in this thread: `true` (tsx), or the URL
 * of a module whose `register()` installs it (bin/source-loader.mjs when the CLI runs from its
 * sources), which worker threads call from their boot script (a loader does not reach workers).
 */
export const TS_LOADER = Symbol.for('replcheck.tsLoader');

/** The URL of the module whose `register()` gives a worker thread this thread's TypeScript loader; undefined when none is registered. */
export function typeScriptLoaderUrl(): string | undefined {
  const v = (globalThis as Record<symbol, unknown>)[TS_LOADER];
  if (typeof v === 'string') return v;
  return v === undefined ? undefined : import.meta.resolve('tsx/esm/api');
}

async function ensureTypeScriptLoader(): Promise<void> {
  const g = globalThis as Record<symbol, unknown>;
  // Under vitest, replcheck's own TypeScript sources (this repository's tests) go through vite,
  // which compiles the files they import too. An installed replcheck (compiled, in node_modules)
  // is loaded by Node itself, so it needs tsx like anywhere else (stop 28: a user's suite got
  // "Unknown file extension .ts" for its own mechanism file).
  if (g[TS_LOADER] !== undefined || (process.env.VITEST !== undefined && import.meta.url.endsWith('.ts'))) return;
  const { register } = await import('tsx/esm/api');
  register();
  g[TS_LOADER] = true;
}

/** The `type` of the package.json nearest to `file` (default `commonjs`, as Node reads it). */
function packageType(file: string): string {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        const type = (JSON.parse(readFileSync(pkg, 'utf8')) as { type?: unknown }).type;
        return type === 'module' ? 'module' : 'commonjs';
      } catch {
        return 'commonjs';
      }
    }
    if (dirname(dir) === dir) return 'commonjs';
  }
}

/**
 * Imports the module at the absolute path `file`. Load failures become one-line
 * {@link UsageError}s whose text `message(reason)` makes from the reason.
 */
export async function importUserModule(file: string, message: (reason: string) => string): Promise<Record<string, unknown>> {
  const ext = extname(file);
  if (TS_EXTENSIONS.has(ext)) await ensureTypeScriptLoader();
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (e) {
    // The plugin guard's own signals (a plugin calling process.exit) and usage errors pass through.
    if (e instanceof UsageError || (e instanceof Error && e.name === 'PluginExit')) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    // tsx reports a file that does not compile as a require cycle in a CommonJS package, and names a
    // .cts file as .ts: esbuild's own reason comes first.
    const syntax = TS_EXTENSIONS.has(ext) ? await syntaxError(file, ext) : undefined;
    if (syntax !== undefined) throw new UsageError(message(loadFailure(syntax)));
    const code = (e as { code?: unknown }).code;
    // (F8) tsx's require() of an ES module from a CommonJS file fails with its internal
    // "request for './mechanism.ts' is not in cache" (ERR_VM_MODULE_LINK_FAILURE).
    const cjs = code === 'ERR_REQUIRE_CYCLE_MODULE' || code === 'ERR_REQUIRE_ESM' || code === 'ERR_REQUIRE_ASYNC_MODULE' || code === 'ERR_VM_MODULE_LINK_FAILURE' ||
      /require\(\) (of )?ES Module|Cannot require\(\) ES Module|request for '[^']*' is not in cache/i.test(msg);
    if (cjs && (ext === '.cts' || ext === '.cjs')) {
      throw new UsageError(message(`a ${ext} file is CommonJS, and its require() cannot load replcheck (an ES module); write it as an ES module: import { ... } from 'replcheck/mechanism' (or 'replcheck') and export default, in a ${ext === '.cts' ? '.mts' : '.mjs'} file`));
    }
    if (cjs && (ext === '.ts' || ext === '.tsx') && packageType(file) === 'commonjs') {
      throw new UsageError(message(`a ${ext} file in a CommonJS package is compiled to CommonJS, which cannot import replcheck (an ES module); name it .mts, or set "type": "module" in its package.json`));
    }
    // (Sweep 31c) A .ts file that compiles (esbuild found no error above) but fails to parse was
    // read by Node as plain CommonJS JavaScript, types and all: "Unexpected token ':'" told the
    // user their valid TypeScript had a syntax error.
    if (e instanceof SyntaxError && (ext === '.ts' || ext === '.tsx') && packageType(file) === 'commonjs') {
      throw new UsageError(message(`a ${ext} file outside an ES module package (the nearest package.json above it does not say "type": "module", or there is none) is loaded as CommonJS, and Node read its TypeScript as plain JavaScript (${loadFailure(msg)}); name it .mts, or set "type": "module" in its package.json`));
    }
    throw new UsageError(message(loadFailure(msg)));
  }
}

/**
 * The line of a load failure's message that says what is wrong: its first line, or, when that
 * only announces a list (esbuild's "Transform failed with 1 error:"), the first entry of the list
 * ("/x/m.ts:1:16: ERROR: Expected identifier but found end of file").
 */
export function loadFailure(msg: string): string {
  const lines = msg.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length === 0) return msg;
  return lines[0].endsWith(':') && lines.length > 1 ? lines[1] : lines[0];
}

/**
 * esbuild's message when the TypeScript file does not compile, else undefined (also when esbuild,
 * which tsx brings, cannot be loaded: the caller then gives its own reason).
 */
async function syntaxError(file: string, ext: string): Promise<string | undefined> {
  try {
    const { transform } = await import('esbuild');
    await transform(readFileSync(file, 'utf8'), { loader: ext === '.tsx' ? 'tsx' : 'ts', sourcefile: file });
    return undefined;
  } catch (e) {
    const msg = e instanceof Error ? e.message : '';
    return /ERROR:/.test(msg) ? msg : undefined;
  }
}
