/**
 * (Issue 13) Initial replication and Change-Replicated-Data in the seed's order (seed 001 3.5,
 * knob `initialReplication: seed`):
 * - `join`: the join request reaches the host's cell, which verifies it: accepted, the cell
 *   creates the host's Hosts-Obj entry and an IIRA-Initial-Replication-Instance carrying only the
 *   Objects-Information-VLDS (an *offer*: every object, no data), which migrates to the host;
 *   refused (at most `joinRefusals` per run), nothing changes but the budgets: the host stays
 *   outside and may retry while `bounds.joins` allows, else it has given up.
 * - `select` (the offer executes at the host, 3.5 steps 1-5): the user picks 1..`selectMax`
 *   objects (plus their Object-Related-List) and, with `itemSelection`, a non-empty subset of the
 *   items of each picked object (def 3.1.3, 3.1.4). Step 2 creates the schema of the selection;
 *   items no longer selected are dropped. (Stop 25) A newly selected item is *owed*, not held,
 *   until step 6's data installs (NodeView `owed`; def 3.1.3: a replica is a copy of the
 *   object's data, and 3.2 phase 1: the host receives "both the database schema and the data").
 *   The instance's code then reports the selection with an ROI (`added` = the objects with a
 *   newly selected item, whose data is owed) to the cell.
 * - The cell executes that ROI (execute.ts): it records it and creates the data instance (3.5
 *   step 6: an IR instance in state `creating`, served by a later `send` like every snapshot,
 *   under the same `snapshotGuard`).
 * - Change-Replicated-Data: `invoke` (step 1, connected or not) marks the host; `message`
 *   (steps 2-4, once connected and registered at its cell) makes the cell send an offer.
 */
import type { InstanceView, ReplicationState } from '../../traces/replication.ts';
import type { Draft } from '../state.ts';
import { append, copyInstance } from '../state.ts';
import type { Ctx } from './context.ts';
import { hasInstanceFrom, hasInstanceTo } from './context.ts';
import { clearItem } from './merge.ts';
import { reportRow } from './propagate.ts';
import { registerJoin, registeredAt } from './metadata.ts';
import { checkpointAfterExecute } from './faults.ts';
import { snapshotNeed } from './handoff.ts';
import type { Act } from './types.ts';
import { instanceName } from './types.ts';

/** True when the configuration runs initial replication in the seed's order. */
export function seedOrder(ctx: Ctx): boolean {
  return ctx.topo.knobs.initialReplication === 'seed';
}

/** Join actions of non-member host `i` under the seed's order: accepted, and refused while refusals remain. */
export function enumerateSeedJoin(ctx: Ctx, s: ReplicationState, i: number, out: Act[]): void {
  out.push({ t: 'join', node: i, objects: 0 });
  if ((s.used.refusedJoins ?? 0) < ctx.topo.knobs.joinRefusals) out.push({ t: 'join', node: i, objects: 0, refused: true });
}

/** Change-Replicated-Data actions of member host `i` under the seed's order. */
export function enumerateSeedChange(ctx: Ctx, s: ReplicationState, i: number, out: Act[]): void {
  const n = s.nodes[i]!;
  if (n.crd) {
    if (n.connected && registeredAt(ctx, s, n.parent, i)) out.push({ t: 'crd', node: i, stage: 'message' });
    return;
  }
  if (s.used.interestChanges >= ctx.topo.config.bounds.interestChanges) return;
  // The previous change is complete as far as the host can tell: no offer or data on its way, no report of its own in flight.
  if (hasInstanceTo(s.instances, i, 'IR') || hasInstanceFrom(s.instances, i, 'ROI')) return;
  out.push({ t: 'crd', node: i, stage: 'invoke' });
}

/** The cell creates an offer (Objects-Information-VLDS, every object) for host `h`, migrating at once. */
function createOffer(ctx: Ctx, d: Draft, cell: number, h: number): void {
  const n = d.node(cell);
  n.made += 1;
  d.addInstance({
    from: cell, n: n.made, to: h, kind: 'IR', state: 'migrating', trail: ['monitoring', 'retrieving', 'creating', 'migrating'],
    updates: [], objects: ctx.topo.allObjects, snapshot: [], cursor: 0, failures: 0, copies: 0, offer: true,
  });
}

/** Applies a join (accepted or refused) under the seed's order. */
export function applySeedJoin(ctx: Ctx, d: Draft, a: Extract<Act, { t: 'join' }>): void {
  d.use('joins');
  if (a.refused) {
    d.use('refusedJoins');
    return;
  }
  d.node(a.node).member = true;
  const cell = d.get(a.node).parent;
  registerJoin(ctx, d, cell, a.node);
  createOffer(ctx, d, cell, a.node);
}

/** Applies a Change-Replicated-Data step. */
export function applyChange(ctx: Ctx, d: Draft, a: Extract<Act, { t: 'crd' }>): void {
  if (a.stage === 'invoke') {
    d.use('interestChanges');
    d.node(a.node).crd = true;
    return;
  }
  const n = d.node(a.node);
  delete n.crd;
  createOffer(ctx, d, n.parent, a.node);
}

/** A selection: the closed object mask and the items of it the user left out (ascending). */
interface Selection { objects: number; unselected: number[] }

/** Non-empty subsets of `items` (as lists), in a fixed order. */
function itemSubsets(items: readonly number[]): number[][] {
  const out: number[][] = [];
  for (let m = 1; m < 1 << items.length; m++) out.push(items.filter((_, k) => m & (1 << k)));
  return out;
}

/** The object masks naming 1..max of `n` objects, in ascending order (without walking all 2^n masks). */
function picks(n: number, max: number): number[] {
  const out: number[] = [];
  const grow = (mask: number, next: number, size: number): void => {
    for (let o = next; o < n; o++) {
      const m = mask | (1 << o);
      out.push(m);
      if (size + 1 < max) grow(m, o + 1, size + 1);
    }
  };
  grow(0, 0, 0);
  return out.sort((a, b) => a - b);
}

/** Every selection the user may make at host `h` (within `selectMax` and, with `itemSelection`, item subsets). */
export function selections(ctx: Ctx, s: ReplicationState, h: number): Selection[] {
  const topo = ctx.topo;
  const max = topo.knobs.selectMax;
  const out: Selection[] = [];
  const seen = new Set<string>();
  for (const pick of picks(topo.objectCount, max)) {
    const objects = topo.closure(pick);
    // Per picked object: its item subsets (whole objects without itemSelection); related objects come whole.
    let partials: number[][] = [[]];
    if (topo.knobs.itemSelection) {
      for (let o = 0; o < topo.objectCount; o++) {
        if (!(pick & (1 << o)) || topo.objectItems[o]!.length < 2) continue;
        const items = topo.objectItems[o]!;
        const next: number[][] = [];
        for (const p of partials) for (const sub of itemSubsets(items)) next.push([...p, ...items.filter((d) => !sub.includes(d))]);
        partials = next;
      }
    }
    for (const p of partials) {
      const unselected = [...p].sort((a, b) => a - b);
      const key = `${objects}:${unselected.join(',')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ objects, unselected });
    }
  }
  const n = s.nodes[h]!;
  // A join's selection (the host holds nothing yet): any. A change must change something (when anything else can be chosen).
  if (n.objects === 0 && !n.unselected) return out;
  // A change must change something (when anything else can be chosen).
  const current = `${n.objects}:${(n.unselected ?? []).join(',')}`;
  const changes = out.filter((x) => `${x.objects}:${x.unselected.join(',')}` !== current);
  return changes.length ? changes : out;
}

/** The select actions of an offer delivered at its host (a copy already executed is discarded by `execute` instead). */
export function enumerateSelect(ctx: Ctx, s: ReplicationState, x: InstanceView, out: Act[]): void {
  for (const sel of selections(ctx, s, x.to)) out.push({ t: 'select', from: x.from, n: x.n, node: x.to, objects: sel.objects, unselected: sel.unselected });
}

/**
 * Applies a selection at the host (3.5 steps 1-5): items no longer selected are cleared; the
 * items still selected are kept; newly selected items are owed (NodeView `owed`), held only once
 * their data installs (execute.ts `install`; stop 25: before, they were held, empty, from here on,
 * and a host whose cursor had passed an update of an added object failed total-order at once).
 * The instance is consumed (or one copy of it) and the host reports to its cell with an ROI
 * naming the whole selection (`objects`) and the objects whose data is owed (`added`).
 */
export function applySelect(ctx: Ctx, d: Draft, a: Extract<Act, { t: 'select' }>): void {
  const topo = ctx.topo;
  const k = d.findInstance(a.from, a.n);
  const x = d.instances[k]!;
  const h = a.node;
  const before = d.get(h);
  const oldUnsel = before.unselected ?? [];
  // Step 2 creates the schema of the selection: items left out are dropped, kept items stay held,
  // newly selected items are owed until their data comes (the host holds none of them yet).
  let added = 0;
  let held = 0;
  const kept: number[] = [];
  const owed: number[] = [];
  for (let item = 0; item < topo.itemCount; item++) {
    const was = topo.holdsItem(before.objects, item) && !oldUnsel.includes(item);
    const now = topo.holdsItem(a.objects, item) && !a.unselected.includes(item);
    if (was && !now) clearItem(d, h, item);
    if (now && !was) {
      added |= 1 << topo.itemObject[item]!;
      owed.push(item);
    }
    if (was && now) {
      held |= 1 << topo.itemObject[item]!;
      kept.push(item);
    }
  }
  const host = d.node(h);
  host.objects = held;
  // The items of held objects the host does not hold: those the user left out and (itemSelection) owed ones.
  const unselected = topo.itemsOf(held).filter((item) => !kept.includes(item));
  if (unselected.length) host.unselected = unselected;
  else delete host.unselected;
  if (owed.length) host.owed = owed;
  else delete host.owed;
  host.executed = append(host.executed, instanceName(topo, x.from, x.n));
  if (x.copies > 0) {
    const y = copyInstance(x);
    y.copies = x.copies - 1;
    d.setInstance(k, y);
  }
  else d.removeInstance(k);
  // (Finding 10) The report names the Global ID the owed data's snapshot must reach (with `objectFilterOn`).
  reportRow(d, h, d.get(h).parent, !topo.knobs.oracle, a.objects, added, added ? snapshotNeed(topo, d, h) : undefined);
  checkpointAfterExecute(ctx, d, h);
}
