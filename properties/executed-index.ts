/**
 * Which nodes executed which instance names, kept up to date incrementally between the states a
 * property is evaluated on: only nodes whose `executed` list is a different array from the last
 * evaluated state are re-indexed (states share unchanged lists), so the check costs the length
 * of the changed lists, not the sum over thousands of hosts. Used by agent-lifecycle for "an
 * instance executes at most once, at one node".
 */
import type { ReplicationState } from '../traces/replication.ts';
import { deltaOf } from './delta.ts';

const setMemo = new WeakMap<string[], Set<string>>();

/** The distinct names of an `executed` list (memoised per array). */
export function executedSet(list: string[]): Set<string> {
  let set = setMemo.get(list);
  if (!set) setMemo.set(list, (set = new Set(list)));
  return set;
}

/** Incremental index from instance name to the number of distinct nodes that executed it. */
export class ExecutedIndex {
  private lists: string[][] = [];
  /** The state the index describes. */
  private state: ReplicationState | null = null;
  private readonly count = new Map<string, number>();
  /** Names executed at two or more nodes. */
  private readonly shared = new Set<string>();

  private add(list: string[], delta: 1 | -1): void {
    // (Issue 17) A short list's distinct names, in the same order as its set's, without the set.
    if (list.length <= 8) this.addFrom(list, 0, delta);
    else for (const name of executedSet(list)) this.bump(name, delta);
  }

  /** Bumps each name of `list` from position `from` on that no earlier position holds. */
  private addFrom(list: string[], from: number, delta: 1 | -1): void {
    outer: for (let i = from; i < list.length; i++) {
      const name = list[i];
      for (let j = 0; j < i; j++) if (list[j] === name) continue outer;
      this.bump(name, delta);
    }
  }

  /**
   * (Stop 38) Node list `old` became `list`. A list that only grew (the model appends to
   * `executed`) counts only its new names, those not already in it: on `huge`, re-counting every
   * name of a changed list was 2.6% of an every-step walk. (A scan, not executedSet(old): a grown
   * list is never asked for its set, so one would be built per step.)
   */
  private replace(old: string[], list: string[]): void {
    const n = old.length;
    let grew = list.length > n;
    for (let i = 0; grew && i < n; i++) grew = old[i] === list[i];
    if (grew) return this.addFrom(list, n, 1);
    this.add(old, -1);
    this.add(list, 1);
  }

  private bump(name: string, delta: 1 | -1): void {
    const c = (this.count.get(name) ?? 0) + delta;
    if (c === 0) this.count.delete(name); else this.count.set(name, c);
    if (c >= 2) this.shared.add(name); else this.shared.delete(name);
  }

  /** Brings the index to state `s`; returns a name executed at two nodes, or undefined. */
  update(s: ReplicationState): string | undefined {
    if (this.lists.length !== s.nodes.length) {
      this.count.clear();
      this.shared.clear();
      this.lists = s.nodes.map(() => []);
      this.state = null;
    }
    // (Issue 17) After a model step from the state indexed last, only the nodes it replaced can differ.
    const d = deltaOf(s);
    const visit = d !== undefined && this.state !== null && d.base === this.state ? d.touched : null;
    const count = visit === null ? s.nodes.length : visit.length;
    for (let k = 0; k < count; k++) {
      const r = visit === null ? k : visit[k];
      const list = s.nodes[r].executed;
      if (list === this.lists[r]) continue;
      this.replace(this.lists[r], list);
      this.lists[r] = list;
    }
    this.state = s;
    for (const name of this.shared) return name;
    return undefined;
  }
}
