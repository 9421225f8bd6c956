/**
 * `npx tsx bench/workers.ts [--only NAME] [--repeat N]`: the "Both cores" figures of issue 17.
 * Each case runs the CLI in a fresh process with `--workers 1` and `--workers 2`, alternating
 * (1, 2, 1, 2, ...), and measures wall time (from spawn to exit) and CPU time (user + system of
 * the whole process, every thread included, printed at exit by bench/cpu-at-exit.mjs). It
 * checks that both give the same states, transitions and result, prints the speed-up (wall and
 * CPU, one worker over two) itself, and writes bench/sections/workers.md. The compiled build is
 * used when it is newer than the sources (REPLCHECK_DIST=1, `npm run build` first), so workers
 * do not compile the sources again when they start.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface Case {
  name: string;
  what: string;
  args: string[];
  /** Environment added to the run (default: REPLCHECK_WATCHDOG=0, a `--model` file on the main thread). */
  env?: Record<string, string>;
}

const CASES: Case[] = [
  {
    name: 'two-phase-9',
    what: 'two-phase commit, 9 resource managers, invariant consistent (generic two-phase model, examples/two-phase.ts)',
    args: ['check', '--model', 'examples/two-phase.ts', '--param', 'rms=9', '--property', 'consistent'],
  },
  {
    name: 'two-phase-9-watched',
    what: 'the same under the plugin watchdog (a `--model` file runs the command on a watched thread, which starts the search workers)',
    args: ['check', '--model', 'examples/two-phase.ts', '--param', 'rms=9', '--property', 'consistent'],
    env: { REPLCHECK_WATCHDOG: '1' },
  },
  {
    name: 'two-phase-8',
    what: 'two-phase commit, 8 resource managers, invariant consistent',
    args: ['check', '--model', 'examples/two-phase.ts', '--param', 'rms=8', '--property', 'consistent'],
  },
  {
    name: 'medium-causal',
    what: 'replication model, configuration medium, property causal-order',
    args: ['check', '--config', 'medium', '--property', 'causal-order'],
  },
  {
    name: 'medium',
    what: 'replication model, configuration medium, every property (the whole space: `npx replcheck check --config medium`)',
    args: ['check', '--config', 'medium'],
  },
  {
    name: 'medium-causal-500k',
    what: 'replication model, configuration medium, property causal-order, the first 500,000 states (--max-states: exit 3, incomplete)',
    args: ['check', '--config', 'medium', '--property', 'causal-order', '--max-states', '500000'],
  },
  {
    name: 'medium-500k',
    what: 'replication model, configuration medium, every property, the first 500,000 states (--max-states: exit 3, incomplete)',
    args: ['check', '--config', 'medium', '--max-states', '500000'],
  },
  {
    name: 'huge-every-step-20',
    what: 'replication model, configuration huge, random: 20 walks from seed 1, every property checked on every step (walks differ in length by 10x and more; this thread walks too)',
    args: ['simulate', '--config', 'huge', '--check-every', '1', '--runs', '20', '--seed', '1'],
  },
  {
    name: 'huge-every-step-60',
    what: 'the same with 60 walks (issue 17\'s 100,000 steps/s on two workers: each worker\'s start, the model built and its code compiled afresh, weighs less than on 20)',
    args: ['simulate', '--config', 'huge', '--check-every', '1', '--runs', '60', '--seed', '1'],
  },
  {
    name: 'large-default',
    what: 'replication model, configuration large, random with the default flags and seed 1 (100 walks, invariants every 10 steps: the configuration\'s default)',
    args: ['simulate', '--config', 'large', '--seed', '1'],
  },
  {
    name: 'huge-default',
    what: 'replication model, configuration huge, random with the default flags and seed 1 (100 walks, invariants every 1,000 steps: the configuration\'s default)',
    args: ['simulate', '--config', 'huge', '--seed', '1'],
  },
  {
    name: 'small-causal',
    what: 'replication model, configuration small, property causal-order',
    args: ['check', '--config', 'small', '--property', 'causal-order'],
  },
];

interface Run {
  workers: number;
  wall: number;
  cpu: number;
  states: number;
  transitions: number;
  result: string;
  param: string;
  /** A random run: `states` and `transitions` are its steps. */
  random?: boolean;
}

/** What the figures say, kept with them (written when the cases were last measured, 2026-11-30). */
const NOTES = [
  'Stop 23 (par20): workers no longer keep a table of every successor they met, the plugin watchdog starts the search',
  'workers (two-phase-9-watched), and medium-500k (every property) was added: see bench/sections/par20.md.',
  '',
  'two-phase-9 and medium-causal-500k were measured on the code of commit 3f7ff0a (compiled), before workers skipped',
  'successors they met before (src/engine/parallel-met.ts); the lines that name a commit were measured on it.',
  '',
  'Reading the table (2026-11-30; the 1-minute load average was 13 to 24 on these 2 cores, so every process got a',
  'fraction of a core and the wall times are mostly the load of the moment; CPU time is the steadier figure):',
  '- Every pair gave the same states, transitions and result; the tests (test/cli/workers.slow.test.ts,',
  '  test/engine/parallel-search.test.ts) compare whole `--json` reports for 1, 2 and 3 workers.',
  '- **The 1.7x aim is not shown.** two-phase with 9 RMs: 1.55x wall under load, for 1.21x the CPU of one thread, so',
  '  on an idle machine it can be at most about 2 / 1.21 = 1.65x. The replication model costs 1.38x the CPU on',
  '  `medium` (first 500,000 states) and 1.6x to 1.7x on `small` (where starting the workers and the first 0.5 s on',
  '  one thread weigh more), so at most about 1.45x on `medium`; the wall figures here (1.01x, 0.61x) are the load.',
  '  The full `medium` with `causal-order` (4 minutes of CPU on one thread) was not run: at this load a pair of',
  '  runs takes over an hour.',
  '- Short runs lose: two-phase with 8 RMs is 3 s of CPU on one thread; two workers that each load the TypeScript',
  '  model file through tsx (about 1.5 s of CPU each, measured on `check --config tiny` with and without workers:',
  '  0.6 s for both from the build with the compiled replication model, 1.6 s from sources) make it 2.4x the CPU.',
  '- Where the extra CPU goes (CPU profiles of `small`, `causal-order`, 60,000 states, 2 workers, from sources):',
  '  starting each worker (it loads and builds the model: 1 to 2 s of CPU from the TypeScript sources, less from',
  '  the build), garbage collection in the workers (14 to 20% of their time: successors stay alive until the main',
  '  thread says which are new), serialising the states moved between workers to even out their shares (none',
  '  once the shares are even), and a per-state remainder not yet accounted for (each worker has its own caches',
  '  of per-node encodings and property results, warmed separately). The main thread is mostly idle on the',
  '  replication model; on two-phase it inserts every fingerprint into the visited table, about a third of the',
  '  one-thread time, which is what bounds that case. A visited table shared by the workers (SharedArrayBuffer)',
  '  was tried at stop 27 and made two-phase-9 slower (bench/RESULTS.md, "Exhaustive search on two workers, stop 27",',
  '  which also finds where the two-worker CPU time goes now and what was fixed).',
];

const root = fileURLToPath(new URL('..', import.meta.url));

/** Runs the CLI once; resolves to its measurements (`outSuffix`: a suffix of the --out directory). */
function once(c: Case, workers: number, outSuffix = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', './bench/cpu-at-exit.mjs', 'bin/replcheck.js', ...c.args, '--workers', String(workers), '--json', '--out', `/tmp/replcheck-bench-workers${outSuffix}`], {
      cwd: root, env: { ...process.env, REPLCHECK_DIST: '1', REPLCHECK_WATCHDOG: '0', ...c.env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', () => {
      const wall = (performance.now() - t0) / 1000;
      const cpu = Number(/cpu-ms: ([\d.]+)/.exec(err)?.[1] ?? NaN) / 1000;
      try {
        const j = JSON.parse(out);
        // A random run (simulate) counts steps: they stand in the states column, marked so in the row.
        const random = j.mode === 'random';
        resolve({ workers, wall, cpu, states: random ? j.stats.steps : j.stats.distinctStates, transitions: random ? j.stats.steps : j.stats.transitions, result: j.result, param: j.params.workers, random });
      } catch {
        reject(new Error(`${c.name} --workers ${workers}: no JSON report (${err.trim().split('\n').slice(-2).join(' ')})`));
      }
    });
  });
}

const argv = process.argv.slice(2);
const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1]!.split(',') : ['two-phase-9', 'medium-causal'];
const repeat = argv.includes('--repeat') ? Number(argv[argv.indexOf('--repeat') + 1]) : 1;
/** Stored figures per case (bench/workers.json): a run of some cases keeps the others'. */
interface Stored { row: string; line: string; date: string; loadStart: number; loadEnd: number; repeat: number }
const storeFile = new URL('./workers.json', import.meta.url);
const store: Record<string, Stored> = existsSync(storeFile) ? JSON.parse(readFileSync(storeFile, 'utf8')) : {};
const rows: string[] = [];
const lines: string[] = [];
for (const c of CASES.filter((x) => only.includes(x.name))) {
  const loadStart = loadavg()[0]!;
  const date = new Date().toISOString();
  const runs: Run[] = [];
  /** (Stop 36) Wall of two independent one-thread runs started together (the slower of the two). */
  const pairs: number[] = [];
  for (let r = 0; r < repeat; r++) {
    for (const w of [1, 2]) {
      const x = await once(c, w);
      runs.push(x);
      console.log(`${c.name} --workers ${w}: ${x.wall.toFixed(1)} s wall, ${x.cpu.toFixed(1)} s CPU, ${x.states} states, ${x.result} (params.workers ${x.param}), load ${loadavg()[0]!.toFixed(1)}`);
    }
    if (!argv.includes('--no-pair')) {
      const two = await Promise.all([once(c, 1, '-a'), once(c, 1, '-b')]);
      pairs.push(Math.max(...two.map((x) => x.wall)));
      console.log(`${c.name} two --workers 1 runs at once: ${two.map((x) => x.wall.toFixed(1)).join(' and ')} s wall, ${two.map((x) => x.cpu.toFixed(1)).join(' and ')} s CPU`);
    }
  }
  const best = (w: number, k: 'wall' | 'cpu') => Math.min(...runs.filter((x) => x.workers === w).map((x) => x[k]));
  const [a, b] = [runs.find((x) => x.workers === 1)!, runs.find((x) => x.workers === 2)!];
  const same = runs.every((x) => x.states === a.states && x.transitions === a.transitions && x.result === a.result);
  const speedup = best(1, 'wall') / best(2, 'wall');
  const cpuRatio = best(2, 'cpu') / best(1, 'cpu');
  // (Stop 36) What two threads could give at best on this machine: two independent one-thread
  // runs of the same command at once do twice the work in the slower one's wall time; and a split
  // of one run cannot take less CPU than the run on one thread, which already keeps more than one
  // core busy (V8's garbage collector and compiler threads): 2 x wall / CPU of one thread.
  const pairCeiling = pairs.length > 0 ? (2 * best(1, 'wall')) / Math.min(...pairs) : undefined;
  const cpuBound = (2 * best(1, 'wall')) / best(1, 'cpu');
  console.log(`${c.name}: speed-up ${speedup.toFixed(2)}x wall (1 worker / 2 workers), CPU 2 workers / 1 worker ${cpuRatio.toFixed(2)}x, same result: ${same}` +
    `; two one-thread runs at once: ${pairCeiling === undefined ? 'not run' : `${pairCeiling.toFixed(2)}x the work of one in its time`}, CPU bound ${cpuBound.toFixed(2)}x`);
  const row = (`| ${c.name} | ${a.states.toLocaleString('en-US')}${a.random ? ' steps' : ''} | ${a.result} | ${best(1, 'wall').toFixed(1)} | ${best(2, 'wall').toFixed(1)} | **${speedup.toFixed(2)}x** | ${best(1, 'cpu').toFixed(1)} | ${best(2, 'cpu').toFixed(1)} | ${cpuRatio.toFixed(2)}x | ${same ? 'yes' : 'NO'} | ${b.param} | ` +
    `${pairs.length > 0 ? Math.min(...pairs).toFixed(1) : '-'} | ${pairCeiling === undefined ? '-' : `${pairCeiling.toFixed(2)}x`} | ${cpuBound.toFixed(2)}x |`);
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  const line = `- \`${c.name}\` (commit ${commit}, ${cpus()[0]?.model ?? 'cpu'}, ${repeat} repeat${repeat > 1 ? 's' : ''}, ${date.slice(0, 16).replace('T', ' ')} UTC, load ${loadStart.toFixed(1)} to ${loadavg()[0]!.toFixed(1)}): ${c.what}: \`replcheck ${c.args.join(' ')} --workers N\``;
  store[c.name] = { row, line, date, loadStart, loadEnd: loadavg()[0]!, repeat };
}
for (const c of CASES) {
  if (store[c.name] === undefined) continue;
  // Rows stored before stop 36 lack the last three columns.
  const row = store[c.name]!.row;
  rows.push(row.split('|').length - 2 === 11 ? `${row} - | - | - |` : row);
  lines.push(store[c.name]!.line);
}
const text = [
  '## Both cores: `--workers` (issue 17)',
  '',
  `Written by \`npx tsx bench/workers.ts [--only CASES] [--repeat N]\` (figures per case kept in bench/workers.json); last run on ${cpus().length} x`,
  `${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GB, node ${process.version} (each case's line gives its date, and since stop 36 its machine: earlier rows`,
  'were measured on 2 x Intel Xeon machines). The 1-minute load average at each case\'s start and end is',
  'given below: other jobs share the 2 cores, so a process gets far less than a core and wall times vary run to run.',
  `Each case ran with \`--workers 1\` and \`--workers 2\`, alternating (repeats per case below), each in a fresh process from the`,
  'compiled build; the table gives the best of each. Wall is spawn to exit (model construction, worker start-up and',
  'reporting included); CPU is user + system time of the whole process, all threads (cpu-at-exit.mjs). Speed-up is',
  'wall with one worker over wall with two; CPU ratio is two workers\' CPU over one\'s (the price of the threads).',
  '(Stop 36) What two threads can give at best on the machine of the day: "pair" is the wall time of two independent',
  '`--workers 1` runs started together (the slower; best of the repeats), and "pair ceiling" 2 x wall 1 / pair, the work',
  'two threads did in the time one thread does it alone, with nothing shared between them; "CPU bound" is 2 x wall 1 / CPU 1:',
  'one thread already keeps more than one core busy (V8\'s garbage collector and compiler threads), and a run split between',
  'two threads cannot take less CPU than that. A speed-up near the lower of the two is all the machine allows.',
  '',
  '| case | states | result | wall 1 (s) | wall 2 (s) | speed-up | CPU 1 (s) | CPU 2 (s) | CPU ratio | same result | params.workers | pair (s) | pair ceiling | CPU bound |',
  '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: | ---: |',
  ...rows,
  '',
  ...lines,
  '',
  ...NOTES,
].join('\n');
console.log(`\n${text}`);
if (!argv.includes('--no-write')) {
  writeFileSync(storeFile, JSON.stringify(store, null, 2) + '\n');
  writeFileSync(new URL('./sections/workers.md', import.meta.url), text + '\n');
}
