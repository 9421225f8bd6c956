/**
 * A trace as a message sequence: its participants (lifelines) and, per step, an event between
 * them. For the replication view the participants are the configured nodes in index order
 * (master, zones, cells, hosts); agent instances become arrows (`send`, `migrate`, `duplicate`
 * from the creating node to the destination, `execute` at the destination) and local actions
 * marks. Any other trace falls back to participants inferred from the actions' JSON fields
 * (`from`/`to`, `host`, `server`, `rm`, ...), plus one `system` lifeline for actions naming none.
 */
import type { TraceFile } from '../format.ts';
import { compact } from './diff.ts';
import { replicationNames } from './names.ts';
import type { TraceView } from './steps.ts';

/** One lifeline. */
export interface Participant {
  id: string;
  /** master, zone, cell, mobile, fixed for the replication view; `participant` or `system` otherwise. */
  kind: string;
}

/** What a step draws. */
export type StepEvent =
  | { kind: 'initial' }
  /** A message from one lifeline to another (an agent instance or a peer exchange). */
  | { kind: 'arrow'; from: string; to: string; style: 'send' | 'migrate' | 'failed' | 'duplicate' | 'message'; caption: string }
  /** An action at one lifeline that concerns a message (an instance executing at its destination). */
  | { kind: 'self'; at: string; caption: string }
  /** A local action at one lifeline. */
  | { kind: 'mark'; at: string; caption: string };

/** Participants and one event per step. */
export interface Sequence {
  participants: Participant[];
  events: StepEvent[];
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const s = (x: unknown) => (typeof x === 'string' || typeof x === 'number' ? String(x) : undefined);

/** The sequence of a trace (replication view or generic). */
export function sequenceOf(view: TraceView): Sequence {
  return replicationNames(view.trace) ? replicationSequence(view) : genericSequence(view.trace);
}

function replicationSequence(view: TraceView): Sequence {
  const participants = view.names!.nodes.map((n) => ({ id: n.id, kind: n.kind as string }));
  const route = new Map<string, { from: string; to: string }>();
  const events = view.steps.map((step, i): StepEvent => {
    const e = replicationEvent(step, i);
    // A local action's caption is its label without the node's name in front ("writes x=1 (mh1#1)").
    if (e.kind === 'mark' && step.label.startsWith(`${e.at} `)) return { ...e, caption: step.label.slice(e.at.length + 1) };
    return e;
  });
  function replicationEvent(step: TraceView['steps'][number], i: number): StepEvent {
    const a = step.action;
    if (!isObj(a)) return { kind: 'initial' };
    const ids = (x: unknown) => (Array.isArray(x) ? compact(x) : '');
    const instanceRoute = (name: string) => {
      const known = route.get(name);
      if (known) return known;
      const prev = view.steps[i - 1]?.state as { instances?: Record<string, { from?: string; to?: string }> } | undefined;
      const rec = prev?.instances?.[name] ?? (step.state as typeof prev)?.instances?.[name];
      return { from: rec?.from ?? name.slice(0, name.lastIndexOf('/')), to: rec?.to ?? name.slice(0, name.lastIndexOf('/')) };
    };
    switch (a.type) {
      case 'send': {
        const r = { from: String(a.from), to: String(a.to) };
        route.set(String(a.instance), r);
        return { kind: 'arrow', ...r, style: 'send', caption: `${s(a.kind)} ${s(a.instance)} ${ids(a.updates)}`.trim() };
      }
      case 'migrate': {
        const r = instanceRoute(String(a.instance));
        return a.ok === false
          ? { kind: 'arrow', ...r, style: 'failed', caption: `migrate ${s(a.instance)} failed` }
          : { kind: 'arrow', ...r, style: 'migrate', caption: `migrate ${s(a.instance)}` };
      }
      case 'duplicate':
        return { kind: 'arrow', ...instanceRoute(String(a.instance)), style: 'duplicate', caption: `duplicate ${s(a.instance)}` };
      case 'execute':
        return { kind: 'self', at: instanceRoute(String(a.instance)).to, caption: `execute ${s(a.instance)}` };
      case 'peer':
        return { kind: 'arrow', from: String(a.from), to: String(a.to), style: 'message', caption: `peer ${ids(a.updates)}` };
      case 'update': return { kind: 'mark', at: String(a.host), caption: `write ${s(a.item)}=${s(a.value)}` };
      case 'read': return { kind: 'mark', at: String(a.host), caption: `read ${s(a.item)}` };
      case 'order': return { kind: 'mark', at: String(a.server), caption: `order ${ids(a.updates)}` };
      case 'disconnect': case 'reconnect': return { kind: 'mark', at: String(a.host), caption: String(a.type) };
      case 'move': return { kind: 'mark', at: String(a.host), caption: `move to ${s(a.to)}` };
      case 'join': return { kind: 'mark', at: String(a.host), caption: `join ${ids(a.objects)}` };
      case 'changeInterests':
        return { kind: 'mark', at: String(a.host), caption: `interests ${a.add !== undefined ? `+${s(a.add)}` : ''}${a.remove !== undefined ? `-${s(a.remove)}` : ''}` };
      default: {
        const at = [a.host, a.server, a.from, a.node].map(s).find((x) => x !== undefined && participants.some((p) => p.id === x));
        return { kind: 'mark', at: at ?? participants[0].id, caption: step.label };
      }
    }
  }
  return { participants, events };
}

/** Action fields that name a participant, in the order they are looked at. */
const PARTICIPANT_KEYS = ['from', 'to', 'src', 'dst', 'source', 'target', 'sender', 'receiver', 'host', 'server', 'node', 'replica', 'site',
  'process', 'proc', 'participant', 'client', 'peer', 'rm', 'actor'];
const PAIRS: [string, string][] = [['from', 'to'], ['src', 'dst'], ['source', 'target'], ['sender', 'receiver']];
/** The lifeline of actions that name no participant. */
export const SYSTEM = 'system';

function genericSequence(trace: TraceFile): Sequence {
  const seen: string[] = [];
  let system = false;
  const named = trace.steps.map((step) => {
    const a = step.action;
    if (!isObj(a)) {
      if (!(step.index === 0 && a === null)) system = true;
      return [];
    }
    const found = PARTICIPANT_KEYS.map((k) => s(a[k])).filter((x): x is string => x !== undefined);
    for (const f of found) if (!seen.includes(f)) seen.push(f);
    if (found.length === 0) system = true;
    return found;
  });
  const participants: Participant[] = [...(system || seen.length === 0 ? [{ id: SYSTEM, kind: 'system' }] : []), ...seen.map((id) => ({ id, kind: 'participant' }))];
  const events = trace.steps.map((step, i): StepEvent => {
    const a = step.action;
    if (step.index === 0 && a === null) return { kind: 'initial' };
    const caption = step.label ?? JSON.stringify(a);
    if (isObj(a)) {
      for (const [f, t] of PAIRS) {
        const from = s(a[f]), to = s(a[t]);
        if (from !== undefined && to !== undefined && from !== to) return { kind: 'arrow', from, to, style: 'message', caption };
      }
    }
    return { kind: 'mark', at: named[i][0] ?? SYSTEM, caption };
  });
  return { participants, events };
}
