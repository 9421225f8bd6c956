/**
 * A lock with a waiting queue, to show what a verdict rests on (issue 11): properties with an
 * antecedent (`always(name, p, { antecedent })`), a transition property, and a leads-to property
 * under weak fairness.
 *
 * Each process is idle, waiting or critical. `request` (idle -> waiting) joins the queue;
 * `enter` lets the process the lock picks into its critical section when nobody is there (FIFO:
 * the head of the queue; `--param order=lifo`: the last to arrive); `leave` goes back to idle.
 * `enter` and `leave` are weakly fair (the lock keeps working); `request` is not (a process may
 * stay idle forever).
 *
 *   npx replcheck check --model examples/ticket-lock.ts                    # all hold, none vacuous
 *   npx replcheck check --model examples/ticket-lock.ts --param processes=1
 *       # mutual-exclusion and enters-in-order hold vacuously: one process never competes
 *   npx replcheck check --model examples/ticket-lock.ts --param processes=1 --require-witnesses  # exit 3
 *   npx replcheck check --model examples/ticket-lock.ts --param order=lifo
 *       # enters-in-order is violated, and p1-enters by a fair lasso: p2 overtakes p1 forever
 */
import type { Model } from '../src/engine/model.ts';
import type { ModelModule } from '../src/engine/plugin.ts';
import { always, eventually, transition, type Property } from '../src/engine/property.ts';
import { UsageError } from '../src/engine/errors.ts';

type Pc = 'idle' | 'waiting' | 'critical';

/** Each process's state and the queue of waiting processes, in arrival order. */
export interface LockState {
  pcs: Pc[];
  queue: number[];
}

/** A process's step. */
export interface LockAction {
  type: 'request' | 'enter' | 'leave';
  p: number;
}

const PCS: Pc[] = ['idle', 'waiting', 'critical'];
const name = (p: number) => `p${p + 1}`;

/** Builds the lock model for `processes` processes served in `order`. */
export function lockModel(processes: number, order: 'fifo' | 'lifo'): Model<LockState, LockAction> {
  return {
    name: 'ticket-lock',
    init: () => [{ pcs: Array.from({ length: processes }, () => 'idle' as Pc), queue: [] }],
    actions(s) {
      const out: LockAction[] = [];
      s.pcs.forEach((pc, p) => {
        if (pc === 'idle') out.push({ type: 'request', p });
        if (pc === 'critical') out.push({ type: 'leave', p });
      });
      if (!s.pcs.includes('critical') && s.queue.length > 0) {
        out.push({ type: 'enter', p: order === 'fifo' ? s.queue[0] : s.queue[s.queue.length - 1] });
      }
      return out;
    },
    next(s, a) {
      const pcs = s.pcs.slice();
      pcs[a.p] = a.type === 'request' ? 'waiting' : a.type === 'enter' ? 'critical' : 'idle';
      const queue = a.type === 'request' ? [...s.queue, a.p] : a.type === 'enter' ? s.queue.filter((q) => q !== a.p) : s.queue;
      return { pcs, queue };
    },
    encode(s, out) {
      for (const pc of s.pcs) out.word(PCS.indexOf(pc));
      out.word(s.queue.length);
      for (const q of s.queue) out.word(q);
    },
    formatAction: (a) => `${a.type} ${name(a.p)}`,
    actionKind: (a) => a.type,
    actionKinds: () => ['request', 'enter', 'leave'],
    isDrain: (a) => a.type !== 'request',
    isFair: (a) => a.type !== 'request',
  };
}

/** The lock's properties. */
export function lockProperties(): Property<LockState, LockAction>[] {
  return [
    always<LockState, LockAction>('mutual-exclusion', (s) => s.pcs.filter((pc) => pc === 'critical').length <= 1, {
      description: 'At most one process is in its critical section.',
      antecedent: {
        description: 'a process waiting while another is in its critical section',
        state: (s) => s.pcs.includes('critical') && s.pcs.includes('waiting'),
      },
    }),
    transition<LockState, LockAction>('enters-in-order', (s, a) =>
      a.type !== 'enter' || a.p === s.queue[0] || { facts: [`${name(a.p)} entered before ${name(s.queue[0])}, who was waiting longer`] }, {
      description: 'Processes enter in the order they requested.',
      antecedent: { description: 'an entry while another process waits', transition: (s, a) => a.type === 'enter' && s.queue.length > 1 },
    }),
    eventually<LockState, LockAction>('p1-enters', (s) => s.pcs[0] === 'critical' || { facts: ['p1 is still waiting'] }, {
      description: 'A waiting p1 eventually enters its critical section (under weak fairness of enter and leave).',
      trigger: (s) => s.pcs[0] === 'waiting',
    }),
  ];
}

const module: ModelModule<LockState, LockAction> = {
  name: 'ticket-lock',
  description: 'A lock with a waiting queue (FIFO or LIFO): antecedents, a transition property and leads-to under weak fairness.',
  params: {
    processes: { description: 'number of processes (1-6)', default: '2' },
    order: { description: 'fifo or lifo', default: 'fifo' },
  },
  create(sel) {
    const raw = sel.params.processes ?? '2';
    const processes = Number(raw);
    if (!/^[1-6]$/.test(raw)) throw new UsageError(`--param processes must be an integer from 1 to 6 (got '${raw}')`);
    const order = sel.params.order ?? 'fifo';
    if (order !== 'fifo' && order !== 'lifo') throw new UsageError(`--param order must be fifo or lifo (got '${order}')`);
    return { model: lockModel(processes, order), properties: lockProperties(), meta: { params: { processes: String(processes), order } } };
  },
};

export default module;
