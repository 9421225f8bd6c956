/**
 * (Issue 17, stop 36) Walk workers started before the run is planned. `simulate` on two cores
 * used to start its worker once this thread had built the model, and the worker then loaded and
 * built it again (about a second on `huge`) before its first walk. Started from `prepare`'s
 * `beforeBuild` hook instead, the worker builds the model while this thread does; it then waits
 * for its shard's options (`{ t: 'go', options }`, search-worker.ts). The run takes such a worker
 * where it would have started one ({@link PrestartedShards.take}); a worker the run does not
 * use (the plan ended on one thread, or with fewer workers) is ended by
 * {@link PrestartedShards.dispose}.
 *
 * Until the run takes it, nobody listens to the worker: its messages (a fault while it built
 * the model) and errors are kept and handed to the first listener the run attaches.
 */
import type { Worker } from 'node:worker_threads';
import type { ShardWorker } from '../engine/parallel-random.ts';
import { spawnSearchWorker, type TargetDescription } from './search-pool.ts';

type Event = 'message' | 'error';

/** A started worker whose events are kept until the run listens (see the file header). */
class Prestarted {
  private readonly worker: Worker;
  private readonly listeners: Record<Event, ((x: any) => void)[]> = { message: [], error: [] };
  private readonly kept: { event: Event; x: unknown }[] = [];

  constructor(worker: Worker) {
    this.worker = worker;
    worker.on('message', (m: unknown) => this.emit('message', m));
    worker.on('error', (e: Error) => this.emit('error', e));
  }

  /** The worker as the run uses it, told to run the shard `options`. */
  go(options: unknown): ShardWorker {
    this.worker.postMessage({ t: 'go', options });
    const on = (event: Event, fn: (x: any) => void) => {
      this.listeners[event].push(fn);
      for (let i = 0; i < this.kept.length;) {
        const k = this.kept[i]!;
        if (k.event !== event) { i++; continue; }
        this.kept.splice(i, 1);
        queueMicrotask(() => fn(k.x));
      }
      return undefined;
    };
    return { postMessage: (m) => this.worker.postMessage(m), on, terminate: () => this.worker.terminate() } as ShardWorker;
  }

  terminate(): void {
    void this.worker.terminate();
  }

  private emit(event: Event, x: unknown): void {
    const fns = this.listeners[event];
    if (fns.length === 0) this.kept.push({ event, x });
    else for (const fn of fns) fn(x);
  }
}

/** Walk workers started for a target before the run was planned (see the file header). */
export class PrestartedShards {
  private idle: Prestarted[] = [];
  private target: string | undefined;

  /** Starts `count` workers for `target` (random mode), waiting for their options. */
  start(target: TargetDescription, count: number): void {
    this.target = JSON.stringify(target);
    for (let i = 0; i < count; i++) this.idle.push(new Prestarted(spawnSearchWorker(target)));
  }

  /**
   * A started worker told to run `options`, or undefined when none is left or they were started
   * for another description than `target` (the run then starts a worker itself).
   */
  take(target: TargetDescription, options: unknown): ShardWorker | undefined {
    if (this.target !== JSON.stringify(target)) return undefined;
    return this.idle.shift()?.go(options);
  }

  /** Ends the workers the run did not take. */
  dispose(): void {
    for (const w of this.idle) w.terminate();
    this.idle = [];
  }
}
