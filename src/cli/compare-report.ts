/**
 * The output of `replcheck compare`: the verdict matrix and the cost table as Markdown (stdout
 * and compare.md) and as one JSON object (`--json` and compare.json). The JSON contract:
 * `{ results: [{ mechanism, property, status, length, traceFile }], costs: [...] }` (compare.ts
 * adds `schemaVersion` and `exitCode`; schemas/compare.schema.json); fields may be added, never renamed.
 */
import type { PropertyResult } from '../engine/result.ts';
import type { MechanismCost, MechanismRun } from './compare-run.ts';
import { pathLength } from './json-report.ts';
import { num } from './report.ts';

/** Trace and HTML files written for one mechanism, by property name. */
export interface WrittenFiles {
  traceFiles: Map<string, string>;
  htmlFiles: Map<string, string>;
}

/** What the report needs besides the runs. */
export interface CompareInfo {
  model: string;
  config: string;
  /** Files per run (same order as the runs). */
  files: WrittenFiles[];
  /** Paste-back command per run and property (check with that mechanism). */
  reproduce: (run: MechanismRun, property: string) => string;
}

/** One matrix cell as text. */
function cell(r: PropertyResult<unknown, unknown> | undefined): string {
  if (!r) return '-';
  return verdict(r) + (r.promised === false ? ' °' : '');
}

/** The verdict part of a cell. */
function verdict(r: PropertyResult<unknown, unknown>): string {
  if (r.status === 'violated') {
    const n = pathLength(r);
    return n === null ? 'violated' : `violated (${n})`;
  }
  // (Stop 28) A vacuous pass is never shown as a plain one (as check shows it).
  return r.vacuous === true ? `${r.status} (vacuous)` : r.status;
}

/** Rows: every property name any run checked, in first-seen order. */
function propertyNames(runs: readonly MechanismRun[]): string[] {
  const names: string[] = [];
  for (const run of runs) for (const r of run.properties) if (!names.includes(r.name)) names.push(r.name);
  return names;
}

function fixed(x: number | null, digits: number): string {
  return x === null ? '-' : x.toFixed(digits);
}

function costRow(c: MechanismCost): string {
  const cells = [c.mechanism, num(c.distinctStates) + (c.limit ? ` (stopped: ${c.limit})` : ''),
    fixed(c.messagesPerUpdate, 2), c.drainSteps === null ? '-' : String(c.drainSteps),
    c.completeRunSteps === null ? '-' : String(c.completeRunSteps), c.seconds.toFixed(1)];
  return `| ${cells.join(' | ')} |`;
}

/** The Markdown report. */
export function compareMarkdown(runs: readonly MechanismRun[], info: CompareInfo): string {
  const names = propertyNames(runs);
  const out: string[] = [];
  out.push(`# replcheck compare: model ${info.model}, config ${info.config}`, '');
  out.push('Exhaustive breadth-first check of every property for every mechanism on the same configuration.');
  out.push('`violated (n)`: a shortest counterexample has n steps; `incomplete`: a limit stopped the search first;',
    '`°`: the mechanism does not promise this property (checked all the same; `check` reports it as not promised);',
    '`(vacuous)`: no explored state exercised it (its antecedent never held), so its `holds` says nothing.', '');
  out.push(`| property | ${runs.map((r) => r.name).join(' | ')} |`);
  out.push(`| --- | ${runs.map(() => '---').join(' | ')} |`);
  for (const name of names) {
    out.push(`| ${name} | ${runs.map((run) => cell(run.properties.find((r) => r.name === name))).join(' | ')} |`);
  }
  const violations: string[] = [];
  runs.forEach((run, i) => {
    for (const r of run.properties) {
      if (r.status !== 'violated') continue;
      const file = info.files[i]?.traceFiles.get(r.name);
      const n = pathLength(r);
      violations.push(`- ${run.name} / ${r.name}: ${n === null ? 'no path' : `${n} steps`}${file ? `, ${file}` : ''}` +
        (r.explanation?.facts[0] ? ` (${r.explanation.facts[0]})` : ''));
      violations.push(`  reproduce: \`${info.reproduce(run, r.name)}\``);
    }
  });
  if (violations.length) out.push('', '## Violations', '', ...violations);
  out.push('', '## Cost', '');
  out.push('| mechanism | distinct states | messages per update | drain steps | complete run (steps) | seconds |');
  out.push('| --- | --- | --- | --- | --- | --- |');
  for (const run of runs) out.push(costRow(run.cost));
  const notes = runs.filter((r) => r.cost.note).map((r) => `- ${r.name}: ${r.cost.note}`);
  out.push('', 'distinct states: the whole reachable space (after symmetry reduction, where the mechanism allows it).',
    'complete run: a shortest path from the initial state to a state where every update has been generated, the',
    'system is settled and no update was lost to a fault (the model says which: for replication, each has its Global ID); messages per update: messages on that run (instances delivered, peer exchanges) per update;',
    'drain steps: steps on that run after the last update (a shortest drain from that state).');
  if (notes.length) out.push('', ...notes);
  return out.join('\n') + '\n';
}

/** The JSON report (one object). */
export function compareJson(runs: readonly MechanismRun[], info: CompareInfo): Record<string, unknown> {
  const results = runs.flatMap((run, i) => run.properties.map((r) => {
    const o: Record<string, unknown> = {
      mechanism: run.name, property: r.name, kind: r.kind, status: r.status,
      length: r.status === 'violated' ? pathLength(r) : null,
      ...(r.promised === false ? { promised: false } : {}),
      ...(r.witnesses !== undefined ? { witnesses: r.witnesses } : {}),
      ...(r.vacuous === true ? { vacuous: true, ...(r.never !== undefined ? { never: r.never } : {}) } : {}),
      traceFile: info.files[i]?.traceFiles.get(r.name) ?? null,
    };
    const html = info.files[i]?.htmlFiles.get(r.name);
    if (html) o.htmlFile = html;
    if (run.given !== run.name) o.mechanismFile = run.given;
    if (r.status === 'violated') {
      if (r.explanation?.replica !== undefined) o.replica = r.explanation.replica;
      if (r.explanation) o.facts = r.explanation.facts;
      o.reproduce = info.reproduce(run, r.name);
    }
    if (r.status === 'incomplete' && r.reason) o.reason = r.reason;
    return o;
  }));
  return {
    model: info.model,
    config: info.config,
    mechanisms: runs.map((r) => r.name),
    results,
    costs: runs.map((r) => r.cost),
  };
}
