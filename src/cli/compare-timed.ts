/**
 * The timed cost section of `replcheck compare` (issue 14): when the model module has a timed
 * layer, each compared mechanism is also simulated in time on the same configuration (a
 * replication configuration runs with the timed layer's default network and workload), and a
 * short table of response time, visibility and traffic per update with 95% intervals follows
 * the verdict matrix. Mechanisms the timed layer cannot run are listed as skipped.
 */
import { UsageError } from '../engine/errors.ts';
import type { ModelModule } from '../engine/plugin.ts';
import { isTimedModule, type RowSpec } from '../timed/contract.ts';
import { measure, type Measurement } from '../timed/replicate.ts';
import { measureJson, measureMarkdown } from './measure-report.ts';

/** Rows shown in compare (the full table is `replcheck measure`'s). */
const KEEP = /^(write-response\.(mean|p99)|visibility\.(mean|t95)|stale-reads\.fraction|gid-time\.mean|uncommitted\.mean|metadata\.bytes-per-update|bytes-per-update\..*|messages-per-update\..*)$/;

/** The section's Markdown and JSON, or undefined when the module has no timed layer or `runs` is 0. */
export async function timedCosts(mod: ModelModule, sel: { config: string; cwd: string; knobs?: Record<string, string> }, mechanisms: string[], runs: number):
  Promise<{ markdown: string; json: Record<string, unknown> } | undefined> {
  const timed = (mod as { timed?: unknown }).timed;
  if (runs === 0 || !isTimedModule(timed)) return undefined;
  const results: Measurement[] = [];
  const skipped: string[] = [];
  let rows: RowSpec[] = timed.rows;
  let durationMs = 0;
  for (const mechanism of mechanisms) {
    let exp;
    try {
      exp = await timed.prepare({ ...sel, mechanism });
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      skipped.push(`${mechanism} (${e.message})`);
      continue;
    }
    rows = exp.rows ?? rows;
    durationMs = Math.min(exp.defaultDurationMs, 20_000);
    const m = measure(exp, { seed: 1, durationMs, runs, precision: 0.05, minRuns: runs, maxRuns: runs, precisionKeys: [], assertions: [] });
    results.push({ ...m, notes: exp.notes?.(m.intervals, durationMs) ?? [] });
  }
  if (!results.length) return { markdown: `\n## Timed costs\n\nNot simulated: ${skipped.join('; ')}.\n`, json: { skipped } };
  const info = { config: results[0]!.config, seed: 1, durationMs, rows: rows.filter((r) => KEEP.test(r.key)), exitCode: 0 };
  const table = measureMarkdown(results, info).split('\n').filter((l) => l.startsWith('|')).join('\n');
  const markdown = [
    '', '## Timed costs', '',
    `Each mechanism simulated in time on the same configuration (${runs} runs of ${durationMs / 1000} s, seed 1; the timed layer's default network and workload for a replication configuration): mean ± 95% CI half-width. \`replcheck measure\` gives the full table, more runs and assertions.`,
    '', table, ...[...new Set(results.flatMap((m) => m.notes ?? []))].flatMap((n) => ['', n]), ...(skipped.length ? ['', `Not simulated: ${skipped.join('; ')}.`] : []), '',
  ].join('\n');
  return { markdown, json: { ...measureJson(results, info), skipped } };
}
