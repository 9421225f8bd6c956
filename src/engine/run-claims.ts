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
}

/** A shard's view of its runs, asked about each generated run index in increasing order. */
export class RunClaims {
  /** The run this worker has taken and not yet finished walking (-1: none). */
  private held = -1;
  private heldDone = true;

  private readonly slice: ShardSlice;

  constructor(slice: ShardSlice) {
    this.slice = slice;
  }

  /** True when run `r` (the runs are asked about in increasing order) is this shard's to walk. */
  mine(r: number): boolean {
    const { claims } = this.slice;
    if (claims === undefined) return r % this.slice.count === this.slice.index;
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
    if (claims === undefined) return undefined;
    if (!this.heldDone) return this.held;
    this.held = Atomics.add(claims, 0, 1);
    return this.held;
  }
}
