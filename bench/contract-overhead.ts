/**
 * (Issue 16) The contract checks' cost on preset `small` measured interleaved, which a busy
 * machine distorts less than separate runs: `tsx bench/contract-overhead.ts [ROUNDS]` runs the
 * unchecked and the checked target (bench/contract-cases.ts) alternately in this process, each
 * exhaustively with all properties, and prints the CPU seconds of every run and the ratio of the
 * medians. The result is kept in bench/contract-overhead.json, which bench/RESULTS.md quotes
 * (`npm run bench -- --report-only` rewrites it).
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { exhaustive } from '../src/engine/exhaustive.ts';
import type { ExhaustiveStats } from '../src/engine/result.ts';
import { contractBenchCases } from './contract-cases.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function cpuOf(load: () => unknown): Promise<{ cpu: number; states: number }> {
  const t = (await load()) as { model: never; properties: never[] };
  const before = process.cpuUsage();
  const r = await exhaustive(t.model, t.properties, {});
  const d = process.cpuUsage(before);
  return { cpu: (d.user + d.system) / 1e6, states: (r.stats as ExhaustiveStats).distinctStates };
}

async function main(): Promise<void> {
  const rounds = Math.max(1, Number(process.argv[2] ?? 3));
  const [unchecked, checked] = contractBenchCases();
  const times: Record<string, number[]> = { unchecked: [], checked: [] };
  for (let k = 0; k < rounds; k++) {
    for (const [label, c] of [['unchecked', unchecked!], ['checked', checked!]] as const) {
      const m = await cpuOf(c.load);
      if (m.states !== c.expectedStates) throw new Error(`${c.name}: ${m.states} states, expected ${c.expectedStates}`);
      times[label]!.push(m.cpu);
      process.stdout.write(`round ${k + 1} ${label}: ${m.cpu.toFixed(2)} CPU s (${m.states} states)\n`);
    }
  }
  const ratio = median(times.checked!) / median(times.unchecked!);
  const record = { date: new Date().toISOString().slice(0, 10), rounds, cpuSeconds: times, overhead: ratio - 1, loadAverage: loadavg()[0] };
  writeFileSync(new URL('./contract-overhead.json', import.meta.url), JSON.stringify(record, null, 1) + '\n');
  process.stdout.write(`median unchecked ${median(times.unchecked!).toFixed(2)} CPU s, checked ${median(times.checked!).toFixed(2)} CPU s: overhead ${((ratio - 1) * 100).toFixed(1)}%\n`);
}

await main();
