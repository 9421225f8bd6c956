/**
 * (Stop 29) Misspelt members of user objects. A plugin or a model is an object whose optional
 * members change behaviour when present (`promises`, `mayUpdate`, `isFair`, `canonical`): a
 * misspelt one (`promise:`, `mayUpdte`, `isfair`) is silently ignored, and the run checks
 * something else than the user meant. A member whose name is close to a known member's but is
 * not one is therefore refused; other unknown members (helpers) stay allowed.
 */

/** Edit distance between `a` and `b` (insertions, deletions, substitutions, adjacent swaps), capped: anything above `max` is max + 1. */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      row.push(d);
    }
    rows.push(row);
  }
  return Math.min(rows[a.length]![b.length]!, max + 1);
}

/**
 * How far (case-insensitive) a name may be from `known` to count as a misspelling of it: 2, or 1
 * for names of five letters or fewer (so helpers such as `time` or `same` are not taken for `name`).
 */
function reach(known: string): number {
  return known.length <= 5 ? 1 : 2;
}

/** The member names of `x`: own and inherited (a class instance's methods), not Object.prototype's, not `constructor`. */
export function memberNames(x: object): string[] {
  const out = new Set<string>();
  for (let o: object | null = x; o !== null && o !== Object.prototype && o !== Function.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const k of Object.getOwnPropertyNames(o)) if (k !== 'constructor') out.add(k);
  }
  return [...out];
}

/**
 * The first member of `x` that looks like a misspelling of one of `known` (within {@link reach},
 * ignoring case, but not equal to one), with the member it is near; undefined when there is none.
 */
export function misspeltMember(x: object, known: readonly string[]): { name: string; meant: string } | undefined {
  const exact = new Set(known);
  for (const name of memberNames(x)) {
    if (exact.has(name)) continue;
    const meant = closest(name, known);
    if (meant !== undefined) return { name, meant };
  }
  return undefined;
}

/** The known name closest to `name` within {@link reach} (case-insensitive), or undefined: what a misspelt `name` meant. */
export function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const k of known) {
    const d = editDistance(name.toLowerCase(), k.toLowerCase(), reach(k));
    if (d <= reach(k) && d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best;
}

/** ` (did you mean 'X'?)` for the closest known name, or the empty string. */
export function didYouMean(name: string, known: readonly string[]): string {
  const k = closest(name, known);
  return k === undefined ? '' : ` (did you mean '${k}'?)`;
}
