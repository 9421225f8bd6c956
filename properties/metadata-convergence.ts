/**
 * metadata-convergence (seed 001 3.3: "The information of each new replica is stored on the
 * host's object in the server of the area where the replica is created and then it is replicated
 * to other servers. This information includes the Host ID, Host Type ... and Region ... The
 * details of the replicated objects on that host are stored on the object of host's replicated
 * data"; 3.5 steps 4-8: the Replicated-Objects-Information climbs to the MS and is propagated to
 * all underlying servers).
 *
 * In the project's words (issue 13): in a settled state (settled.ts), every server's Hosts-Obj
 * (each host's Region) and Hosts-Replicated-Objects-Obj (each host's objects) are the same, and
 * they match what each host actually is and holds: a member host is registered in the cell it is
 * in and with the objects it replicates; a host that has not joined is not registered. Hosts lost
 * for good (faults) are not compared. States without metadata (the knob `oracle`) have nothing to
 * check.
 */
import { always, type Property, type Verdict } from '../src/engine/property.ts';
import type { Statics } from './context.ts';
import { isSettled } from './settled.ts';
import type { MetadataView, ReplicationState } from '../traces/replication.ts';
import { metadataAntecedent } from './antecedents.ts';

function objectList(st: Statics, mask: number): string {
  return `{${st.index.objects.filter((_, o) => (mask & (1 << o)) !== 0).map((o) => o.id).join(', ')}}`;
}

function regionName(st: Statics, r: number): string {
  return r < 0 ? 'nowhere (not registered)' : st.names[r];
}

/** Checks one state. */
export function checkMetadataConvergence(st: Statics, s: ReplicationState): Verdict {
  const ms = s.nodes[st.master].meta;
  if (!ms || !isSettled(st, s)) return true;
  const first = s.nodes.length - ms.region.length;
  for (let q = 0; q < s.nodes.length; q++) {
    const m: MetadataView | undefined = s.nodes[q].meta;
    if (!m || q === st.master) continue;
    for (let k = 0; k < ms.region.length; k++) {
      const h = st.names[first + k];
      if (m.region[k] !== ms.region[k]) {
        return { facts: ['the state is settled', `${st.names[q]}'s Hosts-Obj registers ${h} in ${regionName(st, m.region[k])}, the MS's in ${regionName(st, ms.region[k])}`], replica: st.names[q] };
      }
      if (m.objects[k] !== ms.objects[k]) {
        return { facts: ['the state is settled', `${st.names[q]}'s Hosts-Replicated-Objects-Obj says ${h} holds ${objectList(st, m.objects[k])}, the MS's ${objectList(st, ms.objects[k])}`], replica: st.names[q] };
      }
    }
  }
  for (let k = 0; k < ms.region.length; k++) {
    const node = s.nodes[first + k];
    if (node.lost) continue;
    const h = st.names[first + k];
    const region = node.member ? node.parent : -1;
    const objects = node.member ? node.objects : 0;
    if (ms.region[k] !== region) {
      return { facts: ['the state is settled', `every server registers ${h} in ${regionName(st, ms.region[k])}, but ${h} ${node.member ? `is in ${st.names[region]}` : 'has not joined'}`], replica: h };
    }
    if (ms.objects[k] !== objects) {
      return { facts: ['the state is settled', `every server says ${h} holds ${objectList(st, ms.objects[k])}, but it holds ${objectList(st, objects)}`], replica: h };
    }
  }
  return true;
}

/** The `metadata-convergence` property (always). */
export function metadataConvergence(st: Statics): Property<ReplicationState> {
  return always('metadata-convergence', (s) => checkMetadataConvergence(st, s), {
    description: 'Metadata convergence (seed 001 3.3, 3.5 steps 4-8): once settled, every server\'s Hosts-Obj and Hosts-Replicated-Objects-Obj are equal and match where each host is and what it holds.',
    antecedent: metadataAntecedent(st),
  });
}
