/**
 * Human output: a header printed before the run (model, configuration, mechanism, mode) and a
 * compact summary after it (one line per property, a statistics line, and for each violation its
 * facts, numbered counterexample steps, trace file and paste-back command).
 */
import type { MetricsReport } from '../engine/metrics.ts';
import { formatAction } from '../engine/model.ts';
import type { ExhaustiveStats, PropertyResult, RandomStats, RunResult } from '../engine/result.ts';
import { vacuityNote } from '../engine/vacuity.ts';
import { pathLength, runParams, type RunReport } from './json-report.ts';
import type { Prepared } from './selection.ts';

/** Counterexamples longer than this are shown as their first and last steps. */
const MAX_SHOWN_STEPS = 60;

/** 1234567 -> "1,234,567". */
export function num(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** The lines printed before a run starts. */
export function header(p: Prepared, mode: string): string {
  const meta = p.target.meta;
  const file = p.source.given !== undefined ? `  (${p.source.given})` : '';
  const params = Object.entries(meta.params ?? p.selection.params).map(([k, v]) => `${k}=${v}`).join(' ');
  const lines = [
    `model      ${p.target.model.name}${file}`,
    `config     ${meta.configName ?? p.selection.config ?? '-'}    mechanism ${meta.mechanism ?? p.selection.mechanism ?? '-'}`,
  ];
  if (params) lines.push(`params     ${params}`);
  lines.push(`mode       ${mode}`);
  return lines.join('\n') + '\n';
}

/** States from which the text report gives memory per state (`--json` always has it). */
const PER_STATE_FROM = 10_000;

function statsLine(result: RunResult<unknown, unknown>): string[] {
  if (result.mode === 'exhaustive') {
    const s = result.stats as ExhaustiveStats;
    // (Stop 29) Per-state memory only where it means something: below PER_STATE_FROM states the
    // table's first allocation and the process's base dominate ("65,226,752 bytes/state" for 2 states).
    const perState = s.distinctStates >= PER_STATE_FROM;
    const parts = [`states ${num(s.distinctStates)}`, `transitions ${num(s.transitions)}`, `depth ${s.maxDepth}`,
      `${num(s.statesPerSecond)} states/s`, ...(perState ? [`${num(s.bytesPerState)} bytes/state`] : []),
      ...(s.peakMemoryBytes ? [`peak ${num(s.peakMemoryBytes / 2 ** 20)} MB${perState ? ` (${num(s.peakBytesPerState ?? 0)} bytes/state)` : ''}`] : []), `${s.seconds.toFixed(2)} s`];
    if (s.limit) parts.push(`stopped: ${s.limit}`);
    return [`stats      ${parts.join('  ')}`, ...coverageLines(s)];
  }
  const s = result.stats as RandomStats & { limit?: string; coverage?: boolean };
  const parts = [`runs ${num(s.runs)}`, `steps ${num(s.steps)}`, `${num(s.stepsPerSecond)} steps/s`, `seed ${s.seed}`];
  if (s.coverage !== false) parts.push(`distinct states ${num(s.distinctStates)}`);
  parts.push(`${s.seconds.toFixed(2)} s`);
  if (s.path !== undefined) parts.push(`path ${s.path} (${s.shrinks ?? 0} shrinks)`);
  if (s.limit) parts.push(`stopped: ${s.limit}`);
  const lines = [`stats      ${parts.join('  ')}`];
  lines.push(...coverageLines(s));
  return lines;
}

/** Transitions per action kind and the declared kinds never enabled (issue 11: check reports coverage like simulate). */
function coverageLines(s: { actionCounts?: Record<string, number>; neverEnabled?: string[] }): string[] {
  const lines: string[] = [];
  const counts = Object.entries(s.actionCounts ?? {}).map(([k, v]) => `${k} ${num(v)}`).join(', ');
  if (counts) lines.push(`actions    ${counts}`);
  if (s.neverEnabled?.length) lines.push(`never      ${s.neverEnabled.join(', ')} (action kinds the model declares that no transition took)`);
  return lines;
}

function propertyLine(r: PropertyResult<unknown, unknown>, width: number): string {
  const status = r.status === 'violated' ? 'VIOLATED' : r.status;
  let note = '';
  if (r.status === 'violated') note = r.path ? `${pathLength(r)} steps` : (r.explanation?.facts[0] ?? '');
  else if (r.vacuous && r.status === 'holds') note = `(${vacuityNote(r)})`;
  else if (r.status === 'holds' && r.path) note = `witness in ${pathLength(r)} steps`;
  else if (r.status === 'holds' && r.antecedent !== undefined && r.witnesses !== undefined) note = `${num(r.witnesses)} witnesses (${r.antecedent})`;
  else if (r.status === 'incomplete') note = r.reason ?? '';
  if (r.promised === false) note = `(not promised) ${note}`;
  return `  ${status.padEnd(10)}  ${r.name.padEnd(width)}  ${r.kind.padEnd(15)}  ${note}`.trimEnd();
}

function stepLines(p: Prepared, r: PropertyResult<unknown, unknown>): string[] {
  const path = r.path ?? [];
  const label = (i: number) => {
    const a = path[i].action;
    const mark = r.doomedAt === undefined ? '' : i === r.doomedAt ? '   <- doomed (the drain continuation follows)' : i > r.doomedAt ? '   (drain)' : '';
    return `    ${String(i).padStart(3)}. ${a === null ? 'initial state' : formatAction(p.target.model, a)}${mark}`;
  };
  const idx = path.map((_, i) => i);
  const loop = r.loop === undefined ? [] : [`         loop back to step ${r.loop} (steps ${r.loop + 1}-${path.length - 1} repeat forever)`];
  const marked = (i: number) => (i === r.loop ? `${label(i)}    <- loop starts here` : label(i));
  if (path.length <= MAX_SHOWN_STEPS) return [...idx.map(marked), ...loop];
  const half = MAX_SHOWN_STEPS / 2;
  return [...idx.slice(0, half).map(marked), `         ... ${path.length - 2 * half} more steps (see the trace file) ...`,
    ...idx.slice(path.length - half).map(marked), ...loop];
}

function violationBlock(p: Prepared, r: PropertyResult<unknown, unknown>, rep: RunReport, reproduce: string | undefined): string[] {
  const e = r.explanation;
  const lines = ['', `violation of ${r.name} (${r.kind})${e?.replica !== undefined ? ` at replica ${e.replica}` : ''}`];
  for (const f of e?.facts ?? []) lines.push(`  - ${f}`);
  if (e?.updates?.length) lines.push(`  updates: ${e.updates.join(', ')}`);
  if (r.path) {
    const split = r.doomedAt !== undefined ? `: stem ${r.doomedAt}, drain continuation ${pathLength(r)! - r.doomedAt}` : '';
    lines.push(`  counterexample (${pathLength(r)} steps${split}):`, ...stepLines(p, r));
    if (r.stuck?.length) lines.push('  stuck at the end:', ...r.stuck.map((f) => `  - ${f}`));
    const file = rep.traceFiles.get(r.name);
    if (file) lines.push(`  trace      ${file}`);
    const html = rep.htmlFiles?.get(r.name);
    if (html) lines.push(`  html       ${html}`);
    const error = rep.traceErrors?.get(r.name);
    if (error) lines.push(`  trace      not written: ${error}`);
  }
  if (reproduce) lines.push(`  reproduce  ${reproduce}`);
  return lines;
}

/** The summary printed after a run. `reproduceFor` gives the paste-back line of a violated property. */
export function summary(p: Prepared, result: RunResult<unknown, unknown>, rep: RunReport, reproduceFor: (name: string) => string | undefined): string {
  const width = Math.max(8, ...result.properties.map((r) => r.name.length));
  const lines = ['', 'properties', ...result.properties.map((r) => propertyLine(r, width)), ...statsLine(result)];
  if (result.properties.length === 0) lines.splice(2, 0, '  (none: the model defines no properties)');
  // (Issue 11) The header showed the parameters the run started with; say so when it changed one.
  if (result.reductionOff !== undefined) {
    const params = Object.entries(runParams(p, result, false)).map(([k, v]) => `${k}=${v}`).join(' ');
    if (params) lines.push(`params     ${params}`);
  }
  if (result.metrics) lines.push(...metricsTable(result.metrics));
  for (const r of result.properties) if (r.status === 'violated') lines.push(...violationBlock(p, r, rep, reproduceFor(r.name)));
  const unpromised = result.properties.filter((r) => r.promised === false);
  if (unpromised.length) {
    lines.push('', `not promised by this target (checked, never failing the run): ${unpromised.map((r) => `${r.name} ${r.status}`).join(', ')}`);
  }
  lines.push(...vacuityLines(result), ...randomLivenessLines(result), ...sizeHint(result));
  const word = result.outcome === 'pass' ? 'pass' : result.outcome === 'violation' ? 'VIOLATION' : `incomplete (${incompleteWhy(result)}: not a pass)`;
  lines.push('', `result     ${word} (exit ${rep.exitCode})`);
  if (result.outcome !== 'violation') lines.push(`rerun      ${rep.reproduce}`);
  return lines.join('\n') + '\n';
}

/**
 * (Stop 37) After an exhaustive run that a size limit stopped (states, memory, time), what to do
 * next: a user's first configuration is easily too large to exhaust (three hosts with two updates
 * each passed 1.3 million states at depth 7 before the default memory budget ended the run).
 */
function sizeHint(result: RunResult<unknown, unknown>): string[] {
  if (result.mode !== 'exhaustive') return [];
  const s = result.stats as ExhaustiveStats;
  if (s.limit !== 'max-states' && s.limit !== 'memory' && s.limit !== 'time-limit') return [];
  return ['', `hint       the space is larger than this run covered (${num(s.distinctStates)} states to depth ${s.maxDepth}): shrink the`,
    "           configuration (its bounds, or --param), give --memory MB to spill to disk (safety properties only),",
    "           or walk it at random with 'replcheck simulate'"];
}

/** Why a run is incomplete, in a few words. */
function incompleteWhy(result: RunResult<unknown, unknown>): string {
  if ((result.stats as { limit?: string }).limit !== undefined) return 'a limit was hit before the search finished';
  if (result.properties.length === 0) return 'no property was checked (--require-witnesses)';
  if (result.properties.some((r) => r.status === 'incomplete' && r.vacuous)) return 'a property had no witness';
  return 'a property could not be decided';
}

/**
 * The lines saying how many properties passed vacuously (none when no property is vacuous):
 * a vacuous pass must be impossible to miss.
 */
function vacuityLines(result: RunResult<unknown, unknown>): string[] {
  if (result.properties.length === 0 && result.outcome === 'pass') {
    return ['', 'vacuous    no property was checked: this pass says only that the search ran; --require-witnesses makes that incomplete (exit 3)'];
  }
  const vacuous = result.properties.filter((r) => r.vacuous);
  if (vacuous.length === 0) return [];
  const held = vacuous.filter((r) => r.status === 'holds');
  const names = vacuous.map((r) => `${r.name} (never ${r.never ?? 'exercised'})`).join(', ');
  const n = result.properties.length;
  if (held.length === 0) return ['', `vacuous    ${vacuous.length} of ${n} properties had no witness and are incomplete (--require-witnesses): ${names}`];
  return ['', `vacuous    ${held.length} of ${n} properties passed vacuously (never exercised): ${names}`,
    '           their antecedent never held in this run; --require-witnesses makes that incomplete (exit 3)'];
}

/**
 * (Sweep 29a finding 6) In random mode an `eventually` property that holds was refuted by no walk
 * (none ended stuck short of its goal), but random walks never look for fair loops that avoid the
 * goal forever: say so, so that `holds` is not read as `check`'s decision. The verdict and exit
 * code stay those of any random-mode pass.
 */
function randomLivenessLines(result: RunResult<unknown, unknown>): string[] {
  if (result.mode !== 'random') return [];
  const held = result.properties.filter((r) => r.kind === 'eventually' && r.status === 'holds' && !r.vacuous && r.promised !== false);
  if (held.length === 0) return [];
  const names = held.map((r) => r.name).join(', ');
  return ['', `liveness   ${names} (eventually) ${held.length === 1 ? 'holds' : 'hold'} in the random sense: no walk ended stuck short of the goal;`,
    '           random walks do not search for fair loops that never reach it (check decides those)'];
}

/** A target's random-walk statistics as an aligned table (at most 20 rows, the rest counted). */
function metricsTable(m: MetricsReport): string[] {
  if (m.rows.length === 0) return ['', `${m.title}: no host generated an update`];
  const shown = m.rows.slice(0, 20).map((r) => r.map(String));
  const cells = [m.columns, ...shown];
  const widths = m.columns.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => '  ' + r.map((x, c) => (c === 0 ? x.padEnd(widths[c]!) : x.padStart(widths[c]!))).join('  ');
  const out = ['', m.title, ...cells.map(line)];
  if (m.rows.length > shown.length) out.push(`  ... and ${m.rows.length - shown.length} more hosts (all of them in --json)`);
  if (m.note) out.push(`  (${m.note})`);
  return out;
}
