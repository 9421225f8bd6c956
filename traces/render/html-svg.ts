/**
 * The message sequence diagram of the HTML report, as inline SVG: a header box per participant
 * (`<g class="lifeline" data-node="mh1">`) above its dashed lifeline, then one row per step
 * (`<g class="step" data-step="3">`, class `violating` on the last step of a violation) with the
 * step's number and label on the left and its event drawn between the lifelines: an arrow per
 * agent instance hop (send dashed, migrate solid, failed migration crossed out, duplicate dotted),
 * a loop at the destination for `execute`, a dot with a caption for a local action.
 */
import type { TraceFile } from '../format.ts';
import type { Sequence, StepEvent } from './participants.ts';
import type { TraceView } from './steps.ts';

/** Escapes text for HTML and SVG content and attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const LABEL_W = 310;
const COL_W = 108;
const HEAD_H = 56;
const ROW_H = 30;
const MAX_LABEL = 46;

function shorten(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

/**
 * The SVG diagram of a trace (see the file header): two SVG elements, the lifelines' heads
 * (`svg.heads`, kept in view while the steps scroll) and the steps (`svg.sequence`).
 */
export function sequenceSvg(t: TraceFile, view: TraceView, seq: Sequence): string {
  const cols = new Map(seq.participants.map((p, i) => [p.id, LABEL_W + COL_W * i + COL_W / 2]));
  const x = (id: string) => cols.get(id) ?? LABEL_W + COL_W / 2;
  const width = LABEL_W + COL_W * seq.participants.length + 150; // room for the last lifeline's captions
  const height = ROW_H * view.steps.length + 12;
  const svg = (cls: string, h: number, label: string) =>
    `<svg xmlns="http://www.w3.org/2000/svg" class="${cls}" width="${width}" height="${h}" viewBox="0 0 ${width} ${h}" role="img" aria-label="${label}">`;
  const heads = seq.participants.map((p) => {
    const cx = x(p.id);
    return [`<g class="lifeline kind-${esc(p.kind)}" data-node="${esc(p.id)}" data-kind="${esc(p.kind)}" id="lifeline-${esc(p.id)}">`,
      `<line class="life" x1="${cx}" y1="${HEAD_H - 10}" x2="${cx}" y2="${HEAD_H}"/>`,
      `<rect class="head" x="${cx - COL_W / 2 + 8}" y="6" width="${COL_W - 16}" height="${HEAD_H - 16}" rx="6"/>`,
      `<text class="name" x="${cx}" y="25" text-anchor="middle"><title>${esc(p.id)}</title>${esc(shorten(p.id, 14))}</text>`,
      `<text class="kind" x="${cx}" y="39" text-anchor="middle">${esc(p.kind)}</text>`,
      '</g>'].join('');
  });
  const lines = seq.participants.map((p) => `<line class="life" data-node="${esc(p.id)}" x1="${x(p.id)}" y1="0" x2="${x(p.id)}" y2="${height}"/>`);
  const last = view.steps.length - 1;
  const rows: string[] = [];
  view.steps.forEach((s, i) => {
    const y = ROW_H * i;
    const cls = ['step', i === last && t.verdict === 'violated' && i > 0 ? 'violating' : '', i === last && t.verdict === 'holds' ? 'witness' : '',
      t.loop !== undefined && i >= t.loop ? (i === t.loop ? 'loop loop-start' : 'loop') : '']
      .filter(Boolean).join(' ');
    rows.push(`<g class="${cls}" data-step="${s.index}" id="step-${s.index}" tabindex="0">`,
      `<rect class="row" x="0" y="${y}" width="${width}" height="${ROW_H}"/>`,
      `<text class="num" x="8" y="${y + 19}">${s.index}</text>`,
      `<text class="label" x="44" y="${y + 19}"><title>${esc(s.label)}</title>${esc(shorten(s.label, MAX_LABEL))}</text>`,
      drawEvent(seq.events[i], y, x),
      '</g>');
  });
  return [
    svg('heads', HEAD_H, 'hosts and servers'), '<text class="steps-title" x="8" y="36">step  action</text>', ...heads,
    `<line class="rule" x1="0" y1="${HEAD_H - 0.5}" x2="${width}" y2="${HEAD_H - 0.5}"/>`, '</svg>',
    svg('sequence', height, 'message sequence diagram'),
    '<defs>',
    '<marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker>',
    '<marker id="head-open" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10" class="arrowhead-open"/></marker>',
    '</defs>',
    // Lifelines under the rows (whose backgrounds are translucent), so events draw on top.
    '<g class="lifelines">', ...lines, '</g>', '<g class="rows">', ...rows, '</g>', '</svg>',
  ].join('\n');
}

function drawEvent(e: StepEvent, y: number, x: (id: string) => number): string {
  const mid = y + ROW_H / 2 + 3;
  switch (e.kind) {
    case 'initial':
      return '';
    case 'arrow': {
      const x1 = x(e.from), x2 = x(e.to);
      const dir = x2 >= x1 ? 1 : -1;
      const end = e.style === 'failed' ? x1 + (x2 - x1) * 0.6 : x2 - dir * 6;
      const marker = e.style === 'failed' ? '' : e.style === 'send' ? ' marker-end="url(#head-open)"' : ' marker-end="url(#head)"';
      const cross = e.style === 'failed'
        ? `<path class="cross" d="M${end - 5},${mid - 5} L${end + 5},${mid + 5} M${end - 5},${mid + 5} L${end + 5},${mid - 5}"/>` : '';
      const cx = (x1 + x2) / 2;
      return `<g class="event arrow ${e.style}" data-from="${esc(e.from)}" data-to="${esc(e.to)}">` +
        `<line x1="${x1}" y1="${mid}" x2="${end}" y2="${mid}"${marker}/>${cross}` +
        `<text class="caption" x="${cx}" y="${mid - 5}" text-anchor="middle">${esc(e.caption)}</text></g>`;
    }
    case 'self': {
      const cx = x(e.at);
      return `<g class="event self" data-node="${esc(e.at)}">` +
        `<path d="M${cx},${mid - 7} h18 v12 h-14" marker-end="url(#head)"/>` +
        `<text class="caption" x="${cx + 24}" y="${mid + 2}">${esc(e.caption)}</text></g>`;
    }
    case 'mark': {
      const cx = x(e.at);
      return `<g class="event mark" data-node="${esc(e.at)}">` +
        `<circle cx="${cx}" cy="${mid - 2}" r="5"/>` +
        `<text class="caption" x="${cx + 10}" y="${mid + 2}">${esc(e.caption)}</text></g>`;
    }
  }
}
