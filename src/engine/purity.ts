/**
 * (Stop 28) The explorer's check that expanding a state left it unchanged. The Model contract
 * says `actions` and `next` never write the state they are given; a model that does (say
 * `s.c[a.p]++; return { c: s.c.slice() }`) silently explores a different, smaller space and
 * can pass a wrong design. So after a state's successors are computed, its encoding is taken
 * again and compared with the fingerprint it was stored under: a difference is a
 * {@link ContractError} naming the model (one line, exit 2), never a verdict. Every state of
 * the first {@link PURE_FIRST} is checked, then one in {@link PURE_EVERY} (by id, so the same
 * states on any number of workers): a model that writes its input does so on almost every
 * step, and checking all would cost one more encoding per state.
 */
import { ContractError } from './contract-error.ts';

/** States (ids below it) all checked. */
export const PURE_FIRST = 1024;
/** Then one state in this many (a power of two). */
export const PURE_EVERY = 64;

/** True when state `id` is one the explorer checks. */
export function checksPurity(id: number): boolean {
  return id < PURE_FIRST || (id & (PURE_EVERY - 1)) === 0;
}

/** The breach for state `id`, found changed after its expansion, of the model `who` names. */
export function changedInput(who: string, id: number): ContractError {
  return new ContractError(who, 'actions or next', 'changed the state it was given: the state encodes differently after its successors were computed '
    + '(the explorer needs both to leave their input unchanged: copy, then change the copy)', `while exploring state ${id}`);
}
