#!/usr/bin/env node
// replcheck launcher. An installed package (no src/ beside dist/) runs the compiled JavaScript
// in dist/: no loader, fast start. In a clone of the repository it runs the TypeScript sources
// through tsx, so an edit never runs stale code and test fixtures that import the sources share
// one copy of the engine with the CLI; REPLCHECK_DIST=1 runs the build there instead when it is
// newer than every source file (bench/startup.ts measures it so). Users' TypeScript models and
// mechanisms load through tsx on demand either way (src/engine/load-module.ts).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'bin', 'main.js');
const stamp = join(root, 'dist', '.stamp');
const SOURCES = ['src', 'model', 'properties', 'traces', 'reference', 'bin'];

/** True when some file under `dir` (not dist/, node_modules/ or tests) changed after `time`. */
function changedSince(dir, time) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'corpus' && changedSince(p, time)) return true;
    } else if ((e.name.endsWith('.ts') || e.name.endsWith('.json')) && statSync(p).mtimeMs > time) return true;
  }
  return false;
}

function useBuild() {
  if (process.env.REPLCHECK_SOURCE === '1' || !existsSync(built)) return false;
  if (!existsSync(join(root, 'src'))) return true;
  if (process.env.REPLCHECK_DIST !== '1' || !existsSync(stamp)) return false;
  const time = statSync(stamp).mtimeMs;
  return !SOURCES.some((d) => existsSync(join(root, d)) && changedSince(join(root, d), time));
}

// A reader that stops early (`replcheck show FILE | head`) closes the pipe: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
let main;
if (useBuild()) {
  ({ main } = await import(pathToFileURL(built).href));
} else {
  const loader = new URL('./source-loader.mjs', import.meta.url).href;
  (await import(loader)).register();
  globalThis[Symbol.for('replcheck.tsLoader')] = loader;
  ({ main } = await import('./main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
