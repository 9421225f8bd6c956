/**
 * bench/results.json: every case's latest measurement (and SPIN's), kept so that a partial run
 * (`--only`, `--no-spin`) rewrites RESULTS.md with the other cases' earlier figures instead of
 * dropping them. Each entry says when it was measured; RESULTS.md marks carried-over rows.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { CaseMeasurement } from './one.ts';
import type { SpinResult } from './spin.ts';

/** One case's stored measurement. */
export interface StoredCase {
  measurement: CaseMeasurement;
  /** The `--date` text of the run that measured it. */
  date: string;
  /** The fastest of how many runs. */
  repeat: number;
  /** The machine's 1-minute load average when that bench run started. */
  loadAtStart?: number;
}

/** SPIN's stored result. */
export interface StoredSpin {
  result: SpinResult;
  date: string;
}

/** The last measuring run: what RESULTS.md's header says, and which rows it measured. */
export interface StoredRun {
  date: string;
  repeat: number;
  loadAtStart: number;
  /** Cases it ran (the others' rows are marked as carried over). */
  cases: string[];
  /** Whether it ran SPIN. */
  spin: boolean;
  /** The bench cases whose SPIN reference it ran (bench/spin.ts; absent: two-phase-8's when `spin`). */
  spinCases?: string[];
}

/** The contents of bench/results.json. */
export interface StoredResults {
  cases: Record<string, StoredCase>;
  /** SPIN's result for the two-phase-8 reference (bench/spin/twophase.pml). */
  spin?: StoredSpin;
  /** SPIN's results for the other references (bench/spin.ts), by bench case name. */
  spinRefs?: Record<string, StoredSpin>;
  lastRun?: StoredRun;
}

/** Reads the store (empty when the file does not exist). */
export function readStore(file: string): StoredResults {
  if (!existsSync(file)) return { cases: {} };
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<StoredResults>;
  // Measurements written before random cases existed have no mode: they are exhaustive.
  const cases: Record<string, StoredCase> = {};
  for (const [name, c] of Object.entries(parsed.cases ?? {})) {
    cases[name] = { ...c, measurement: { ...c.measurement, mode: c.measurement.mode ?? 'exhaustive' } as CaseMeasurement };
  }
  return {
    cases,
    ...(parsed.spin ? { spin: parsed.spin } : {}),
    ...(parsed.spinRefs ? { spinRefs: parsed.spinRefs } : {}),
    ...(parsed.lastRun ? { lastRun: parsed.lastRun } : {}),
  };
}

/** The stored SPIN result of the reference for bench case `name`. */
export function storedSpin(store: StoredResults, name: string): StoredSpin | undefined {
  return name === 'two-phase-8' ? store.spin : store.spinRefs?.[name];
}

/** Stores SPIN's result of the reference for bench case `name`. */
export function storeSpin(store: StoredResults, name: string, s: StoredSpin): void {
  if (name === 'two-phase-8') store.spin = s;
  else store.spinRefs = { ...store.spinRefs, [name]: s };
}

/** Writes the store (two-space JSON, one trailing newline). */
export function writeStore(file: string, store: StoredResults): void {
  writeFileSync(file, `${JSON.stringify(store, null, 2)}\n`);
}
