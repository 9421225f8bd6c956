/**
 * The command table: `replcheck <name>` loads the module and runs its `command`. To add a
 * command, write src/cli/<name>.ts exporting `command: Command` and add one line below; if it has
 * `--json`, its object starts with `schemaVersion` (schema-version.ts) and ships a JSON Schema,
 * schemas/<name>.schema.json (test/cli/json-schema.test.ts fails for a command without one).
 * Modules load lazily, so `--help` and `--version` stay fast.
 */
import type { Command } from './context.ts';

/** A registered command: its name, its one-line summary and how to load it. */
export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<{ command: Command }>;
}

/** Every command, in the order `replcheck --help` lists them. */
export const COMMANDS: CommandEntry[] = [
  { name: 'check', summary: 'explore every reachable state (exhaustive, breadth-first) and decide the properties', load: () => import('./check.ts') },
  { name: 'simulate', summary: 'seeded random walks with shrinking (fast-check); reproducible from --seed and --path', load: () => import('./simulate.ts') },
  { name: 'merge', summary: "combine the result files of 'simulate --shard I/N' (several machines) into one report and exit code", load: () => import('./merge.ts') },
  { name: 'replay', summary: 'replay a trace (native or ITF) in the independent reference engine and re-check its verdict', load: () => import('./replay.ts') },
  { name: 'compare', summary: 'check every property under each ordering mechanism on one configuration: a verdict matrix and costs', load: () => import('./compare.ts') },
  { name: 'measure', summary: 'timed statistical simulation: response time, staleness, visibility and traffic per mechanism, with confidence intervals', load: () => import('./measure.ts') },
  { name: 'show', summary: 'print a trace as text, a Mermaid diagram, an HTML report, JSON or ITF', load: () => import('./show.ts') },
];

/** The entry for `name`, if there is one. */
export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name);
}
