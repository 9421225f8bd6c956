/**
 * The judge's eventual consistency and Consistent-Available state (spec "Eventual consistency",
 * "Consistent-Available (CA) state"; seed 001 definitions 3.1.8 to 3.1.11), read on the engine's
 * stores, Host Managers, IIRAs and instances.
 *
 * Settled, in the engine's terms: every member's Host Manager is connected, no IIRA instance
 * exists (none waiting to be filled, to migrate or to execute), no Propagation-Flag column has an
 * F row, no Collection-VLDS holds an update, and every member's store has merged the committed
 * stream on the items it holds (no numbered update on a held item above its cursor). The last
 * clause goes beyond the spec's sentence, which lists only hosts' F flags and servers'
 * collections: a zone that has ordered and not yet sent the MS's order down would otherwise look
 * settled while its cells lag, though the protocol still has work to do there.
 */
import type { EngineState } from '../state.ts';
import { exemptUpdates, isCrashed, isCut, survivors } from './faults.ts';
import { holdsItem, merged, nameOf, type JudgeScope } from './history.ts';

/** Why the state is not settled (empty when it is). */
export function unsettled(j: JudgeScope, s: EngineState): string[] {
  const out: string[] = [];
  if (s.instances.length) out.push(`${s.instances.length} IIRA instance(s) still exist`);
  for (const r of survivors(s)) {
    const n = s.nodes[r];
    const rid = j.ids[r];
    if (isCrashed(s, r)) out.push(`${rid} is down (crashed, not recovered)`);
    if (isCut(s, r)) out.push(`the link from ${rid} to its parent is partitioned`);
    if (!n.hm.connected) out.push(`${rid} is disconnected`);
    if (n.iira.flags.some((f) => f.flag === 'F')) out.push(`${rid} has updates flagged F`);
    if (n.iira.collection.length) out.push(`${rid} has collected updates it has not ordered`);
    const behind = s.updates.findIndex((u) => u.gid > n.store.committed && holdsItem(j, s, r, u.item));
    if (behind >= 0) out.push(`${rid} has not merged ${nameOf(j, s, behind)} (gid ${s.updates[behind].gid}) of the committed stream`);
  }
  return out;
}

function rowsText(j: JudgeScope, s: EngineState, rows: readonly number[]): string {
  return `[${rows.map((u) => nameOf(j, s, u)).join(', ')}]`;
}

/** The first member replica and held item whose value sequence differs from the MS's. */
function differsFromMaster(j: JudgeScope, s: EngineState, r: number): string | undefined {
  const ms = j.topo.master;
  const mine = s.nodes[r].store.rows;
  for (let d = 0; d < mine.length; d++) {
    if (r === ms || !holdsItem(j, s, r, d)) continue;
    const theirs = s.nodes[ms].store.rows[d];
    if (mine[d].length !== theirs.length || mine[d].some((u, k) => u !== theirs[k])) {
      return `${j.ids[r]}'s sequence for ${j.topo.items[d].id} is ${rowsText(j, s, mine[d])}, the MS's is ${rowsText(j, s, theirs)}`;
    }
  }
  return undefined;
}

/** Eventual consistency, safety: in a settled state every replica's sequences equal the MS's. */
export function judgeEventual(j: JudgeScope, s: EngineState): string[] | undefined {
  if (unsettled(j, s).length) return undefined;
  for (const r of survivors(s)) {
    const diff = differsFromMaster(j, s, r);
    if (diff) return ['the state is settled', diff];
  }
  return undefined;
}

/**
 * Why replica `r` is not in CA (undefined when it is): consistent (same sequence as the MS, def
 * 3.1.8-3.1.9) and available (def 3.1.10: every update performed on the item anywhere, its own
 * included, merged into `r`) on every item it holds.
 */
export function notCA(j: JudgeScope, s: EngineState, r: number, exempt = exemptUpdates(s)): string | undefined {
  const diff = differsFromMaster(j, s, r);
  if (diff) return `${j.ids[r]} is not consistent: ${diff}`;
  const have = merged(s, r);
  const missing = s.updates.findIndex((u, id) => holdsItem(j, s, r, u.item) && !have.has(id) && !exempt.has(id));
  return missing >= 0 ? `${j.ids[r]} is not available: ${nameOf(j, s, missing)} is not merged there` : undefined;
}

/** Every surviving member replica in CA; else the first reason. */
export function allCA(j: JudgeScope, s: EngineState): string | undefined {
  const exempt = exemptUpdates(s);
  for (const r of survivors(s)) {
    const why = notCA(j, s, r, exempt);
    if (why) return why;
  }
  return undefined;
}

/** CA state: in a settled state every member replica is in CA. */
export function judgeCA(j: JudgeScope, s: EngineState): string[] | undefined {
  if (unsettled(j, s).length) return undefined;
  const why = allCA(j, s);
  return why ? ['the state is settled', why] : undefined;
}
