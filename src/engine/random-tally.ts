/**
 * (Issue 17) What a random search gathered, as plain data: run and step counts, action coverage,
 * witness counts, undecided goals, `sometimes` witnesses, the target's metrics, the coverage
 * fingerprints and the failing walk. `simulate` turns a tally into verdicts (random-conclude.ts);
 * a sharded run (`simulate --shard I/N`) writes its tally to a file and `replcheck merge` adds
 * the shards' tallies up (random-merge.ts) into the tally one unsharded run would have gathered.
 *
 * Property-keyed figures are keyed by property name; `witnesses.counts` follows the property
 * list's order (the same selection gives the same list).
 */

/** The per-run record a sharded search keeps: the tally's figures just after one of its runs. */
export interface TallyPoint {
  /** Global run index (0-based, over the unsharded run). */
  run: number;
  runs: number;
  steps: number;
  actionCounts: Record<string, number>;
  witnesses: { counts: number[]; states: number; steps: number };
  undecided: Record<string, number>;
  undecidedEventually: Record<string, number>;
  /** Coverage fingerprints recorded so far (a prefix of {@link SearchTally.fingerprints}). */
  coverage: number;
  /** The metrics' snapshot (when the target's metrics can take one). */
  metrics?: unknown;
  /** Seconds since the search started (statistics only). */
  seconds?: number;
}

/** The first walk that witnessed a `sometimes` property. */
export interface SometimesWitness {
  /** Global run index of the walk. */
  run: number;
  /** The walk's choices (replayed to rebuild the witness path). */
  choices: number[];
  /** Transitions into the walk at which the condition held. */
  transitions: number;
}

/** The failing walk, shrunk. */
export interface TallyFailure {
  /** Global run index of the first failing walk. */
  run: number;
  /** The property it violated (the one shrinking targeted). */
  property: string;
  /** The shrunk walk's choices. */
  choices: number[];
  /** fast-check's replay path ("run:shrink:..."). */
  path: string;
  shrinks: number;
  /** Shrinking was cut short by a limit. */
  shrinkCut?: boolean;
}

/** Everything a random search gathered (see the file comment). */
export interface SearchTally extends Omit<TallyPoint, 'run' | 'coverage' | 'seconds'> {
  sometimes: Record<string, SometimesWitness>;
  /** Whether coverage was counted; the fingerprints in first-seen order when it was. */
  coverage: boolean;
  /** Distinct states the walks visited (when {@link coverage}). */
  distinctStates: number;
  /** Sharded searches: the fingerprints in first-seen order. */
  fingerprints?: number[];
  coverageCapped?: boolean;
  /** 'time-limit' | 'interrupted' when a limit ended the search. */
  limit?: string;
  failure?: TallyFailure;
  /** Wall-clock seconds of the search (statistics only). */
  seconds: number;
  /** Sharded searches: the tally after each of their first runs (at most {@link MAX_POINTS} and {@link MAX_POINT_BYTES}). */
  points?: TallyPoint[];
  /**
   * Workers sharing a run counter (run-claims.ts), stopped by a limit: the first run this one
   * took and did not walk to the end.
   */
  unfinished?: number;
  /** When {@link points} stopped at its cap: the global index of the first run it has no point for. */
  pointsCappedAt?: number;
}

/** Most per-run points a sharded search keeps (each is a few hundred numbers). */
export const MAX_POINTS = 20_000;
/**
 * Most bytes of per-run points (as JSON) a sharded search keeps: a shard file stays well within
 * merge's input limit, also where every point carries the metrics of thousands of hosts.
 */
export const MAX_POINT_BYTES = 64 * 1024 * 1024;

/** A copy of a string-keyed count table. */
export function copyCounts(m: Map<string, number> | Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  const entries = m instanceof Map ? [...m.entries()] : Object.entries(m);
  for (const [k, v] of entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) out[k] = v;
  return out;
}

/** Adds count table `b` into `a`. */
export function addCounts(a: Record<string, number>, b: Record<string, number>): void {
  for (const [k, v] of Object.entries(b)) a[k] = (a[k] ?? 0) + v;
}

/** Fingerprints (integers below 2^53) as base64 of their float64 bytes, for result files. */
export function encodeFingerprints(fps: readonly number[]): string {
  return Buffer.from(Float64Array.from(fps).buffer).toString('base64');
}

/** The inverse of {@link encodeFingerprints}; undefined when the text is not such an encoding. */
export function decodeFingerprints(text: string): number[] | undefined {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % 8 !== 0) return undefined;
  const out = Array.from(new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)));
  return out.every((x) => Number.isSafeInteger(x) && x >= 0) ? out : undefined;
}
