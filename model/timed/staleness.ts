/**
 * Read staleness in simulated time: the committed updates (those with a Global ID) of each item,
 * in commit order with their commit time, and per (node, item) a watermark below which every
 * committed update is known to be in the node's replica (replicas never lose an update in a
 * timed run), so a read scans only the committed tail.
 */

/** Committed updates per item and what a read misses. */
export class Staleness {
  private readonly committed: { id: number; at: number }[][];
  private readonly watermark = new Map<number, number>();

  private readonly itemCount: number;

  constructor(itemCount: number) {
    this.itemCount = itemCount;
    this.committed = Array.from({ length: itemCount }, () => []);
  }

  /** Update `id` on `item` got its Global ID at `at`. */
  commit(id: number, item: number, at: number): void {
    this.committed[item]!.push({ id, at });
  }

  /**
   * What a read of `item` at `node`, whose replica orders it as `order`, misses: how many
   * committed updates and the commit time of the oldest one (-1 when none is missing).
   */
  read(node: number, item: number, order: readonly number[]): { missing: number; oldest: number } {
    const list = this.committed[item]!;
    const key = node * this.itemCount + item;
    let w = this.watermark.get(key) ?? 0;
    let missing = 0, oldest = -1;
    if (w < list.length) {
      const have = new Set(order);
      while (w < list.length && have.has(list[w]!.id)) w++;
      this.watermark.set(key, w);
      for (let k = w; k < list.length; k++) if (!have.has(list[k]!.id)) { missing++; if (oldest < 0) oldest = list[k]!.at; }
    }
    return { missing, oldest };
  }
}
