/**
 * Explanation aid: where along the hierarchy an ordering went wrong. Given two updates that should
 * be ordered `first` before `second` (by happens-before, by origin sequence, or by Global ID), it
 * lists every place in the state that puts `second` first: a server's forwarding lists (flag T:
 * sent up; flag F: queued to send), an instance's VLDS body, a replica's current order, the
 * Global IDs the MS assigned. Only called to build an Explanation, never in the hot loop.
 */
import { type Statics, updateName } from './context.ts';
import type { ReplicationState } from '../traces/replication.ts';

function inverted(list: readonly number[], first: number, second: number): boolean {
  const a = list.indexOf(first), b = list.indexOf(second);
  return a >= 0 && b >= 0 && b < a;
}

/** Facts naming who placed `second` before `first`. */
export function blameInversion(st: Statics, s: ReplicationState, first: number, second: number): string[] {
  const f = updateName(st, s, first), g = updateName(st, s, second);
  const facts: string[] = [];
  s.nodes.forEach((node, i) => {
    const name = st.names[i];
    if (inverted(node.flagT, first, second)) facts.push(`${name} forwarded ${g} before ${f}`);
    else if (inverted(node.flagF, first, second)) facts.push(`${name} queued ${g} before ${f} to forward`);
    else if (inverted([...node.flagT, ...node.flagF], first, second)) facts.push(`${name} forwarded ${g} before ${f}`);
    if (inverted(node.collected, first, second)) facts.push(`${name} collected ${g} before ${f}`);
  });
  for (const inst of s.instances) {
    if (inverted(inst.updates, first, second)) {
      facts.push(`instance ${st.names[inst.from]}/${inst.n} (${inst.kind} to ${st.names[inst.to]}) carries ${g} before ${f}`);
    }
  }
  const gf = s.updates[first]?.gid ?? 0, gg = s.updates[second]?.gid ?? 0;
  if (gf > 0 && gg > 0 && gg < gf) facts.push(`the MS gave ${g} gid ${gg} and ${f} gid ${gf}`);
  return facts;
}
