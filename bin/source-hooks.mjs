// Module hooks for running replcheck from its TypeScript sources (a clone of the repository):
// the project's own .ts files are compiled by esbuild without `keepNames` (tsx forces it, which
// wraps every named closure created at run time in Object.defineProperty: about a fifth of the
// CPU of a check). Everything else (users' models, other packages) passes to the next loader.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

let roots = [];

/** `data.roots`: file URLs (ending in '/') of the folders whose .ts files this loader compiles. */
export function initialize(data) {
  roots = data.roots;
}

export async function load(url, context, nextLoad) {
  if (url.endsWith('.ts') && roots.some((r) => url.startsWith(r))) {
    const file = fileURLToPath(url);
    const source = await readFile(file, 'utf8');
    const out = await transform(source, {
      loader: 'ts', format: 'esm', target: `node${process.versions.node}`, sourcemap: 'inline', sourcefile: file,
    });
    return { format: 'module', source: out.code, shortCircuit: true };
  }
  return nextLoad(url, context);
}
