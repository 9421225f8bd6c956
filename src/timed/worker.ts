/**
 * A worker thread of `replcheck measure --threads`: loads the model module from its file,
 * prepares the same experiment as the main thread, and runs the seeds it is sent, posting each
 * {@link RunOutput} back. Generic: it knows the module only by path and the timed contract.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { isTimedModule } from './contract.ts';

const data = workerData as { moduleFile: string; selection: { config: string; mechanism: string; cwd: string; knobs?: Record<string, string> } };
const mod = (await import(pathToFileURL(data.moduleFile).href)) as Record<string, { timed?: unknown } | undefined>;
const timed = (mod.default ?? mod.replcheck)?.timed;
if (!isTimedModule(timed)) throw new Error(`${data.moduleFile} has no timed layer`);
const exp = await timed.prepare(data.selection);
parentPort!.on('message', (m: { k: number; seed: number; durationMs: number }) => {
  parentPort!.postMessage({ k: m.k, out: exp.run(m.seed, m.durationMs) });
});
parentPort!.postMessage({ ready: true });
