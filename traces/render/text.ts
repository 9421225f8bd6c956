/**
 * `show --format text`: a trace as plain text. A header with the property, verdict, run and the
 * explanation's facts, then one line per step with only what the step changed (a structural diff
 * of the state, with names instead of indices for the replication view), e.g.
 * `   5  migrate mh2/1 ok    instances.mh2/1.state migrating->executing  nodes.mh2.flagF -[mh2#1]`,
 * the last step marked as the violating (or witnessing) one (for a lasso: the loop's start and
 * "loop back to step N" on the last step), and the paste-back line.
 */
import type { TraceFile } from '../format.ts';
import { formatChange } from './diff.ts';
import { traceView } from './steps.ts';

/** Labels longer than this are not padded (the changes follow after two spaces). */
const LABEL_WIDTH = 36;

/** The lines describing the trace's property, run and explanation. */
export function traceHeader(t: TraceFile): string[] {
  const lines = [`${t.property.name} (${t.property.kind}): ${t.verdict === 'violated' ? 'VIOLATED' : 'holds'}`];
  const run = [`model ${t.model}`];
  if (t.modelFile) run.push(`file ${t.modelFile}`);
  if (t.configName) run.push(`config ${t.configName}`);
  if (t.mechanism) run.push(`mechanism ${t.mechanism}`);
  if (t.params && Object.keys(t.params).length) run.push(`params ${Object.entries(t.params).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  run.push(`mode ${t.mode}${t.seed !== undefined ? ` seed ${t.seed}` : ''}${t.path !== undefined ? ` path ${t.path}` : ''}`);
  lines.push(`  ${run.join('  ')}`);
  const e = t.explanation;
  if (e?.replica !== undefined) lines.push(`  at replica ${e.replica}`);
  for (const f of e?.facts ?? []) lines.push(`  - ${f}`);
  if (e?.updates?.length) lines.push(`  updates: ${e.updates.join(', ')}`);
  return lines;
}

/** What the last step is: where the property fails, or its witness. */
export function lastStepNote(t: TraceFile): string {
  if (t.verdict === 'holds') return `witness of ${t.property.name}`;
  if (t.loop !== undefined) return `loop back to step ${t.loop} (this state is step ${t.loop}'s): ${t.property.name} never holds`;
  if (t.property.kind === 'transition') return `${t.property.name} violated by this step`;
  return t.property.kind === 'always' ? `${t.property.name} violated here` : `${t.property.name} fails from here`;
}

/** Renders a trace as text (see the file header). Pure. */
export function renderText(t: TraceFile): string {
  const view = traceView(t);
  const width = Math.min(LABEL_WIDTH, Math.max(0, ...view.steps.map((s) => s.label.length)));
  const digits = String(Math.max(0, view.steps.length - 1)).length;
  const lines = [...traceHeader(t), '', `${'step'.padStart(Math.max(4, digits + 2))}  action`];
  const last = view.steps.length - 1;
  view.steps.forEach((s, i) => {
    const changes = s.changes.map(formatChange);
    if (i === last && i > 0) changes.push(`<- ${lastStepNote(t)}`);
    if (t.loop !== undefined && i === t.loop) changes.push('<- loop starts here');
    const head = `${String(s.index).padStart(Math.max(4, digits + 2))}  ${changes.length ? s.label.padEnd(width) : s.label}`;
    lines.push(changes.length ? `${head}  ${changes.join('  ')}` : head);
  });
  if (t.reproduce) lines.push('', `reproduce  ${t.reproduce}`);
  return lines.join('\n') + '\n';
}
