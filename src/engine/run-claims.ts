/**
 * (Issue 17) Which runs of a random search a shard walks. A shard of `simulate --shard I/N`
 * (another machine) walks the runs r with r mod N == I-1: fixed in advance, since the machines
 * share nothing. Worker threads of one process share a counter instead (`claims`, an Int32Array
 * on a SharedArrayBuffer): a worker that is free takes the next run nobody has taken, so one
 * worker with a long walk does not leave the others idle at the end (walks on `huge` differ in
 * length by 10x and more). Which worker walks which run then depends on timing, but nothing
 * else does: every run is generated from the seed exactly as one thread generates it, each
 * worker walks its runs in increasing order, and the merge (random-merge.ts, random-prefix.ts)
 * adds up counts and keeps the lowest-indexed witnesses and failure, whoever found them. A
 * target's metrics must add up exactly (integers) for the sum not to depend on the grouping.
 */

/** How a shard's runs are chosen. */
export interface ShardSlice {
  index: number;
  count: number;
  /** Shared counter (element 0: the next run nobody has taken); absent: r mod count == index. */
  claims?: Int32Array;
  /**
   * (Stop 36) The element of `claims` that says whether this worker joined the run: a worker
   * started while the run was already under way joins when it asks about its first run, unless
   * the thread that started it closed the cell first (it finished every run it could take
   * without this worker), in which case the worker takes no run. See {@link JOIN_OPEN}.
   */
  join?: number;
}

/** (Stop 36) A join cell's values: not yet joined, joined (it takes runs), closed (it takes none). */
export const JOIN_OPEN = 0;
export const JOINED = 1;
export const JOIN_CLOSED = 2;

/**
 * Closes the join cell `cell` of `claims` unless its worker joined first: true when it was
 * closed (the worker then takes no run, so the run need not wait for it).
 */
export function closeJoin(claims: Int32Array, cell: number): boolean {
  return Atomics.compareExchange(claims, cell, JOIN_OPEN, JOIN_CLOSED) === JOIN_OPEN;
}

/** A shard's view of its runs, asked about each generated run index in increasing order. */
export class RunClaims {
  /** The run this worker has taken and not yet finished walking (-1: none). */
  private held = -1;
  private heldDone = true;
  /** With a join cell: whether this worker asked to join yet, and whether it was closed out. */
  private asked = false;
  private closed = false;

  private readonly slice: ShardSlice;

  constructor(slice: ShardSlice) {
    this.slice = slice;
  }

  /** True when run `r` (the runs are asked about in increasing order) is this shard's to walk. */
  mine(r: number): boolean {
    const { claims } = this.slice;
    if (claims === undefined) return r % this.slice.count === this.slice.index;
    if (!this.joinNow(claims)) return false;
    if (this.held < r) {
      this.held = Atomics.add(claims, 0, 1);
      this.heldDone = false;
    }
    return r === this.held;
  }

  /** Called once the walk of the run {@link mine} last accepted has ended (passed or failed). */
  finished(): void {
    this.heldDone = true;
  }

  /**
   * With a shared counter, when a limit stopped this shard: the first run it did not walk to the
   * end among those it took, or else a run it takes now (so nobody walks it). Every run below the
   * least of these over the workers was walked by some worker (random-prefix.ts).
   */
  unfinished(): number | undefined {
    const { claims } = this.slice;
    // A worker closed out (or closed out now) took no run: nothing of it is merged.
    if (claims === undefined || !this.joinNow(claims)) return undefined;
    if (!this.heldDone) return this.held;
    this.held = Atomics.add(claims, 0, 1);
    return this.held;
  }

  /** Joins the run at the first question (with a join cell); false when the cell was closed first. */
  private joinNow(claims: Int32Array): boolean {
    if (!this.asked && this.slice.join !== undefined) {
      this.asked = true;
      this.closed = Atomics.compareExchange(claims, this.slice.join, JOIN_OPEN, JOINED) !== JOIN_OPEN;
    }
    return !this.closed;
  }
}
