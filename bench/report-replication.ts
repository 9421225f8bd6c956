/**
 * The replication section of bench/RESULTS.md: one row per preset case (exhaustive or random),
 * the cost of property evaluation (the same search with all properties on and off), and a
 * sentence on each aim (small exhausted in under 10 s; huge at 50,000 steps per second or more).
 */
import { existsSync, readFileSync } from 'node:fs';
import type { CaseMeasurement } from './one.ts';
import type { ReportRow } from './report.ts';
import { DEFAULT_SUITE } from '../model/presets.ts';
import { suiteCaseName } from './replication-cases.ts';

/** Above this 1-minute load average (2 cores) wall-clock figures are called out as taken on a loaded machine. */
const LOADED = 1.5;
/** The aims the section reports against. */
const SMALL_SECONDS_AIM = 10;
const HUGE_STEPS_AIM = 50_000;
const SUITE_SECONDS_AIM = 60;

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const sec = (n: number) => n.toFixed(2);

/** Size and rate of a run: states for exhaustive runs, steps for random ones. */
function work(m: CaseMeasurement): { count: number; unit: 'states' | 'steps'; rate: number } {
  return m.mode === 'random'
    ? { count: m.stats.steps, unit: 'steps', rate: m.stats.stepsPerSecond }
    : { count: m.stats.distinctStates, unit: 'states', rate: m.stats.statesPerSecond };
}

/**
 * The note under a table naming its rows that were not rerun this time (kept in
 * bench/results.json), grouped by the run they come from; empty when every row is new.
 */
export function carriedNote(rows: ReportRow[]): string[] {
  const groups = new Map<string, string[]>();
  for (const r of rows.filter((x) => x.carried)) {
    const from = `${r.date}${r.repeat > 1 ? `, fastest of ${r.repeat} runs` : ''}`;
    groups.set(from, [...(groups.get(from) ?? []), `\`${r.measurement.name}\``]);
  }
  if (groups.size === 0) return [];
  const parts = [...groups].map(([from, names]) => `${names.join(', ')} (from the run of ${from})`);
  return ['', `Not rerun this time; figures kept from earlier runs (bench/results.json): ${parts.join('; ')}.`];
}

function row(r: ReportRow): string {
  const m = r.measurement;
  const w = work(m);
  const props = Object.keys(m.statuses).length;
  let mode: string;
  let count = `${int(w.count)} ${w.unit}`;
  if (m.mode === 'random') {
    const s = m.stats;
    mode = `random (${s.runs} walks, seed ${s.seed}, up to ${s.maxSteps} + ${int(s.drainSteps)} drain steps, checks every ${int(s.checkEvery)}${s.coverage ? ', coverage on' : ''}${s.limit ? `, stopped by its ${s.limit}` : ''})`;
  } else {
    mode = 'exhaustive';
    if (r.expected !== undefined) count += r.expected === m.stats.distinctStates ? ' (as expected)' : ` (EXPECTED ${int(r.expected)})`;
  }
  const bytes = m.mode === 'exhaustive' ? m.stats.bytesPerState.toFixed(1) : '-';
  const load = m.loadAverage === undefined ? '?' : m.loadAverage.toFixed(2);
  return `| ${m.name} | ${r.preset} | ${mode} | ${props === 0 ? 'none' : `all (${props})`} | ${count} | ${sec(m.stats.seconds)} | ${sec(m.cpuSeconds)} | ${int(w.rate)} ${w.unit}/s | ${bytes} | ${int(m.peakRssMb)} | ${load} | ${m.outcome} |`;
}

/** "Property evaluation cost": the same search with the properties on and off. */
function costLine(on: ReportRow | undefined, off: ReportRow | undefined, what: string): string[] {
  if (!on || !off) return [];
  const a = on.measurement;
  const b = off.measurement;
  const wa = work(a);
  const wb = work(b);
  const same = wa.count === wb.count ? '' : ` (not the same search: ${int(wa.count)} vs ${int(wb.count)} ${wa.unit}, so compare rates only)`;
  const perOn = a.cpuSeconds / Math.max(wa.count, 1);
  const perOff = b.cpuSeconds / Math.max(wb.count, 1);
  return [
    `- ${what}: ${int(wa.rate)} ${wa.unit}/s with all ${Object.keys(a.statuses).length} properties on (\`${a.name}\`), ` +
      `${int(wb.rate)} ${wb.unit}/s with them off (\`${b.name}\`)${same}: the properties take the rate down by ` +
      `${((1 - wa.rate / wb.rate) * 100).toFixed(0)}% on wall clock; per ${wa.unit.slice(0, -1)} they cost ` +
      `${((perOn - perOff) * 1e6).toFixed(1)} CPU us on top of ${(perOff * 1e6).toFixed(1)} CPU us for the ${a.mode === 'random' ? 'engine' : 'explorer'} and model ` +
      `(${(perOn / perOff).toFixed(2)}x CPU time).`,
  ];
}

/** The interleaved measurement of bench/contract-overhead.ts, if one was made. */
interface OverheadRecord {
  date: string;
  rounds: number;
  cpuSeconds: { unchecked: number[]; checked: number[] };
  overhead: number;
  loadAverage: number;
  /** A CPU profile's share of samples in the checks' own code (added by hand, with how it was taken). */
  profile?: { selfShare: number; how: string };
}

function overheadRecord(): OverheadRecord | undefined {
  const file = new URL('./contract-overhead.json', import.meta.url);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as OverheadRecord) : undefined;
}

/** Above this CPU overhead the contract checks miss their aim (issue 16). */
const CONTRACT_AIM = 0.1;

/** (Issue 16) The cost of the contract checks: the same search on `small` checked and unchecked. */
function contractLine(checked: ReportRow | undefined, unchecked: ReportRow | undefined): string {
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
  const o = overheadRecord();
  const interleaved = o === undefined ? ' Not measured interleaved (`npx tsx bench/contract-overhead.ts ROUNDS`).'
    : ` Interleaved in one process (\`bench/contract-overhead.ts\`, ${o.rounds} rounds, ${o.date}, load average ${o.loadAverage.toFixed(2)}): ` +
      `median ${pct(o.overhead)} CPU time (unchecked ${o.cpuSeconds.unchecked.map(sec).join(', ')} CPU s; checked ${o.cpuSeconds.checked.map(sec).join(', ')} CPU s), ` +
      `${o.overhead < CONTRACT_AIM ? 'under' : 'over'} the aim.` +
      (o.profile ? ` Profile: ${(o.profile.selfShare * 100).toFixed(1)}% of CPU samples in the checks' own code (${o.profile.how}).` : '');
  if (!checked || !unchecked) return `- Aim: contract checks under ${CONTRACT_AIM * 100}% on \`small\`: the separate cases were not measured.${interleaved}`;
  const a = checked.measurement;
  const b = unchecked.measurement;
  const cpu = a.cpuSeconds / b.cpuSeconds - 1;
  const wall = a.stats.seconds / b.stats.seconds - 1;
  return `- Aim: the contract checks (mechanism, model and properties; issue 16) cost under ${CONTRACT_AIM * 100}% on \`small\`. ` +
    `Separate processes (\`${a.name}\` vs \`${b.name}\`): ${pct(cpu)} CPU time (${sec(a.cpuSeconds)} vs ${sec(b.cpuSeconds)} CPU s), ${pct(wall)} wall clock ` +
    `(load average ${a.loadAverage?.toFixed(2) ?? '?'}).${interleaved}`;
}

function smallAim(r: ReportRow | undefined): string {
  if (!r) return `- Aim: \`small\` exhausted in under ${SMALL_SECONDS_AIM} s: not measured (run \`replication-small-all\`).`;
  const m = r.measurement;
  const wall = m.stats.seconds;
  const verdict = wall < SMALL_SECONDS_AIM ? 'met' : m.cpuSeconds < SMALL_SECONDS_AIM ? 'not met on wall clock, met on CPU time' : 'not met';
  return `- Aim: \`small\` exhausted (all properties) in under ${SMALL_SECONDS_AIM} s: ${verdict}, ${sec(wall)} s wall clock, ` +
    `${sec(m.cpuSeconds)} CPU s (load average ${m.loadAverage?.toFixed(2) ?? '?'} on 2 cores).`;
}

/** (Issue 11) The default suite: the sum of its configurations' cases. */
function suiteAim(rows: (ReportRow | undefined)[]): string {
  const missing = DEFAULT_SUITE.filter((_, i) => !rows[i]);
  if (missing.length) return `- Aim: the default suite (\`replcheck check\`) in under ${SUITE_SECONDS_AIM} s: not measured (run ${missing.map((c) => `\`${suiteCaseName(c)}\``).join(', ')}).`;
  const wall = rows.reduce((n, r) => n + r!.measurement.stats.seconds, 0);
  const cpu = rows.reduce((n, r) => n + r!.measurement.cpuSeconds, 0);
  const states = rows.reduce((n, r) => n + (r!.measurement.mode === 'exhaustive' ? r!.measurement.stats.distinctStates : 0), 0);
  const load = Math.max(...rows.map((r) => r!.measurement.loadAverage ?? 0));
  const verdict = wall < SUITE_SECONDS_AIM ? 'met' : cpu < SUITE_SECONDS_AIM ? 'not met on wall clock, met on CPU time' : 'not met';
  return `- Aim: the default suite (\`replcheck check\`, ${DEFAULT_SUITE.length} configurations, ${int(states)} states, all properties) in under ${SUITE_SECONDS_AIM} s: ` +
    `${verdict}, ${sec(wall)} s wall clock, ${sec(cpu)} CPU s (search only, summed over the configurations; load average up to ${load.toFixed(2)} on 2 cores).`;
}

/** Wall-clock and per-CPU-second step rates of a random run. */
function rates(m: CaseMeasurement & { mode: 'random' }): string {
  return `${int(m.stats.stepsPerSecond)} steps/s on wall clock, ${int(m.stats.steps / Math.max(m.cpuSeconds, 1e-9))} steps per CPU second`;
}

function hugeAim(r: ReportRow | undefined, walk: ReportRow | undefined): string {
  if (!r || r.measurement.mode !== 'random') return `- Aim: \`huge\` at ${int(HUGE_STEPS_AIM)} steps/s or more: not measured (run \`replication-huge-sim\`).`;
  const m = r.measurement;
  const wall = m.stats.stepsPerSecond;
  const cpu = m.stats.steps / Math.max(m.cpuSeconds, 1e-9);
  const walked = Math.min(m.stats.steps, m.stats.runs * m.stats.maxSteps);
  const drained = ((m.stats.steps - walked) / Math.max(m.stats.steps, 1)) * 100;
  const verdict = wall >= HUGE_STEPS_AIM ? 'met' : cpu >= HUGE_STEPS_AIM ? 'not met on wall clock, met per CPU second' : 'not met';
  let text = `- Aim: \`huge\` at ${int(HUGE_STEPS_AIM)} steps/s or more (model and engine, no properties): ${verdict} for ` +
    `\`${m.name}\`, ${rates(m)} (load average ${m.loadAverage?.toFixed(2) ?? '?'} on 2 cores); at least ${drained.toFixed(1)}% of its ` +
    `${int(m.stats.steps)} steps are drain steps, since its walks are at most ${m.stats.maxSteps} steps.`;
  if (walk && walk.measurement.mode === 'random') {
    const w = walk.measurement;
    const ok = w.stats.stepsPerSecond >= HUGE_STEPS_AIM ? 'met' : w.stats.steps / Math.max(w.cpuSeconds, 1e-9) >= HUGE_STEPS_AIM ? 'not met on wall clock, met per CPU second' : 'not met';
    text += ` The walk phase alone (\`${w.name}\`, no drain): ${ok}, ${rates(w)} (load average ${w.loadAverage?.toFixed(2) ?? '?'}).`;
  }
  return text;
}

/** The section's lines (empty when no replication case was measured). */
export function renderReplication(rows: ReportRow[]): string[] {
  if (rows.length === 0) return [];
  const by = (name: string) => rows.find((x) => x.measurement.name === name);
  // Every row's load, carried-over ones included: the note must hold for each figure shown.
  const maxLoad = Math.max(...rows.flatMap((x) => [x.measurement.loadAverage ?? 0, x.loadAtStart ?? 0]));
  const lines = [
    '## Replication presets (model/index.ts, hierarchical mechanism, symmetry on)',
    '',
    'Exhaustive rows count distinct states (bytes/state as above); random rows count steps (walk and drain',
    'transitions over all walks), with the target\'s own random defaults (ModelModule `simulate`: drain length',
    'and invariant-check interval); random runs keep no state store (coverage hashing is off unless the mode says',
    'otherwise), so they have no bytes/state.',
    'Seconds and CPU s cover the search only (building the model is excluded). Load is the machine\'s 1-minute',
    'load average when the case ended.',
  ];
  if (maxLoad > LOADED) {
    lines.push('', `Wall-clock figures in this section were taken on a loaded machine (1-minute load average up to ${maxLoad.toFixed(2)} on 2 cores, from other processes); CPU seconds are the steadier figure.`);
  }
  lines.push(
    '',
    '| case | preset | mode | properties | states or steps | seconds | CPU s | states/s or steps/s | bytes/state | peak RSS MB | load | outcome |',
    '| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map(row),
  );
  lines.push(...carriedNote(rows));
  lines.push('', 'Property evaluation cost (states or steps per second with all properties on versus off):', '');
  const cost = [
    ...costLine(by('replication-small-all'), by('replication-small-none'), '`small`, exhaustive'),
    ...costLine(by('replication-huge-sim-all'), by('replication-huge-sim'), '`huge`, random (same seed and options)'),
  ];
  lines.push(...(cost.length > 0 ? cost : ['- not measured (run the -all and -none cases of one preset).']));
  lines.push('', 'Aims:', '', smallAim(by('replication-small-all')), contractLine(by('replication-small-checked'), by('replication-small-unchecked')), suiteAim(DEFAULT_SUITE.map((c) => by(suiteCaseName(c)))), hugeAim(by('replication-huge-sim'), by('replication-huge-walk')), '', 'Cases:', '');
  for (const r of rows) lines.push(`- \`${r.measurement.name}\`: ${r.description}`);
  lines.push('');
  return lines;
}
