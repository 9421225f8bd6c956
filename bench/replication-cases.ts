/**
 * Benchmark cases for the replication model's presets (model/index.ts): exhaustive runs of
 * tiny, small and medium with all properties or none (the pair of small runs gives the cost of
 * property evaluation), and seeded random runs of large and huge. bench/cases.ts registers
 * them after its own cases; RESULTS.md shows them in their own section (cases with a `preset`).
 */
import { fileURLToPath } from 'node:url';
import replication, { DEFAULT_SUITE } from '../model/index.ts';
import type { BenchCase, BenchTarget } from './cases.ts';

/** The repository root (preset names need no directory, but a Selection has one). */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Builds preset `config` with the module's defaults (symmetry on, hierarchical mechanism),
 * keeping every property (`all`) or none (`none`: the explorer and the model alone). The
 * target's random-search defaults (checkEvery, drainSteps) are passed on for random cases.
 */
async function preset(config: string, properties: 'all' | 'none'): Promise<BenchTarget> {
  const t = await replication.create({ params: {}, config, cwd: ROOT });
  return {
    model: t.model,
    properties: properties === 'all' ? t.properties : [],
    ...(t.simulate ? { simulate: t.simulate } : {}),
  };
}

/**
 * A random case stops after this many seconds (its outcome is then `incomplete`), so that a
 * violation being shrunk on a 10,000-host state cannot hold the whole bench for hours.
 */
const TIME_LIMIT = 300;

/** Random options shared by the random cases: 10 walks from seed 1 (walk length: the default 100 steps). */
const TEN_WALKS = { runs: 10, seed: 1, timeLimit: TIME_LIMIT } as const;

/** Distinct states of each default-suite configuration (hierarchical, symmetry on). */
const SUITE_STATES: Record<string, number> = {
  'fifo-move': 51_163, 'two-zones': 1_816, reads: 8_392, publisher: 4_838, 'join-change': 3_961, faults: 7_132,
};

/** Name of the bench case of one default-suite configuration. */
export function suiteCaseName(config: string): string {
  return `replication-suite-${config}`;
}

/**
 * (Issue 11) One case per configuration of the default suite (`replcheck check` without
 * `--config`), all properties: their sum is the suite's time (aim: under 60 s).
 */
function suiteCases(): BenchCase[] {
  return DEFAULT_SUITE.map((config) => ({
    name: suiteCaseName(config),
    preset: config,
    description: `replication, default-suite configuration ${config}, exhaustive, symmetry on, all properties (with witness counting)`,
    load: () => preset(config, 'all'),
    expectedStates: SUITE_STATES[config],
  }));
}

/** The replication cases, in the order RESULTS.md lists them. */
export function replicationBenchCases(): BenchCase[] {
  return [
    ...suiteCases(),
    {
      name: 'replication-tiny-all',
      preset: 'tiny',
      description: 'replication, preset tiny, exhaustive, symmetry on, all properties',
      load: () => preset('tiny', 'all'),
      expectedStates: 80,
    },
    {
      name: 'replication-small-all',
      preset: 'small',
      description: 'replication, preset small, exhaustive, symmetry on, all properties (the "small in under 10 s" aim)',
      load: () => preset('small', 'all'),
      expectedStates: 132_439,
    },
    {
      name: 'replication-small-none',
      preset: 'small',
      description: 'replication, preset small, exhaustive, symmetry on, no properties (explorer and model alone)',
      load: () => preset('small', 'none'),
      expectedStates: 132_439,
    },
    {
      name: 'replication-medium-all',
      preset: 'medium',
      description: 'replication, preset medium, exhaustive, symmetry on, all properties (issue 17: under 60 s on one core)',
      load: () => preset('medium', 'all'),
      expectedStates: 2_330_843,
    },
    {
      name: 'replication-medium-none',
      preset: 'medium',
      description: 'replication, preset medium, exhaustive, symmetry on, no properties (takes minutes)',
      load: () => preset('medium', 'none'),
      expectedStates: 2_330_843,
    },
    {
      name: 'replication-large-sim',
      preset: 'large',
      mode: 'random',
      description: 'replication, preset large, random: 10 walks, seed 1, all properties, the target\'s checkEvery and drainSteps',
      load: () => preset('large', 'all'),
      random: TEN_WALKS,
    },
    {
      name: 'replication-huge-sim',
      preset: 'huge',
      mode: 'random',
      description: 'replication, preset huge, random: 10 walks, seed 1, no properties (model and engine alone; the target\'s drainSteps, so the walks are those of replication-huge-sim-all)',
      load: () => preset('huge', 'none'),
      random: TEN_WALKS,
    },
    {
      name: 'replication-huge-walk',
      preset: 'huge',
      mode: 'random',
      description: 'replication, preset huge, random: 200 walks of up to 1,000 steps from the initial state, no drain, seed 1, no properties (the walk phase alone, as model/README.md measures it)',
      load: () => preset('huge', 'none'),
      random: { runs: 200, steps: 1000, drainSteps: 0, seed: 1, timeLimit: TIME_LIMIT },
    },
    {
      name: 'replication-huge-sim-all',
      preset: 'huge',
      mode: 'random',
      description: 'replication, preset huge, random: 10 walks, seed 1, all properties, the target\'s checkEvery and drainSteps',
      load: () => preset('huge', 'all'),
      random: TEN_WALKS,
    },
    {
      name: 'replication-huge-every-step',
      preset: 'huge',
      mode: 'random',
      description: 'replication, preset huge, random: 2 walks, seed 1, all properties checked on every step (--check-every 1; issue 17: incremental over the nodes a step changed), the target\'s drainSteps',
      load: () => preset('huge', 'all'),
      random: { runs: 2, seed: 1, checkEvery: 1, timeLimit: TIME_LIMIT },
    },
    {
      name: 'replication-huge-every-step-none',
      preset: 'huge',
      mode: 'random',
      description: 'replication, preset huge, random: the walks of replication-huge-every-step without properties (model and engine alone)',
      load: () => preset('huge', 'none'),
      random: { runs: 2, seed: 1, checkEvery: 1, timeLimit: TIME_LIMIT },
    },
  ];
}
