/**
 * The benchmark cases `npm run bench` measures. Each case builds a model and the properties to
 * check; bench/run.ts runs every case in a fresh Node process (bench/one.ts) so that cases do not
 * share a heap or JIT feedback. A case is exhaustive unless it says `mode: 'random'`. The
 * replication presets' cases (bench/replication-cases.ts) are registered at the end of this file.
 */
import type { Model } from '../src/engine/model.ts';
import { eventually, type Property } from '../src/engine/property.ts';
import type { SimulateOptions } from '../src/engine/random.ts';
import { createTwoPhase } from '../examples/two-phase.ts';
import { createBroadcast } from '../examples/sequencer-broadcast.ts';
import { replicationBenchCases } from './replication-cases.ts';
import { faultBenchCases } from './fault-cases.ts';
import { contractBenchCases } from './contract-cases.ts';

/** What a case checks. */
export interface BenchTarget {
  model: Model<any, any>;
  properties: Property<any, any>[];
  /** The target's own random-search defaults (ModelModule `simulate`), used by random cases. */
  simulate?: { checkEvery?: number; drainSteps?: number };
}

/** One benchmark case. */
export interface BenchCase {
  /** Unique name, used on the command line (`--only`) and in RESULTS.md. */
  name: string;
  /** What is measured, one line. */
  description: string;
  /** Builds the model and properties (called in the measuring process). */
  load(): BenchTarget | Promise<BenchTarget>;
  /** The exact number of distinct states, when known: the run is reported as wrong if it differs. */
  expectedStates?: number;
  /** `'random'`: seeded random walks (src/engine/random.ts) instead of the exhaustive search. */
  mode?: 'exhaustive' | 'random';
  /** Options of a random case; they override the target's `simulate` defaults. */
  random?: SimulateOptions;
  /** The replication preset measured: such cases form RESULTS.md's replication section. */
  preset?: string;
}

const cases: BenchCase[] = [];

/** Adds a case (names must be unique). */
export function registerBenchCase(c: BenchCase): void {
  if (cases.some((x) => x.name === c.name)) throw new Error(`bench case '${c.name}' is registered twice`);
  cases.push(c);
}

/** All registered cases, in registration order. */
export function benchCases(): readonly BenchCase[] {
  return cases;
}

function only<T extends BenchTarget>(t: T, names: string[]): BenchTarget {
  return { model: t.model, properties: t.properties.filter((p) => names.includes(p.name)) };
}

registerBenchCase({
  name: 'two-phase-7',
  description: 'TwoPhase, 7 RMs, invariant consistent (TCConsistent)',
  load: () => only(createTwoPhase({ params: { rms: '7' } }), ['consistent']),
  expectedStates: 296_448,
});
registerBenchCase({
  name: 'two-phase-8',
  description: 'TwoPhase, 8 RMs, invariant consistent (TCConsistent); the SPIN comparison',
  load: () => only(createTwoPhase({ params: { rms: '8' } }), ['consistent']),
  expectedStates: 1_745_408,
});
registerBenchCase({
  name: 'two-phase-8-all',
  description: 'TwoPhase, 8 RMs, all properties (the alwaysReachable one keeps the edge list)',
  load: () => createTwoPhase({ params: { rms: '8' } }),
  expectedStates: 1_745_408,
});
registerBenchCase({
  name: 'two-phase-8-eventually',
  description: 'TwoPhase, 8 RMs, leads-to under weak fairness (the TM eventually decides; every action fair): edge codes, SCCs, fair cycles',
  load: () => {
    const t = createTwoPhase({ params: { rms: '8' } });
    const decided = eventually<number>('tm-decides', (s) => Math.floor(s / 2 ** 48) % 4 !== 0);
    return { model: { ...t.model, isFair: () => true }, properties: [decided] };
  },
  expectedStates: 1_745_408,
});
registerBenchCase({
  name: 'sequencer-3x3',
  description: 'sequencer broadcast, 3 processes x 3 updates, invariants total-order and fifo (object states; the frontier encoded by Model.codec, issue 17)',
  load: () => only(createBroadcast({ params: { processes: '3', updates: '3' } }), ['total-order', 'fifo']),
  expectedStates: 7_792_288,
});

for (const c of replicationBenchCases()) registerBenchCase(c);
for (const c of faultBenchCases()) registerBenchCase(c);
for (const c of contractBenchCases()) registerBenchCase(c);
