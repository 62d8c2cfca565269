/**
 * Reading the organisation map on a given day: which units exist, under which parent.
 * Pure functions over the unit list; nothing is cached, so a corrected list is read as is.
 */
import { assertIsoDate } from '../catalogue/effective-dated.ts';
import { unitById, withinPeriod, type OrganisationUnit, type UnitKind } from './organisation-unit.ts';

/** A unit as it stood on one day: its record plus the parent it had that day. */
export interface UnitOnDate {
  unitId: string;
  nameVi: string;
  nameEn: string;
  kind: UnitKind;
  /** The parent that day, `null` at top level. */
  parentId: string | null;
  validFrom: string;
  validTo?: string;
}

/** The parent of `unit` on `date`, `null` when no parent period covers that day. */
export function parentAt(unit: OrganisationUnit, date: string): string | null {
  return unit.parents.find((period) => withinPeriod(date, period.from, period.to))?.parentId ?? null;
}

function onDate(unit: OrganisationUnit, date: string): UnitOnDate {
  return {
    unitId: unit.unitId,
    nameVi: unit.nameVi,
    nameEn: unit.nameEn,
    kind: unit.kind,
    parentId: parentAt(unit, date),
    validFrom: unit.validFrom,
    ...(unit.validTo !== undefined ? { validTo: unit.validTo } : {}),
  };
}

/**
 * The unit `unitId` as it stood on `date`, or `undefined` when it did not exist that day (not
 * yet created, or ceased). Throws `UnknownUnitError` for an id not in `units` and
 * `InvalidCatalogueDateError` for a malformed date: those are mistakes, a ceased unit is not.
 */
export function unitAt(units: readonly OrganisationUnit[], unitId: string, date: string): UnitOnDate | undefined {
  assertIsoDate(date);
  const unit = unitById(units, unitId);
  return withinPeriod(date, unit.validFrom, unit.validTo) ? onDate(unit, date) : undefined;
}

export interface ActiveUnitsFilter {
  kind?: UnitKind;
  /** Only the units under this parent on that day. */
  parentId?: string | null;
}

/** Every unit that existed on `date` (optionally of one kind or under one parent), sorted by id. */
export function activeUnits(units: readonly OrganisationUnit[], date: string, filter: ActiveUnitsFilter = {}): UnitOnDate[] {
  assertIsoDate(date);
  return units
    .filter((unit) => withinPeriod(date, unit.validFrom, unit.validTo))
    .map((unit) => onDate(unit, date))
    .filter((unit) => filter.kind === undefined || unit.kind === filter.kind)
    .filter((unit) => filter.parentId === undefined || unit.parentId === filter.parentId)
    .sort((a, b) => (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0));
}
