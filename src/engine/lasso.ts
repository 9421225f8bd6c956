/**
 * Turning a fair counterexample found on state ids (fair-cycles.ts) into a concrete run: the
 * shortest path to the trigger state (reconstruct.ts), then each step replayed from the concrete
 * state by an action whose successor has the recorded fingerprint and, where the step's edge
 * code is known, the same kind and fairness. Under a symmetry reduction one pass around the loop
 * may end in a permutation of the loop's first state; the loop is then replayed again until the
 * concrete states meet, so the path really returns to where its loop starts. (Stop 30) A lasso that
 * does not replay is the model's contract breach (exit 2; under a symmetry reduction the run
 * restarts without it), not an internal error.
 */
import type { Model } from './model.ts';
import { formatAction } from './model.ts';
import type { PathStep } from './result.ts';
import { sameState, type StateHasher } from './fingerprint.ts';
import type { VisitedTable } from './visited.ts';
import { FAIR_BIT, stutterCode, type ActionKinds } from './kinds.ts';
import type { IdStep } from './fair-cycles.ts';
import { reconstructPath } from './reconstruct.ts';
import { ModelContractError } from './errors.ts';

/** Most passes around a loop to close it concretely under a symmetry reduction ((sweep 30d) a rotation of 100 nodes needs 100). */
const MAX_PASSES = 1024;

/** A lasso as a concrete path; `loop` is the index where the loop starts (the last state equals it). */
export interface ConcreteLasso<S, A> {
  path: PathStep<S, A>[];
  /** The stem's trigger state, as an index in `path`. */
  trigger: number;
  loop?: number;
}

/** Replays the lasso `stem` (from a trigger state) and `loop` (null: the stem ends in a terminal state). */
export function replayLasso<S, A>(
  model: Model<S, A>, hasher: StateHasher<S, A>, table: VisitedTable, kinds: ActionKinds<S, A>,
  stem: IdStep[], loop: IdStep[] | null,
): ConcreteLasso<S, A> {
  const path = reconstructPath(model, hasher, table, stem[0].id);
  const trigger = path.length - 1;
  const step = (k: IdStep) => {
    const from = path[path.length - 1].state;
    for (const a of model.actions(from)) {
      const code = k.code >= 0 ? kinds.code(a) : -1;
      // Another kind (fairness is read below). (Sweep 30d) A step recorded as unfair may be taken
      // by an unfair action of any kind: under a reduction, unfair kinds may name components
      // (`request(p1)`), and no verdict reads them.
      const unfair = k.code >= 0 && (k.code & FAIR_BIT) === 0 && (code & FAIR_BIT) === 0;
      if (!unfair && (code | FAIR_BIT) !== (k.code | FAIR_BIT)) continue;
      const t = model.next(from, a);
      if (t === undefined) continue;
      // (29a) A stuttering step was recorded without its fairness (kinds.ts: stutterCode).
      if (!unfair && code >= 0 && ((code & FAIR_BIT) !== 0 && sameState(model, from, t) ? stutterCode(code) : code) !== k.code) continue;
      hasher.hash(t);
      const f = hasher.fingerprinter;
      if (table.lo(k.id) === f.lo && table.hi(k.id) === f.hi) {
        path.push({ action: a, state: t });
        return;
      }
    }
    const done = path.slice(1).map((p) => formatAction(model, p.action as A)).join(', ');
    throw new ModelContractError(`${model.name}: cannot replay a lasso counterexample after [${done}]: no enabled action reaches the recorded state ` +
      '(are actions/next deterministic and canonical() a symmetry?)');
  };
  for (const k of stem.slice(1)) step(k);
  if (loop === null) return { path, trigger };
  // Where each pass around the loop started. The passes' end states are in the start's orbit and
  // follow one another deterministically, so they come back to one of them, though (sweep 30c:
  // rotating philosophers) not always to the first: the loop then starts at that pass.
  const starts = [path.length - 1];
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    for (const k of loop) step(k);
    const end = path[path.length - 1].state;
    for (const start of starts) if (sameState(model, end, path[start].state)) return { path, trigger, loop: start };
    starts.push(path.length - 1);
  }
  throw new ModelContractError(`${model.name}: a lasso's loop did not return to its concrete start state after ${MAX_PASSES} passes (is canonical() a symmetry?)`);
}
