/**
 * Per-host CA statistics over random walks (spec properties.md, "Consistent-Available (CA)
 * state": "in random runs, report per host how often and how soon after its last update it
 * reaches CA"). For every host that generated an update in a walk, the tracker looks for the
 * first observed state after its last update in which the host is in CA (defs 3.1.8 to 3.1.11,
 * evaluated by the property library's `isCA`), and records the number of steps in between.
 * States are observed at the walk's invariant-check cadence and at the end of its drain, so a
 * delay is measured to that resolution.
 */
import type { MetricsReport, WalkMetrics } from '../src/engine/metrics.ts';
import { isCA } from '../properties/ca-state.ts';
import { makeStatics, type Statics } from '../properties/context.ts';
import { deltaOf } from '../properties/delta.ts';
import { faultsUsed } from '../properties/fault-view.ts';
import type { NodeIndex, ReplicationState, ResolvedConfig } from '../traces/replication.ts';
import { STRANDED_FIELDS, StrandedTally, type StrandedFigures } from './stranded.ts';

/** (Issue 13) The CA table plus the `stranded-updates` figures (additive field of `metrics`). */
export type CaMetricsReport = MetricsReport & { stranded: StrandedFigures };

interface HostTally {
  /** Walks in which the host generated at least one update. */
  wrote: number;
  /** Of those, walks in which it was seen in CA after its last update. */
  reached: number;
  /** Sum and maximum of the steps from its last update to CA. */
  totalDelay: number;
  maxDelay: number;
  /** (Issue 12) Walks that ended with the host lost for good (its stranded updates are "lost with" it, not awaited). */
  lost: number;
}

/** The CA tracker for one configuration (a fresh one per random run). */
export class CaMetrics implements WalkMetrics<ReplicationState> {
  private readonly st: Statics;
  private readonly hosts: number[];
  /** Node index -> position in {@link hosts} (-1: a server). */
  private readonly hostAt: Int32Array;
  private readonly tally: HostTally[];
  /** (Issue 17) The state visited last in this walk: a state the model made from it by one step changed only the delta's nodes. */
  private prev: ReplicationState | null = null;
  /** Scratch: the hosts a step changed, ascending. */
  private readonly changed: number[] = [];
  /** Per host in the current walk: writes seen, step of the last update (-1: none), awaiting CA. */
  private writes: Int32Array;
  private lastWrite: Int32Array;
  private awaiting: Set<number> = new Set();
  private wroteThisWalk: Set<number> = new Set();
  private lostThisWalk: Set<number> = new Set();
  private readonly faults: boolean;
  /** (Issue 13) Updates only peers hold while their origin is away (stranded.ts). */
  private readonly stranded: StrandedTally;

  constructor(index: NodeIndex, config: ResolvedConfig) {
    this.stranded = new StrandedTally(index.nodes.map((n) => n.kind === 'master' || n.kind === 'zone' || n.kind === 'cell'));
    this.st = makeStatics(index, config);
    this.hosts = index.nodes.flatMap((n, i) => (n.kind === 'mobile' || n.kind === 'fixed' ? [i] : []));
    this.hostAt = new Int32Array(index.nodes.length).fill(-1);
    this.hosts.forEach((h, k) => { this.hostAt[h] = k; });
    this.tally = this.hosts.map(() => ({ wrote: 0, reached: 0, totalDelay: 0, maxDelay: 0, lost: 0 }));
    this.faults = config.faults !== undefined;
    this.writes = new Int32Array(index.nodes.length);
    this.lastWrite = new Int32Array(index.nodes.length);
  }

  start(s: ReplicationState): void {
    this.finishWalk();
    this.stranded.start();
    for (const h of this.hosts) this.writes[h] = s.nodes[h]!.writes;
    this.lastWrite.fill(-1);
  }

  visit(s: ReplicationState, step: number): void {
    this.stranded.visit(s);
    // (Issue 17) A state made by one step from the state visited last differs from it only in
    // the step's replaced nodes (properties/delta.ts): look at those hosts only, in ascending
    // order like the full pass (the order `awaiting` is filled in).
    const prev = this.prev;
    const d = prev !== null ? deltaOf(s) : undefined;
    const oneStep = d !== undefined && d.base === prev;
    const changed = this.changed;
    if (oneStep) {
      changed.length = 0;
      for (const i of d.touched) if (this.hostAt[i]! >= 0) changed.push(i);
      if (changed.length > 1) changed.sort((a, b) => a - b);
      for (const h of changed) this.noteWrites(s, h, step);
    } else {
      for (const h of this.hosts) this.noteWrites(s, h, step);
    }
    this.prev = s;
    // (Issue 17) Whether h is in CA, or lost, reads h's node, the MS's orders, which updates exist
    // and (after a fault) the stranded set (properties/ca-membership.ts). Every awaiting host was
    // not in CA at the state visited last: after one step that kept the MS's node and the update
    // list, without a fault so far, only the awaiting hosts the step replaced can be now.
    if (oneStep && s.updates === prev!.updates && faultsUsed(s) === 0 && !d.touched.includes(this.st.master)) {
      for (const h of changed) if (this.awaiting.has(h)) this.settle(s, h, step);
    } else {
      for (const h of this.awaiting) this.settle(s, h, step);
    }
  }

  /** Awaiting host `h` at `s`: counted as lost for good, or as in CA after its last update, or left awaiting. */
  private settle(s: ReplicationState, h: number, step: number): void {
    if (s.nodes[h]!.lost) {
      this.awaiting.delete(h);
      this.lostThisWalk.add(h);
      return;
    }
    if (isCA(this.st, s, h)) {
      const t = this.tally[this.hostAt[h]!]!;
      const delay = step - this.lastWrite[h]!;
      t.reached++;
      t.totalDelay += delay;
      if (delay > t.maxDelay) t.maxDelay = delay;
      this.awaiting.delete(h);
    }
  }

  /** Host `h`'s writes in `s`: a new update starts the wait for CA. */
  private noteWrites(s: ReplicationState, h: number, step: number): void {
    const w = s.nodes[h]!.writes;
    if (w !== this.writes[h]) {
      this.writes[h] = w;
      this.lastWrite[h] = step;
      this.awaiting.add(h);
      this.wroteThisWalk.add(h);
    }
  }

  end(s: ReplicationState, step: number): void {
    this.visit(s, step);
    this.stranded.end(s);
    for (const h of this.hosts) if (s.nodes[h]!.lost) this.lostThisWalk.add(h);
    this.finishWalk();
  }

  private finishWalk(): void {
    for (const h of this.wroteThisWalk) this.tally[this.hostAt[h]!]!.wrote++;
    for (const h of this.lostThisWalk) this.tally[this.hostAt[h]!]!.lost++;
    this.wroteThisWalk = new Set();
    this.lostThisWalk = new Set();
    this.awaiting = new Set();
    this.prev = null;
  }

  /** The tallies and the current walk's bookkeeping, as plain data (simulate --checkpoint). */
  snapshot(): unknown {
    return {
      tally: this.tally.map((t) => ({ ...t })), writes: this.writes.slice(), lastWrite: this.lastWrite.slice(),
      awaiting: [...this.awaiting], wroteThisWalk: [...this.wroteThisWalk], lostThisWalk: [...this.lostThisWalk],
      stranded: this.stranded.snapshot(),
    };
  }

  /** Continues from a {@link snapshot}. */
  restore(data: unknown): void {
    const d = data as { tally: HostTally[]; writes: Int32Array; lastWrite: Int32Array; awaiting: number[]; wroteThisWalk: number[]; lostThisWalk: number[]; stranded?: unknown };
    d.tally.forEach((t, k) => Object.assign(this.tally[k]!, t));
    this.writes = Int32Array.from(d.writes);
    this.lastWrite = Int32Array.from(d.lastWrite);
    this.awaiting = new Set(d.awaiting);
    this.wroteThisWalk = new Set(d.wroteThisWalk);
    this.lostThisWalk = new Set(d.lostThisWalk);
    if (d.stranded !== undefined) this.stranded.restore(d.stranded);
    this.prev = null;
  }

  /**
   * (Issue 17) The tallies of the hosts seen so far (sharded runs), as `[host index, wrote, reached,
   * totalDelay, maxDelay, lost]` rows; (issue 13) then one `[-1, ...stranded figures]` row
   * ({@link STRANDED_FIELDS} order) when some walk was observed.
   */
  tallies(): number[][] {
    const rows: number[][] = [];
    this.tally.forEach((t, k) => {
      if (t.wrote || t.reached || t.lost) rows.push([k, t.wrote, t.reached, t.totalDelay, t.maxDelay, t.lost]);
    });
    const st = this.stranded.figures();
    if (st.walks) rows.push([-1, ...STRANDED_FIELDS.map((f) => st[f])]);
    return rows;
  }

  /** (Issue 17) Adds another shard's {@link tallies}: counts and delays add up, maxima combine. */
  absorb(snapshot: unknown): void {
    if (!Array.isArray(snapshot)) throw new Error('CA metrics snapshot: expected an array of rows');
    for (const row of snapshot) {
      if (Array.isArray(row) && row[0] === -1 && row.length === 1 + STRANDED_FIELDS.length && row.slice(1).every((x) => Number.isSafeInteger(x) && x >= 0)) {
        this.stranded.absorb(Object.fromEntries(STRANDED_FIELDS.map((f, k) => [f, row[k + 1] as number])) as unknown as StrandedFigures);
        continue;
      }
      const t = Array.isArray(row) && row.length === 6 && row.every((x) => Number.isSafeInteger(x) && x >= 0) ? this.tally[row[0] as number] : undefined;
      if (!t) throw new Error(`CA metrics snapshot: bad row ${JSON.stringify(row)}`);
      const [, wrote, reached, totalDelay, maxDelay, lost] = row as number[];
      t.wrote += wrote!;
      t.reached += reached!;
      t.totalDelay += totalDelay!;
      t.maxDelay = Math.max(t.maxDelay, maxDelay!);
      t.lost += lost!;
    }
  }

  report(): CaMetricsReport {
    const table = this.table();
    const st = this.stranded.figures();
    const line = `stranded-updates (informative): ${st.updates} update(s) held only by peers while their origin was away, in ${st.walksWithStranded} of ${st.walks} walk(s); ${st.atEnd} still stranded at a walk's end; at most ${st.maxAtOnce} at once, in ${st.states} observed state(s)`;
    return { ...table, note: table.note ? `${table.note}. ${line}` : line, stranded: st };
  }

  private table(): MetricsReport {
    const rows: (string | number)[][] = [];
    this.hosts.forEach((h, k) => {
      const t = this.tally[k]!;
      if (t.wrote === 0 && t.lost === 0) return;
      const row: (string | number)[] = [this.st.names[h]!, t.wrote, t.reached, t.reached ? Math.round((10 * t.totalDelay) / t.reached) / 10 : '-', t.reached ? t.maxDelay : '-'];
      if (this.faults) row.push(t.lost ? `${t.lost} (its unnumbered updates: lost with ${this.st.names[h]})` : 0);
      rows.push(row);
    });
    if (this.faults) {
      return {
        title: 'CA state per host after its last update (with faults)',
        columns: ['host', 'walks it wrote in', 'reached CA after', 'mean steps to CA', 'max steps to CA', 'walks it was lost for good in'],
        rows,
        note: 'steps from the host\'s last update to the first observed state where it is in CA (defs 3.1.8-3.1.11; updates stranded on lost hosts are not demanded); a host lost for good is not awaited: its walks count under "lost for good", not as missing CA',
      };
    }
    return {
      title: 'CA state per host after its last update',
      columns: ['host', 'walks it wrote in', 'reached CA after', 'mean steps to CA', 'max steps to CA'],
      rows,
      note: 'steps from the host\'s last update to the first observed state where it is in CA (defs 3.1.8-3.1.11), observed every checked step and at the end of each drain',
    };
  }
}
