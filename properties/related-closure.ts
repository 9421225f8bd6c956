/**
 * related-closure (seed 001 definition 3.5.1.1, Object-Related-List, and section 3.5: "the IIRA
 * looks at Object-Related-List to determine which objects in this list related to the selected
 * objects. Then, it replicates these objects into the new host").
 *
 * In the project's words: every member node that holds an object holds every object on that
 * object's Object-Related-List (`NodeIndex.objects[o].related`). Servers hold everything, so in
 * practice this constrains hosts: after joining, and after every change of interests.
 */
import { always, type Property, type Verdict } from '../src/engine/property.ts';
import type { Statics } from './context.ts';
import { NodeMemo, passesAfterWith } from './node-memo.ts';
import type { ReplicationState } from '../traces/replication.ts';
import { relatedAntecedent } from './antecedents.ts';

/** Checks one state. */
export function checkRelatedClosure(st: Statics, s: ReplicationState, memo: NodeMemo = new NodeMemo()): Verdict {
  const objs = st.index.objects;
  // (Issue 17) only the nodes the last step changed, when it started from the last state that passed
  const visit = memo.begin(s.nodes, undefined, s);
  for (let k = 0; k < visit.length; k++) {
    const r = visit[k];
    const node = s.nodes[r];
    if (memo.skip(r)) continue;
    if (!node.member) { memo.remember(r); continue; }
    const mask = node.objects;
    for (let o = 0; o < objs.length; o++) {
      if ((mask & (1 << o)) === 0) continue;
      const missing = st.relatedMask[o] & ~mask;
      if (missing !== 0) {
        const lacking = objs.filter((_, i) => (missing & (1 << i)) !== 0).map((x) => x.id);
        return {
          facts: [`${st.names[r]} holds ${objs[o].id}, whose Object-Related-List is [${objs[o].related.map((i) => objs[i].id).join(', ')}], but not ${lacking.join(', ')}`],
          replica: st.names[r],
        };
      }
    }
    memo.remember(r);
  }
  memo.done();
  return true;
}

/** The `related-closure` property (always). */
export function relatedClosure(st: Statics): Property<ReplicationState> {
  // (Issue 17) The node fields its per-replica check reads.
  const memo = new NodeMemo(['member', 'objects']);
  return always('related-closure', (s) => checkRelatedClosure(st, s, memo), {
    // (Issue 17) In the exhaustive search the parent passed: only the nodes the step replaced are checked.
    passesAfter: passesAfterWith(memo, (t) => checkRelatedClosure(st, t, memo)),
    description: 'Related-object closure (seed 001 def 3.5.1.1, 3.5): a replica that holds an object holds every object on its Object-Related-List.',
    antecedent: relatedAntecedent(st),
  });
}
