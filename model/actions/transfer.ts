/**
 * The Host Manager's side of migration (seed 001 3.4.3 (iv)): a transfer needs both ends
 * reachable (servers always are; a host when connected). `migrate ok` delivers the instance
 * (state executing) and acknowledges it, which turns the sender's Propagation-Flags for the
 * shipped updates from F to T (definition 3.1.12); `migrate fails` is a transfer without
 * acknowledgement, retried later; `duplicate` delivers one extra copy of a delivered instance.
 * An instance keeps its addressee when a mobile host moves: the fixed network routes it to the
 * host's new cell (README, "Moves").
 */
import type { InstanceView, ReplicationState } from '../../traces/replication.ts';
import type { Draft } from '../state.ts';
import { copyInstance, EMPTY, extendTrail, joinIds } from '../state.ts';
import type { Ctx } from './context.ts';
import { reachable } from './context.ts';
import type { Act } from './types.ts';
import { canLose, markAcked } from './faults.ts';
import { linkUp } from '../faults-policy.ts';
import { awaitsHandoff } from './handoff.ts';

/** Transfer actions of one instance. */
export function enumerateTransfer(ctx: Ctx, s: ReplicationState, x: InstanceView, out: Act[]): void {
  const b = ctx.topo.config.bounds;
  if (x.state === 'migrating') {
    // (Issue 13) The old cell's Host Manager no longer transfers to a host registered elsewhere: the handoff takes it.
    if (awaitsHandoff(ctx, s, x)) return;
    if (!reachable(s, ctx.topo, x.from) || !reachable(s, ctx.topo, x.to) || !linkUp(s, x.from, x.to)) return;
    out.push({ t: 'migrate', from: x.from, n: x.n, ok: true });
    if (canLose(ctx, s, x)) out.push({ t: 'lose', from: x.from, n: x.n });
    if (s.used.failures < b.failedMigrations) out.push({ t: 'migrate', from: x.from, n: x.n, ok: false });
  } else if (x.state === 'executing' && x.copies === 0 && s.used.duplicates < b.duplicates) {
    out.push({ t: 'duplicate', from: x.from, n: x.n });
  }
}

/** Applies a migration attempt. */
export function applyMigrate(ctx: Ctx, d: Draft, a: Extract<Act, { t: 'migrate' }>): void {
  const k = d.findInstance(a.from, a.n);
  const x = d.instances[k]!;
  if (!a.ok) {
    d.use('failures');
    const y = copyInstance(x);
    y.failures = x.failures + 1;
    d.setInstance(k, y);
    return;
  }
  const y = copyInstance(x);
  y.state = 'executing';
  y.trail = extendTrail(x.trail, 'executing');
  d.setInstance(k, y);
  if (x.kind === 'RU' && !ctx.topo.knobs.flagOnSend) {
    const sender = d.node(x.from);
    const shipped = x.updates;
    let acked: number[];
    if (sender.flagF === shipped) {
      // (Issue 17) The usual case: nothing was flagged since the send, so everything flagged is acknowledged.
      acked = shipped;
      sender.flagF = EMPTY as number[];
    } else {
      // Short lists are scanned: a Set per migration was a tenth of a bare search's garbage.
      const has = shipped.length > 16 ? hasIn(new Set(shipped)) : (id: number) => shipped.includes(id);
      acked = sender.flagF.filter(has);
      sender.flagF = sender.flagF.filter((id) => !has(id));
    }
    sender.flagT = joinIds(sender.flagT, acked);
    markAcked(ctx, d, x.from, acked);
  }
}

function hasIn(set: Set<number>): (id: number) => boolean {
  return (id) => set.has(id);
}

/** Applies a duplicated delivery. */
export function applyDuplicate(d: Draft, a: Extract<Act, { t: 'duplicate' }>): void {
  const k = d.findInstance(a.from, a.n);
  const x = d.instances[k]!;
  d.use('duplicates');
  const y = copyInstance(x);
  y.copies = x.copies + 1;
  d.setInstance(k, y);
}
