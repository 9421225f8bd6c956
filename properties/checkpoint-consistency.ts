/**
 * checkpoint-consistency (issue 12; seed 002 13.2.1: the checkpoint of a cluster is consistent
 * when the checkpoints of the objects it binds "reflect the same set of interactions").
 *
 * In the project's words, for every parent `p` and child `c` (a cell and its zone, a zone and the
 * MS) whose last checkpoints were taken jointly (each names the other in `with`):
 *  1. every update `c`'s checkpoint flags T (acknowledged by `p`) is known in `p`'s checkpoint
 *     (merged, collected, or flagged F or T there): no acknowledgement is recorded for an
 *     interaction the parent's checkpoint lacks;
 *  2. `c`'s checkpointed ReRU cursor is not ahead of `p`'s: the child never reflects Global IDs
 *     it could only have received after the parent's checkpoint.
 */
import { always, type Property, type Verdict } from '../src/engine/property.ts';
import type { CheckpointView, ReplicationState } from '../traces/replication.ts';
import { type Statics, updateName } from './context.ts';

function knows(c: CheckpointView, u: number): boolean {
  return c.collected.includes(u) || c.flagF.includes(u) || c.flagT.includes(u) || c.order.some((seq) => seq.includes(u));
}

/** Checks one state. */
export function checkCheckpointConsistency(st: Statics, s: ReplicationState): Verdict {
  for (let c = 0; c < s.nodes.length; c++) {
    const child = s.nodes[c]!;
    const cc = child.checkpoint;
    if (!cc || cc.with < 0 || cc.with !== child.parent) continue;
    const pc = s.nodes[cc.with]!.checkpoint;
    if (!pc || pc.with !== c) continue;
    const cn = st.names[c], pn = st.names[cc.with];
    for (const u of cc.flagT) {
      if (knows(pc, u)) continue;
      const un = updateName(st, s, u);
      return {
        facts: [`${cn} and ${pn} checkpointed jointly, but ${cn}'s checkpoint flags ${un} T (acknowledged by ${pn}) while ${pn}'s checkpoint does not have it`],
        replica: cn, updates: [un],
      };
    }
    if (cc.committed > pc.committed) {
      return { facts: [`${cn} and ${pn} checkpointed jointly, but ${cn}'s checkpoint has merged Global IDs up to ${cc.committed}, ${pn}'s only up to ${pc.committed}`], replica: cn };
    }
  }
  return true;
}

/** The `checkpoint-consistency` property (always). */
export function checkpointConsistency(st: Statics): Property<ReplicationState> {
  return always('checkpoint-consistency', (s) => checkCheckpointConsistency(st, s), {
    description: 'Checkpoint consistency (issue 12; seed 002 13.2.1): a jointly checkpointed parent and child agree on which updates passed between them.',
    antecedent: {
      description: 'a joint checkpoint of a parent and a child',
      state: (s) => s.nodes.some((n) => n.checkpoint !== undefined && n.checkpoint.with >= 0),
    },
  });
}
