/**
 * `show --format html` and the `.html` written next to every counterexample: ONE self-contained
 * page (inline CSS, JS and SVG; nothing fetched). At the top the property, verdict, run and the
 * explanation's facts with the paste-back line; below, the message sequence diagram (one
 * lifeline per host and server, agent instances as arrows, local actions as marks, the violating
 * step highlighted with class `violating`) and a panel showing the state of the step clicked
 * (the last one at first) as tables and JSON.
 */
import type { TraceFile } from '../format.ts';
import { formatChange } from './diff.ts';
import { HTML_CSS, HTML_JS } from './html-assets.ts';
import { esc, sequenceSvg } from './html-svg.ts';
import { sequenceOf } from './participants.ts';
import { traceView } from './steps.ts';
import { lastStepNote } from './text.ts';

/** JSON safe inside a `<script>` element (no `</script>`, no `<!--`). */
export function scriptJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Facts listed before the rest fold into a "more facts" block. */
const SHOWN_FACTS = 8;

function headerHtml(t: TraceFile, steps: number): string {
  const violated = t.verdict === 'violated';
  const run = [`model <b>${esc(t.model)}</b>`];
  if (t.modelFile) run.push(`file ${esc(t.modelFile)}`);
  if (t.configName) run.push(`config <b>${esc(t.configName)}</b>`);
  if (t.mechanism) run.push(`mechanism <b>${esc(t.mechanism)}</b>`);
  if (t.params && Object.keys(t.params).length) run.push(`params ${esc(Object.entries(t.params).map(([k, v]) => `${k}=${v}`).join(' '))}`);
  run.push(`${esc(t.mode)} search${t.seed !== undefined ? `, seed ${t.seed}` : ''}${t.path !== undefined ? `, path ${esc(t.path)}` : ''}`);
  run.push(`${steps} step${steps === 1 ? '' : 's'}`);
  const e = t.explanation;
  const lines = [
    '<header>',
    `<h1 id="property" data-property="${esc(t.property.name)}">${esc(t.property.name)} <small>(${esc(t.property.kind)})</small>: ` +
      `<span class="verdict${violated ? '' : ' holds'}">${violated ? 'violated' : 'holds'}</span></h1>`,
    `<p class="run">${run.join(' · ')}</p>`,
  ];
  if (e?.replica !== undefined) lines.push(`<p class="meta">at replica <b class="mono">${esc(e.replica)}</b></p>`);
  if (e?.facts.length) {
    const li = (fs: string[]) => fs.map((f) => `<li>${esc(f)}</li>`).join('');
    const more = e.facts.length > SHOWN_FACTS ? e.facts.slice(SHOWN_FACTS) : [];
    lines.push(`<ul class="facts" id="facts">${li(e.facts.slice(0, SHOWN_FACTS))}</ul>`);
    if (more.length) lines.push(`<details class="more-facts"><summary>${more.length} more facts</summary><ul class="facts">${li(more)}</ul></details>`);
  }
  if (t.loop !== undefined) {
    lines.push(`<p class="meta loop" id="loop" data-loop="${t.loop}">lasso: steps ${t.loop + 1}-${steps} repeat forever; ` +
      `the last step loops back to step ${t.loop}</p>`);
  }
  if (e?.updates?.length) lines.push(`<p class="meta">updates involved: <span class="mono">${esc(e.updates.join(', '))}</span></p>`);
  if (t.reproduce) lines.push(`<p class="reproduce">reproduce: <code>${esc(t.reproduce)}</code></p>`);
  lines.push('<p class="hint">Click a step (or use ↑/↓, j/k) to see its state on the right. The highlighted step is where the property ' +
    `${violated ? 'fails' : 'is witnessed'}.</p>`, '</header>');
  return lines.join('\n');
}

/** Characters of state JSON a page embeds at most (a page of a huge trace stays openable). */
export const STATE_BUDGET = 24_000_000;

/**
 * Which steps' states the page embeds: all of them when they fit in {@link STATE_BUDGET}, else
 * the initial state and as many of the last steps as fit (the others show their changes only).
 */
export function embeddedStates(states: unknown[], budget = STATE_BUDGET): (i: number) => boolean {
  const size = Math.max(1, JSON.stringify(states[states.length - 1] ?? null).length);
  if (size * states.length <= budget) return () => true;
  const tail = Math.max(1, Math.floor(budget / size) - 1);
  return (i) => i === 0 || i >= states.length - tail;
}

/** Renders a trace as one self-contained HTML page (see the file header). Pure. */
export function renderHtml(t: TraceFile): string {
  const view = traceView(t);
  const seq = sequenceOf(view);
  const keep = embeddedStates(view.steps.map((s) => s.state));
  const data = {
    replication: view.names !== undefined,
    violated: t.verdict === 'violated',
    lastNote: view.steps.length > 1 ? lastStepNote(t) : undefined,
    participants: seq.participants,
    steps: view.steps.map((s, i) => ({
      index: s.index, label: s.label, changes: s.changes.map((c) => ({ path: c.path, text: formatChange(c) })), state: keep(i) ? s.state : null,
    })),
  };
  const title = `${t.property.name}: ${t.verdict} (${t.model}${t.configName ? `, ${t.configName}` : ''}${t.mechanism ? `, ${t.mechanism}` : ''})`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="replcheck">`,
    `<title>${esc(title)}</title>`,
    `<style>${HTML_CSS}</style>`,
    '</head>',
    '<body>',
    headerHtml(t, view.steps.length - 1),
    '<main class="layout">',
    `<section class="diagram" aria-label="sequence diagram">\n${sequenceSvg(t, view, seq)}\n</section>`,
    '<aside id="panel" aria-live="polite"><p class="hint">Enable JavaScript to inspect the state of each step.</p></aside>',
    '</main>',
    `<script type="application/json" id="trace-data">${scriptJson(data)}</script>`,
    `<script>${HTML_JS}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
