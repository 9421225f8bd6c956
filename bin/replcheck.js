#!/usr/bin/env node
// replcheck launcher. An installed package (no src/ beside dist/) runs the compiled JavaScript
// in dist/: no loader, fast start. In a clone of the repository it runs the TypeScript sources
// through tsx, so an edit never runs stale code and test fixtures that import the sources share
// one copy of the engine with the CLI; REPLCHECK_DIST=1 runs the build there instead when it is
// newer than every source file (bench/startup.ts measures it so). Users' TypeScript models and
// mechanisms load through tsx on demand either way (src/engine/load-module.ts).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'bin', 'main.js');

async function useBuild() {
  if (process.env.REPLCHECK_SOURCE === '1' || !existsSync(built)) return false;
  if (!existsSync(join(root, 'src'))) return true;
  if (process.env.REPLCHECK_DIST !== '1') return false;
  // Only in a clone (the package ships dist/ alone): the freshness rule the tests share.
  const { distIsFresh } = await import('./dist-fresh.mjs');
  return distIsFresh(root);
}

// A reader that stops early (`replcheck show FILE | head`) closes the pipe: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
let main;
if (await useBuild()) {
  ({ main } = await import(pathToFileURL(built).href));
} else {
  const loader = new URL('./source-loader.mjs', import.meta.url).href;
  (await import(loader)).register();
  globalThis[Symbol.for('replcheck.tsLoader')] = loader;
  ({ main } = await import('./main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
