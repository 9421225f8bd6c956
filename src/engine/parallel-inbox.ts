/**
 * (Issue 17) The parallel driver's worker threads as one message queue (parallel-search.ts):
 * their messages in arrival order, with the worker each came from; readiness (every worker has
 * built its model); what broke a worker (an error or an exit), rethrown at the next receive;
 * a worker's fault outside a unit's expansion, rethrown as it arrives (a unit's fault and a
 * serialisation mismatch are the driver's to raise: see {@link unitFailure}); and closing them.
 */
import type { FromWorker, Phase, WorkerFault } from './parallel-protocol.ts';
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
   * worker and a worker's fault outside a unit (rebuilt).
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
    // (Stop 32) What broke a unit's expansion goes to the driver, which may hold it (a unit of the next level).
    if (m.t === 'fault' && m.unit === undefined) throw rebuildFault(m.fault as WorkerFault);
    return e;
  }
}

/**
 * (Stop 32) What a worker's message says broke a unit, as the error the run ends with: a fault
 * (rebuilt with its class), a serialisation mismatch or an unsound symmetry reduction
 * ({@link ParallelFallback}); undefined for a message that reports none.
 */
export function unitFailure(m: FromWorker): { unit: number; error: Error; phase: Phase } | undefined {
  if (m.t === 'fault' && m.unit !== undefined) return { unit: m.unit, error: rebuildFault(m.fault as WorkerFault), phase: m.phase ?? 'expand' };
  if (m.t === 'mismatch') return { unit: m.unit, error: new ParallelFallback(m.why), phase: m.phase };
  if (m.t === 'expanded' && m.asymmetry !== undefined) {
    return { unit: m.unit, error: new ParallelFallback(`the symmetry reduction was found unsound on a worker (${m.asymmetry.split(':')[0]})`), phase: 'expand' };
  }
  return undefined;
}
