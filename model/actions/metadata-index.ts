/**
 * (Issue 17) Which cells hold a metadata row for each host (metadata.ts): an index kept per
 * topology and brought up to date from one state to the next by the model's step delta, so that
 * finding the cells that feed a moved host does not scan every cell.
 */
import type { ReplicationState } from '../../traces/replication.ts';
import type { Topology } from '../topology.ts';
import { deltaOf } from '../../properties/delta.ts';

/**
 * (Issue 17) Per host position, the cells whose metadata holds a row for it (ascending), for
 * the state `state`; kept from the state before by the model's step delta (properties/delta.ts:
 * only the step's replaced cells are looked at), else by comparing every cell's rows.
 */
export interface RowIndex {
  state: ReplicationState | null;
  /** Per cell (offset from the first cell), the rows array indexed. */
  rows: (readonly number[] | undefined)[];
  cellsOf: (number[] | undefined)[];
}

const ROW_INDEX = new WeakMap<Topology, RowIndex>();

/** The row index of `topo`'s cells for state `s` (brought up to date from the state it was last asked for). */
export function rowIndex(topo: Topology, s: ReplicationState): RowIndex {
  let x = ROW_INDEX.get(topo);
  if (x === undefined) {
    x = { state: null, rows: topo.cellIndices.map(() => undefined), cellsOf: [] };
    ROW_INDEX.set(topo, x);
  }
  if (x.state === s) return x;
  const d = x.state === null ? undefined : deltaOf(s);
  if (d !== undefined && d.base === x.state) {
    for (const q of d.touched) if (q >= topo.firstCell && q < topo.firstHost) indexCell(topo, x, q, s.nodes[q]!.meta?.rows);
  } else {
    for (const q of topo.cellIndices) indexCell(topo, x, q, s.nodes[q]!.meta?.rows);
  }
  x.state = s;
  return x;
}

/** Cell `q`'s rows are now `rows`: moves the index's entries for `q` when they changed. */
function indexCell(topo: Topology, x: RowIndex, q: number, rows: readonly number[] | undefined): void {
  const at = q - topo.firstCell;
  const old = x.rows[at];
  if (old === rows) return;
  x.rows[at] = rows;
  if (old !== undefined) {
    for (let j = 0; j < old.length; j += 4) {
      const list = x.cellsOf[old[j]!]!;
      list.splice(list.indexOf(q), 1);
    }
  }
  if (rows !== undefined) {
    for (let j = 0; j < rows.length; j += 4) {
      const list = (x.cellsOf[rows[j]!] ??= []);
      let k = list.length;
      while (k > 0 && list[k - 1]! > q) k--;
      list.splice(k, 0, q);
    }
  }
}
