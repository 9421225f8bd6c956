/**
 * `npm run bench:startup`: the CLI's start-up cost as a user pays it, whole process: CPU time
 * (user + system, the steady figure on a busy machine) of `replcheck --version` and of
 * `replcheck check --config tiny`, against bare `node`, running the compiled build (dist/, as an
 * installed package does; `npm run build` first) and, for comparison, the TypeScript sources
 * through tsx (REPLCHECK_DIST=1 selects the build inside a clone). Median of N runs (default 9). Writes bench/sections/startup.md, which
 * bench/RESULTS.md includes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const hook = fileURLToPath(new URL('./cpu-at-exit.mjs', import.meta.url));
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 9;

/** Median CPU ms of `node --import hook ...args` over `runs` runs. */
function cpuMs(args: string[], env: Record<string, string> = {}): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ['--import', hook, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
    const m = /cpu-ms: ([0-9.]+)/.exec(r.stderr);
    if (!m) throw new Error(`no CPU figure from node ${args.join(' ')}: ${r.stderr}`);
    samples.push(Number(m[1]));
  }
  samples.sort((a, b) => a - b);
  return samples[(samples.length - 1) >> 1];
}

if (!existsSync(`${root}dist/.stamp`)) throw new Error('no dist/ build: run `npm run build` first');
const load = loadavg()[0]!;
const bare = cpuMs(['-e', '0']);
const rows: [string, number, number, string][] = [];
for (const [what, args, target] of [
  ['--version', ['bin/replcheck.js', '--version'], 150],
  ['check --config tiny', ['bin/replcheck.js', 'check', '--config', 'tiny'], 500],
] as const) {
  const built = cpuMs([...args], { REPLCHECK_DIST: '1' });
  const source = cpuMs([...args], { REPLCHECK_SOURCE: '1' });
  rows.push([what, built, source, `${(built - bare).toFixed(0)} ms over bare node (target < ${target} ms): ${built - bare < target ? 'met' : 'MISSED'}`]);
}
const md = [
  '## CLI start-up (bench/startup.ts)',
  '',
  `Whole-process CPU time (user + system), median of ${runs} runs, measured by \`npm run bench:startup\`;`,
  `bare \`node -e 0\` takes ${bare.toFixed(0)} ms here. "compiled" is what an installed package runs (dist/);`,
  '"sources" is the TypeScript sources through tsx (a clone whose dist/ is older than its sources).',
  `Load average ${load.toFixed(1)} on ${availableParallelism()} CPUs when it started (CPU times grow on a loaded machine: caches and`,
  'frequency are shared; compare the figures over bare node, not across runs).',
  '',
  '| command | compiled, CPU ms | sources via tsx, CPU ms | compiled vs target |',
  '| --- | ---: | ---: | --- |',
  ...rows.map(([w, b, s, t]) => `| \`replcheck ${w}\` | ${b.toFixed(0)} | ${s.toFixed(0)} | ${t} |`),
  '',
].join('\n');
writeFileSync(fileURLToPath(new URL('./sections/startup.md', import.meta.url)), md);
process.stdout.write(md);
