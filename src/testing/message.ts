/**
 * The failure message of a run that did not pass, as a test runner shows it: per violated
 * property its name and kind, the replica, the explanation's facts, the numbered counterexample
 * steps and the paste-back line that reproduces it; for an incomplete run, which limit stopped
 * it (an incomplete run is never a pass).
 */
import { formatAction, type Model } from '../engine/model.ts';
import type { PropertyResult, RunResult } from '../engine/result.ts';
import { isTestedRun } from './run.ts';

/** Counterexamples longer than this show their first and last steps. */
const MAX_STEPS = 40;

function stepLines(r: PropertyResult<unknown, unknown>, model: Model<unknown, unknown> | undefined): string[] {
  const path = r.path ?? [];
  const label = (i: number) => {
    const a = path[i].action;
    const text = a === null ? 'initial state' : model ? formatAction(model, a) : JSON.stringify(a);
    return `    ${String(i).padStart(3)}. ${text}`;
  };
  const idx = path.map((_, i) => i);
  if (path.length <= MAX_STEPS) return idx.map(label);
  const half = MAX_STEPS / 2;
  return [...idx.slice(0, half).map(label), `         ... ${path.length - 2 * half} more steps ...`, ...idx.slice(path.length - half).map(label)];
}

/** The block of one violated property. */
export function violationText(r: PropertyResult<unknown, unknown>, run: RunResult<unknown, unknown>): string[] {
  const origin = isTestedRun(run) ? run.origin : undefined;
  const e = r.explanation;
  const lines = [`${r.name} (${r.kind}) is violated${e?.replica !== undefined ? ` at replica ${e.replica}` : ''}`];
  for (const f of e?.facts ?? []) lines.push(`  - ${f}`);
  if (e?.updates?.length) lines.push(`  updates: ${e.updates.join(', ')}`);
  if (r.path) lines.push(`  counterexample (${r.path.length - 1} steps):`, ...stepLines(r, origin?.model));
  const line = origin?.reproduce(r.name);
  if (line) lines.push(`  reproduce: ${line}`);
  if (line && origin?.placeholder) lines.push(`  (${origin.placeholder})`);
  else if (origin?.apiCall) lines.push(`  reproduce: ${origin.apiCall}`);
  return lines;
}

/** The message for a run that did not pass (an empty string for a pass). */
export function failureMessage(run: RunResult<unknown, unknown>): string {
  if (run.outcome === 'pass') return '';
  const origin = isTestedRun(run) ? run.origin : undefined;
  const where = origin ? ` (${origin.describe})` : '';
  // (Stop 28) Only promised properties decide the run: a violation of one the target does not
  // promise never fails it (the CLI prints it apart), so it must not stand in for the reason.
  const violated = run.properties.filter((r) => r.status === 'violated' && r.promised !== false);
  if (violated.length > 0 && run.outcome === 'violation') {
    const head = `replcheck: ${violated.length} propert${violated.length === 1 ? 'y' : 'ies'} violated${where}`;
    return [head, ...violated.flatMap((r) => ['', ...violationText(r, run)])].join('\n');
  }
  const stats = run.stats as { limit?: string };
  const lines = [`replcheck: the run is incomplete${stats.limit ? ` (stopped: ${stats.limit})` : ''}${where}; an incomplete run is not a pass`];
  for (const r of run.properties) if (r.status === 'incomplete' && r.promised !== false) lines.push(`  - ${r.name}: ${r.reason ?? 'undecided'}`);
  return lines.join('\n');
}
