/**
 * A worker thread of `replcheck measure --threads`: loads the model module from its file,
 * prepares the same experiment as the main thread, and runs the seeds it is sent, posting each
 * {@link RunOutput} back. Generic: it knows the module only by path and the timed contract.
 * The module loads as the main thread loaded it (importPlugin: tsx for TypeScript, the exit
 * guard); a failure, while preparing or in a run (a plugin breaking its contract), is posted as
 * a fault, which the main thread rebuilds with the class the CLI reports it by. Under the plugin
 * watchdog its plugin calls are watched on cells of its own (src/cli/threads.ts).
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { importPlugin } from '../engine/plugin-guard.ts';
import { faultOf } from '../engine/parallel-protocol.ts';
import { reportUncaught } from '../engine/parallel-fault.ts';
import { shareWatch } from '../engine/watch.ts';
import { isTimedModule, type TimedExperiment } from './contract.ts';
import type { WorkerSpec } from './parallel.ts';

const data = workerData as WorkerSpec & { watch?: { buffer: SharedArrayBuffer; port: MessagePort } };
const port = parentPort!;
const watch = data.watch;
if (watch !== undefined) shareWatch(watch.buffer, (id, m) => watch.port.postMessage({ id, file: m.file, method: m.method }));
// (Stop 30) A plugin's timer or promise that throws here is the plugin's, not an internal error.
reportUncaught((fault) => port.postMessage({ fault }));

let exp: TimedExperiment | undefined;
try {
  const mod = (await importPlugin(data.moduleFile, `model module ${data.moduleFile}`)) as Record<string, { timed?: unknown } | undefined>;
  const timed = (mod.default ?? mod.replcheck)?.timed;
  if (!isTimedModule(timed)) throw new Error(`${data.moduleFile} has no timed layer`);
  exp = await timed.prepare(data.selection);
} catch (e) {
  port.postMessage({ fault: faultOf(e) });
}
if (exp !== undefined) {
  const ready = exp;
  port.on('message', (m: { k: number; seed: number; durationMs: number }) => {
    try {
      port.postMessage({ k: m.k, out: ready.run(m.seed, m.durationMs) });
    } catch (e) {
      port.postMessage({ k: m.k, fault: faultOf(e) });
    }
  });
  port.postMessage({ ready: true });
}
