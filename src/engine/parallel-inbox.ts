/**
 * (Issue 17) The parallel driver's worker threads as one message queue (parallel-search.ts):
 * their messages in arrival order, with the worker each came from; readiness (every worker has
 * built its model); what broke a worker (an error or an exit), rethrown at the next receive;
 * a worker's fault and a serialisation mismatch, rethrown as they arrive; and closing them.
 */
import type { FromWorker, WorkerFault } from './parallel-protocol.ts';
import { ParallelFallback, type WorkerLike } from './parallel-options.ts';
import { rebuildFault } from './parallel-fault.ts';

/** A message and the index of the worker that sent it. */
export interface Received {
  w: number;
  m: FromWorker;
}

/** The workers' messages (see the file header). */
export class WorkerInbox {
  private readonly workers: readonly WorkerLike[];
  private queue: Received[] = [];
  private wake: (() => void) | undefined;
  private broken: Error | undefined;
  private readyCount = 0;
  private closed = false;

  constructor(workers: readonly WorkerLike[]) {
    this.workers = workers;
    workers.forEach((w, i) => {
      w.on('message', (m) => this.post(i, m));
      w.on('error', (e) => { this.broken ??= e; this.wake?.(); });
      w.on('exit', (code) => { this.broken ??= new Error(`search worker ${i + 1} exited (code ${code})`); this.wake?.(); });
    });
  }

  /** Whether some worker has not reported its model built yet (as far as the received messages tell). */
  get waitingForReady(): boolean {
    return this.readyCount < this.workers.length;
  }

  /** Whether every worker has built its model (without waiting): takes the leading `ready` messages. */
  get isReady(): boolean {
    while (this.readyCount < this.workers.length && this.queue.length > 0 && this.queue[0].m.t === 'ready') {
      this.queue.shift();
      this.readyCount++;
    }
    return this.readyCount === this.workers.length && this.broken === undefined;
  }

  /** Ends the workers (once). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.workers) {
      w.on('exit', () => undefined);
      void w.terminate();
    }
  }

  private post(w: number, m: FromWorker): void {
    this.queue.push({ w, m });
    this.wake?.();
  }

  /**
   * The next message (or undefined after 100 ms without one when `timed`); throws what broke a
   * worker, a worker's fault (rebuilt) and a mismatch ({@link ParallelFallback}).
   */
  async receive(timed = true): Promise<Received | undefined> {
    if (this.queue.length === 0 && this.broken === undefined) {
      await new Promise<void>((resolve) => {
        const timer = timed ? setTimeout(resolve, 100) : undefined;
        this.wake = () => { clearTimeout(timer); resolve(); };
      });
      this.wake = undefined;
    }
    if (this.broken !== undefined) throw this.broken;
    const e = this.queue.shift();
    if (e === undefined) return undefined;
    const m = e.m;
    if (m.t === 'ready') this.readyCount++;
    if (m.t === 'fault') throw rebuildFault(m.fault as WorkerFault);
    if (m.t === 'mismatch') throw new ParallelFallback(m.why);
    return e;
  }
}
