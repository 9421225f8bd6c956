/**
 * The self-contained HTML report of `replcheck measure` (issue 14): inline SVG only, no script
 * or network access needed. Per mechanism: latency CDFs (write response, visibility delay, time
 * to Global ID), the t-visibility curve (PBS: probability that a read t ms after a write sees
 * it), and traffic over time per link class (packets per bin, seed 003 figure 5 style), plus the
 * cost table.
 */
import type { Measurement } from '../../src/timed/replicate.ts';

const W = 560, H = 260, L = 56, R = 12, T = 14, B = 36;
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface Line { name: string; xs: number[]; ys: number[] }

/** One SVG line chart with axes, ticks and a legend. */
function chart(id: string, title: string, xLabel: string, yLabel: string, lines: Line[], yMax?: number): string {
  const all = lines.flatMap((l) => l.xs.filter((_, i) => !Number.isNaN(l.ys[i]!)));
  const xMax = Math.max(1e-9, ...all);
  const top = yMax ?? Math.max(1e-9, ...lines.flatMap((l) => l.ys.filter((y) => !Number.isNaN(y))));
  const sx = (x: number) => L + ((W - L - R) * x) / xMax;
  const sy = (y: number) => H - B - ((H - T - B) * y) / top;
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const axes = [
    `<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="#444"/>`,
    `<line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="#444"/>`,
    ...ticks.map((f) => `<text x="${sx(f * xMax)}" y="${H - B + 14}" font-size="10" text-anchor="middle">${fmt(f * xMax)}</text>`),
    ...ticks.map((f) => `<text x="${L - 4}" y="${sy(f * top) + 3}" font-size="10" text-anchor="end">${fmt(f * top)}</text>`),
    `<text x="${(L + W - R) / 2}" y="${H - 4}" font-size="11" text-anchor="middle">${esc(xLabel)}</text>`,
    `<text x="12" y="${(T + H - B) / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 12 ${(T + H - B) / 2})">${esc(yLabel)}</text>`,
  ];
  const paths = lines.map((l, k) => {
    const pts = l.xs.map((x, i) => [x, l.ys[i]!] as const).filter(([, y]) => !Number.isNaN(y));
    const d = pts.map(([x, y], i) => `${i ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join('');
    return `<path class="series" data-name="${esc(l.name)}" d="${d}" fill="none" stroke="${COLORS[k % COLORS.length]}" stroke-width="1.6"/>`;
  });
  const legend = lines.map((l, k) => `<text x="${W - R - 4}" y="${T + 12 + 13 * k}" font-size="11" text-anchor="end" fill="${COLORS[k % COLORS.length]}">${esc(l.name)}</text>`);
  return `<figure id="${id}"><figcaption>${esc(title)}</figcaption><svg width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img">${axes.join('')}${paths.join('')}${legend.join('')}</svg></figure>`;
}

function fmt(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toFixed(2);
}

/** An empirical CDF as a line (at most 200 points). */
function cdf(name: string, xs: readonly number[]): Line {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return { name, xs: [], ys: [] };
  const step = Math.max(1, Math.floor(s.length / 200));
  const px: number[] = [], py: number[] = [];
  for (let i = 0; i < s.length; i += step) { px.push(s[i]!); py.push((i + 1) / s.length); }
  px.push(s[s.length - 1]!); py.push(1);
  return { name, xs: px, ys: py };
}

/**
 * (Sweep 30e) The assertion verdicts, as in measure.md (the page left them out, and the notes
 * that say a mechanism never committed some updates).
 */
function assertionsTable(ms: Measurement[]): string {
  const rows = ms.flatMap((m) => m.verdicts.map((v) => `<tr><td>${esc(v.assertion)}</td><td>${esc(m.mechanism)}</td><td>${esc(v.verdict)}</td><td class="num">${esc(String(v.samples))}</td></tr>`));
  if (rows.length === 0) return '';
  return `<table id="assertions"><thead><tr><th>assertion</th><th>mechanism</th><th>verdict</th><th>samples</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

/** The whole page; `table` is the Markdown-equivalent cost table as rows of cells. */
export function renderMeasureHtml(ms: Measurement[], title: string, table: { header: string[]; rows: string[][] }, notes: string): string {
  const figs: string[] = [];
  for (const metric of ['write-response', 'visibility', 'gid-time']) {
    figs.push(chart(`cdf-${metric}`, `CDF of ${metric} (ms)`, 'ms', 'fraction', ms.map((m) => cdf(m.mechanism, m.pooled[metric] ?? [])), 1));
  }
  // The t-visibility curves up to where every one has (nearly) reached 1, plus a margin.
  const tv = ms.map((m) => ({ name: m.mechanism, xs: m.curves['t-visibility']?.x ?? [], ys: m.curves['t-visibility']?.y ?? [] }));
  const reach = Math.max(0, ...tv.map((l) => l.ys.findIndex((y) => y >= 0.999)).map((i, k) => (i < 0 ? tv[k]!.xs.length - 1 : i)));
  const cut = Math.min(Math.max(...tv.map((l) => l.xs.length)) - 1, Math.ceil(reach * 1.25) + 1);
  figs.push(chart('t-visibility', 't-visibility: probability that a read t ms after a write sees it', 't (ms)', 'P(seen)',
    tv.map((l) => ({ name: l.name, xs: l.xs.slice(0, cut + 1), ys: l.ys.slice(0, cut + 1) })), 1));
  const classes = [...new Set(ms.flatMap((m) => Object.keys(m.series?.classes ?? {})))];
  for (const c of classes) {
    figs.push(chart(`traffic-${c}`, `Traffic over time on ${c} links (packets per ${ms[0]!.series.binMs} ms bin, first run)`, 'time (s)', 'packets',
      ms.map((m) => {
        const p = m.series.classes[c]?.packets ?? [];
        return { name: m.mechanism, xs: p.map((_, i) => (i * m.series.binMs) / 1000), ys: p };
      })));
  }
  const thead = `<tr>${table.header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
  const tbody = table.rows.map((r) => `<tr>${r.map((c, i) => (i ? `<td class="num">${esc(c)}</td>` : `<td>${esc(c)}</td>`)).join('')}</tr>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:12px 0}th,td{border:1px solid #ccc;padding:3px 8px;font-size:13px}td.num{text-align:right;font-variant-numeric:tabular-nums}figure{display:inline-block;margin:8px 16px 8px 0}figcaption{font-size:13px;font-weight:600}</style>
</head><body>
<h1>${esc(title)}</h1>
<p>${esc(notes)}</p>
<table id="costs"><thead>${thead}</thead><tbody>
${tbody}
</tbody></table>
${[...new Set(ms.flatMap((m) => m.notes ?? []))].map((n) => `<p class="note">${esc(n)}</p>`).join('\n')}
${assertionsTable(ms)}
<section id="charts">
${figs.join('\n')}
</section>
</body></html>
`;
}
