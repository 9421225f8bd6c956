/**
 * The judge's fault properties (spec "Faults and recovery", seed 002 13.2; issue 12), read on the
 * engine's own state: its updates' acknowledgement and Global IDs, every node's Propagation-Flag
 * column, Collection-VLDS, value sequences and application log, the instances in existence, and
 * the checkpoints in stable storage (reference/faults.ts). Written from the spec's sentences;
 * shares no code with properties/ or model/.
 *
 * - durability (safety): an update its origin flagged T is still *on its way* to the MS in every
 *   state: it has a Global ID, or a node not lost for good flags it F or collects it, or an RU
 *   instance carries it; otherwise only hosts lost for good may hold it (as an F row or in a
 *   collection). A committed update stays in the MS's value sequence of its item.
 * - durability:eventually (liveness): its goal is a state where every acknowledged update has a
 *   Global ID, or is held (in any form) by hosts lost for good only.
 * - no-duplicate-after-recovery: after the first fault, no surviving replica's value sequence
 *   holds an update twice, no application log holds it twice unless the replica dropped its
 *   object in between (periods.ts), and no update's Global ID ever changes along the run nor is
 *   shared by two updates.
 * - checkpoint-consistency (13.2.1): a child and its parent whose last checkpoints were written
 *   jointly with each other: every update the child's checkpoint flags T (the parent acknowledged
 *   it) is in the parent's checkpoint in some form, and the child's checkpointed cursor is not
 *   past the parent's.
 */
import type { EngineState } from '../state.ts';
import { bodyUpdates } from '../vlds.ts';
import type { StableImage } from '../faults.ts';
import { isLost } from './faults.ts';
import { nameOf, type JudgeScope, type RunScope } from './history.ts';
import { droppedBetween } from './periods.ts';

/** True after the first crash, lost acknowledgement, partition or permanent loss. */
function faulted(s: EngineState): boolean {
  const u = s.used;
  return (u.crashes ?? 0) + (u.losses ?? 0) + (u.partitions ?? 0) + (u.permanent ?? 0) > 0;
}

/** Where update `u` is on its way up: 'moving' (a survivor or an RU or PEER instance has it), 'lost-hosts' (only lost hosts), or 'gone'. */
function onItsWay(s: EngineState, u: number): 'moving' | 'lost-hosts' | 'gone' {
  // (Issue 13) A PEER instance in transit carries it to a host (which flags it F under peerRelay).
  for (const x of s.instances) if ((x.vlds.kind === 'RU' || x.vlds.kind === 'PEER') && bodyUpdates(x.vlds.updates).includes(u)) return 'moving';
  let onLost = false;
  for (let r = 0; r < s.nodes.length; r++) {
    const n = s.nodes[r];
    if (!n.iira.collection.includes(u) && !n.iira.flags.some((f) => f.update === u && f.flag === 'F')) continue;
    if (!isLost(s, r)) return 'moving';
    onLost = true;
  }
  return onLost ? 'lost-hosts' : 'gone';
}

/** True when only hosts lost for good hold update `u` in any form (store, log, flags, collection). */
function onlyLostHostsHold(s: EngineState, u: number): boolean {
  let lost = false;
  for (let r = 0; r < s.nodes.length; r++) {
    const n = s.nodes[r];
    const has = n.store.log.includes(u) || n.store.rows.some((row) => row.includes(u)) || n.iira.flags.some((f) => f.update === u) || n.iira.collection.includes(u);
    if (!has) continue;
    if (!isLost(s, r)) return false;
    lost = true;
  }
  return lost;
}

/** durability, safety part. */
export function judgeDurability(j: RunScope, s: EngineState): string[] | undefined {
  const ms = j.topo.nodes.findIndex((n) => n.kind === 'master');
  for (let u = 0; u < s.updates.length; u++) {
    const rec = s.updates[u];
    if (rec.gid > 0) {
      if (!s.nodes[ms].store.rows[rec.item]?.includes(u)) return [`${nameOf(j, s, u)} has Global ID ${rec.gid} but the MS's value sequence of ${j.topo.items[rec.item].id} lost it`];
      continue;
    }
    if (!rec.acknowledged) continue;
    if (onItsWay(s, u) === 'gone') return [`${nameOf(j, s, u)} was acknowledged to ${j.ids[rec.origin]} but no surviving node flags it F or collects it and no RU instance carries it: it can never reach the MS`];
  }
  return undefined;
}

/** durability:eventually's goal: why it fails (acknowledged updates still without a Global ID), or undefined. */
export function unsecured(j: JudgeScope, s: EngineState): string[] | undefined {
  for (let u = 0; u < s.updates.length; u++) {
    const rec = s.updates[u];
    if (!rec.acknowledged || rec.gid > 0 || onlyLostHostsHold(s, u)) continue;
    return [`${nameOf(j, s, u)} was acknowledged to ${j.ids[rec.origin]} and has no Global ID`];
  }
  return undefined;
}

/** no-duplicate-after-recovery (`gids[u]`: the first Global ID the run gave `u`, kept across states by the caller). */
export function judgeNoDuplicate(j: RunScope, s: EngineState, gids: Map<number, number>): string[] | undefined {
  const holder = new Map<number, number>();
  for (let u = 0; u < s.updates.length; u++) {
    const g = s.updates[u].gid;
    if (g === 0) continue;
    const first = gids.get(u);
    if (first === undefined) gids.set(u, g);
    else if (first !== g && faulted(s)) return [`${nameOf(j, s, u)} had Global ID ${first} and now has ${g}: it was numbered a second time`];
    const other = holder.get(g);
    if (other !== undefined && faulted(s)) return [`${nameOf(j, s, other)} and ${nameOf(j, s, u)} both carry Global ID ${g}`];
    holder.set(g, u);
  }
  if (!faulted(s)) return undefined;
  for (let g = 1; g < s.nextGid; g++) {
    if (!holder.has(g)) return [`the MS handed out Global ID ${g} and no update carries it any more: an update was numbered again`];
  }
  for (let r = 0; r < s.nodes.length; r++) {
    if (isLost(s, r)) continue;
    const { rows, log } = s.nodes[r].store;
    for (let d = 0; d < rows.length; d++) {
      const twice = rows[d].find((u, k) => rows[d].indexOf(u) !== k);
      if (twice !== undefined) return [`${j.ids[r]}'s value sequence of ${j.topo.items[d].id} holds ${nameOf(j, s, twice)} twice after a fault`];
    }
    const seen = new Map<number, number>();
    for (let q = 0; q < log.length; q++) {
      const p = seen.get(log[q]);
      const obj = j.topo.items[s.updates[log[q]].item].object;
      if (p !== undefined && !(j.periods[r] && droppedBetween(j.periods[r], obj, p, q, j.step))) {
        return [`${j.ids[r]} applied ${nameOf(j, s, log[q])} twice after a fault (log entries ${p + 1} and ${q + 1})`];
      }
      seen.set(log[q], q);
    }
  }
  return undefined;
}

function holds(img: StableImage, u: number): boolean {
  return img.log.includes(u) || img.rows.some((row) => row.includes(u)) || img.flags.some((f) => f.update === u) || img.collection.includes(u);
}

/** checkpoint-consistency (seed 002 13.2.1). */
export function judgeCheckpoints(j: RunScope, s: EngineState): string[] | undefined {
  for (let c = 0; c < s.nodes.length; c++) {
    const child = s.nodes[c].fault?.stable;
    const p = s.nodes[c].parent;
    if (!child || p < 0 || child.jointWith !== p) continue;
    const parent = s.nodes[p].fault?.stable;
    if (!parent || parent.jointWith !== c) continue;
    const acked = child.flags.find((f) => f.flag === 'T' && !holds(parent, f.update));
    if (acked) return [`the joint checkpoint of ${j.ids[c]} and ${j.ids[p]} is inconsistent: ${j.ids[c]}'s records ${nameOf(j, s, acked.update)} as acknowledged by ${j.ids[p]}, whose checkpoint lacks it`];
    if (child.committed > parent.committed) return [`the joint checkpoint of ${j.ids[c]} and ${j.ids[p]} is inconsistent: ${j.ids[c]}'s cursor is at Global ID ${child.committed}, ${j.ids[p]}'s at ${parent.committed}`];
  }
  return undefined;
}
