/**
 * A trace's steps as the renderers show them: the label, the state in readable form (named for a
 * replication trace, as recorded otherwise) and what the step changed. For the replication view
 * the changes leave out what another change already says: counters of updates and instances
 * made (`writes`, `made`), an application log that only mirrors the per-item orders, and an
 * instance's trail when it only records its new state.
 */
import type { TraceFile } from '../format.ts';
import type { ReplicationState } from '../replication.ts';
import { diff, jsonEqual, type Change } from './diff.ts';
import { namedState, replicationNames, type NamedState, type ReplicationNames } from './names.ts';

/** One step, ready to render. */
export interface StepView {
  index: number;
  /** The action's one-line label (`initial state` for step 0). */
  label: string;
  action: unknown;
  /** The state reached, named (replication) or as recorded. */
  state: unknown;
  /** What changed since the previous step (empty for step 0). */
  changes: Change[];
}

/** The whole trace, ready to render. */
export interface TraceView {
  trace: TraceFile;
  /** Set for a replication trace. */
  names?: ReplicationNames;
  steps: StepView[];
}

/** The label of a step: the recorded one, else the action's JSON. */
export function stepLabel(s: TraceFile['steps'][number]): string {
  if (s.index === 0 && s.action === null) return 'initial state';
  return s.label ?? JSON.stringify(s.action);
}

/** Builds the view of every step. */
export function traceView(trace: TraceFile): TraceView {
  const names = replicationNames(trace);
  const states = trace.steps.map((s) => (names ? namedState(s.state as ReplicationState, names) : s.state));
  const steps = trace.steps.map((s, i): StepView => {
    const changes = i === 0 ? [] : diff(states[i - 1], states[i]);
    return { index: s.index, label: stepLabel(s), action: s.action, state: states[i], changes: names ? quiet(changes) : changes };
  });
  return { trace, names, steps };
}

const NODE_FIELD = /^nodes\.([^.]+)\.(made|writes|applied)$/;
const ORDER = /^nodes\.([^.]+)\.order\./;

/** Drops the replication changes another change already implies (see the file header). */
function quiet(changes: Change[]): Change[] {
  const orderAdds = new Map<string, unknown[]>();
  for (const c of changes) {
    const m = ORDER.exec(c.path);
    if (m && c.kind === 'items') orderAdds.set(m[1], [...(orderAdds.get(m[1]) ?? []), ...(c.added ?? [])]);
  }
  const stateOf = new Map<string, unknown>();
  for (const c of changes) if (/^instances\.[^.]+\.state$/.test(c.path)) stateOf.set(c.path.slice(0, -'.state'.length), c.after);
  return changes.flatMap((c): Change[] => {
    const m = NODE_FIELD.exec(c.path);
    if (m && (m[2] === 'made' || m[2] === 'writes') && c.kind === 'changed' && typeof c.before === 'number' && c.after === (c.before as number) + 1) return [];
    if (m && m[2] === 'applied' && c.kind === 'items' && !c.removed?.length && sameItems(c.added ?? [], orderAdds.get(m[1]) ?? [])) return [];
    if (c.path.endsWith('.trail') && c.kind === 'items' && !c.removed?.length && c.added?.length === 1 &&
      stateOf.get(c.path.slice(0, -'.trail'.length)) === c.added[0]) return [];
    if (c.kind === 'added' && /^instances\.[^.]+$/.test(c.path) && typeof c.after === 'object' && c.after !== null) {
      const { trail: _trail, ...rest } = c.after as Record<string, unknown>;
      return [{ ...c, after: rest }];
    }
    return [c];
  });
}

function sameItems(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && jsonEqual([...a].map(String).sort(), [...b].map(String).sort());
}

/** The state of a named replication view, typed (for renderers that read nodes and instances). */
export function asNamed(state: unknown): NamedState | undefined {
  return typeof state === 'object' && state !== null && 'nodes' in state && 'instances' in state ? (state as NamedState) : undefined;
}
