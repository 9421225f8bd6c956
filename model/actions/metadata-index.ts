/**
 * (Issue 17) Which cells hold a metadata row for each host (metadata.ts): an index kept per
 * topology and brought up to date from one state to the next by the model's step delta, so that
 * finding the cells that feed a moved host does not scan every cell.
 */
import type { ReplicationState } from '../../traces/replication.ts';
import type { Topology } from '../topology.ts';
import { EMPTY } from '../lists.ts';
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
let lastTopo: Topology | null = null;
let lastIndex: RowIndex | null = null;

/** The row index of `topo`'s cells for state `s` (brought up to date from the state it was last asked for). */
export function rowIndex(topo: Topology, s: ReplicationState): RowIndex {
  // (Issue 17) The last topology's index first: a drain sample asks once per host it looks at.
  let x = topo === lastTopo ? lastIndex! : ROW_INDEX.get(topo);
  if (x === undefined) {
    x = { state: null, rows: topo.cellIndices.map(() => undefined), cellsOf: [] };
    ROW_INDEX.set(topo, x);
  }
  lastTopo = topo;
  lastIndex = x;
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

/**
 * Cell `q`'s rows are now `rows`: moves the index's entries for `q` when they changed. (Stop 33)
 * Rows are kept in host order (metadata.ts `withRow`, growing.ts `mergeRows`, rename.ts; the
 * lookups' binary search relies on it too), so only the hosts whose row appeared or went away
 * are moved: a report rewrites one row of a cell, but the cell's rows array is new,
 * and moving every host's entry made `huge`'s walk phase 8x slower (a report reaches every cell).
 */
function indexCell(topo: Topology, x: RowIndex, q: number, rows: readonly number[] | undefined): void {
  const at = q - topo.firstCell;
  const old = x.rows[at];
  if (old === rows) return;
  x.rows[at] = rows;
  const a = old ?? EMPTY;
  const b = rows ?? EMPTY;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const ha = i < a.length ? a[i]! : Infinity;
    const hb = j < b.length ? b[j]! : Infinity;
    if (ha === hb) {
      i += 4;
      j += 4;
    } else if (ha < hb) {
      drop(x, ha, q);
      i += 4;
    } else {
      add(x, hb, q);
      j += 4;
    }
  }
}

/** Host position `h` no longer has a row at cell `q`. */
function drop(x: RowIndex, h: number, q: number): void {
  const list = x.cellsOf[h]!;
  list.splice(list.indexOf(q), 1);
}

/** Host position `h` has a row at cell `q` (kept in ascending cell order). */
function add(x: RowIndex, h: number, q: number): void {
  const list = (x.cellsOf[h] ??= []);
  let k = list.length;
  while (k > 0 && list[k - 1]! > q) k--;
  list.splice(k, 0, q);
}
