// Registers the loaders that run replcheck from its TypeScript sources, in this thread: tsx for
// users' TypeScript files, then bin/source-hooks.mjs for the project's own sources (it runs first).
// Without esbuild (a clone installed with --omit=dev), tsx alone.
import { register as registerHooks } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

const SOURCES = ['src', 'model', 'properties', 'traces', 'reference', 'bin'];

/** True when esbuild (a devDependency, also tsx's own) can be loaded from here. */
function haveEsbuild() {
  try {
    import.meta.resolve('esbuild');
    return true;
  } catch {
    return false;
  }
}

/** Registers both loaders (once per thread; workers call it from their boot script). */
export function register() {
  registerTsx();
  if (!haveEsbuild()) return; // tsx alone then compiles everything (with keepNames: slower, same results)
  const roots = SOURCES.map((d) => new URL(`../${d}/`, import.meta.url).href);
  registerHooks('./source-hooks.mjs', import.meta.url, { data: { roots } });
  process.setSourceMapsEnabled(true);
}
