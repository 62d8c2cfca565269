/**
 * Organisation units as data (cơ quan, đơn vị, doanh nghiệp, xã, tỉnh…), effective-dated.
 *
 * The map changes — in 2025 the 63 provinces became 34 and the district level was removed — so
 * a unit is never edited when it merges or is renamed: it gets a `validTo` and a
 * {@link Succession} link, and the unit that carries its history on from the next day is another
 * record. A ceased unit keeps its id and its history; reports made after the date count its
 * figures towards its successor (`rollUp`).
 *
 * Dates are calendar days `YYYY-MM-DD`, both ends inclusive, like the catalogue's entries.
 */
import { assertIsoDate } from '../catalogue/effective-dated.ts';
import { UnknownUnitError } from './organisation-errors.ts';

/** What kind of body a unit is; the catalogue's routes and the clusters read it. */
export type UnitKind =
  | 'nationalBody' // e.g. Hội đồng TĐKT Trung ương, Hội Nông dân Việt Nam
  | 'ministry'
  | 'province' // tỉnh / thành phố trực thuộc trung ương, acting through its People's Committee
  | 'department' // sở, ban, ngành of a province
  | 'district' // huyện — a level that ceased on 2025-07-01
  | 'commune' // xã, phường, đặc khu
  | 'enterprise'
  | 'publicServiceUnit'; // đơn vị sự nghiệp công lập

/** The unit's parent for a period. A unit's periods do not overlap; none means top level. */
export interface ParentPeriod {
  parentId: string;
  from: string;
  /** Last day (inclusive); omitted while current. */
  to?: string;
}

/** Why a unit ceased and who carries its history from `from` on. */
export interface Succession {
  successorId: string;
  /** First day the successor carries this unit's history: the day after the unit's `validTo`. */
  from: string;
  /** `merger`: absorbed into the successor; `rename`: the same body under a new record. */
  reason: 'merger' | 'rename';
  /** The legal text, e.g. `Nghị quyết 202/2025/QH15`. */
  source: string;
}

export interface OrganisationUnit {
  unitId: string;
  nameVi: string;
  nameEn: string;
  kind: UnitKind;
  /** First day the unit exists in these records (not necessarily its founding day). */
  validFrom: string;
  /** Last day (inclusive); omitted while the unit exists. */
  validTo?: string;
  parents: readonly ParentPeriod[];
  /** Set on a unit that ceased into another; a unit that ceased without one (a district) has none. */
  succession?: Succession;
}

/** `true` when `date` falls inside `[from, to]` (`to` open when omitted). ISO days compare as strings. */
export function withinPeriod(date: string, from: string, to: string | undefined): boolean {
  return from <= date && (to === undefined || date <= to);
}

/** The calendar day after `date` (`YYYY-MM-DD`). */
export function dayAfter(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

function isDate(value: unknown): value is string {
  try {
    assertIsoDate(value as string);
    return true;
  } catch {
    return false;
  }
}

/** Problems of one unit against the whole list, as `unitId.field: why`. */
function unitProblems(unit: OrganisationUnit, byId: ReadonlyMap<string, OrganisationUnit>): string[] {
  const at = (field: string, why: string) => `${unit.unitId}.${field}: ${why}`;
  const problems: string[] = [];
  if (!isDate(unit.validFrom)) problems.push(at('validFrom', 'not a YYYY-MM-DD day'));
  if (unit.validTo !== undefined && (!isDate(unit.validTo) || unit.validTo < unit.validFrom)) problems.push(at('validTo', 'not a day on or after validFrom'));
  const parents = [...unit.parents].sort((a, b) => (a.from < b.from ? -1 : 1));
  parents.forEach((period, index) => {
    if (!isDate(period.from) || (period.to !== undefined && (!isDate(period.to) || period.to < period.from))) problems.push(at(`parents[${index}]`, 'bad period'));
    if (!byId.has(period.parentId)) problems.push(at(`parents[${index}].parentId`, `unknown unit "${period.parentId}"`));
    const previous = parents[index - 1];
    if (previous && (previous.to === undefined || previous.to >= period.from)) problems.push(at(`parents[${index}]`, 'overlaps the period before it'));
  });
  const succession = unit.succession;
  if (succession) {
    const successor = byId.get(succession.successorId);
    if (unit.validTo === undefined) problems.push(at('succession', 'a unit with a successor must have validTo'));
    else if (succession.from !== dayAfter(unit.validTo)) problems.push(at('succession.from', `must be ${dayAfter(unit.validTo)}, the day after validTo`));
    if (!successor) problems.push(at('succession.successorId', `unknown unit "${succession.successorId}"`));
    else if (!withinPeriod(succession.from, successor.validFrom, successor.validTo)) problems.push(at('succession.successorId', 'the successor does not exist on succession.from'));
    if (succession.successorId === unit.unitId) problems.push(at('succession.successorId', 'a unit cannot succeed itself'));
    if (!succession.source?.trim()) problems.push(at('succession.source', 'name the legal text'));
  }
  return problems;
}

/**
 * Every problem of `units`, empty when they are consistent. Guarantees checked: unique ids, real
 * days, `validTo ≥ validFrom`, known parents in non-overlapping periods, and successions that
 * start the day after the unit ceases on a successor that exists that day. Successions cannot
 * loop: each one moves strictly forward in time and the successor must exist then.
 */
export function organisationProblems(units: readonly OrganisationUnit[]): string[] {
  const byId = new Map<string, OrganisationUnit>();
  const problems: string[] = [];
  for (const unit of units) {
    if (byId.has(unit.unitId)) problems.push(`${unit.unitId}: id repeats`);
    byId.set(unit.unitId, unit);
  }
  for (const unit of units) problems.push(...unitProblems(unit, byId));
  return problems;
}

/** Lookup by id that throws {@link UnknownUnitError} for an id not in `units`. */
export function unitById(units: readonly OrganisationUnit[], unitId: string): OrganisationUnit {
  const unit = units.find((candidate) => candidate.unitId === unitId);
  if (!unit) throw new UnknownUnitError(unitId);
  return unit;
}
