// Action builders and a runner for scripted reference-engine tests (engine only: no model here).
import { expect } from 'vitest';
import type { ReferenceEngine } from '../../reference/index.ts';
import type { ReplicationAction } from '../../traces/replication.ts';

/** Applies actions, failing the test with the refusal if one is refused. */
export function run(e: ReferenceEngine, ...actions: ReplicationAction[]): ReferenceEngine {
  for (const a of actions) expect(e.apply(a), JSON.stringify(a)).toBeUndefined();
  return e;
}

/** `update`. */
export const up = (host: string, item = 'x', value = 1): ReplicationAction => ({ type: 'update', host, item, value });
/** `read`. */
export const read = (host: string, item = 'x'): ReplicationAction => ({ type: 'read', host, item });
/** `order`. */
export const order = (server: string, updates: string[]): ReplicationAction => ({ type: 'order', server, updates });
/** `peer`. */
export const peer = (from: string, to: string, updates: string[]): ReplicationAction => ({ type: 'peer', from, to, updates });

/** An RU or ReRU instance sent, transferred and executed. */
export function hop(kind: 'RU' | 'ReRU', from: string, to: string, instance: string, updates: string[]): ReplicationAction[] {
  return [
    { type: 'send', from, to, kind, instance, updates },
    { type: 'migrate', instance, ok: true },
    { type: 'execute', instance },
  ];
}

/**
 * An update's climb from a host to the MS through `cell` and `zone` with its RU instances named
 * by the counters given (`[host n, cell n, zone n]`), each server ordering it alone on the way;
 * the MS's `order` is left to the caller.
 */
export function climb(u: string, host: string, cell: string, zone: string, n: [number, number, number]): ReplicationAction[] {
  return [
    ...hop('RU', host, cell, `${host}/${n[0]}`, [u]), order(cell, [u]),
    ...hop('RU', cell, zone, `${cell}/${n[1]}`, [u]), order(zone, [u]),
    ...hop('RU', zone, 'ms', `${zone}/${n[2]}`, [u]),
  ];
}
