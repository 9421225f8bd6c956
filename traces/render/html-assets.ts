/**
 * The HTML report's inline style sheet and script (no network, no CDN). The script reads the
 * embedded `#trace-data` JSON and, when a step row of the diagram is clicked (or selected with
 * the arrow keys / j and k), shows that step's label, changes and state in the side panel: tables
 * of nodes, updates and instances for the replication view (changed cells highlighted), the
 * state's JSON otherwise, and the raw JSON in a collapsible block.
 */

/** The style sheet. */
export const HTML_CSS = `
:root { --ink:#1d2330; --muted:#5d6677; --line:#c9ced8; --bad:#c62828; --bad-bg:#fde4e4; --sel:#e3ecff; --ok:#2e7d32; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--ink); background:#f6f7f9; }
header { padding:16px 22px 12px; background:#fff; border-bottom:1px solid var(--line); }
h1 { font-size:20px; margin:0 0 4px; }
h1 .verdict { color:var(--bad); } h1 .verdict.holds { color:var(--ok); }
.run { color:var(--muted); margin:0 0 8px; overflow-wrap:anywhere; }
.facts { margin:6px 0; padding-left:20px; } .facts li { margin:2px 0; }
.meta { margin:4px 0; color:var(--muted); }
code, pre, .mono { font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; font-size:12.5px; }
.reproduce code { background:#f0f2f5; padding:3px 6px; border-radius:4px; user-select:all; overflow-wrap:anywhere; }
.layout { display:flex; align-items:flex-start; gap:14px; padding:14px; }
.diagram { flex:1 1 auto; min-width:0; overflow:auto; background:#fff; border:1px solid var(--line); border-radius:8px; max-height:calc(100vh - 40px); }
#panel { flex:0 0 540px; max-width:50vw; position:sticky; top:14px; max-height:calc(100vh - 28px); overflow:auto; background:#fff;
  border:1px solid var(--line); border-radius:8px; padding:12px 14px; }
#panel h2 { font-size:16px; margin:0 0 6px; } #panel h3 { font-size:13px; margin:12px 0 4px; color:var(--muted); text-transform:uppercase; letter-spacing:.04em; }
#panel .violation-note { color:var(--bad); font-weight:600; }
#panel ul.changes { margin:0; padding-left:18px; } #panel ul.changes li { font-family:ui-monospace,Menlo,Consolas,monospace; font-size:12px; }
table { border-collapse:collapse; width:100%; font-size:12px; }
th, td { border:1px solid #e1e4ea; padding:2px 5px; text-align:left; vertical-align:top; }
th, td:first-child { white-space:nowrap; } .table-wrap { overflow-x:auto; }
th { background:#f3f4f7; font-weight:600; } td.changed { background:#fff3bf; }
pre.json { background:#f6f7f9; padding:8px; border-radius:6px; overflow:auto; max-height:420px; }
svg.sequence, svg.heads { display:block; font-size:12px; }
svg.heads { position:sticky; top:0; z-index:1; background:#fff; } /* no border: it would shrink the drawing */
.heads .rule { stroke:#e6e8ee; }
.steps-title { fill:var(--muted); font-size:11px; text-transform:uppercase; letter-spacing:.05em; }
.life { stroke:#9aa3b2; stroke-dasharray:4 4; }
.lifeline .head { fill:#eef1f6; stroke:#7d8799; }
.lifeline .name { font-weight:600; font-size:13px; } .lifeline .kind { fill:var(--muted); font-size:10.5px; }
.lifeline.kind-master .head { fill:#dde6ff; stroke:#3b5bdb; } .lifeline.kind-zone .head { fill:#efe3ff; stroke:#7048e8; }
.lifeline.kind-cell .head { fill:#dcf5ef; stroke:#0c8f73; } .lifeline.kind-mobile .head { fill:#fff0db; stroke:#e8590c; }
.lifeline.kind-fixed .head { fill:#ececec; stroke:#777; }
.step { cursor:pointer; outline:none; }
.step .row { fill:transparent; } .step:hover .row { fill:#f1f4fa; fill-opacity:.7; }
.step.selected .row { fill:var(--sel); fill-opacity:.75; }
.step.violating .row { fill:var(--bad-bg); fill-opacity:.85; } .step.violating.selected .row { stroke:var(--bad); stroke-width:1.5; }
.step.witness .row { fill:#e2f5e4; fill-opacity:.85; }
.step.loop .num { fill:#7a4cc2; font-weight:600; } .step.loop-start .row { stroke:#7a4cc2; stroke-dasharray:4 3; }
.step .num { fill:var(--muted); font-family:ui-monospace,Menlo,Consolas,monospace; }
.step.violating .num, .step.violating .label { fill:var(--bad); font-weight:600; }
.event line, .event path { stroke:#2b3445; stroke-width:1.6; fill:none; }
.event.send line { stroke-dasharray:6 4; } .event.duplicate line { stroke-dasharray:2 3; }
.event.failed line, .event.failed .cross { stroke:var(--bad); }
.event.mark circle { fill:#2b3445; }
.arrowhead { fill:#2b3445; } .arrowhead-open { fill:none; stroke:#2b3445; stroke-width:1.4; }
.event .caption { font-size:11px; fill:#1d2330; paint-order:stroke; stroke:#fff; stroke-width:3px; stroke-linejoin:round; }
.step.violating .event line, .step.violating .event path { stroke:var(--bad); } .step.violating .event circle { fill:var(--bad); }
.step.violating .event .caption { fill:var(--bad); font-weight:600; }
.hint { color:var(--muted); font-size:12px; margin:6px 0 0; }
@media (max-width: 900px) { .layout { flex-direction:column; } #panel { position:static; max-width:none; width:100%; flex-basis:auto; } }
`;

/** The script (plain ES2017, no dependencies). */
export const HTML_JS = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('trace-data').textContent);
  var panel = document.getElementById('panel');
  var rows = Array.prototype.slice.call(document.querySelectorAll('g.step'));
  var current = -1;
  function h(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; }
  function fmt(v) {
    if (v === null || v === undefined) return '';
    if (Array.isArray(v)) return v.map(fmt).join(' ');
    if (typeof v === 'object') {
      var keys = Object.keys(v).filter(function (k) { return !(Array.isArray(v[k]) && v[k].length === 0); });
      return keys.map(function (k) { return k + ': ' + fmt(v[k]); }).join('; ');
    }
    return String(v);
  }
  function touched(step, path) {
    return step.changes.some(function (c) { return c.path === path || c.path.indexOf(path + '.') === 0 || path.indexOf(c.path + '.') === 0; });
  }
  function table(step, title, prefix, records, columns) {
    var keys = Object.keys(records);
    var box = h('div'); box.appendChild(h('h3', '', title + ' (' + keys.length + ')'));
    if (keys.length === 0) { box.appendChild(h('p', 'hint', 'none')); return box; }
    var t = h('table'), head = h('tr');
    head.appendChild(h('th', '', 'id'));
    columns.forEach(function (c) { head.appendChild(h('th', '', c)); });
    t.appendChild(head);
    keys.forEach(function (k) {
      var tr = h('tr'), first = h('td', 'mono', k);
      if (touched(step, prefix + '.' + k)) first.className += ' changed';
      tr.appendChild(first);
      columns.forEach(function (c) {
        var td = h('td', 'mono', fmt(records[k][c]));
        if (touched(step, prefix + '.' + k + '.' + c) || (c === 'status' && (touched(step, prefix + '.' + k + '.member') || touched(step, prefix + '.' + k + '.connected')))) td.className += ' changed';
        tr.appendChild(td);
      });
      t.appendChild(tr);
    });
    var wrap = h('div', 'table-wrap'); wrap.appendChild(t); box.appendChild(wrap);
    return box;
  }
  function stateView(step) {
    var s = step.state, box = h('div');
    if (s === null) {
      box.appendChild(h('p', 'hint', 'This trace is large: the page embeds the states of the first and the last steps only. ' +
        'The trace file has every state; replcheck show --format text lists every step\u2019s changes.'));
      return box;
    }
    if (data.replication) {
      var nodes = {};
      Object.keys(s.nodes).forEach(function (k) {
        var n = s.nodes[k], row = {};
        row.status = !n.member ? 'not joined' : n.connected ? 'up' : 'disconnected';
        Object.keys(n).forEach(function (f) { row[f] = n[f]; });
        nodes[k] = row;
      });
      box.appendChild(table(step, 'Nodes', 'nodes', nodes, ['status', 'parent', 'objects', 'order', 'flagF', 'flagT', 'collected', 'committed', 'executed']));
      box.appendChild(table(step, 'Updates', 'updates', s.updates, ['item', 'value', 'deps', 'gid', 'stamp']));
      box.appendChild(table(step, 'Agent instances', 'instances', s.instances, ['from', 'to', 'kind', 'state', 'updates', 'objects', 'failures', 'copies']));
      var rest = {}; Object.keys(s).forEach(function (k) { if (k !== 'nodes' && k !== 'updates' && k !== 'instances') rest[k] = s[k]; });
      box.appendChild(h('h3', '', 'Other'));
      box.appendChild(h('pre', 'json', JSON.stringify(rest, null, 1)));
    } else {
      box.appendChild(h('h3', '', 'State'));
      box.appendChild(h('pre', 'json', JSON.stringify(s, null, 2)));
    }
    var raw = h('details'); raw.appendChild(h('summary', '', 'JSON of this state'));
    raw.appendChild(h('pre', 'json', JSON.stringify(s, null, 2)));
    box.appendChild(raw);
    return box;
  }
  function select(i, scroll, user) {
    if (i < 0 || i >= data.steps.length) return;
    if (current >= 0) rows[current].classList.remove('selected');
    current = i;
    rows[i].classList.add('selected');
    if (scroll && rows[i].scrollIntoView) rows[i].scrollIntoView({ block: 'nearest' });
    var step = data.steps[i];
    panel.textContent = '';
    panel.setAttribute('data-step', String(step.index));
    panel.appendChild(h('h2', '', 'Step ' + step.index + ': ' + step.label));
    if (i === data.steps.length - 1 && data.lastNote) panel.appendChild(h('p', data.violated ? 'violation-note' : '', data.lastNote));
    panel.appendChild(h('h3', '', 'Changes'));
    if (step.changes.length === 0) panel.appendChild(h('p', 'hint', i === 0 ? 'the initial state' : 'no visible change'));
    else { var ul = h('ul', 'changes'); step.changes.forEach(function (c) { ul.appendChild(h('li', '', c.text)); }); panel.appendChild(ul); }
    panel.appendChild(stateView(step));
    if (user && history.replaceState) history.replaceState(null, '', '#step-' + step.index);
  }
  rows.forEach(function (g, i) {
    g.addEventListener('click', function () { select(i, false, true); });
    g.addEventListener('keydown', function (ev) { if (ev.key === 'Enter' || ev.key === ' ') { select(i, false, true); ev.preventDefault(); } });
  });
  document.addEventListener('keydown', function (ev) {
    if (ev.key === 'ArrowDown' || ev.key === 'j') { select(current + 1, true, true); ev.preventDefault(); }
    if (ev.key === 'ArrowUp' || ev.key === 'k') { select(current - 1, true, true); ev.preventDefault(); }
  });
  var m = /^#step-(\\d+)$/.exec(location.hash);
  select(m ? Math.min(Number(m[1]), data.steps.length - 1) : data.steps.length - 1, false);
})();
`;
