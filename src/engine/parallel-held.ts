/**
 * (Issue 17) The new states a search worker keeps for the next level (parallel-worker.ts): cut
 * into blobs, each either held here as objects (the worker expands them itself, with no copy) or
 * serialised to be shipped to another worker (to even out the workers' shares), and a unit's
 * states got back when it comes (taken back, or deserialised). A state serialisation would
 * change (a class instance, reshape.ts) or cannot copy (a function, protocol `serialised`) ends
 * the parallel run.
 */
import { deserialize } from 'node:v8';
import type { StateHasher } from './fingerprint.ts';
import { lostInSerialisation, reshaped } from './reshape.ts';
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
   * The states of a unit's blob and their fingerprints: taken back when held here, else
   * deserialised and rebuilt in the model's own object shapes where that gives the same state
   * (reshape.ts). A string says why a state does not survive serialisation (the run falls back
   * to one thread).
   */
  unpack(blob: StateBlob, hasher: StateHasher<S, unknown>): { states: S[]; fps: Uint32Array | undefined } | string {
    if (blob.held !== undefined) return this.take(blob.held);
    const why = 'a state does not encode to the same words after serialisation to a worker (v8.serialize)';
    try {
      const states = deserialize(blob.bytes!) as S[];
      for (let j = 0; j < states.length; j++) {
        const r = reshaped(states[j], hasher, blob.fps![2 * j], blob.fps![2 * j + 1]);
        if (r === undefined) return why;
        states[j] = r;
      }
      return { states, fps: blob.fps };
    } catch (e) {
      // A state that needs its class (methods, getters) to encode: one thread does not serialise it.
      return `${why}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
    }
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
