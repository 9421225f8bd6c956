/**
 * The configuration a user writes (before resolution) and the model's design knobs.
 * `config.schema.json` is the JSON Schema of {@link ConfigInput}; `test/model/config.test.ts`
 * checks that every preset (typed with `satisfies ConfigInput`) validates against it.
 */
import type { ResolvedConfig } from '../traces/replication.ts';
import type { FaultsInput } from './faults-config.ts';

/** Topology shorthand: a regular tree, hosts named `mh1..`, `fh1..` (see README, "Configuration"). */
export interface TopologyShorthand {
  zones: number;
  cellsPerZone: number;
  mobilePerCell: number;
  fixedPerCell?: number;
  /** The last `joinersPerCell` mobile hosts of each cell start outside the system and join during the run. */
  joinersPerCell?: number;
  /** Frequent objects each host selects, assigned round-robin (default 1). */
  interestsPerHost?: number;
}

/** Objects shorthand: frequent objects `o1..`, infrequent (reference) objects `r1..`. */
export interface ObjectsShorthand {
  frequent: number;
  infrequent?: number;
  itemsPerObject?: number;
}

/** One object as written: `related` defaults to []. */
export interface ObjectInput {
  id: string;
  kind: 'frequent' | 'infrequent';
  items: string[];
  related?: string[];
}

/** Who may generate updates: explicit node ids or a keyword. */
export type WritersInput = string[] | 'all' | 'hosts' | 'hosts+master' | 'mobile' | 'mobile+master';

/** The design knobs (ResolvedConfig.knobs), all optional in input. */
export interface Knobs {
  /** Destinations ignore an instance already executed and updates already present (default true). */
  duplicateSuppression: boolean;
  /** Propagation-Flag turns T when an instance is sent instead of when it is acknowledged (default false: a broken variant). */
  flagOnSend: boolean;
  /** The hierarchical mechanism holds back updates whose causal predecessors are not yet known (default true). */
  causalHoldBack: boolean;
  /** Mobile hosts in one cell exchange recent updates directly (default true). */
  peerExchange: boolean;
  /** After an initial replication the host's replicated-objects information climbs to the MS (default true). */
  roiPropagation: boolean;
  /** A snapshot is served only when the cell is not behind the host, and installing it never advances the host's cursor past what it holds (default true). */
  snapshotGuard: boolean;
  /** How many refused update attempts (infrequent object at a host) the explorer may take in a run (default 1). */
  refusals: number;
  /** Mechanisms that hold back only per-origin gaps (sequencer, primary-copy) do so (default true; see mechanisms/README.md). */
  fifoHoldBack: boolean;
  /**
   * The writer waits for its own commit: a node with an own update not yet committed at itself
   * can neither write nor read (default false). Formerly called `eager`, still accepted as a
   * deprecated alias (it is not eager propagation: the other replicas are not waited for).
   */
  waitOwnCommit: boolean;
  /**
   * `lazy` (default): a write returns at once and propagates afterwards. `eager`: a write returns
   * only when every member replica holding its item has merged it, and while an update of an
   * item is on its way no node reads or writes that item (reads are never stale).
   */
  propagation: 'lazy' | 'eager';
  /**
   * primary-copy: per-object primaries, `o1=mh1,o2=c1` (objects not named keep the MS). Only the
   * primary writes an object; it applies its own writes at once. See `secondaryWrites`.
   */
  primaryPlacement: string;
  /** primary-copy with `primaryPlacement`: a write at a secondary is `redirect`ed to the primary (default) or `reject`ed. */
  secondaryWrites: 'redirect' | 'reject';
  /** lww: the first writer's physical clock runs this many ticks ahead of the others (default 2). */
  clockSkew: number;
  /**
   * (Issue 11) Recurring disconnections: a disconnect does not use up `bounds.disconnects`, so a
   * member host may disconnect and reconnect any number of times (the budget only says whether
   * hosts disconnect at all: 0, never). The state graph then has cycles (default false).
   */
  recurringDisconnects: boolean;
  /**
   * (Issue 13) Servers read their children's state directly (objects, cursor, current cell)
   * instead of their metadata objects (default false; kept only to compare with the behaviour
   * before issue 13).
   */
  oracle: boolean;
  /**
   * (Issue 13) ROI reports travel from server to server as instances (true); by default (false)
   * once the cell a host reported to has recorded it, every other server records it in the same step.
   */
  roiHops: boolean;
  /**
   * (Issue 13) Initial replication and Change-Replicated-Data: `shortcut` (default: the selection
   * is the configured one, the data ships with the first instance) or `seed` (3.5's order: an offer
   * instance, a nondeterministic selection at the host, the ROI up, then the data; model/README.md,
   * "Initial replication in the seed's order").
   */
  initialReplication: 'shortcut' | 'seed';
  /** (Issue 13, `seed`) Join requests the cells may refuse in a run (default 0). */
  joinRefusals: number;
  /** (Issue 13, `seed`) A selection names 1..selectMax objects (their related objects are added; default 1). */
  selectMax: number;
  /** (Issue 13, `seed`) The user also selects a non-empty subset of the data items of each selected object (default false: whole objects). */
  itemSelection: boolean;
  /**
   * (Issue 13, growing topology) A joining server's cursor after its initial replication is the
   * snapshot's (default true); false (a broken variant) takes its parent's cursor at the moment
   * it installs, which skips what the parent committed between the snapshot and the install.
   */
  snapshotCursor: boolean;
  /**
   * (Issue 13) The handoff protocol of `move` (actions/handoff.ts): `none` (default: the host's
   * registration only; the old cell's instances keep their addressee), `forward` (the old cell
   * forwards what it still holds for the host to the new cell) or `resend` (it drops it; the new
   * cell resends from the host's acknowledged cursor).
   */
  handoff: 'none' | 'forward' | 'resend';
  /** (Issue 13) `handoff=forward` de-duplicates the forwarded batch (default true; false: a broken variant). */
  handoffDedup: boolean;
  /**
   * (Issue 13, finding 10) After a move, a host's cursor follows the cell it is registered at:
   * a ReRU from any other cell is merged without moving the cursor, and a cell sends no ReRU to a
   * host whose report of objects the cell does not know is still in flight; where hosts may both
   * move and add objects, a ReRU names the objects it was filtered on and the cursor it starts
   * after, and the host drops a batch that does not continue its replica (actions/execute.ts
   * `dropsBatch`) (default true; false: the cursor may skip updates of an object added around a
   * move, a broken variant).
   */
  moveCursorGuard: boolean;
  /** (Issue 13) Peer exchange runs as PEER instances (send, migrate, execute; lost with a failing end), fixed hosts take part (default false: one fused step between mobile hosts). */
  peerInstances: boolean;
  /** (Issue 13) A peer exchange's receiver flags what it received F and carries it up in its own RU (default false). */
  peerRelay: boolean;
  /** (Issue 13) Servers ignore an update id they already collected, ordered or committed (default true; false is a broken variant for peerRelay). */
  relayDedup: boolean;
}

/** The knobs of the hierarchical strategy as the seed describes it. */
export const DEFAULT_KNOBS: Readonly<Knobs> = Object.freeze({
  duplicateSuppression: true,
  flagOnSend: false,
  causalHoldBack: true,
  peerExchange: true,
  roiPropagation: true,
  snapshotGuard: true,
  refusals: 1,
  fifoHoldBack: true,
  waitOwnCommit: false,
  propagation: 'lazy',
  primaryPlacement: '',
  secondaryWrites: 'redirect',
  clockSkew: 2,
  recurringDisconnects: false,
  oracle: false,
  roiHops: false,
  initialReplication: 'shortcut',
  joinRefusals: 0,
  selectMax: 1,
  itemSelection: false,
  snapshotCursor: true,
  handoff: 'none',
  handoffDedup: true,
  moveCursorGuard: true,
  peerInstances: false,
  peerRelay: false,
  relayDedup: true,
});

/** Deprecated knob names and the knob they stand for. */
export const KNOB_ALIASES: Readonly<Record<string, keyof Knobs>> = Object.freeze({ eager: 'waitOwnCommit' });

/** The allowed values of the knobs that take a word. */
export const KNOB_WORDS: Readonly<Partial<Record<keyof Knobs, readonly string[]>>> = Object.freeze({
  propagation: ['lazy', 'eager'],
  secondaryWrites: ['redirect', 'reject'],
  initialReplication: ['shortcut', 'seed'],
  handoff: ['none', 'forward', 'resend'],
});

/** `knobs` with deprecated names replaced by the knob they stand for (the new name wins when both are given). */
export function normalizeKnobs<T extends Record<string, unknown>>(knobs: T): T {
  let out = knobs;
  for (const [old, now] of Object.entries(KNOB_ALIASES)) {
    if (!(old in out)) continue;
    const { [old]: value, ...rest } = out as Record<string, unknown>;
    out = { ...rest, [now]: now in rest ? rest[now] : value } as T;
  }
  return out;
}

/** Bounds as written: every field optional (defaults in `config.ts`). */
export type BoundsInput = Partial<ResolvedConfig['bounds']>;

/** A configuration as the user writes it: the explicit tree or the `topology` shorthand. */
export interface ConfigInput {
  $schema?: string;
  name?: string;
  description?: string;
  master?: { id: string };
  /** (Issue 13) `joins`: a zone server that joins during the run (its cells must join too). */
  zones?: { id: string; joins?: boolean }[];
  /** (Issue 13) `joins`: a cell server that joins during the run (its hosts must join too). */
  cells?: { id: string; zone: string; joins?: boolean }[];
  /** `cell`: the server the host attaches to (issue 13: a fixed host may name a zone or the master); `leaves`: it may leave. */
  hosts?: { id: string; kind: 'mobile' | 'fixed'; cell: string; interests: string[]; joins?: boolean; leaves?: boolean }[];
  topology?: TopologyShorthand;
  objects?: ObjectInput[] | ObjectsShorthand;
  bounds?: BoundsInput;
  writers?: WritersInput;
  /** Design knobs; `eager` is accepted as the deprecated name of `waitOwnCommit`. */
  knobs?: Partial<Knobs> & { eager?: boolean };
  /** (Issue 12) The fault model: budgets, targets, checkpoint policies (`faults-config.ts`). */
  faults?: FaultsInput;
  /** (Issue 16) Raised size limits, e.g. `{"bounds.values": 1000, "nodes": 200000}` (config-limits.ts). */
  limits?: Record<string, number>;
}

/** Reads the knobs of a resolved configuration, filling defaults. */
export function knobsOf(config: ResolvedConfig): Knobs {
  return { ...DEFAULT_KNOBS, ...normalizeKnobs(config.knobs ?? {}) } as Knobs;
}
