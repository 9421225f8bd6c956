/**
 * Vacuity (issue 11): a property that holds but was never exercised (no witness, see
 * witnesses.ts) is marked `vacuous`, with the event that never happened. Its status stays
 * `holds` unless the run requires witnesses (`requireWitnesses`, the CLI's
 * `--require-witnesses`): then it is `incomplete`, so a vacuous pass can gate CI.
 */
import type { Property } from './property.ts';
import type { PropertyResult } from './result.ts';
import { witnessDescription, type WitnessCounter } from './witnesses.ts';

/** Adds `witnesses`, `antecedent` and `vacuous` to each result; with `require`, a vacuous pass becomes incomplete. */
export function applyWitnesses<S, A>(
  results: PropertyResult<S, A>[],
  properties: readonly Property<S, A>[],
  counter: WitnessCounter<S, A>,
  require: boolean,
): PropertyResult<S, A>[] {
  return results.map((r, i) => {
    const p = properties[i];
    const witnesses = counter.witnesses(i);
    const out: PropertyResult<S, A> = { ...r, witnesses };
    if (p.antecedent) out.antecedent = p.antecedent.description;
    out.vacuous = r.status === 'holds' && witnesses === 0;
    if (out.vacuous) {
      out.never = witnessDescription(p);
      if (require) {
        out.status = 'incomplete';
        out.reason = `vacuous: never ${out.never} (witnesses required)`;
      }
    }
    return out;
  });
}

/** The "vacuous: never ..." phrase of a vacuous result (undefined when it is not vacuous). */
export function vacuityNote(r: PropertyResult<unknown, unknown>): string | undefined {
  return r.vacuous ? `vacuous: never ${r.never ?? 'exercised'}` : undefined;
}
