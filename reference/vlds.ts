/**
 * View-Like Data Structures (seed 001, 3.4.1 and 3.5.1): what an IIRA instance carries. A VLDS
 * has a header (instance id, sender, send time, destination) and a body; propagation bodies hold
 * updates grouped by object, each with its Updates Tracking Data Items (UT-DI), which grow on
 * the way up (update number, generation time, send time at each level, finally the Global ID).
 * Initial replication uses Objects-Information-VLDS (object details plus the shipped data) and
 * Replicated-Objects-Information-VLDS (a host id and its replicated objects and data items).
 */
import type { VldsKind } from '../traces/replication.ts';
import type { ServerMetadata, UpdateClock } from './state.ts';

/** VLDS header: the instance's details (H-DI). */
export interface VldsHeader {
  /** The instance's number at its creating node (with `sender` it names the instance `sender/n`). */
  instanceId: number;
  /** Node index of the creating node. */
  sender: number;
  /** Logical time when the instance was handed to the Host Manager (0 while not yet sent). */
  sendTime: number;
  /** Node index of the addressee. */
  destination: number;
  /** (Issue 13) A ReRU a new cell relays in a handoff: the old cell whose instances it carries. */
  relay?: number;
}

/** UT-DI of one update in a propagation body. */
export interface UpdateTracking {
  /** Update number: the origin's sequence number. */
  updateNumber: number;
  /** Origin node index. */
  origin: number;
  /** Logical generation time. */
  generated: number;
  /** Logical send times at each level it has climbed through so far (grows by one per hop). */
  sent: number[];
  /** Global ID, once the MS assigned one (ReRU bodies); 0 before. */
  gid: number;
  /** The mechanism's clock stamped at generation (Lamport clock, physical timestamp, vector clock). */
  clock: UpdateClock;
}

/** One update in a propagation body: the data item, its new value and its UT-DI. */
export interface BodyEntry {
  update: number;
  item: number;
  value: number;
  tracking: UpdateTracking;
  /** Position in the sequence the sender retrieved (bodies are grouped by object; this keeps the sender's order). */
  pos: number;
}

/** A propagation body (RU, ReRU, PEER): entries grouped by object index. */
export type UpdatesBody = Map<number, BodyEntry[]>;

/** Objects-Information-VLDS body (3.5.1 (i)): object details, plus the data shipped for the selection. */
export interface ObjectsInformation {
  /** Object indices offered (every object: the user selects among them). */
  offered: number[];
  /** Objects selected, with their Object-Related-List closure (mask). */
  selected: number;
  /** Per item index: the update ids of its value sequence at the sender (empty for items not shipped). */
  data: number[][];
  /** The sender's committed Global ID high-water mark the data reflects. */
  cursor: number;
  /** (Finding 10, object-filter.ts) An interest change's instance, until served: the Global ID its data must reach. */
  need?: number;
  /** (Issue 13, seed order) True for the first instance of 3.5: object details only, no data; the host selects. */
  offerOnly?: boolean;
  /** (Issue 13) To a joining server: the sender's metadata objects at the snapshot (acknowledged cursors left out). */
  metadata?: ServerMetadata;
}

/** Replicated-Objects-Information-VLDS body (3.5.1 (ii)): a host id and its replicated objects. */
export interface ReplicatedObjectsInformation {
  host: number;
  /** Objects replicated on the host (mask). */
  objects: number;
  /** Data items replicated (item indices). */
  items: number[];
  /**
   * (Issue 13, with metadata) The Hosts-Obj Region the report registers (the cell the host sent
   * it to), its version (the number of the host's instance that made the report) and the host's
   * Global ID cursor when it made it.
   */
  registration?: { region: number; version: number; cursor: number };
  /** (Issue 13, seed order) Objects newly selected, whose data the cell must ship (3.5 step 6). */
  owed?: number;
  /** (Finding 10, object-filter.ts; seed order, with `owed`) The Global ID the owed data must reach, passed to the data instance. */
  need?: number;
}

/** A complete VLDS of one of the kinds an instance carries. */
export interface Vlds {
  kind: VldsKind;
  header: VldsHeader;
  /** RU, ReRU, PEER: the updates. */
  updates: UpdatesBody;
  /** ReRU: the sender's committed Global ID when sent. */
  cursor: number;
  /** (Finding 10, object-filter.ts) ReRU to a host: the objects the sender filtered it on (the view's `objects`). */
  filter?: number;
  /** (Finding 10, object-filter.ts) ReRU to a host: the cursor the batch starts after (the sender's acknowledged cursor for it). */
  base?: number;
  /** IR only. */
  objectsInformation?: ObjectsInformation;
  /** ROI only. */
  replicatedObjects?: ReplicatedObjectsInformation;
}

/** Groups entries by object, keeping each entry's position. */
export function groupByObject(entries: BodyEntry[], objectOfItem: (item: number) => number): UpdatesBody {
  const body: UpdatesBody = new Map();
  for (const e of entries) {
    const o = objectOfItem(e.item);
    const list = body.get(o) ?? [];
    list.push(e);
    body.set(o, list);
  }
  return body;
}

/** The body's updates in the order the sender retrieved them. */
export function bodyUpdates(body: UpdatesBody): number[] {
  return [...body.values()].flat().sort((a, b) => a.pos - b.pos).map((e) => e.update);
}

/** The body's entries in the order the sender retrieved them. */
export function bodyEntries(body: UpdatesBody): BodyEntry[] {
  return [...body.values()].flat().sort((a, b) => a.pos - b.pos);
}
