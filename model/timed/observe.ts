/**
 * What a timed run records and how it becomes a {@link RunOutput}: write and read response
 * times, read staleness (committed updates missing at the replica read, and the age of the
 * oldest missing one), time from a write to its Global ID, visibility delays at every reading
 * replica (the t-visibility curve of PBS), time until every reading replica merged an update,
 * traffic per link class, and load on the MS and zone servers.
 */
import type { RunOutput } from '../../src/timed/contract.ts';
import { mean, quantileSorted } from '../../src/timed/stats.ts';
import type { Network } from './network.ts';

/** Points of the t-visibility curve: fractions of the horizon. */
const CURVE_POINTS = 100;

/** Per-run recorder. */
export class Observer {
  writeResponse: number[] = [];
  readResponse: number[] = [];
  /** Age (ms) of the oldest committed update missing at each read (0 when none is missing). */
  staleness: number[] = [];
  /** Committed updates missing at each read. */
  staleCount: number[] = [];
  gidTime: number[] = [];
  writeTime: number[] = [];
  /** 1 for an update that got its Global ID during the run (by update id). */
  committed: number[] = [];
  /** Reading replicas (other than the origin) that hold the update's item. */
  expected: number[] = [];
  seen: number[] = [];
  lastSeen: number[] = [];
  /** Visibility delays and the update each belongs to. */
  visDelay: number[] = [];
  visUpdate: number[] = [];
  metadata: number[] = [];
  /** Write operations, and those refused or redirected at a secondary (primary placement). */
  writeOps = 0;
  rejected = 0;
  redirected = 0;
  msMessages = 0;
  zoneMessages = 0;
  msBusy = 0;
  events = 0;

  private readonly zones: number;

  constructor(zones: number) {
    this.zones = zones;}

  /** Builds the run's output. */
  finish(net: Network, durationMs: number, horizonMs: number, binMs: number): RunOutput {
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const ws = sorted(this.writeResponse);
    const st = sorted(this.staleness);
    const gs = sorted(this.gidTime);
    const cutoff = durationMs - horizonMs;
    let pairs = 0;
    const merged: number[] = [];
    // (F7) Per update written before the cutoff: 1 when it never got a Global ID by the end of the
    // run (uncommitted), 1 when some reading replica holding its item never merged it (unseen).
    // Latency figures count only the updates that did; these say how many did not.
    const uncommitted: number[] = [], unseen: number[] = [];
    for (let u = 0; u < this.writeTime.length; u++) {
      if (this.writeTime[u]! > cutoff) continue;
      pairs += this.expected[u]!;
      uncommitted.push(this.committed[u] ? 0 : 1);
      if (this.expected[u]! > 0) unseen.push(this.seen[u]! >= this.expected[u]! ? 0 : 1);
      if (this.expected[u]! > 0 && this.seen[u]! >= this.expected[u]!) merged.push(this.lastSeen[u]! - this.writeTime[u]!);
    }
    const eligible: number[] = [];
    for (let k = 0; k < this.visDelay.length; k++) if (this.writeTime[this.visUpdate[k]!]! <= cutoff) eligible.push(this.visDelay[k]!);
    const vs = sorted(eligible);
    const span = Math.max(1, horizonMs);
    const x: number[] = [], y: number[] = [];
    let j = 0;
    for (let p = 0; p <= CURVE_POINTS; p++) {
      const t = (span * p) / CURVE_POINTS;
      while (j < vs.length && vs[j]! <= t) j++;
      x.push(t);
      y.push(pairs ? j / pairs : NaN);
    }
    // The time by which 95% of (update, reading replica) pairs saw the update (censored pairs count as never).
    const need = Math.ceil(0.95 * pairs);
    const t95 = pairs && need <= vs.length ? vs[need - 1]! : NaN;
    const updates = this.writeTime.length;
    const scalars: Record<string, number> = {
      'write-response.mean': mean(ws), 'write-response.p50': quantileSorted(ws, 0.5),
      'write-response.p95': quantileSorted(ws, 0.95), 'write-response.p99': quantileSorted(ws, 0.99),
      'read-response.mean': mean(this.readResponse),
      'staleness.mean': mean(st), 'staleness.p99': quantileSorted(st, 0.99),
      'stale-reads.fraction': this.staleCount.length ? this.staleCount.filter((c) => c > 0).length / this.staleCount.length : NaN,
      'stale-count.mean': mean(this.staleCount),
      'gid-time.mean': mean(gs), 'gid-time.p99': quantileSorted(gs, 0.99),
      'visibility.mean': mean(vs), 'visibility.t95': t95,
      'all-merged.mean': mean(merged),
      'uncommitted.mean': mean(uncommitted), 'unseen.mean': mean(unseen),
      'metadata.bytes-per-update': mean(this.metadata),
      'ms.messages-per-s': this.msMessages / (durationMs / 1000),
      'zone.messages-per-s': this.zones ? this.zoneMessages / this.zones / (durationMs / 1000) : NaN,
      'ms.utilisation': this.msBusy / durationMs,
      'updates': updates,
      'rejected-writes.fraction': this.writeOps ? this.rejected / this.writeOps : NaN,
      'redirected-writes.fraction': this.writeOps ? this.redirected / this.writeOps : NaN,
    };
    const classes: RunOutput['series']['classes'] = {};
    net.classNames.forEach((name, k) => {
      const t = net.totals[k]!;
      scalars[`messages-per-update.${name}`] = updates ? t.messages / updates : NaN;
      scalars[`bytes-per-update.${name}`] = updates ? t.bytes / updates : NaN;
      scalars[`packets-per-update.${name}`] = updates ? t.packets / updates : NaN;
      const pk = net.bins[k]!.packets.slice(0, Math.floor(durationMs / binMs));
      const m = mean(pk);
      const sd = Math.sqrt(mean(pk.map((p) => (p - m) * (p - m))));
      scalars[`packets-per-s.${name}`] = m / (binMs / 1000);
      scalars[`packets-cv.${name}`] = m > 0 ? sd / m : NaN;
      const nb = Math.ceil(durationMs / binMs);
      classes[name] = { packets: net.bins[k]!.packets.slice(0, nb), bytes: net.bins[k]!.bytes.slice(0, nb).map((b) => Math.round(b)) };
    });
    return {
      events: this.events,
      scalars,
      samples: { 'write-response': this.writeResponse, 'read-response': this.readResponse, staleness: this.staleness, 'stale-count': this.staleCount, 'gid-time': this.gidTime, visibility: eligible, uncommitted, unseen },
      curves: { 't-visibility': { x, y } },
      series: { binMs, classes },
    };
  }
}
