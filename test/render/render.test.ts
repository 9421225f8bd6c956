// The trace renderers (traces/render/): the structural diff, names for the replication view,
// and the text, Mermaid and HTML renderings of a real replication counterexample and of a
// generic (two-phase) one. Every rendering is checked against the trace it came from.
import { describe, expect, it } from 'vitest';
import type { TraceFile } from '../../traces/format.ts';
import type { ReplicationState } from '../../traces/replication.ts';
import { compact, diff, formatChange } from '../../traces/render/diff.ts';
import { htmlFileFor, renderHtml, renderMermaid, renderText, renderTrace } from '../../traces/render/index.ts';
import { namedState, replicationNames } from '../../traces/render/names.ts';
import { sequenceOf } from '../../traces/render/participants.ts';
import { traceView } from '../../traces/render/steps.ts';
import { replicationTrace, twoPhaseTrace } from './traces.ts';

const repl = await replicationTrace();
const generic = await twoPhaseTrace();
const nodeIds = (t: TraceFile) => {
  const c = t.config as { master: { id: string }; zones: { id: string }[]; cells: { id: string }[]; hosts: { id: string }[] };
  return [c.master.id, ...c.zones.map((z) => z.id), ...c.cells.map((x) => x.id), ...c.hosts.map((h) => h.id)];
};

describe('structural diff', () => {
  it('reports object keys, multiset array changes, reorders and scalars', () => {
    const a = { n: { mh1: { flagF: ['u1', 'u2'], c: 0 }, gone: 1 }, order: ['a', 'b'] };
    const b = { n: { mh1: { flagF: ['u2', 'u3'], c: 1 }, fresh: { x: [], y: 2 } }, order: ['b', 'a'] };
    expect(diff(a, b).map(formatChange)).toEqual([
      'n.mh1.flagF +[u3] -[u1]', 'n.mh1.c 0->1', 'n.gone removed', 'n.fresh +{y:2}', 'order [a,b]->[b,a]',
    ]);
    expect(diff(a, structuredClone(a))).toEqual([]);
    expect(diff([1, 1, 2], [2, 2, 3]).map(formatChange)).toEqual(['(state) +[2,3] -[1,1]']);
    // (Stop 29) A fixed-size array with few places changed: which place, not a multiset (Peterson's pc).
    expect(diff({ pc: ['idle', 'idle'] }, { pc: ['flag', 'idle'] }).map(formatChange)).toEqual(['pc[0] idle->flag']);
    expect(diff([1, 1, 2], [1, 2, 2]).map(formatChange)).toEqual(['[1] 1->2']);
    expect(compact({ 'a b': 'x y', k: [1, 'z#1'] })).toBe('{"a b":"x y",k:[1,z#1]}');
  });
});

describe('replication names', () => {
  it('names nodes in index order, updates origin#seq, instances from/n, items and objects by id', () => {
    const names = replicationNames(repl)!;
    expect(names.nodes.map((n) => n.id)).toEqual(nodeIds(repl));
    expect(names.nodes.map((n) => n.kind)).toEqual(['master', 'zone', 'cell', 'mobile', 'mobile']);
    const state: ReplicationState = structuredClone(repl.steps[0].state as ReplicationState);
    state.updates.push({ origin: 3, seq: 1, item: 0, value: 1, deps: [], gid: 0, stamp: [] });
    state.nodes[3].order[0] = [0];
    state.instances.push({ from: 3, n: 1, to: 2, kind: 'RU', state: 'migrating', trail: ['migrating'], updates: [0], objects: 1,
      snapshot: [], cursor: 0, failures: 0, copies: 0 });
    const named = namedState(state, names);
    expect(Object.keys(named.nodes)).toEqual(nodeIds(repl));
    expect(named.nodes.mh1.order).toEqual({ x: ['mh1#1'] });
    expect(named.nodes.mh1.parent).toBe('c1');
    expect(named.updates['mh1#1']).toMatchObject({ item: 'x', value: 1 });
    expect(named.instances['mh1/1']).toMatchObject({ from: 'mh1', to: 'c1', kind: 'RU', updates: ['mh1#1'], objects: ['o'] });
    expect(replicationNames(generic)).toBeUndefined();
  });
});

describe('text', () => {
  const text = renderText(repl);
  const lines = text.split('\n');
  const stepLine = (i: number) => lines.find((l) => new RegExp(`^\\s+${i}  `).test(l))!;

  it('has the property, facts, one line per step and the paste-back line', () => {
    expect(lines[0]).toBe('causal-order (always): VIOLATED');
    for (const f of repl.explanation!.facts) expect(text).toContain(`  - ${f}`);
    for (const s of repl.steps) expect(stepLine(s.index)).toContain(s.index === 0 ? 'initial state' : s.label!);
    expect(text).toContain(`reproduce  ${repl.reproduce}`);
    expect(stepLine(repl.steps.length - 1)).toMatch(/<- causal-order violated here$/);
  });

  it('shows only what changed, with names instead of indices', () => {
    const view = traceView(repl);
    for (const s of view.steps.slice(1)) {
      const line = stepLine(s.index);
      for (const c of s.changes) expect(line).toContain(formatChange(c));
      expect(line).not.toMatch(/nodes\.\d|updates\.\d|instances\.\d/);
    }
    const migrate = repl.steps.find((s) => (s.action as { type?: string } | null)?.type === 'migrate')!;
    const name = (migrate.action as { instance: string }).instance;
    expect(stepLine(migrate.index)).toContain(`instances.${name}.state migrating->executing`);
    const write = repl.steps.find((s) => (s.action as { type?: string } | null)?.type === 'update')!;
    const host = (write.action as { host: string }).host;
    expect(stepLine(write.index)).toContain(`nodes.${host}.order.x +[${host}#1]`);
    expect(stepLine(write.index)).not.toContain(`nodes.${host}.writes`); // implied by the new update
  });

  it('renders a generic trace with the state diff of its JSON', () => {
    const t = renderText(generic);
    const commit = generic.steps.find((s) => s.label === 'TMCommit')!;
    expect(t.split('\n').find((l) => new RegExp(`^\\s+${commit.index}  TMCommit`).test(l))).toContain('tmState init->committed');
  });
});

describe('mermaid', () => {
  it('draws a participant per node, an arrow or note per step and highlights the last step', () => {
    const m = renderMermaid(repl);
    const lines = m.trimEnd().split('\n');
    expect(lines[0]).toBe('sequenceDiagram');
    const ids = nodeIds(repl);
    expect(lines.filter((l) => l.trim().startsWith('participant '))).toEqual(ids.map((id, i) => `  participant p${i} as ${id} (${replicationNames(repl)!.nodes[i].kind})`));
    const events = lines.filter((l) => /^\s+(p\d+(-\)|->>|-x|-->>)p\d+|Note over p\d+): \d+\. /.test(l));
    expect(events.length).toBe(repl.steps.length - 1);
    const send = repl.steps.find((s) => (s.action as { type?: string } | null)?.type === 'send')!.action as { from: string; to: string };
    expect(m).toContain(`p${ids.indexOf(send.from)}-)p${ids.indexOf(send.to)}: `);
    expect(m).toMatch(/rect rgb\(255, 221, 221\)\n.*\n\s+Note over p0: causal-order violated here<br\/>/);
    expect(m).not.toMatch(/[#;]/); // they would end a message (Mermaid's entity codes show undecoded)
    expect(m).toContain(`${repl.explanation!.updates![0].replace('#', '\u266f')}`);
  });
});

describe('html', () => {
  const html = renderHtml(repl);
  it('is one self-contained page: no external resource', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<link\b|<script[^>]*\bsrc=|<img\b|@import|url\(http/i);
    expect(html.replaceAll('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/https?:\/\//);
  });
  it('has a lifeline per node, a row per step, the violating step and the facts', () => {
    const kinds = replicationNames(repl)!.nodes.map((n) => n.kind);
    nodeIds(repl).forEach((id, i) => expect(html).toContain(`<g class="lifeline kind-${kinds[i]}" data-node="${id}"`));
    expect(html.match(/<g class="step[^"]*" data-step="\d+"/g)!.length).toBe(repl.steps.length);
    const last = repl.steps.length - 1;
    expect(html).toContain(`<g class="step violating" data-step="${last}"`);
    for (const f of repl.explanation!.facts) expect(html).toContain(f.replace(/>/g, '&gt;'));
    const data = JSON.parse(/<script type="application\/json" id="trace-data">(.*?)<\/script>/s.exec(html)![1]);
    expect(data.steps.length).toBe(repl.steps.length);
    expect(Object.keys(data.steps[last].state.nodes)).toEqual(nodeIds(repl));
  });
  it('escapes text taken from the trace', () => {
    const evil = { ...repl, explanation: { facts: ['</script><script>alert(1)</script> & <b>'] } };
    const page = renderHtml(evil);
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;');
  });
  it('falls back to participants inferred from the actions, plus a system lifeline', () => {
    const seq = sequenceOf(traceView(generic));
    const rms = [...new Set(generic.steps.flatMap((s) => ((s.action as { rm?: string } | null)?.rm ? [(s.action as { rm: string }).rm] : [])))];
    expect(seq.participants.map((p) => p.id).sort()).toEqual(['system', ...rms].sort());
    const page = renderTrace(generic, 'html');
    for (const p of seq.participants) expect(page).toContain(`data-node="${p.id}"`);
    expect(page).toContain(`data-step="${generic.steps.length - 1}"`);
  });
  it('names the report after the trace', () => {
    expect(htmlFileFor('out/replication-causal-order.trace.json')).toBe('out/replication-causal-order.trace.html');
  });
});
