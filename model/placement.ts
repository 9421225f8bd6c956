/**
 * Per-object primary placement for primary copy (issue 14, seed 003's design space): the knob
 * `primaryPlacement` names, per object, the node holding its primary (`o1=mh1,o2=c1`; objects
 * not named keep the MS, lazy primary copy as before). Only the primary writes a placed object
 * and applies its own writes at once; a write at a secondary is redirected to the primary or
 * rejected (knob `secondaryWrites`). Meant for primary-copy; any other mechanism honours it the
 * same way (a single writer per placed object). This file parses and validates the knob: one
 * line naming `knobs.primaryPlacement` for every problem.
 */
import { UsageError } from '../src/engine/errors.ts';
import type { ResolvedConfig } from '../traces/replication.ts';

const fail = (msg: string, field = 'config.knobs.primaryPlacement'): never => { throw new UsageError(`${field}: ${msg}`); };

/** The placement as written in a configuration: the object form `{o1: "mh1"}` or the knob's text form. */
export function placementText(raw: unknown): string {
  if (raw === undefined || raw === '') return '';
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    return Object.entries(raw as Record<string, unknown>).map(([o, n]) => {
      if (typeof n !== 'string' || !n) fail(`${o} must name a node (got ${JSON.stringify(n)}); write {"${o}": "ms"}`);
      return `${o}=${n as string}`;
    }).join(',');
  }
  return fail(`must be an object {"o1": "mh1"} or text "o1=mh1,o2=c1" (got ${JSON.stringify(raw)})`);
}

/**
 * Object id -> primary node id, validated against `config`: known objects, each once, known
 * nodes that hold the object (servers hold every object; a host its interests and their related
 * objects) and may write (`writers`).
 */
export function parsePlacement(text: string, config: ResolvedConfig, field = 'config.knobs.primaryPlacement'): Map<string, string> {
  const out = new Map<string, string>();
  if (!text) return out;
  const bad = (msg: string): never => fail(msg, field);
  const servers = new Set([config.master.id, ...config.zones.map((z) => z.id), ...config.cells.map((c) => c.id)]);
  const hosts = new Map(config.hosts.map((h) => [h.id, h]));
  const objects = new Map(config.objects.map((o) => [o.id, o]));
  for (const part of text.split(',')) {
    const m = /^([^=\s]+)=([^=\s]+)$/.exec(part.trim());
    if (!m) bad(`"${part}" is not OBJECT=NODE; write e.g. o1=mh1,o2=c1`);
    const [, obj, node] = m as unknown as [string, string, string];
    if (!objects.has(obj)) bad(`${obj} is not an object; name one of ${[...objects.keys()].join(', ')}`);
    if (out.has(obj)) bad(`${obj} is placed twice; give one primary per object`);
    const host = hosts.get(node);
    if (!servers.has(node) && !host) bad(`${node} (primary of ${obj}) is not a node of the configuration; name a server or a host`);
    if (host) {
      const related = host.interests.flatMap((i) => objects.get(i)?.related ?? []);
      if (!host.interests.includes(obj) && !related.includes(obj)) bad(`${node} does not hold ${obj}; place it at a node that holds it (or a server)`);
      if (host.joins) bad(`${node} joins during the run; place ${obj} at a node present from the start`);
    }
    if (config.writers && !config.writers.includes(node)) bad(`${node} (primary of ${obj}) is not one of the writers; add it to writers`);
    if (objects.get(obj)!.kind === 'infrequent' && node !== config.master.id) bad(`${obj} is infrequently changed (its single publisher is the MS); place it at ${config.master.id}`);
    out.set(obj, node);
  }
  return out;
}
