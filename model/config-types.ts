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
  /** Eager propagation: a node with an own update not yet committed at itself can neither write nor read (default false: lazy). */
  eager: boolean;
  /** lww: the first writer's physical clock runs this many ticks ahead of the others (default 2). */
  clockSkew: number;
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
  eager: false,
  clockSkew: 2,
  oracle: false,
  roiHops: false,
  peerInstances: false,
  peerRelay: false,
  relayDedup: true,
});

/** Bounds as written: every field optional (defaults in `config.ts`). */
export type BoundsInput = Partial<ResolvedConfig['bounds']>;

/** A configuration as the user writes it: the explicit tree or the `topology` shorthand. */
export interface ConfigInput {
  $schema?: string;
  name?: string;
  description?: string;
  master?: { id: string };
  zones?: { id: string }[];
  cells?: { id: string; zone: string }[];
  hosts?: { id: string; kind: 'mobile' | 'fixed'; cell: string; interests: string[]; joins?: boolean }[];
  topology?: TopologyShorthand;
  objects?: ObjectInput[] | ObjectsShorthand;
  bounds?: BoundsInput;
  writers?: WritersInput;
  knobs?: Partial<Knobs>;
  /** (Issue 12) The fault model: budgets, targets, checkpoint policies (`faults-config.ts`). */
  faults?: FaultsInput;
  /** (Issue 16) Raised size limits, e.g. `{"bounds.values": 1000, "nodes": 200000}` (config-limits.ts). */
  limits?: Record<string, number>;
}

/** Reads the knobs of a resolved configuration, filling defaults. */
export function knobsOf(config: ResolvedConfig): Knobs {
  return { ...DEFAULT_KNOBS, ...(config.knobs ?? {}) } as Knobs;
}
