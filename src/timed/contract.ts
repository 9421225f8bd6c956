/**
 * The contract between the generic timed layer (this folder, `replcheck measure`) and a model
 * module that can be simulated in time. A module offers it as an optional `timed` field next to
 * its ModelModule fields; the engine never imports a model. Everything a run decides comes from
 * its seed: the same seed gives the same {@link RunOutput}, byte for byte.
 */

import type { Interval } from './stats.ts';

/** Traffic over simulated time, per link class, in bins of `binMs`. */
export interface TrafficSeries {
  binMs: number;
  /** Per link class: packets and bytes sent in each bin. */
  classes: Record<string, { packets: number[]; bytes: number[] }>;
}

/** What one seeded run of an experiment measured. */
export interface RunOutput {
  /** Simulated events processed (for throughput figures). */
  events: number;
  /** Per-run statistics by name (`write-response.p99`, `bytes-per-update.wan`...); NaN when the run had no observation. */
  scalars: Record<string, number>;
  /** Raw observations per metric (ms or counts), in the order they were made. */
  samples: Record<string, number[]>;
  /** Curves such as the t-visibility curve: y at each x. */
  curves: Record<string, { x: number[]; y: number[] }>;
  /** Traffic over time per link class. */
  series: TrafficSeries;
}

/** One configuration and one mechanism, ready to run. */
export interface TimedExperiment {
  /** The mechanism's name as it reports itself. */
  mechanism: string;
  /** The configuration's name (a preset name or the file as given). */
  config: string;
  /** The configuration's default simulated duration (ms). */
  defaultDurationMs: number;
  /** Table rows for this experiment (defaults to the module's `rows`). */
  rows?: RowSpec[];
  /** Runs once with `seed` for `durationMs` of simulated time. */
  run(seed: number, durationMs: number): RunOutput;
  /**
   * One-line notes the report prints under its table (and `--json` carries per mechanism) about
   * what the figures over these runs leave out, e.g. updates that never got a Global ID, or why
   * every cell is n/a. Optional; from the intervals alone, so the same runs give the same notes.
   */
  notes?(intervals: Record<string, Interval>, durationMs: number): string[];
  /**
   * (Sweep 30e) The metrics whose figures over these runs leave out some updates (those that
   * never got a Global ID or never reached a reader): an assertion on one of them cannot hold,
   * since what it leaves out is what it would have to judge. Optional; from the intervals alone.
   */
  partial?(intervals: Record<string, Interval>): string[];
}

/** A row of the per-mechanism table: which scalar, how to label and format it. */
export interface RowSpec {
  key: string;
  label: string;
  /** `ms`, `count`, `bytes`, `ratio` or `per-s` (formatting only). */
  unit: 'ms' | 'count' | 'bytes' | 'ratio' | 'per-s';
}

/** What a model module offers `replcheck measure`. */
export interface TimedModule {
  /** Built-in timed configuration names (`--config NAME`). */
  presets: string[];
  /** Mechanisms `measure` runs when `--mechanisms` is not given. */
  mechanisms: string[];
  /** Metrics an `--assert` may name (sample keys), with their unit. */
  metrics: Record<string, { unit: 'ms' | 'count'; description: string; /** (Stop 29) The per-run statistics `STAT(METRIC)` may name (default: all of mean, p50, p90, p95, p99). */ stats?: readonly string[] }>;
  /** Table rows, in order. */
  rows: RowSpec[];
  /** Scalars whose confidence interval `--precision` must reach. */
  precisionKeys: string[];
  /** Builds an experiment; throws a UsageError naming the field for bad input. */
  prepare(sel: { config: string; mechanism: string; cwd: string; knobs?: Record<string, string> }): Promise<TimedExperiment>;
}

/** True when `x` looks like a {@link TimedModule}. */
export function isTimedModule(x: unknown): x is TimedModule {
  const t = x as TimedModule | undefined;
  return typeof t === 'object' && t !== null && typeof t.prepare === 'function' && Array.isArray(t.rows);
}
