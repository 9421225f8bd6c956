/**
 * Checkpoints of an exhaustive search, needing nothing from the model: the visited table's typed
 * arrays, the level bookkeeping and frontier states (plain data, serialised by the caller with
 * `v8.serialize`), the property tracker's findings and goal marks, and the explored edges. A
 * search restored from a checkpoint continues exactly where the saved one stood, so it reaches
 * the same verdicts, counts and counterexamples as a search that was never stopped. Writing
 * and reading checkpoint files is the CLI's (src/cli/checkpoint-files.ts).
 */
import type { Model } from './model.ts';
import { UsageError } from './errors.ts';
import { StateHasher } from './fingerprint.ts';
import { EdgeList } from './graph.ts';
import { CHUNK, type BreadthFirstSearch, type SearchSnapshot } from './search.ts';
import type { VisitedTable } from './visited-table.ts';
import type { PropertyTracker, TrackerSnapshot } from './tracker.ts';
import { StateTable } from './visited.ts';

/**
 * The checkpoint format's name and version, checked when reading. Version 3 (issue 17): the
 * replication model's state encoding, hence the fingerprints in the visited table, changed.
 */
export const CHECKPOINT_FORMAT = 'replcheck-checkpoint';
export const CHECKPOINT_VERSION = 3;

/** Why a checkpoint of another selection is refused. */
export const CHECKPOINT_MISMATCH =
  'the checkpoint was written by another check (model, selection, properties or limits differ): resume with the same flags, or start without --resume';

/** A saved exhaustive search. */
export interface Checkpoint<S = unknown> {
  format: typeof CHECKPOINT_FORMAT;
  version: typeof CHECKPOINT_VERSION;
  /** What was being checked (a hash of model, selection, properties and limits): a resume must match it. */
  selection: string;
  search: SearchSnapshot<S>;
  table: ReturnType<StateTable['snapshot']>;
  edges: ReturnType<EdgeList['snapshot']> | null;
  tracker: TrackerSnapshot;
}

/** How an exhaustive run takes and resumes checkpoints (ExhaustiveOptions.checkpoint). */
export interface CheckpointHooks<S = unknown> {
  /** Seconds between checkpoints. */
  everySeconds: number;
  /** Stores a checkpoint (synchronously: the search goes on after it returns). */
  save(c: Checkpoint<S>): void;
  /** A checkpoint to continue from instead of starting. */
  resume?: Checkpoint<S>;
  /** The selection hash stored in each checkpoint. */
  selection: string;
}

/** The checkpoint of `search` (between two states, not finished). */
export function takeCheckpoint<S, A>(search: BreadthFirstSearch<S, A>, tracker: PropertyTracker<S, A>, selection: string): Checkpoint<S> {
  return {
    format: CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, selection,
    search: searchSnapshot(search), table: (search.table as StateTable).snapshot(), edges: search.edges?.snapshot() ?? null, tracker: tracker.snapshot(),
  };
}

/**
 * The search's position between two states (call only when `advance` has returned and the
 * search is not finished). The arrays are the live ones, not copies: serialise them before the
 * search goes on.
 */
export function searchSnapshot<S, A>(search: BreadthFirstSearch<S, A>): SearchSnapshot<S> {
  const frontier = search.frontier;
  const { current, next } = frontier.snapshot(search.pos);
  return {
    transitions: search.transitions, kinds: search.kinds.snapshot(), depth: search.depth, maxDepthSeen: search.maxDepthSeen,
    current, currentCount: frontier.currentCount, next, nextCount: frontier.nextCount,
    pos: search.pos, levelStart: search.levelStart,
  };
}

/**
 * Continues `search` from a {@link searchSnapshot} (instead of `start`) with its restored table
 * and edges; the tracker is restored by the caller.
 */
export function restoreSearch<S, A>(search: BreadthFirstSearch<S, A>, s: SearchSnapshot<S>, table: VisitedTable, edges: EdgeList | null): void {
  search.kinds.restore(s.kinds);
  Object.assign(search, {
    table, edges, transitions: s.transitions, depth: s.depth, maxDepthSeen: s.maxDepthSeen, pos: s.pos, levelStart: s.levelStart,
  });
  search.frontier.restore(s.current, s.currentCount, s.next, s.nextCount, s.pos);
}

/**
 * Restores `c` into a fresh `search` and `tracker`. Refuses (UsageError) a checkpoint of another
 * selection, or one whose frontier states do not fingerprint to their stored ids in this model.
 */
export function restoreCheckpoint<S, A>(c: Checkpoint<S>, model: Model<S, A>, search: BreadthFirstSearch<S, A>, tracker: PropertyTracker<S, A>, selection: string): void {
  if (c.selection !== selection) {
    throw new UsageError(CHECKPOINT_MISMATCH);
  }
  if ((c.edges === null) !== (search.edges === null)) throw new UsageError('the checkpoint does not match the selected properties');
  const table = StateTable.restore(c.table);
  restoreSearch(search, c.search, table, c.edges === null ? null : EdgeList.restore(c.edges));
  tracker.restore(c.tracker);
  verifyFrontier(c.search, model, table);
}

/** Checks that sampled frontier states fingerprint to the ids the table gives them. */
function verifyFrontier<S, A>(s: SearchSnapshot<S>, model: Model<S, A>, table: StateTable): void {
  const hasher = new StateHasher(model);
  const check = (state: S | undefined, id: number) => {
    if (state === undefined) return;
    hasher.hashCanonical(state);
    if (table.find(hasher.fingerprinter.lo, hasher.fingerprinter.hi) !== id) {
      throw new UsageError(`the checkpoint's states do not match this model (state ${id}): was the model changed since it was written?`);
    }
  };
  const stride = Math.max(1, Math.floor(s.currentCount / 64));
  for (let pos = s.pos; pos < s.currentCount; pos += stride) check(s.current[Math.floor(pos / CHUNK)]?.[pos % CHUNK], s.levelStart + pos);
  const nextStride = Math.max(1, Math.floor(s.nextCount / 64));
  for (let k = 0; k < s.nextCount; k += nextStride) check(s.next[Math.floor(k / CHUNK)]?.[k % CHUNK], s.levelStart + s.currentCount + k);
}
