#!/usr/bin/env node
// Builds dist/: the TypeScript sources compiled to JavaScript with declarations (tsc, with
// rewriteRelativeImportExtensions so `./x.ts` imports become `./x.js`), the JSON schemas the
// code reads at run time copied beside it (the trace and configuration schemas, and schemas/, the
// --json schemas), and declaration imports rewritten to `.js` too (tsc
// keeps `.ts` there, which users' type-checkers refuse without allowImportingTsExtensions).
// Run by `npm run build` and by npm's `prepare` (npm install in a clone, npm pack).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const require = createRequire(import.meta.url);

let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc');
} catch {
  if (existsSync(join(dist, '.stamp'))) process.exit(0);
  console.error('replcheck build: typescript is not installed (npm install --include=dev), and there is no dist/');
  process.exit(1);
}
rmSync(dist, { recursive: true, force: true });
const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (!existsSync(join(dist, 'src', 'index.js'))) {
  console.error('replcheck build: tsc produced no output');
  process.exit(1);
}
if (r.status !== 0) console.error('replcheck build: tsc reported type errors (see above; `npm run typecheck` fails too); dist/ was written anyway');

const SPECIFIER = /((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]+?)\.ts(['"])/g;
function walk(dir, visit) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, visit);
    else visit(p);
  }
}
walk(dist, (p) => {
  if (p.endsWith('.d.ts')) writeFileSync(p, readFileSync(p, 'utf8').replace(SPECIFIER, '$1$2.js$3'));
});
for (const dir of ['model', 'traces', 'src']) {
  walk(join(root, dir), (p) => {
    if (!p.endsWith('.json') || p.includes(`${join('traces', 'corpus')}`)) return;
    const to = join(dist, relative(root, p));
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(p, to);
  });
}
// The --json schemas: shipped at the package root (replcheck/schemas/*), and copied beside the
// code so src/cli/json-schema.ts finds them as ../../schemas from dist/src/cli too.
mkdirSync(join(dist, 'schemas'), { recursive: true });
for (const f of readdirSync(join(root, 'schemas'))) copyFileSync(join(root, 'schemas', f), join(dist, 'schemas', f));
writeFileSync(join(dist, '.stamp'), `${new Date().toISOString()}\n`);
