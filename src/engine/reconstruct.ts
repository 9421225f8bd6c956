/**
 * Counterexample reconstruction by re-execution. The explorer stores only fingerprints and
 * parent ids, so a path is rebuilt by walking the parent links back to an initial state and
 * then replaying forward from a concrete initial state: at each step, the first enabled action
 * whose successor (canonicalised) has the recorded child's fingerprint is taken. Because the
 * replay follows the concrete successors, not the canonical representatives that were stored,
 * the path is a real run of the model even when `canonical()` permutes components.
 */
import type { Model } from './model.ts';
import { AGAIN_PATH, notDeterministic } from './purity.ts';
import { formatAction } from './model.ts';
import type { PathStep } from './result.ts';
import type { StateHasher } from './fingerprint.ts';
import { NO_PARENT, type VisitedTable } from './visited.ts';
import { ModelContractError } from './errors.ts';

/** The ids from an initial state to `target`, inclusive. */
export function idChain(table: VisitedTable, target: number): number[] {
  const chain: number[] = [];
  for (let id = target; id !== NO_PARENT; id = table.parentOf(id)) chain.push(id);
  return chain.reverse();
}

/** True when the hasher's last fingerprint is that of state `id`. */
function matches(hasher: StateHasher<unknown, unknown>, table: VisitedTable, id: number): boolean {
  const f = hasher.fingerprinter;
  return table.lo(id) === f.lo && table.hi(id) === f.hi;
}

/**
 * A shortest concrete path from an initial state to state `target`. Throws a
 * {@link ModelContractError} when the model is not deterministic or its `canonical` is not a
 * symmetry (the replay then cannot find a step).
 */
export function reconstructPath<S, A>(
  model: Model<S, A>,
  hasher: StateHasher<S, A>,
  table: VisitedTable,
  target: number,
): PathStep<S, A>[] {
  const chain = idChain(table, target);
  const h = hasher as unknown as StateHasher<unknown, unknown>;
  let state: S | undefined;
  for (const s of model.init()) {
    hasher.hash(s);
    if (matches(h, table, chain[0])) {
      state = s;
      break;
    }
  }
  if (state === undefined) {
    throw new ModelContractError(`${model.name}: cannot replay a counterexample: no initial state matches (is init() deterministic?)`);
  }
  const path: PathStep<S, A>[] = [{ action: null, state }];
  for (let k = 1; k < chain.length; k++) {
    const from: S = state;
    let found = false;
    const actions = model.actions(from);
    for (let i = 0; i < actions.length; i++) {
      const a = actions[i]!;
      const t = model.next(from, a);
      if (t === undefined) continue;
      hasher.hash(t);
      if (matches(h, table, chain[k])) {
        // (Stop 28) A counterexample is the model's only if its steps are: each is computed again
        // (a nondeterministic next, e.g. a plugin's Math.random, would report a path by chance).
        for (let r = 0; r < AGAIN_PATH; r++) {
          const again = model.next(from, a);
          if (again !== undefined) hasher.hash(again);
          if (again === undefined || !matches(h, table, chain[k])) throw notDeterministic(model, a, i, `while replaying step ${k} of a counterexample`, from);
        }
        path.push({ action: a, state: t });
        state = t;
        found = true;
        break;
      }
    }
    if (!found) {
      const done = path.slice(1).map((p) => formatAction(model, p.action as A)).join(', ');
      throw new ModelContractError(
        `${model.name}: cannot replay step ${k} of a counterexample after [${done}]: no enabled action ` +
          'reaches the recorded state (are actions/next deterministic and canonical() a symmetry?)',
      );
    }
  }
  return path;
}
