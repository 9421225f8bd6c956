/**
 * (Issue 17) The new states a search worker keeps for the next level (parallel-worker.ts): cut
 * into blobs, each either held here as objects (the worker expands them itself, with no copy) or
 * serialised to be shipped to another worker (to even out the workers' shares), and the held
 * ones taken back when their unit comes. A state serialisation would change (a class instance,
 * reshape.ts) or cannot copy (a function, protocol `serialised`) ends the parallel run.
 */
import { lostInSerialisation } from './reshape.ts';
import { serialised, type StateBlob } from './parallel-protocol.ts';

/** The states a worker holds, by key. */
export class HeldStates<S> {
  private readonly held = new Map<number, { states: S[]; fps: Uint32Array }>();
  private key = 0;

  /** The states and fingerprints held under `key` (given up). */
  take(key: number): { states: S[]; fps: Uint32Array } {
    const h = this.held.get(key);
    if (h === undefined) throw new Error(`no states are held under ${key}`);
    this.held.delete(key);
    return h;
  }

  /**
   * Blobs of at most `size` of the successors `succ[idx[k]]` (fingerprints in `fps` by the same
   * positions), with ids from `first`: held here, or serialised when `ship`. A string says why a
   * state cannot be shipped.
   */
  blobs(succ: readonly S[], fps: Uint32Array, idx: Uint32Array, first: number, size: number, ship: boolean): StateBlob[] | string {
    const out: StateBlob[] = [];
    for (let from = 0; from < idx.length; from += size) {
      const count = Math.min(size, idx.length - from);
      const states: S[] = [];
      for (let k = 0; k < count; k++) states.push(succ[idx[from + k]]);
      const f = new Uint32Array(2 * count);
      for (let k = 0; k < count; k++) {
        const x = idx[from + k];
        f[2 * k] = fps[2 * x];
        f[2 * k + 1] = fps[2 * x + 1];
      }
      if (!ship) {
        this.held.set(++this.key, { states, fps: f });
        out.push({ first: first + from, count, held: this.key });
        continue;
      }
      // (Sweep 29a finding 3) A class instance would reach the other worker without its getters: one thread.
      const lost = lostInSerialisation(states);
      if (lost !== undefined) return lost;
      try {
        out.push({ first: first + from, count, bytes: serialised(states), fps: f });
      } catch (e) {
        return (e as Error).message;
      }
    }
    return out;
  }
}
