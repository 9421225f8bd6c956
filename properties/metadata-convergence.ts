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
import { checkServerRows } from './server-rows.ts';

function objectList(st: Statics, mask: number): string {
  return `{${st.index.objects.filter((_, o) => (mask & (1 << o)) !== 0).map((o) => o.id).join(', ')}}`;
}

function regionName(st: Statics, r: number): string {
  return r < 0 ? 'nowhere (not registered)' : st.names[r];
}

/** Each host's initial row (by host position): [region, objects] from the configuration (a joiner: [-1, 0]). */
function initialRows(st: Statics): { first: number; rows: [number, number][] } {
  const first = st.kinds.findIndex((k) => k === 'mobile' || k === 'fixed');
  const objIndex = new Map(st.index.objects.map((o, i) => [o.id, i]));
  const rows = st.config.hosts.map((h): [number, number] => {
    if (h.joins) return [-1, 0];
    let mask = 0;
    const stack = h.interests.map((o) => objIndex.get(o)).filter((o): o is number => o !== undefined);
    while (stack.length > 0) {
      const o = stack.pop()!;
      if (mask & (1 << o)) continue;
      mask |= 1 << o;
      stack.push(...st.index.objects[o].related);
    }
    return [st.names.indexOf(h.cell), mask];
  });
  return { first: first < 0 ? st.names.length : first, rows };
}

/** A server's [region, objects] for host position `k`. */
function rowAt(m: MetadataView, initial: [number, number][], k: number): [number, number] {
  for (let j = 0; j < m.rows.length; j += 4) if (m.rows[j] === k) return [m.rows[j + 1], m.rows[j + 2]];
  return initial[k];
}

/**
 * (Issue 17) The position in `m.rows` of each host's first row (-1: none, the initial row holds),
 * so a settled check reads a server's row for a host in constant time; `into` is reused.
 */
function firstRows(m: MetadataView, hosts: number, into: Int32Array): Int32Array {
  into.fill(-1, 0, hosts);
  for (let j = m.rows.length - 4; j >= 0; j -= 4) {
    const k = m.rows[j];
    if (k >= 0 && k < hosts) into[k] = j;
  }
  return into;
}

/**
 * (Issue 17) True when server meta `m` registers every host exactly as the MS's `ms` does (its
 * rows read as {@link rowAt} reads them), looking only at the hosts either has a row for: the
 * others hold their initial row at both. `msAt`: {@link firstRows} of `ms`; `seen`: scratch.
 */
function sameAsMaster(m: MetadataView, ms: MetadataView, msAt: Int32Array, initial: [number, number][], seen: Int32Array, stamp: number): boolean {
  if (m.rows === ms.rows) return true;
  const hosts = initial.length;
  for (let j = 0; j < m.rows.length; j += 4) {
    const k = m.rows[j];
    if (k < 0 || k >= hosts) continue;
    if (seen[k] === stamp) continue; // a later row for the same host: rowAt reads the first
    seen[k] = stamp;
    const a = msAt[k];
    const mregion = a < 0 ? initial[k][0] : ms.rows[a + 1];
    const mobjects = a < 0 ? initial[k][1] : ms.rows[a + 2];
    if (m.rows[j + 1] !== mregion || m.rows[j + 2] !== mobjects) return false;
  }
  for (let j = 0; j < ms.rows.length; j += 4) {
    const k = ms.rows[j];
    if (k < 0 || k >= hosts || seen[k] === stamp || msAt[k] !== j) continue;
    if (ms.rows[j + 1] !== initial[k][0] || ms.rows[j + 2] !== initial[k][1]) return false;
  }
  return true;
}

/** Two reusable scratch arrays of at least `n` entries. */
const scratchArrays: Int32Array[] = [new Int32Array(0), new Int32Array(0)];
function scratch(n: number, which: number): Int32Array {
  if (scratchArrays[which].length < n) scratchArrays[which] = new Int32Array(n);
  return scratchArrays[which];
}

/** Checks one state. */
export function checkMetadataConvergence(st: Statics, s: ReplicationState, init = initialRows(st)): Verdict {
  const ms = s.nodes[st.master].meta;
  if (!ms || !isSettled(st, s)) return true;
  const { first, rows: initial } = init;
  // (Issue 17) A settled state compared server by server in the rows they hold, and each host
  // with the MS's row read from an index: the host-by-host scan below (servers x hosts x rows)
  // runs only to explain a disagreement, so it reports the same first one.
  const hosts = initial.length;
  const msAt = firstRows(ms, hosts, scratch(hosts, 0));
  const seen = scratch(hosts, 1);
  seen.fill(0, 0, hosts);
  let agree = true;
  for (let q = 0; q < s.nodes.length && agree; q++) {
    const m: MetadataView | undefined = s.nodes[q].meta;
    if (!m || q === st.master) continue;
    agree = sameAsMaster(m, ms, msAt, initial, seen, q + 1);
  }
  if (agree) {
    const servers = checkServerRows(st, s);
    if (servers !== true) return servers;
    let hostsAgree = true;
    for (let k = 0; k < hosts && hostsAgree; k++) {
      const node = s.nodes[first + k];
      if (node.lost) continue;
      const a = msAt[k];
      const mregion = a < 0 ? initial[k][0] : ms.rows[a + 1];
      const mobjects = a < 0 ? initial[k][1] : ms.rows[a + 2];
      hostsAgree = mregion === (node.member ? node.parent : -1) && mobjects === (node.member ? node.objects : 0);
    }
    if (hostsAgree) return true;
  }
  for (let q = 0; q < s.nodes.length; q++) {
    const m: MetadataView | undefined = s.nodes[q].meta;
    if (!m || q === st.master) continue;
    for (let k = 0; k < initial.length; k++) {
      const h = st.names[first + k];
      const [region, objects] = rowAt(m, initial, k);
      const [mregion, mobjects] = rowAt(ms, initial, k);
      if (region !== mregion) {
        return { facts: ['the state is settled', `${st.names[q]}'s Hosts-Obj registers ${h} in ${regionName(st, region)}, the MS's in ${regionName(st, mregion)}`], replica: st.names[q] };
      }
      if (objects !== mobjects) {
        return { facts: ['the state is settled', `${st.names[q]}'s Hosts-Replicated-Objects-Obj says ${h} holds ${objectList(st, objects)}, the MS's ${objectList(st, mobjects)}`], replica: st.names[q] };
      }
    }
  }
  // (Issue 13) The rows of servers that joined during the run.
  const servers = checkServerRows(st, s);
  if (servers !== true) return servers;
  for (let k = 0; k < initial.length; k++) {
    const node = s.nodes[first + k];
    if (node.lost) continue;
    const h = st.names[first + k];
    const region = node.member ? node.parent : -1;
    const objects = node.member ? node.objects : 0;
    const [mregion, mobjects] = rowAt(ms, initial, k);
    if (mregion !== region) {
      return { facts: ['the state is settled', `every server registers ${h} in ${regionName(st, mregion)}, but ${h} ${node.member ? `is in ${st.names[region]}` : 'has not joined'}`], replica: h };
    }
    if (mobjects !== objects) {
      return { facts: ['the state is settled', `every server says ${h} holds ${objectList(st, mobjects)}, but it holds ${objectList(st, objects)}`], replica: h };
    }
  }
  return true;
}

/** The `metadata-convergence` property (always). */
export function metadataConvergence(st: Statics): Property<ReplicationState> {
  const init = initialRows(st);
  return always('metadata-convergence', (s) => checkMetadataConvergence(st, s, init), {
    description: 'Metadata convergence (seed 001 3.3, 3.5 steps 4-8): once settled, every server\'s Hosts-Obj and Hosts-Replicated-Objects-Obj are equal and match where each host is and what it holds.',
    antecedent: metadataAntecedent(st),
  });
}
