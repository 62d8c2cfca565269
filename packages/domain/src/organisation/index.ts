/**
 * Organisation units as effective-dated data: units with validity periods, parents by period,
 * and successions for mergers and renames (the 2025 province merger as data).
 */
export { InvalidOrganisationError, OrganisationError, UnknownUnitError } from './organisation-errors.ts';
export {
  dayAfter, organisationProblems, unitById, withinPeriod, type OrganisationUnit, type ParentPeriod, type Succession, type UnitKind,
} from './organisation-unit.ts';
export { activeUnits, parentAt, unitAt, type ActiveUnitsFilter, type UnitOnDate } from './unit-at.ts';
export { successionChain, successorOf } from './successor-of.ts';
export { rollUp, type FigureEntry, type RollUpOptions, type RollUpReport, type RollUpRow } from './roll-up.ts';
export { bacGiangDemoUnits2025, organisation2025, provinceMerger2025, provinces2025 } from './province-merger-2025.ts';
