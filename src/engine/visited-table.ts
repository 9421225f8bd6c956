/**
 * The contract of the exhaustive explorer's visited set: what the search and counterexample
 * reconstruction ask of it, met by the in-memory table (visited.ts) and the disk-backed one of
 * `--memory` runs (disk-table.ts), and the special ids both return.
 */

/** Parent id of an initial state. */
export const NO_PARENT = 0xffffffff;

/** Returned by {@link StateTable.add} when the state is new but the table is at its limit. */
export const FULL = -1;

/**
 * (Issue 17) Returned by a disk-backed table's {@link VisitedTable.add} and
 * {@link VisitedTable.find} for a state already visited whose id it does not keep in memory.
 */
export const KNOWN = -2;

/**
 * What the explorer and counterexample reconstruction need of a visited set: the in-memory
 * {@link StateTable}, or the disk-backed table of `--memory` runs (disk-table.ts).
 */
export interface VisitedTable {
  /** Number of states stored; ids are `0 .. size - 1` in insertion order. */
  readonly size: number;
  /** As {@link StateTable.add}; a disk-backed table may return {@link KNOWN} for a known state. */
  add(lo: number, hi: number, parent: number, limit: number): number;
  /** The id of the state with this fingerprint, {@link KNOWN} (known, id not in memory), or -1 when absent. */
  find(lo: number, hi: number): number;
  /** Low fingerprint half of state `id`. */
  lo(id: number): number;
  /** High fingerprint half of state `id`. */
  hi(id: number): number;
  /** Parent id of state `id` ({@link NO_PARENT} for initial states). */
  parentOf(id: number): number;
  /** Bytes of memory the table holds. */
  bytes(): number;
}
