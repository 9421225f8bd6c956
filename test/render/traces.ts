// Counterexample traces for the renderer tests, produced by the checker itself: the replication
// model's causal-order violation under the arrival-order mechanism (small preset, shortest
// counterexample) and the two-phase example's eager-commit bug (a generic, non-replication trace).
import { check, simulate } from '../../src/index.ts';
import type { TraceFile } from '../../traces/format.ts';
import { buildTrace } from '../../traces/write.ts';
import replication from '../../model/index.ts';
import twoPhase from '../../examples/two-phase.ts';

/** The shortest causal-order counterexample of `small` under `arrival-order`, as a trace. */
export async function replicationTrace(): Promise<TraceFile> {
  const selection = { config: 'small', mechanism: 'arrival-order', params: {} };
  const target = await replication.create({ ...selection, cwd: process.cwd() });
  const result = await check(target, { properties: ['causal-order'] });
  const violated = result.properties.find((r) => r.status === 'violated');
  if (!violated) throw new Error('expected arrival-order to violate causal-order on the small preset');
  return buildTrace({ model: target.model, meta: target.meta, mode: 'exhaustive',
    reproduce: 'npx replcheck check --config small --mechanism arrival-order --property causal-order' }, violated);
}

/** A TwoPhase counterexample (the TM commits once one RM is prepared), as a trace. */
export async function twoPhaseTrace(): Promise<TraceFile> {
  const target = await twoPhase.create({ params: { variant: 'eager-commit' }, cwd: process.cwd() });
  const result = await simulate(target, { seed: 3, properties: ['consistent'] });
  const violated = result.properties.find((r) => r.status === 'violated');
  if (!violated) throw new Error('expected eager-commit to violate consistent');
  return buildTrace({ model: target.model, meta: target.meta, modelFile: 'examples/two-phase.ts', mode: 'random', seed: 3 }, violated);
}
