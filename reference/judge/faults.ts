/**
 * The judge's reading of faults (spec "Faults and recovery"; seed 002 13.2; the fault model of
 * model/README.md "Faults" and properties/README.md), read on the engine's own fault state
 * (reference/faults.ts): what each node's Host Manager reports (down, lost for good, a cut link
 * to the parent) and what its store, Propagation-Flag column, Collection-VLDS and the instances
 * in existence still hold. Written from those texts; shares no code with properties/ or model/.
 *
 * - A replica lost for good (`loseHost`) is no longer a replica: nothing is demanded of it and
 *   nothing waits for it. A crashed node is still one: the run is not settled while it is down.
 * - An update no surviving node holds in any form (no Global ID; in no surviving node's value
 *   sequences, log, flag column or collection; in no instance in existence) is gone. A gone
 *   update is not demanded of anyone when its origin's Host Manager never acknowledged it (a
 *   crash erased it before it left) or when a lost host still holds it ("lost with" that host).
 *   An acknowledged update that nobody holds at all stays demanded: that loss is durability's
 *   violation, and the other properties see it too.
 * Without a fault model (or before any fault) nothing is lost and nothing is exempt.
 */
import type { EngineState } from '../state.ts';
import { bodyUpdates } from '../vlds.ts';

/** True when node `r`'s Host Manager reports it lost for good. */
export function isLost(s: EngineState, r: number): boolean {
  return s.nodes[r].fault?.lost === true;
}

/** True when node `r` is down after a crash it can recover from. */
export function isCrashed(s: EngineState, r: number): boolean {
  return s.nodes[r].fault?.down === true && !isLost(s, r);
}

/** True when the link from node `r` (a cell or zone) to its parent is partitioned. */
export function isCut(s: EngineState, r: number): boolean {
  return s.nodes[r].fault?.cut === true;
}

/** Every update node `r` holds in any form: value sequences, log, flag column, collection. */
function heldAt(s: EngineState, r: number, into: Set<number>): void {
  const n = s.nodes[r];
  for (const rows of n.store.rows) for (const u of rows) into.add(u);
  for (const u of n.store.log) into.add(u);
  for (const f of n.iira.flags) into.add(f.update);
  for (const u of n.iira.collection) into.add(u);
}

/**
 * The updates not demanded of any replica in state `s`: gone from every surviving node and
 * instance, and either never acknowledged or still held by a host lost for good.
 */
export function exemptUpdates(s: EngineState): Set<number> {
  const out = new Set<number>();
  if (!s.nodes.some((n) => n.fault)) return out;
  const surviving = new Set<number>();
  const onLost = new Set<number>();
  s.nodes.forEach((_, r) => heldAt(s, r, isLost(s, r) ? onLost : surviving));
  for (const x of s.instances) if (x.vlds.updates) for (const u of bodyUpdates(x.vlds.updates)) surviving.add(u);
  s.updates.forEach((rec, u) => {
    if (rec.gid > 0 || surviving.has(u)) return;
    if (!rec.acknowledged || onLost.has(u)) out.add(u);
  });
  return out;
}

/** Member nodes that are not lost for good: the replicas the judge demands anything of. */
export function survivors(s: EngineState): number[] {
  return s.nodes.flatMap((n, i) => (n.member && !isLost(s, i) ? [i] : []));
}
