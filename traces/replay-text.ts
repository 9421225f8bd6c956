/**
 * The text lines `replay` prints under its verdict: both judges' verdicts (the property
 * library's re-evaluation and the reference engine's own judge), and for a liveness trace what
 * the exploration of completing steps found (the way out when there is one).
 */
import type { ReplayReport } from './replay.ts';

/** Lines (without indentation) describing the judges and the liveness exploration of a report. */
export function verdictLines(r: ReplayReport): string[] {
  const out: string[] = [];
  if (r.plugin) out.push(`plugin mechanism ${r.plugin.file} (sha256 ${r.plugin.sha256.slice(0, 12)}..., as recorded) made the engine's ordering decisions`);
  // (Sweep 31d) The digest covers the plugin and the modules it imports by path; a divergence may still be a module it reaches otherwise.
  if (r.plugin && r.result === 'diverged') {
    out.push('the recorded digest covers the plugin file and the local modules it imports by relative or absolute path; if it loads others '
      + '(a package.json #imports alias, a computed import(), a package), check that they are as they were when the trace was found');
  }
  const v = r.verdict, j = r.reference;
  if (v && j) {
    const lib = v.engine === 'unchecked' ? `not re-evaluated (${v.reason})` : v.engine;
    const ref = j.engine === 'unchecked'
      ? `not judged (${j.reason})`
      : `${j.engine}${j.step !== undefined ? ` at step ${j.step}` : ''}${j.facts?.length ? `: ${j.facts.join('; ')}` : ''}`;
    const agree = v.engine !== 'unchecked' && j.engine !== 'unchecked' ? (v.engine === j.engine ? 'the judges agree' : 'the judges DISAGREE') : 'one judge only';
    out.push(`${agree}: property library ${lib}; reference judge ${ref}`);
  }
  const l = r.liveness;
  if (l) {
    if (l.escape) {
      out.push(`not doomed: from step ${l.doomedAt} the engine reaches a goal state (${l.escape.judge} judge) by completing steps: ${l.escape.path.join(', ') || '(none: the goal already holds there)'}`);
    } else if (l.exhausted) {
      out.push(`doomed: from step ${l.doomedAt} no goal state is reachable by completing steps (${l.steps}); ${l.states} states explored, all of them`);
    } else {
      out.push(`undecided: from step ${l.doomedAt} the exploration stopped at ${l.states} states (${l.steps})`);
    }
  }
  return out;
}
