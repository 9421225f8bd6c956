/**
 * The second level of the per-replica memo (`node-memo.ts`): a record on the node object itself
 * of the memos it passed and under which inputs, so a node met again in a state from another
 * branch need not be checked again.
 *
 * The record is a non-enumerable symbol-keyed field (issue 17: it replaced a WeakMap per memo,
 * which cost a quarter of the CPU of a check with every property and a third of its memory):
 * JSON, the encoding, `{ ...node }` copies and deep equality never see it, so a copied node
 * starts with no record. A frozen node (tests freeze states) simply gets none.
 */
import type { NodeView } from '../traces/replication.ts';

/** The field holding a node's record: pairs (memo, the inputs it passed under plus the node `also`). */
const PASSED = Symbol('replcheck node memo');

type Record_ = unknown[];

/**
 * True when `node`'s record says it passed `owner`'s check under `inputs` with node `other`
 * (undefined: the pass read no other node). `alone` is `owner`'s shared key for such a pass
 * (`[...inputs, undefined]`), compared by identity first.
 */
export function passedBefore(node: NodeView, owner: object, inputs: readonly unknown[], alone: readonly unknown[],
  other: NodeView | undefined): boolean {
  const rec = (node as unknown as { [PASSED]?: Record_ })[PASSED];
  if (rec === undefined) return false;
  for (let k = 0; k < rec.length; k += 2) {
    if (rec[k] !== owner) continue;
    const prev = rec[k + 1] as readonly unknown[];
    if (prev === alone) return other === undefined;
    if (prev.length !== inputs.length + 1 || prev[inputs.length] !== other) return false;
    for (let i = 0; i < inputs.length; i++) if (prev[i] !== inputs[i]) return false;
    return true;
  }
  return false;
}

/** Records on `node` that it passed `owner`'s check under `key` (replacing `owner`'s earlier entry). */
export function rememberPass(node: NodeView, owner: object, key: readonly unknown[]): void {
  let rec = (node as unknown as { [PASSED]?: Record_ })[PASSED];
  if (rec === undefined) {
    if (!Object.isExtensible(node)) return;
    rec = [];
    Object.defineProperty(node, PASSED, { value: rec, enumerable: false });
  }
  for (let k = 0; k < rec.length; k += 2) {
    if (rec[k] === owner) {
      rec[k + 1] = key;
      return;
    }
  }
  rec.push(owner, key);
}
