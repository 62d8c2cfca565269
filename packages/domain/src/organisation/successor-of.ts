/**
 * Following successions: which unit carries a (possibly ceased) unit's history on a given day.
 */
import { assertIsoDate } from '../catalogue/effective-dated.ts';
import { InvalidOrganisationError } from './organisation-errors.ts';
import { unitById, type OrganisationUnit } from './organisation-unit.ts';

/**
 * The ids from `unitId` to the unit carrying its history on `date`, following every succession
 * that has started by then (a merger, then a rename of the merged unit, …). The first element is
 * `unitId`, the last is the carrier.
 *
 * Guarantees: a unit still existing on `date`, a unit whose succession starts after `date`, and
 * a unit that ceased without a successor (a district in 2025) each carry their own history. A
 * chain that comes back to a unit already on it is bad data and throws
 * `InvalidOrganisationError` (`organisationProblems` rules it out for checked data).
 */
export function successionChain(units: readonly OrganisationUnit[], unitId: string, date: string): string[] {
  assertIsoDate(date);
  const chain = [unitId];
  let unit = unitById(units, unitId);
  while (unit.succession && unit.succession.from <= date) {
    const next = unit.succession.successorId;
    if (chain.includes(next)) throw new InvalidOrganisationError([`${unitId}: succession loops through ${[...chain, next].join(' → ')}`]);
    chain.push(next);
    unit = unitById(units, next);
  }
  return chain;
}

/**
 * The unit that carries `unitId`'s history on `date`: itself, or the end of its succession
 * chain (see {@link successionChain}). Throws `UnknownUnitError` for an unknown id anywhere on
 * the chain.
 */
export function successorOf(units: readonly OrganisationUnit[], unitId: string, date: string): OrganisationUnit {
  return unitById(units, successionChain(units, unitId, date).at(-1)!);
}
