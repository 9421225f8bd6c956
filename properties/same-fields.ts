/**
 * (Issue 17) "Two node objects hold the same values in these fields", as one function per field
 * set the properties declare (node-memo.ts, node-set.ts). A loop over a list of field names reads
 * `node[name]` with a varying name, a generic (megamorphic) property access that cost more than
 * the rest of an incremental pass; a function written for one set reads each field by name.
 * Sets without their own function fall back to the loop (the same answer).
 */
import type { NodeView } from '../traces/replication.ts';

/** A comparison of two nodes on a fixed set of fields (by identity). */
export type SameFields = (a: NodeView, b: NodeView) => boolean;

const known: Record<string, SameFields> = {
  'applied,member,objects,order,unselected': (a, b) =>
    a.order === b.order && a.applied === b.applied && a.member === b.member && a.objects === b.objects && a.unselected === b.unselected,
  'applied,executed,member,order': (a, b) =>
    a.order === b.order && a.applied === b.applied && a.executed === b.executed && a.member === b.member,
  'member,objects,order,unselected': (a, b) =>
    a.order === b.order && a.member === b.member && a.objects === b.objects && a.unselected === b.unselected,
  'committed,member,objects,order,unselected': (a, b) =>
    a.order === b.order && a.committed === b.committed && a.member === b.member && a.objects === b.objects && a.unselected === b.unselected,
  'member,objects': (a, b) => a.objects === b.objects && a.member === b.member,
  'executed': (a, b) => a.executed === b.executed,
  'lost,member,objects,order,unselected': (a, b) =>
    a.order === b.order && a.member === b.member && a.lost === b.lost && a.objects === b.objects && a.unselected === b.unselected,
  'member,objects,order': (a, b) => a.order === b.order && a.member === b.member && a.objects === b.objects,
  'lost,member,objects,order': (a, b) => a.order === b.order && a.member === b.member && a.lost === b.lost && a.objects === b.objects,
  'committed,member,order': (a, b) => a.order === b.order && a.committed === b.committed && a.member === b.member,
  'flagT,member': (a, b) => a.flagT === b.flagT && a.member === b.member,
  'applied,member,objects,order': (a, b) => a.order === b.order && a.applied === b.applied && a.member === b.member && a.objects === b.objects,
};

/** The field sets with their own function (tests compare each with the loop). */
export const KNOWN_FIELD_SETS: readonly (keyof NodeView)[][] = Object.keys(known).map((k) => k.split(',') as (keyof NodeView)[]);

/** The comparison of two nodes on `fields` (by identity). */
export function sameFieldsOf(fields: readonly (keyof NodeView)[]): SameFields {
  const f = known[[...fields].sort().join(',')];
  if (f !== undefined) return f;
  const list = [...fields];
  return (a, b) => {
    for (let i = 0; i < list.length; i++) if (a[list[i]] !== b[list[i]]) return false;
    return true;
  };
}
