/**
 * (Issue 17) Whether and how an exhaustive run spills to disk: `ExhaustiveOptions.spill` asks for
 * it (the CLI does with `--memory MB` or `--spill-dir`), and {@link planSpill} builds the bounded
 * storage: a {@link DiskTable} whose memory set gets {@link TABLE_SHARE} of the budget left
 * after what the process already holds, and a {@link Frontier} that keeps {@link FRONTIER_SHARE}
 * of it in memory per level pair. The rest is left to the model's transient objects and the
 * JavaScript heap; the {@link RunGuard} still ends the run (limit 'memory') if the process goes
 * over the budget anyway. Runs whose properties need the state graph (`alwaysReachable`,
 * `eventually`: every state's id and edges) and runs that take checkpoints do not spill.
 */
import type { Model } from './model.ts';
import type { ExhaustiveStats } from './result.ts';
import { DiskTable } from './disk-table.ts';
import { CHUNK_BYTES, Frontier } from './frontier.ts';
import { SpillDir } from './spill.ts';

/** Fraction of the available budget for the visited set's memory part. */
const TABLE_SHARE = 0.45;
/** Fraction of the available budget for the frontier chunks kept in memory (both levels). */
const FRONTIER_SHARE = 0.15;

/** How a run spills (ExhaustiveOptions.spill). */
export interface SpillOptions {
  /** Directory under which the run's private spill directory is made (default `os.tmpdir()`). */
  dir?: string;
  /** Bytes for the visited set's in-memory part (default: a share of the memory budget). */
  tableBytes?: number;
  /** Bytes of frontier chunks kept in memory (default: a share of the memory budget). */
  frontierBytes?: number;
  /** Bytes per frontier chunk (default 1 MB; small values let tests spill tiny models). */
  chunkBytes?: number;
}

/** A spilling run's storage, to hand to `BreadthFirstSearch.useStorage` and to close at the end. */
export interface SpillPlan<S> {
  dir: SpillDir;
  table: DiskTable;
  frontier: Frontier<S>;
}

/** The storage of a spilling run with memory budget `budget` bytes (undefined: no budget given). */
export function planSpill<S>(model: Model<S, any>, o: SpillOptions, budget: number | undefined): SpillPlan<S> {
  const avail = budget === undefined ? 2 ** 31 : Math.max(0, budget - process.memoryUsage.rss());
  const tableBytes = o.tableBytes ?? Math.max(1 << 20, avail * TABLE_SHARE);
  const frontierBytes = o.frontierBytes ?? Math.max(4 * CHUNK_BYTES, avail * FRONTIER_SHARE);
  const dir = new SpillDir(o.dir);
  try {
    return { dir, table: new DiskTable(dir, tableBytes), frontier: new Frontier(model, dir, Math.floor(frontierBytes / 2 / (o.chunkBytes ?? CHUNK_BYTES)), o.chunkBytes) };
  } catch (e) {
    dir.close();
    throw e;
  }
}

/** What a spilling run reports (`stats.spill`). */
export function spillStats(p: SpillPlan<unknown>): NonNullable<ExhaustiveStats['spill']> {
  return {
    flushes: p.table.flushes,
    diskFingerprints: p.table.diskKeys,
    frontierChunksSpilled: p.frontier.spilledChunks,
    bytesWritten: p.dir.written,
    peakDiskBytes: p.dir.peakHeld,
  };
}

/** Deletes the run's spill files. */
export function closeSpill(p: SpillPlan<unknown> | null): void {
  if (p === null) return;
  p.frontier.close();
  p.dir.close();
}
