/**
 * `stranded-updates` (issue 13, informative: not a pass/fail property): an update is *stranded*
 * when only peers hold it while its origin is away. Precisely, in one state, an update `u` that
 *  - has no Global ID yet,
 *  - whose origin is away (disconnected, crashed or lost for good),
 *  - that no server has (merged, collected, flagged F or T) and no RU instance carries,
 *  - and that some host other than its origin has merged (it came by peer exchange).
 * Without the knob `peerRelay` such an update waits for its origin to come back (or is lost with
 * it); with it, the peer carries it up in its own RU. Random runs count them (`StrandedTally`,
 * reported beside the CA metrics as `metrics.stranded` in `simulate --json`).
 */
import type { ReplicationState } from '../traces/replication.ts';

/** The stranded updates of a state (ids, ascending). `server[i]` and `host[i]` say node i's kind. */
export function strandedUpdates(s: ReplicationState, server: readonly boolean[]): number[] {
  let candidates: number[] | undefined;
  s.updates.forEach((u, id) => {
    if (u.gid !== 0 || server[u.origin]) return;
    const o = s.nodes[u.origin]!;
    if (o.connected && !o.down) return;
    (candidates ??= []).push(id);
  });
  if (!candidates) return [];
  const covered = new Set<number>();
  const peers = new Set<number>();
  s.nodes.forEach((n, i) => {
    if (server[i]) {
      for (const list of n.order) for (const id of list) covered.add(id);
      for (const id of n.collected) covered.add(id);
      for (const id of n.flagF) covered.add(id);
      for (const id of n.flagT) covered.add(id);
    } else if (n.member) {
      for (const list of n.order) for (const id of list) if (s.updates[id]!.origin !== i) peers.add(id);
    }
  });
  for (const x of s.instances) if (x.kind === 'RU') for (const id of x.updates) covered.add(id);
  return candidates.filter((id) => peers.has(id) && !covered.has(id));
}

/** The figures `simulate --json` reports as `metrics.stranded`. */
export interface StrandedFigures {
  /** Walks observed. */
  walks: number;
  /** Walks in which some update was seen stranded. */
  walksWithStranded: number;
  /** Distinct updates seen stranded, summed over the walks. */
  updates: number;
  /** Updates still stranded in the walks' last states, summed. */
  atEnd: number;
  /** Largest number of updates stranded at once in one observed state. */
  maxAtOnce: number;
  /** Observed states with at least one stranded update (how long stranding lasts, at the check cadence). */
  states: number;
}

/** The figures' fields, in the order sharded tallies list them. */
export const STRANDED_FIELDS = ['walks', 'walksWithStranded', 'updates', 'atEnd', 'maxAtOnce', 'states'] as const;

/** Counts stranded updates over random walks (observed at the walk's check cadence and at its end). */
export class StrandedTally {
  private readonly server: boolean[];
  private seen = new Set<number>();
  private readonly f: StrandedFigures = { walks: 0, walksWithStranded: 0, updates: 0, atEnd: 0, maxAtOnce: 0, states: 0 };

  constructor(server: boolean[]) {
    this.server = server;
  }

  /** A walk starts. */
  start(): void {
    this.seen = new Set();
  }

  /** A state of the walk. */
  visit(s: ReplicationState): number[] {
    const now = strandedUpdates(s, this.server);
    for (const id of now) this.seen.add(id);
    if (now.length > this.f.maxAtOnce) this.f.maxAtOnce = now.length;
    if (now.length) this.f.states++;
    return now;
  }

  /** The walk's last state. */
  end(s: ReplicationState): void {
    this.f.atEnd += this.visit(s).length;
    this.f.walks++;
    if (this.seen.size) this.f.walksWithStranded++;
    this.f.updates += this.seen.size;
    this.seen = new Set();
  }

  /** The figures so far. */
  figures(): StrandedFigures {
    return { ...this.f };
  }

  /** The figures and the current walk's distinct stranded updates, as plain data (simulate --checkpoint). */
  snapshot(): { figures: StrandedFigures; seen: number[] } {
    return { figures: this.figures(), seen: [...this.seen] };
  }

  /** Continues from a {@link snapshot}. */
  restore(data: unknown): void {
    const d = data as { figures: StrandedFigures; seen: number[] };
    Object.assign(this.f, d.figures);
    this.seen = new Set(d.seen);
  }

  /** Adds figures taken over other walks (another shard's). */
  absorb(o: StrandedFigures): void {
    this.f.walks += o.walks;
    this.f.walksWithStranded += o.walksWithStranded;
    this.f.updates += o.updates;
    this.f.atEnd += o.atEnd;
    this.f.maxAtOnce = Math.max(this.f.maxAtOnce, o.maxAtOnce);
    this.f.states += o.states;
  }
}
