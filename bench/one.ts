/**
 * Measures one benchmark case in this process and prints one JSON line (used by bench/run.ts):
 * `tsx bench/one.ts CASE-NAME`. Exhaustive cases run src/engine/exhaustive.ts; random cases
 * (`mode: 'random'`) run src/engine/random.ts with the target's `simulate` defaults overridden
 * by the case's `random` options.
 */
import { loadavg } from 'node:os';
import { exhaustive } from '../src/engine/exhaustive.ts';
import { simulate, type SimulateStats } from '../src/engine/random.ts';
import type { ExhaustiveStats } from '../src/engine/result.ts';
import { benchCases } from './cases.ts';

/** What every measurement holds, whatever the mode. */
interface MeasurementBase {
  name: string;
  outcome: string;
  statuses: Record<string, string>;
  /** User + system CPU seconds of the process during the run (less sensitive to a busy machine than wall time). */
  cpuSeconds: number;
  /** Peak resident set size of the measuring process, in MB (includes the BFS frontier). */
  peakRssMb: number;
  /** Seconds spent building the model and properties (not part of the run's figures). */
  loadSeconds?: number;
  /** The machine's 1-minute load average when the run ended (other processes included). */
  loadAverage?: number;
}

/** An exhaustive case's measurement. */
export interface ExhaustiveMeasurement extends MeasurementBase {
  mode: 'exhaustive';
  stats: ExhaustiveStats;
}

/** A random case's measurement. */
export interface RandomMeasurement extends MeasurementBase {
  mode: 'random';
  stats: SimulateStats;
}

/** What bench/run.ts receives from a measuring process. */
export type CaseMeasurement = ExhaustiveMeasurement | RandomMeasurement;

async function main(): Promise<void> {
  const name = process.argv[2];
  const c = benchCases().find((x) => x.name === name);
  if (!c) throw new Error(`unknown bench case '${name}' (known: ${benchCases().map((x) => x.name).join(', ')})`);
  const t0 = performance.now();
  const target = await c.load();
  const loadSeconds = (performance.now() - t0) / 1000;
  const cpu0 = process.cpuUsage();
  const r = c.mode === 'random'
    ? await simulate(target.model, target.properties, { ...target.simulate, ...c.random })
    : await exhaustive(target.model, target.properties);
  const cpu = process.cpuUsage(cpu0);
  const base: MeasurementBase = {
    name,
    outcome: r.outcome,
    statuses: Object.fromEntries(r.properties.map((p) => [p.name, p.status])),
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    loadSeconds,
    loadAverage: loadavg()[0],
  };
  const m: CaseMeasurement = r.mode === 'random'
    ? { ...base, mode: 'random', stats: r.stats as SimulateStats }
    : { ...base, mode: 'exhaustive', stats: r.stats as ExhaustiveStats };
  console.log(JSON.stringify(m));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
