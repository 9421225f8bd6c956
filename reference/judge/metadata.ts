/**
 * The judge's metadata-convergence (issue 13; spec "Metadata convergence: once settled,
 * Hosts-Obj and Host-Replicated-Objects-Obj are equal at every server and match what each host
 * holds"; seed 001 3.3: each new replica's Host ID, Host Type and Region are stored on the
 * Hosts-Obj of its area's server and replicated to the other servers, the details of its
 * replicated objects on Hosts-Replicated-Objects-Obj; 3.5 steps 4-8 and server steps 8-9: the
 * information climbs to the MS and is propagated to every underlying server), read on the
 * engine's own metadata objects (reference/state.ts `ServerMetadata`), hosts' memberships,
 * current cells and stores. Written from those texts; shares no code with properties/ or model/.
 *
 * In a settled state (convergence.ts), when servers keep metadata (not under the knob `oracle`):
 * 1. every member server's Hosts-Obj gives each host the Region the MS's gives it (no row: no
 *    Region), and its Hosts-Replicated-Objects-Obj the objects the MS's gives it (no row: none);
 * 2. the MS's rows match each host not lost for good: a member is registered in the cell (or
 *    zone, or MS) it is attached to now, with the objects its store replicates; a host that has
 *    not joined, or has left, is registered nowhere and with no objects;
 * 3. every member server's Hosts-Obj registers exactly the joining servers that have joined.
 */
import type { EngineState, ServerMetadata } from '../state.ts';
import { isServerKind } from '../topology.ts';
import { unsettled } from './convergence.ts';
import { isLost } from './faults.ts';
import type { JudgeScope } from './history.ts';

/** Host `h`'s Region and objects in server metadata `m` (-1 and 0 without a row). */
function rowOf(m: ServerMetadata, h: number): [number, number] {
  return [m.hostsObj.find((r) => r.host === h)?.region ?? -1, m.hostsReplicatedObjects.find((r) => r.host === h)?.objects ?? 0];
}

function where(j: JudgeScope, r: number): string {
  return r < 0 ? 'nowhere' : j.ids[r];
}

function objectsText(j: JudgeScope, mask: number): string {
  return `{${j.topo.objects.filter((_, o) => mask & (1 << o)).map((o) => o.id).join(', ')}}`;
}

/** metadata-convergence, in one state. */
export function judgeMetadataConvergence(j: JudgeScope, s: EngineState): string[] | undefined {
  const ms = s.nodes[j.topo.master].metadata;
  if (!ms || unsettled(j, s).length) return undefined;
  const hosts = j.topo.nodes.flatMap((n, h) => (isServerKind(n.kind) ? [] : [h]));
  const servers = s.nodes.flatMap((n, q) => (n.member && n.metadata && isServerKind(j.topo.nodes[q].kind) ? [q] : []));
  for (const q of servers) {
    if (q === j.topo.master) continue;
    const m = s.nodes[q].metadata!;
    for (const h of hosts) {
      const [region, objects] = rowOf(m, h);
      const [msRegion, msObjects] = rowOf(ms, h);
      if (region !== msRegion) return ['the run is settled', `${j.ids[q]}'s Hosts-Obj has ${j.ids[h]} in ${where(j, region)}, the MS's in ${where(j, msRegion)}`];
      if (objects !== msObjects) return ['the run is settled', `${j.ids[q]}'s Hosts-Replicated-Objects-Obj has ${j.ids[h]} holding ${objectsText(j, objects)}, the MS's ${objectsText(j, msObjects)}`];
    }
  }
  for (const h of hosts) {
    if (isLost(s, h)) continue;
    const n = s.nodes[h];
    const [region, objects] = n.member ? [n.parent, n.store.objects] : [-1, 0];
    const [msRegion, msObjects] = rowOf(ms, h);
    if (region !== msRegion) return ['the run is settled', `the servers have ${j.ids[h]} in ${where(j, msRegion)}, but it is ${n.member ? `in ${j.ids[region]}` : 'not a member'}`];
    if (objects !== msObjects) return ['the run is settled', `the servers have ${j.ids[h]} holding ${objectsText(j, msObjects)}, but it holds ${objectsText(j, objects)}`];
  }
  const joiners = j.topo.nodes.flatMap((n, i) => (n.joins && isServerKind(n.kind) ? [i] : []));
  const joined = joiners.filter((i) => s.nodes[i].member);
  for (const q of servers) {
    const known = joiners.filter((i) => s.nodes[q].metadata!.hostsObj.some((r) => r.host === i));
    if (known.length !== joined.length || known.some((i, k) => i !== joined[k])) {
      return ['the run is settled', `${j.ids[q]}'s Hosts-Obj registers the joined servers [${known.map((i) => j.ids[i]).join(', ')}], but [${joined.map((i) => j.ids[i]).join(', ')}] have joined`];
    }
  }
  return undefined;
}
