/**
 * (Issue 13) Where an ROI goes once it executed at a server (seed 001 3.5 steps 6-8): a host's
 * selection report makes its cell create the IR that ships the data it owes; the report is
 * recorded in the server's metadata (metadata.ts) and passed on, one level up, and with metadata
 * down to the other zones and cells too (as new instances with `roiHops`, else by every further
 * server in the same step). Split from execute.ts, which calls {@link forwardRoi}; faults.ts
 * calls {@link spreadRoi} for a recovered host's re-registration.
 */
import type { InstanceView } from '../../traces/replication.ts';
import type { Draft } from '../state.ts';
import { copyInstance } from '../state.ts';
import { MASTER } from '../topology.ts';
import type { Ctx } from './context.ts';
import { createInstance, createPendingIR } from './propagate.ts';
import { recordRoi, rowField, setAcked } from './metadata.ts';
import { objectFilterOn } from './handoff.ts';

/** ROI at a server: recorded and passed on (up, and with metadata down to the other servers). */
export function forwardRoi(ctx: Ctx, d: Draft, x: InstanceView): void {
  // (Issue 13, seed order, 3.5 step 6) A host's selection report: the cell creates the instance that will ship the data it owes.
  // (Finding 10) It names the Global ID the report says the snapshot must reach (`need`), as an interest change does.
  if (x.added && ctx.topo.isHost(x.from)) createPendingIR(d, x.to, x.from, x.added, x.need);
  if (ctx.topo.knobs.oracle) {
    if (x.to !== MASTER && ctx.topo.knobs.roiPropagation) createInstance(d, x.to, d.get(x.to).parent, 'ROI', x.objects);
    return;
  }
  spreadRoi(ctx, d, x);
}

/**
 * (Issue 13) Report `x` (an ROI with a row, or a recovered host's re-registration) is recorded at
 * `x.to` and passed on: as new instances with `roiHops`, else by every further server in the same step.
 */
export function spreadRoi(ctx: Ctx, d: Draft, x: InstanceView): void {
  reportCursor(ctx, d, x);
  const next = recordRoi(ctx, d, x);
  if (ctx.topo.knobs.roiHops) {
    for (const q of next) createInstance(d, x.to, q, 'ROI', x.objects, x.row, x.cursor);
    return;
  }
  disseminate(ctx, d, x, next);
}

/** (Issue 13, without `roiHops`) The report reaches every other server in the same step, hop by hop in that order. */
function disseminate(ctx: Ctx, d: Draft, x: InstanceView, next: readonly number[]): void {
  for (const q of next) {
    const hop = copyInstance(x);
    hop.from = x.to;
    hop.to = q;
    disseminate(ctx, d, hop, recordRoi(ctx, d, hop));
  }
}

/**
 * (Finding 10, `objectFilterOn`) A host's own report (its registration after a move, or its report
 * after an object added or dropped) sets the cursor its cell holds for it: the cell may have
 * recorded a higher one acknowledging its own batch while the host was registered elsewhere,
 * valid only for the objects the cell then knew, not for an object the host added meanwhile.
 */
function reportCursor(ctx: Ctx, d: Draft, x: InstanceView): void {
  const topo = ctx.topo;
  const row = x.row;
  if (!objectFilterOn(topo) || !row || x.from !== row.host || !topo.isHost(x.from)) return;
  const m = d.get(x.to).meta;
  if (!m || row.version < rowField(topo, m, row.host - topo.firstHost, 2)) return;
  setAcked(d, x.to, row.host, x.cursor);
}
