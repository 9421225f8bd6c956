/**
 * `npm run bench:timed`: throughput of the timed simulation (`replcheck measure`, issue 14) in
 * simulated events per second on the `large` and `huge` presets (wan-small's network and
 * workload), single-threaded and on two worker threads. Writes its section of bench/RESULTS.md
 * between the markers below (bench/run.ts keeps the section when it rewrites the file).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { timedReplication } from '../model/timed/index.ts';
import { measureParallel } from '../src/timed/parallel.ts';
import { measure, type MeasureOptions } from '../src/timed/replicate.ts';

export const BEGIN = '<!-- timed:begin -->';
export const END = '<!-- timed:end -->';

const CASES = [
  { config: 'large', durationMs: 5_000, runs: 4 },
  { config: 'huge', durationMs: 300, runs: 4 },
];

/** Seconds a worker takes to load the model through tsx and prepare the experiment (its start-up cost under --threads). */
async function workerStart(selection: object, root: string): Promise<number> {
  const t = performance.now();
  const w = new Worker(new URL('../src/timed/worker-entry.mjs', import.meta.url), { workerData: { moduleFile: `${root}model/index.ts`, selection } });
  await new Promise((r, j) => { w.once('message', r); w.once('error', j); });
  const s = (performance.now() - t) / 1000;
  await w.terminate();
  return s;
}

/** The autogroup switch of the kernel scheduler, or "unknown". */
function autogroup(): string {
  try { return readFileSync('/proc/sys/kernel/sched_autogroup_enabled', 'utf8').trim(); } catch { return 'unknown'; }
}

async function main(): Promise<void> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const rows: string[] = [];
  const load = loadavg()[0]!;
  for (const c of CASES) {
    // The lazy run alone (no eager companion run), as before issue 14's design-space rows.
    const selection = { config: c.config, mechanism: 'hierarchical', cwd: root, knobs: { propagation: 'lazy' } };
    const exp = await timedReplication.prepare(selection);
    const opts: MeasureOptions = { seed: 1, durationMs: c.durationMs, runs: c.runs, precision: 0.05, minRuns: 1, maxRuns: c.runs, precisionKeys: [], assertions: [] };
    const cpu0 = process.cpuUsage(), t0 = performance.now();
    const one = measure(exp, opts);
    const wall1 = (performance.now() - t0) / 1000, cpu1 = (process.cpuUsage(cpu0).user + process.cpuUsage(cpu0).system) / 1e6;
    const cpu2a = process.cpuUsage(), t2 = performance.now();
    const two = await measureParallel({ moduleFile: `${root}model/index.ts`, selection }, exp, opts, 2);
    const wall2 = (performance.now() - t2) / 1000;
    // process.cpuUsage counts every thread of the process, the worker included.
    const cpu2 = (process.cpuUsage(cpu2a).user + process.cpuUsage(cpu2a).system) / 1e6;
    const start = await workerStart(selection, root);
    const sample = exp.run(1, c.durationMs);
    const t4 = performance.now();
    structuredClone(sample);
    const cloneOnly = performance.now() - t4;
    if (two.events !== one.events) throw new Error(`${c.config}: two threads simulated ${two.events} events, one thread ${one.events}`);
    process.stderr.write(`bench:timed ${c.config}: ${one.events} events, 1 thread ${wall1.toFixed(1)} s (CPU ${cpu1.toFixed(1)} s), 2 threads ${wall2.toFixed(1)} s (CPU ${cpu2.toFixed(1)} s), worker start ${start.toFixed(1)} s, clone ${cloneOnly.toFixed(1)} ms\n`);
    rows.push(`| ${c.config} | ${c.runs} x ${c.durationMs / 1000} s | ${one.events.toLocaleString('en-US')} | ${wall1.toFixed(1)} | ${cpu1.toFixed(1)} | ${Math.round(one.events / wall1).toLocaleString('en-US')} | ${Math.round(one.events / cpu1).toLocaleString('en-US')} | ${wall2.toFixed(1)} | ${cpu2.toFixed(1)} | ${Math.round(one.events / wall2).toLocaleString('en-US')} | ${(wall1 / wall2).toFixed(2)} | ${(wall1 / c.runs).toFixed(1)} | ${start.toFixed(1)} | ${cloneOnly.toFixed(1)} |`);
  }
  const section = [
    BEGIN,
    '## Timed simulation (`replcheck measure`, issue 14)',
    '',
    `Written by \`npm run bench:timed\` (bench/timed.ts). Mechanism hierarchical, wan-small's network and workload (every host a client), seed 1.`,
    `Events are simulated events (model actions applied in simulated time); the two-thread figure includes starting the worker (it loads the model through tsx and prepares the experiment), and its event count is checked equal to the single-threaded one.`,
    `Two threads are this thread plus one worker, each taking the next run when free (src/timed/parallel.ts): the worker's start-up overlaps with runs made here. "run s" is the single-threaded wall time per run, "worker start s" a worker's start-up alone, "clone ms" the structured clone of one run's output (what a worker posts back).`,
    `1-minute load average when this run started: ${load.toFixed(2)} on ${cpus().length} CPUs (the machine was shared, so wall-clock figures are pessimistic; CPU events/s is the steadier one).`,
    `Reading the figures: the kernel's autogroup scheduling (\`/proc/sys/kernel/sched_autogroup_enabled\` is ${autogroup()}) gives each session an equal share of the CPUs whatever its thread count, and many sessions were busy, so wall-clock times depend on what the other sessions did during each measurement (compare the CPU and wall columns). What the second thread costs is in the CPU columns: its start-up (tsx, the model, the experiment) and, on huge, more CPU per event in both threads (they slow each other down; likely garbage collection of two large heaps and memory bandwidth on two cores, not investigated further), so huge is slower on two threads although each run takes over a minute. The structured clone of a run's output takes milliseconds: not a cause. Fixed in this version: a worker sat idle until this thread had finished its own run (requests and results pass through this thread's event loop); each worker now keeps two runs queued, workers start only when every thread gets two runs, and this thread makes runs too.`,
    '',
    '| preset | runs x simulated | events | 1 thread s | 1 thread CPU s | 1 thread events/s | 1 thread events/CPU s | 2 threads s | 2 threads CPU s | 2 threads events/s | speed-up | run s | worker start s | clone ms |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    END,
  ].join('\n');
  // Its own section file (bench/report.ts includes every bench/sections/*.md in RESULTS.md) ...
  writeFileSync(fileURLToPath(new URL('./sections/timed.md', import.meta.url)), `${section}\n`);
  // ... and the same text in place in RESULTS.md, so it is current without rerunning the bench.
  const file = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
  const old = readFileSync(file, 'utf8');
  const i = old.indexOf(BEGIN), j = old.indexOf(END);
  const next = i >= 0 && j > i ? old.slice(0, i) + section + old.slice(j + END.length) : `${old.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
  process.stdout.write(section + '\n');
}

await main();
