/**
 * (Issue 17) Which worker expands which unit in the parallel exhaustive search
 * (parallel-search.ts): a unit whose states a worker holds goes to that worker, a serialised one
 * to the least busy worker, each with at most {@link DEPTH} units in flight. (Stop 32) A worker
 * that no unit of the current level waits for may start on the next level's units made so far,
 * instead of idling while the other worker expands the last of this level's units it holds.
 * The first level the workers take is cut into units here ({@link levelBlobs}). The units and
 * workers as the driver tracks them ({@link Unit}, {@link Handle}) are declared here too.
 */
import { serialised, type Expanded, type Outcomes, type StateBlob } from './parallel-protocol.ts';
import type { WorkerLike } from './parallel-options.ts';
import type { StateTable } from './visited.ts';
import { ParallelFallback } from './parallel-options.ts';
import { lostInSerialisation } from './reshape.ts';

/** A worker as the driver tracks it: its kind names (by its indices) and units in flight. */
export interface Handle {
  w: WorkerLike;
  names: string[];
  map: number[];
  inflight: number;
}

/** One unit of a level: its states, where it runs, and what came back. */
export interface Unit {
  id: number;
  blob: StateBlob;
  worker: number;
  expanded?: Expanded;
  children?: Int32Array;
  isNew?: Uint8Array;
  /** The transitions (indices) whose successor is new, in order. */
  news?: Uint32Array;
  fullAt?: number;
  kept?: { outcomes: Outcomes; blobs: StateBlob[] };
  /** (Stop 32) The level (search depth) the unit's states are expanded at. */
  depth: number;
  /** (Stop 32) Sent to its worker. */
  sent?: boolean;
  /**
   * (Stop 32) What broke the unit on its worker before it could be replayed (its expansion, or
   * keeping its states): raised when the in-order replay reaches it. (An expansion that threw
   * after some transitions says so in `expanded.failure`, raised once they are replayed.)
   */
  failure?: Error;
}

/** Units a worker may have in flight. */
export const DEPTH = 3;

/** Sends units to workers (see the file header). */
export class UnitSender {
  private readonly handles: Handle[];
  /** Units of the current level not yet sent that only worker `w` can take (held there). */
  private owed: number[] = [];
  /** Units of the current level not yet sent that any worker can take (serialised). */
  private owedAny = 0;

  constructor(handles: Handle[]) {
    this.handles = handles;
  }

  /** Starts a level of `units` (some may have been sent ahead, during the level before). */
  level(units: readonly Unit[]): void {
    this.owed = this.handles.map(() => 0);
    this.owedAny = 0;
    for (const u of units) {
      if (u.sent === true) continue;
      if (u.worker >= 0) this.owed[u.worker]++;
      else this.owedAny++;
    }
  }

  /** Whether some worker has room and may start on the next level. */
  get anyFree(): boolean {
    for (let w = 0; w < this.handles.length; w++) if (this.handles[w].inflight < DEPTH && this.free(w)) return true;
    return false;
  }

  /**
   * Sends units from `units[from..to)` to workers that can take them (`ahead`: units of the next
   * level, only to a worker {@link free} to start it) as `expand` messages; returns the first
   * unit not yet sent.
   */
  send(units: Unit[], from: number, to: number, probe: boolean, ahead: boolean): number {
    while (from < to && units[from].sent === true) from++;
    for (let k = from; k < to && k < from + 8 * this.handles.length; k++) {
      const u = units[k];
      if (u.sent === true) continue;
      const w = u.worker >= 0 ? (this.handles[u.worker].inflight < DEPTH && (!ahead || this.free(u.worker)) ? u.worker : -1) : this.idle(ahead);
      if (w < 0) continue;
      if (!ahead) {
        if (u.worker >= 0) this.owed[w]--;
        else this.owedAny--;
      }
      u.sent = true;
      u.worker = w;
      this.handles[w].inflight++;
      const b = u.blob;
      this.handles[w].w.postMessage({ t: 'expand', unit: u.id, blob: b, probe, depth: u.depth }, (b.bytes !== undefined ? [b.bytes.buffer, b.fps!.buffer] : []) as ArrayBuffer[]);
    }
    return from;
  }

  /** The worker with the fewest units in flight, if one can take another (`ahead`: one {@link free} to start the next level). */
  private idle(ahead: boolean): number {
    let best = -1;
    for (let i = 0; i < this.handles.length; i++) {
      const n = this.handles[i].inflight;
      if (n < DEPTH && (!ahead || this.free(i)) && (best < 0 || n < this.handles[best].inflight)) best = i;
    }
    return best;
  }

  /** Whether worker `w` may start on the next level: no unit of this one waits for it (held there, or serialised for anyone). */
  private free(w: number): boolean {
    return this.owed[w] === 0 && this.owedAny === 0;
  }
}

/**
 * The level `states` (ids from `first`, fingerprints in `table`) held on the main thread,
 * serialised into units of at most `most` states, about eight per worker.
 */
export function levelBlobs<S>(table: Pick<StateTable, 'lo' | 'hi'>, first: number, states: S[], most: number, workers: number): StateBlob[] {
  const size = Math.max(16, Math.min(most, Math.ceil(states.length / (8 * workers))));
  const out: StateBlob[] = [];
  for (let from = 0; from < states.length; from += size) {
    const part = states.slice(from, from + size);
    // (Sweep 29a finding 3) A class instance would reach the worker without its getters: one thread.
    const lost = lostInSerialisation(part);
    if (lost !== undefined) throw new ParallelFallback(lost);
    const fps = new Uint32Array(2 * part.length);
    for (let k = 0; k < part.length; k++) {
      fps[2 * k] = table.lo(first + from + k);
      fps[2 * k + 1] = table.hi(first + from + k);
    }
    out.push({ first: first + from, count: part.length, bytes: serialised(part), fps });
  }
  return out;
}

/**
 * (Stop 31) The next level's states each worker holds so far, and the imbalance tolerated before
 * a unit's new states are serialised to even the shares out (20% of the level, at least 1,024).
 * Tightening it to 5% removed the last idle worker time but cost more in serialising (stop 32).
 */
export class Shares {
  private held: number[] = [];
  private slack = 0;
  /** States serialised to another worker (statistics). */
  shipped = 0;

  /** Starts a level of `count` states on `workers` workers. */
  level(workers: number, count: number): void {
    this.held = Array.from({ length: workers }, () => 0);
    this.slack = Math.max(1024, (0.2 * count) / workers);
  }

  /**
   * Whether the `n` new states found on worker `w` are to be shipped (the least loaded worker is
   * likely to expand them, so they count for it) rather than held where found.
   */
  ship(w: number, n: number): boolean {
    const least = Math.min(...this.held);
    if (this.held[w] + n - least <= this.slack) {
      this.held[w] += n;
      return false;
    }
    this.held[this.held.indexOf(least)] += n;
    this.shipped += n;
    return true;
  }
}
