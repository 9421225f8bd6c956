/**
 * The state's number and record lists, built without editing: the shared empty list and appends
 * that make a new array of exactly the new length (issue 17: a copy then a push leaves spare room
 * in every stored list), and the per-item order replacement. Arrays in a state are replaced, never
 * edited (see `state.ts`), so every list operation here returns a new array.
 */

/** A shared empty list (never mutated). */
export const EMPTY: readonly number[] = Object.freeze([]) as readonly number[];

/**
 * (Issue 17) `list` with `id` appended: a new array of exactly that length (a copy then a push
 * leaves room for 16 more entries in every stored list), made by literals while short.
 */
export function appendId(list: readonly number[], id: number): number[] {
  switch (list.length) {
    case 0: return [id];
    case 1: return [list[0]!, id];
    case 2: return [list[0]!, list[1]!, id];
    case 3: return [list[0]!, list[1]!, list[2]!, id];
    case 4: return [list[0]!, list[1]!, list[2]!, list[3]!, id];
    case 5: return [list[0]!, list[1]!, list[2]!, list[3]!, list[4]!, id];
    default: return list.concat(id);
  }
}

/** (Issue 17) `a` followed by `b`, number lists (a new array; {@link appendId} when `b` has one entry). */
export function joinIds(a: readonly number[], b: readonly number[]): number[] {
  return b.length === 1 ? appendId(a, b[0]!) : a.concat(b);
}

/**
 * Returns `list` with `x` appended (a new array of exactly that length: see {@link appendId}).
 * For lists of objects and strings only (numbers go through appendId: the literals here would
 * give number lists the elements kind of object lists).
 */
export function append<T>(list: readonly T[], x: T): T[] {
  switch (list.length) {
    case 0: return [x];
    case 1: return [list[0]!, x];
    case 2: return [list[0]!, list[1]!, x];
    case 3: return [list[0]!, list[1]!, list[2]!, x];
    case 4: return [list[0]!, list[1]!, list[2]!, list[3]!, x];
    default: {
      const out = list.slice() as T[];
      out.push(x);
      return out;
    }
  }
}

/** Returns a copy of a node's per-item order with item `item` replaced. */
export function withOrder(order: readonly number[][], item: number, list: number[]): number[][] {
  const out = order.slice();
  out[item] = list;
  return out;
}
