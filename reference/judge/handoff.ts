/**
 * The judge's handoff (issue 13; spec "Handoff: across moves, a host's committed stream stays
 * gap-free and duplicate-free, and none of its writes is lost or doubled"; seed 001 3.3: a
 * mobile host is registered in the Region where it is; 3.4.3: the ReRU stream brings it "a set
 * of totally ordered updates"; 3.2 phase 3: its own updates go up once), read on the engine's own
 * state: every host's value sequences, application log and ReRU cursor, every node's
 * Propagation-Flag column and Collection-VLDS, the updates' Global IDs. Written from those texts;
 * shares no code with properties/ or model/.
 *
 * In every state, for every member host h not lost for good:
 * 1. duplicate-free: no value sequence of an item h holds has an update twice; h's application
 *    log has no update with a Global ID twice, unless h dropped its object in between (re-adding
 *    an object brings its history again, periods.ts);
 * 2. gap-free: every update numbered at or below h's cursor, on an item h holds, is in h's value
 *    sequence of that item (the cursor vouches only for what h has);
 * 3. not doubled: each update h wrote is at most once in h's flag column (F and T rows), and at
 *    most once in each server's flag column and Collection-VLDS together;
 * 4. not lost: once the run is settled, each update h wrote has a Global ID unless the faults
 *    exempt it (faults.ts: erased before it was acknowledged, or held by lost hosts only).
 */
import type { EngineState } from '../state.ts';
import { unsettled } from './convergence.ts';
import { exemptUpdates, isLost } from './faults.ts';
import { holdsItem, isServer, nameOf, type RunScope } from './history.ts';
import { droppedBetween } from './periods.ts';

function isHost(j: RunScope, r: number): boolean {
  const k = j.topo.nodes[r].kind;
  return k === 'mobile' || k === 'fixed';
}

/** Clauses 1 and 2 for host `h`. */
function streamOf(j: RunScope, s: EngineState, h: number): string[] | undefined {
  const { rows, log, committed } = s.nodes[h].store;
  const hid = j.ids[h];
  for (let d = 0; d < rows.length; d++) {
    if (!holdsItem(j, s, h, d)) continue;
    const twice = rows[d].find((u, k) => rows[d].indexOf(u) !== k);
    if (twice !== undefined) return [`${hid}'s value sequence of ${j.topo.items[d].id} holds ${nameOf(j, s, twice)} twice`];
  }
  const firstAt = new Map<number, number>();
  for (let q = 0; q < log.length; q++) {
    const u = log[q];
    const p = firstAt.get(u);
    firstAt.set(u, q);
    if (p === undefined || s.updates[u].gid === 0) continue;
    const obj = j.topo.items[s.updates[u].item].object;
    if (j.periods[h] && droppedBetween(j.periods[h], obj, p, q, j.step)) continue;
    return [`${hid} merged ${nameOf(j, s, u)} (Global ID ${s.updates[u].gid}) twice: its log entries ${p + 1} and ${q + 1}`];
  }
  for (let u = 0; u < s.updates.length; u++) {
    const { gid, item } = s.updates[u];
    if (gid === 0 || gid > committed || !holdsItem(j, s, h, item)) continue;
    if (!rows[item].includes(u)) {
      return [`${hid}'s cursor is at Global ID ${committed}`, `${nameOf(j, s, u)} (Global ID ${gid}, on ${j.topo.items[item].id}, which ${hid} holds) is not in its value sequence: a gap in its committed stream`];
    }
  }
  return undefined;
}

/** How many times node `r` holds update `u` in its flag column (and, a server, its Collection-VLDS). */
function timesAt(j: RunScope, s: EngineState, r: number, u: number): number {
  const n = s.nodes[r];
  let c = n.iira.flags.filter((f) => f.update === u).length;
  if (isServer(j, r)) c += n.iira.collection.filter((x) => x === u).length;
  return c;
}

/** Clauses 3 and 4 for the updates host `h` wrote (`settled`, `exempt`: computed once per state). */
function writesOf(j: RunScope, s: EngineState, h: number, settled: () => boolean, exempt: () => Set<number>): string[] | undefined {
  for (let u = 0; u < s.updates.length; u++) {
    if (s.updates[u].origin !== h) continue;
    for (let r = 0; r < s.nodes.length; r++) {
      if (r !== h && !isServer(j, r)) continue;
      const c = timesAt(j, s, r, u);
      if (c > 1) return [`${j.ids[r]} holds ${j.ids[h]}'s update ${nameOf(j, s, u)} ${c} times in its ${r === h ? 'flag column' : 'flag column and Collection-VLDS'}: doubled`];
    }
    if (s.updates[u].gid === 0 && settled() && !exempt().has(u)) {
      return ['the run is settled', `${j.ids[h]}'s update ${nameOf(j, s, u)} has no Global ID and nothing carries it any more: lost`];
    }
  }
  return undefined;
}

/** handoff, in one state. */
export function judgeHandoff(j: RunScope, s: EngineState): string[] | undefined {
  let settled: boolean | undefined;
  let exempt: Set<number> | undefined;
  for (let h = 0; h < s.nodes.length; h++) {
    if (!isHost(j, h) || !s.nodes[h].member || isLost(s, h)) continue;
    const why = streamOf(j, s, h) ?? writesOf(j, s, h, () => (settled ??= unsettled(j, s).length === 0), () => (exempt ??= exemptUpdates(s)));
    if (why) return why;
  }
  return undefined;
}
