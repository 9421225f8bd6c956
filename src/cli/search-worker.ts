/**
 * (Issue 17) A search worker thread (search-pool.ts): rebuilds the run's target from its
 * description exactly as the main thread prepared it, then serves expansion units of the
 * exhaustive search (src/engine/parallel-worker.ts) or runs one shard of a random run
 * (src/engine/parallel-random.ts). A failure while building is posted as a fault. Under the
 * plugin watchdog its plugin calls are watched on cells of its own (search-pool.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { TS_LOADER } from '../engine/load-module.ts';
import { shareWatch } from '../engine/watch.ts';
import { serveSearch, type SearchPort } from '../engine/parallel-worker.ts';
import { faultOf } from '../engine/parallel-protocol.ts';
import { reportUncaught } from '../engine/parallel-fault.ts';
import { serveShard } from '../engine/parallel-random.ts';
import { walkedProperties } from '../engine/promises.ts';
import { createTarget, loadModelModule, selectProperties, validateSelection } from './target.ts';
import type { SearchWorkerData } from './search-pool.ts';

const port = parentPort!;
const data = workerData as SearchWorkerData;
// (Stop 36) A walk worker started before the run was planned (shard-prestart.ts) gets its shard's
// options in a 'go' message; messages after it (stop, cut) are kept until the shard listens.
const inbox = data.target.mode === 'random' && data.random === undefined ? goInbox(port) : undefined;
if (data.tsx !== undefined) (globalThis as Record<symbol, unknown>)[TS_LOADER] = data.tsx;
// Under the plugin watchdog: this thread's own cells, polled by the watchdog (supervisor.ts).
const watch = data.watch;
if (watch !== undefined) shareWatch(watch.buffer, (id, m) => watch.port.postMessage({ id, file: m.file, method: m.method }));
// (Stop 30) A plugin's timer or promise that throws here is the plugin's, not an internal error.
reportUncaught((fault) => port.postMessage({ t: 'fault', fault }));

try {
  const { source, selection, propertyNames, mode } = data.target;
  const mod = await loadModelModule(source);
  validateSelection(mod, selection);
  const target = await createTarget(mod, selection, source.given);
  const properties = selectProperties(target.properties, propertyNames);
  // Without the reduction, as the explorer restarted (exhaustive.ts does the same on its thread).
  const model = data.target.plain === true
    ? Object.create(target.model, { canonical: { value: undefined }, permute: { value: undefined }, asymmetry: { value: undefined } }) as typeof target.model
    : target.model;
  if (mode === 'exhaustive') serveSearch(port as unknown as SearchPort, model, properties);
  else {
    const walked = walkedProperties(properties, target.promised, propertyNames !== undefined);
    if (inbox === undefined) await serveShard(port, target, walked, data.random);
    else await serveShard({ postMessage: (m) => port.postMessage(m), on: inbox.on }, target, walked, await inbox.go);
  }
} catch (e) {
  port.postMessage({ t: 'fault', fault: faultOf(e) });
}

/** The 'go' message's options, and the messages after it for the one listener attached later. */
function goInbox(p: typeof port): { go: Promise<unknown>; on: (e: 'message', fn: (m: any) => void) => void } {
  let listener: ((m: any) => void) | undefined;
  const kept: unknown[] = [];
  let started: (options: unknown) => void;
  const go = new Promise<unknown>((resolve) => { started = resolve; });
  let gone = false;
  p.on('message', (m: { t?: string; options?: unknown }) => {
    if (!gone && m.t === 'go') {
      gone = true;
      started(m.options);
    } else if (listener) listener(m);
    else kept.push(m);
  });
  return {
    go,
    on: (_e, fn) => {
      listener = fn;
      for (const m of kept.splice(0)) fn(m);
    },
  };
}
