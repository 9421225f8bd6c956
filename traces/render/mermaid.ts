/**
 * `show --format mermaid`: a trace as a Mermaid `sequenceDiagram`. One participant per host and
 * server (or per inferred participant), agent instances as arrows (`send` an open async arrow,
 * `migrate` a solid arrow, a failed migration a cross, `execute` a self-message at the
 * destination), local actions as notes, and the last (violating or witnessing) step inside a
 * highlighted `rect` followed by a note with the property and its facts.
 */
import type { TraceFile } from '../format.ts';
import { sequenceOf, type StepEvent } from './participants.ts';
import { traceView } from './steps.ts';
import { lastStepNote } from './text.ts';

/**
 * Text safe in a Mermaid message or note: `#` and `;` end the text there, and Mermaid 11 shows
 * their entity codes (`#35;`) undecoded in sequence diagrams, so update names are written with
 * a sharp sign (`mh1♯1`) and a semicolon becomes a comma. Newlines become spaces.
 */
export function mermaidText(s: string): string {
  return s.replace(/#/g, '\u266f').replace(/;/g, ',').replace(/[\r\n]+/g, ' ');
}

const ARROWS: Record<string, string> = { send: '-)', migrate: '->>', failed: '-x', duplicate: '-->>', message: '->>' };

/** Renders a trace as a Mermaid sequence diagram. Pure. */
export function renderMermaid(t: TraceFile): string {
  const view = traceView(t);
  const seq = sequenceOf(view);
  const alias = new Map(seq.participants.map((p, i) => [p.id, `p${i}`]));
  const ref = (id: string) => alias.get(id) ?? 'p0';
  const lines = ['sequenceDiagram'];
  lines.push(`  %% ${mermaidText(`${t.property.name} (${t.property.kind}): ${t.verdict} - model ${t.model}${t.configName ? `, config ${t.configName}` : ''}${t.mechanism ? `, mechanism ${t.mechanism}` : ''}`)}`);
  for (const p of seq.participants) {
    const word = p.kind === 'participant' || p.kind === p.id ? '' : ` (${p.kind})`;
    lines.push(`  participant ${ref(p.id)} as ${mermaidText(p.id + word)}`);
  }
  const event = (e: StepEvent, n: number, label: string): string => {
    const text = mermaidText(`${n}. ${e.kind === 'initial' ? label : e.caption}`);
    switch (e.kind) {
      case 'arrow': return `${ref(e.from)}${ARROWS[e.style]}${ref(e.to)}: ${text}`;
      case 'self': return `${ref(e.at)}->>${ref(e.at)}: ${text}`;
      case 'mark': return `Note over ${ref(e.at)}: ${text}`;
      default: return `Note over ${ref(seq.participants[0].id)}: ${text}`;
    }
  };
  const last = view.steps.length - 1;
  view.steps.forEach((s, i) => {
    const e = seq.events[i];
    if (e.kind === 'initial') return;
    if (i !== last) {
      lines.push(`  ${event(e, s.index, s.label)}`);
      return;
    }
    lines.push(`  rect rgb(255, 221, 221)`, `    ${event(e, s.index, s.label)}`);
    const replica = t.explanation?.replica;
    const over = replica !== undefined && alias.has(replica) ? ref(replica)
      : e.kind === 'arrow' ? ref(e.to) : e.kind === 'mark' || e.kind === 'self' ? ref(e.at) : ref(seq.participants[0].id);
    const all = t.explanation?.facts ?? [];
    const facts = [...all.slice(0, 8), ...(all.length > 8 ? [`... ${all.length - 8} more facts`] : [])].map(mermaidText);
    lines.push(`    Note over ${over}: ${[mermaidText(lastStepNote(t)), ...facts].join('<br/>')}`, '  end');
  });
  return lines.join('\n') + '\n';
}
