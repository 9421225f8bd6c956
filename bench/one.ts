/**
 * Measures one benchmark case in this process and prints one JSON line (used by bench/run.ts):
 * `tsx bench/one.ts CASE-NAME`.
 */
import { exhaustive } from '../src/engine/exhaustive.ts';
import type { ExhaustiveStats } from '../src/engine/result.ts';
import { benchCases } from './cases.ts';

/** What bench/run.ts receives from a measuring process. */
export interface CaseMeasurement {
  name: string;
  outcome: string;
  statuses: Record<string, string>;
  stats: ExhaustiveStats;
  /** User + system CPU seconds of the process during the run (less sensitive to a busy machine than wall time). */
  cpuSeconds: number;
  /** Peak resident set size of the measuring process, in MB (includes the BFS frontier). */
  peakRssMb: number;
}

async function main(): Promise<void> {
  const name = process.argv[2];
  const c = benchCases().find((x) => x.name === name);
  if (!c) throw new Error(`unknown bench case '${name}' (known: ${benchCases().map((x) => x.name).join(', ')})`);
  const { model, properties } = await c.load();
  const cpu0 = process.cpuUsage();
  const r = await exhaustive(model, properties);
  const cpu = process.cpuUsage(cpu0);
  const m: CaseMeasurement = {
    name,
    outcome: r.outcome,
    statuses: Object.fromEntries(r.properties.map((p) => [p.name, p.status])),
    stats: r.stats as ExhaustiveStats,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  console.log(JSON.stringify(m));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
