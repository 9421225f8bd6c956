/**
 * Message sizes from what an instance carries (issue 14): a VLDS header and tracking data per
 * instance, per update its header, payload, Global ID and the mechanism's ordering metadata. The
 * metadata is what the mechanism needs to order at the receiver: the Lamport/physical/vector
 * stamp (8 bytes per number) and, for mechanisms that hold back on causal dependencies, the
 * dependency list: a committed cursor (8 bytes) plus the tentative dependencies (8 bytes each;
 * committed ones are covered by the cursor). A mechanism that ships more metadata pays for it.
 */
import type { InstanceView, ReplicationState, UpdateView } from '../../traces/replication.ts';
import type { OrderingMechanism } from '../mechanism.ts';
import type { TimedConfig } from './config.ts';

/**
 * Bytes of ordering metadata attached to update `u` when its origin wrote it, `committed` being
 * the origin's committed cursor then: the stamp, and the dependencies when the mechanism
 * `readsDeps` (OrderingMechanism; absent, as for a plugin that does not say: it pays for them).
 */
export function metadataBytes(mech: OrderingMechanism, causalHoldBack: boolean, s: ReplicationState, u: UpdateView, committed: number): number {
  const stampBytes = 8 * u.stamp.length;
  const usesDeps = causalHoldBack && mech.readsDeps !== false;
  if (!usesDeps) return stampBytes;
  let tentative = 0;
  for (const d of u.deps) {
    const g = s.updates[d]!.gid;
    if (!(g > 0 && g <= committed)) tentative++;
  }
  return stampBytes + 8 + 8 * tentative;
}

/** Sizes of messages for one configuration; `meta[id]` is update id's metadata size. */
export class MessageSizes {
  private readonly cfg: TimedConfig['sizes'];
  private readonly meta: number[];

  constructor(cfg: TimedConfig['sizes'], meta: number[]) {
    this.cfg = cfg;
    this.meta = meta;}

  /** Bytes of update `id` inside a VLDS (header, payload, Global ID, metadata). */
  update(id: number): number {
    return this.cfg.updateHeader + this.cfg.updatePayload + 8 + (this.meta[id] ?? 0);
  }

  /** Bytes of an instance as it leaves its sender. */
  instance(x: InstanceView): number {
    let b = this.cfg.vldsHeader + this.cfg.tracking;
    for (const id of x.updates) b += this.update(id);
    if (x.kind === 'IR') for (const vs of x.snapshot) b += vs.length * (this.cfg.updateHeader + this.cfg.updatePayload + 8);
    if (x.kind === 'IR' || x.kind === 'ROI') b += 8;
    return b;
  }

  /** Bytes of a peer exchange carrying `ids`. */
  peer(ids: readonly number[]): number {
    let b = this.cfg.vldsHeader + this.cfg.tracking;
    for (const id of ids) b += this.update(id);
    return b;
  }

  /** Ordering metadata bytes of update `id`. */
  metadata(id: number): number {
    return this.meta[id] ?? 0;
  }
}
