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
// (Stop 29) Nothing more is written to it, and the run goes on to end with its own exit code: a
// check piped into `head -1` used to exit 0 at the first line, whatever it was about to find.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code !== 'EPIPE') throw err;
    stream.write = (_chunk, encoding, done) => {
      const cb = typeof encoding === 'function' ? encoding : done;
      if (typeof cb === 'function') queueMicrotask(cb);
      return true;
    };
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
