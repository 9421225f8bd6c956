/**
 * The replication model's trace actions (split from replication.ts, which re-exports them): the
 * semantic action a trace step carries. Additive changes only, as for the rest of the format.
 */
import type { VldsKind } from './replication.ts';

/**
 * A step's semantic action. Nodes by id, updates by name `<origin id>#<seq>`, instances by name
 * `<from id>/<n>`, objects and items by id.
 */
export type ReplicationAction =
  /** Phase 2, local update at `host` (any member node); refused (no update, `refused` + 1) on an infrequently changed object unless `host` is the MS. */
  | { type: 'update'; host: string; item: string; value: number }
  /** A local read, recorded for the session guarantees. */
  | { type: 'read'; host: string; item: string }
  /**
   * Phase 3: the resident IIRA at `from` retrieves what it must send, creates an instance carrying
   * a VLDS of `kind` addressed to `to`, and asks its Host Manager to migrate it (monitoring,
   * retrieving, creating, migrating fused: nothing observable can interleave inside one IIRA).
   */
  | { type: 'send'; from: string; to: string; kind: VldsKind; instance: string; updates: string[]; objects?: string[] }
  /** The Host Manager's transfer of a migrating instance: `ok` delivers it (state executing) and acknowledges (the sender's flags turn T); otherwise a failed transfer, retried later. */
  | { type: 'migrate'; instance: string; ok: boolean }
  /** The Host Manager delivers one more copy of an already transferred instance (a duplicated delivery). */
  | { type: 'duplicate'; instance: string }
  /**
   * The instance executes at its destination (inserting, ordering or merging its VLDS) and removes itself.
   * (Clarification, as the model implements it) executing an IR at a host also creates that host's
   * ROI instance to its current cell, and executing an ROI at a cell or zone creates the next
   * ROI instance one level up (both in state `migrating`; the knob `roiPropagation` turns them off).
   */
  | { type: 'execute'; instance: string }
  /** Phase 4: a cell or zone orders its collected updates causally (they join its flag-F list); the MS assigns Global IDs. */
  | { type: 'order'; server: string; updates: string[] }
  /** Peer-to-peer exchange of recent updates between mobile hosts in one cell (fused send and execute). */
  | { type: 'peer'; from: string; to: string; updates: string[] }
  | { type: 'disconnect'; host: string }
  | { type: 'reconnect'; host: string }
  /** A mobile host moves to another cell (possibly in another zone). */
  | { type: 'move'; host: string; to: string }
  /**
   * A host joins: its join request reaches its cell, which creates the IR instance (the `send` of the IR instance follows as its own step).
   * (Clarification) The created instance is in state `creating` with an empty snapshot; the `send`
   * (kind IR) fills the snapshot and cursor from the cell at that moment. `objects` lists every
   * object the host will hold (its interests and their related objects).
   */
  | { type: 'join'; host: string; objects: string[]; refused?: true }
  /**
   * (Addition, issue 13; knob `initialReplication: seed`) The offer IR `instance` executes at
   * `host`: the user selects `objects` (closed under the Object-Related-List; every object the
   * host will hold from now on) and, with the knob `itemSelection`, the data items `items` of them
   * (absent: every item). Objects no longer selected are dropped at once; the host's ROI
   * (with `added`) goes to its cell. Under `seed`, `join` names no objects (the selection comes
   * later) and `refused: true` is a join request the cell refused (3.5: "once the request is
   * verified and accepted"): the host stays outside and may retry while `bounds.joins` allows.
   */
  | { type: 'select'; instance: string; host: string; objects: string[]; items?: string[] }
  /**
   * Change-Replicated-Data: add or remove one object (with its related objects) at a host.
   * (Clarification) `add` creates an IR instance at the host's cell (state `creating`, like a join);
   * `remove` takes effect at once (the object's items are dropped) and creates the host's ROI instance.
   * (Addition, issue 13; knob `initialReplication: seed`) `stage: 'invoke'` is CRD step 1 (the
   * user invokes the service, connected or not; no add or remove named), `stage: 'message'` steps
   * 2-4 (connected, the Change-Replicated-Data-Msg reaches the cell, which creates and sends an
   * offer IR instance); what is added or removed is chosen at the `select` that follows.
   */
  | { type: 'changeInterests'; host: string; add?: string; remove?: string; stage?: 'invoke' | 'message' }
  /**
   * (Addition, issue 13: growing topology) A host configured with `leaves` leaves the system: it
   * unregisters with a Replicated-Objects-Information-VLDS (Region none, no objects) to its
   * server and stops being a member (`left`). Only a flushed host leaves: nothing flagged F, no
   * instance from or to it in existence. (A server `join` uses the `join` action with the
   * server's id as `host` and every object as `objects`.)
   */
  | { type: 'leave'; host: string }
  /**
   * (Additions, issue 12: faults) `crash`: the node stops; it keeps only what its checkpoint
   * policy persisted; instances it sent and that were not transferred yet are lost, and so are
   * arrivals it had not persisted. `recover`: it restarts from that state (redo follows by the
   * protocol; a server whose `faults.recovery` is `replacement` comes up on a replacement that
   * waits for its neighbours to re-register, see `reregister`). `checkpoint`: a joint checkpoint of `node` and its parent `with` (13.2.1).
   * `lose`: the Host Manager acknowledged the transfer of `instance` (the sender's flags turn T)
   * but the instance never arrives. `loseHost`: a host is lost for good. `partition`/`heal`: the
   * link between a cell or zone `node` and its parent is cut / restored.
   */
  | { type: 'crash'; node: string }
  | { type: 'recover'; node: string }
  /**
   * (Addition, issue 12) `node`, a server recovered on a replacement, learns that its neighbour
   * `with` (its parent or a child) re-registered with it: a child re-sends its cursor (the
   * replacement's ReRU stream resumes from it), the parent learns the replacement's address.
   */
  | { type: 'reregister'; node: string; with: string }
  | { type: 'checkpoint'; node: string; with: string }
  | { type: 'lose'; instance: string }
  | { type: 'loseHost'; host: string }
  | { type: 'partition'; node: string }
  | { type: 'heal'; node: string }
  /**
   * (Addition, issue 13; knob `handoff` forward or resend) The old cell `from`, having learnt that
   * `host` registered at cell `to`, hands over the instances it created for the host and had not
   * transferred (`instances`): under `forward` the new cell relays `updates` to the host in a new
   * ReRU instance (none when `updates` is empty); under `resend` they are dropped.
   */
  | { type: 'handoff'; host: string; from: string; to: string; instances: string[]; updates: string[] };
