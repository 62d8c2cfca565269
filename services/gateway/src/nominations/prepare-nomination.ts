import {
  allowsSimplified, awardFits, findAwardType, resolveNominationRoute, shareRuleTitles,
  type AwardType, type ResolvedLevel, type RouteTiming,
} from '@vinh-danh/domain';
import type { Store, UnitRecord } from '@vinh-danh/store';
import type { FieldProblem } from '../http/http-errors.ts';
import { both, t } from '../i18n/i18n.ts';
import { findDuplicates, type DuplicateFlag } from './duplicates.ts';
import { checkNomineeEligibility, readNomineeHistory, type EligibilityRecord } from './eligibility.ts';
import type { NominationRequest } from './nomination.schema.ts';
import type { UnitLookup } from './unit-directory.ts';

/** What a submission is checked against before anything is stored. */
export interface PrepareDeps {
  store: Store;
  /** Where units are read (the submitted one and those above it); default `store.units`. */
  units?: UnitLookup;
  routeTiming: RouteTiming;
  now(): Date;
}

export type NominationFacts = Pick<NominationRequest, 'unitId' | 'awardTypeId' | 'nominee' | 'period' | 'simplified' | 'eligibilityOverride' | 'unitFigures'>;

/** Nominations a share rule counts against the unit: those not ended without the award. */
const countedStatuses = ['submitted', 'in_review', 'approved'] as const;

/** Everything the procedure starts with, resolved and checked. */
export interface PreparedNomination {
  unit: UnitRecord;
  awardType: AwardType;
  simplified: boolean;
  route: ResolvedLevel[];
  eligibility: EligibilityRecord;
  duplicates: DuplicateFlag[];
}

/** Why a submission is refused: a 422 with a stable code and the fields at fault. */
export interface Refusal {
  code: 'unprocessable' | 'simplified_not_allowed' | 'role_unresolvable' | 'not_eligible' | 'override_not_on_route';
  problems: FieldProblem[];
}

/** `"Cờ thi đua của Chính phủ" chỉ dành cho tập thể.` in both languages. */
export const awardNotForKind = (awardType: AwardType) => ({
  vi: t('vi', 'error.awardNotForKind', { award: awardType.nameVi, kind: t('vi', `award.for.${awardType.kind}`) }),
  en: t('en', 'error.awardNotForKind', { award: awardType.nameEn, kind: t('en', `award.for.${awardType.kind}`) }),
});

/** The unit and award exist and the award fits the nominee. */
async function references(units: UnitLookup, facts: NominationFacts) {
  const problems: FieldProblem[] = [];
  const unit = await units.get(facts.unitId);
  const awardType = findAwardType(facts.awardTypeId);
  if (!unit) problems.push({ field: 'unitId', message: both('error.unknownUnit') });
  if (!awardType) problems.push({ field: 'awardTypeId', message: both('error.unknownAwardType') });
  else if (!awardFits(awardType, facts.nominee.kind)) problems.push({ field: 'awardTypeId', message: awardNotForKind(awardType) });
  return { unit, awardType, problems };
}

/** The catalogue route with people from the directory (domain `resolveNominationRoute`); every unresolvable role named with its unit. */
async function route(deps: PrepareDeps, units: UnitLookup, unit: UnitRecord, awardType: AwardType, simplified: boolean): Promise<ResolvedLevel[] | Refusal> {
  const resolution = await resolveNominationRoute(
    { unitId: unit.unitId, awardTypeId: awardType.id, simplified, now: deps.now(), timing: deps.routeTiming },
    (unitId) => units.get(unitId),
  );
  if (resolution.ok) return resolution.route;
  if (resolution.reason === 'noRoute') {
    return { code: 'unprocessable', problems: [{ field: 'awardTypeId', message: { vi: resolution.error.message, en: resolution.error.message } }] };
  }
  return {
    code: 'role_unresolvable',
    problems: resolution.problems.map((problem) => ({ field: 'unitId', message: { vi: problem.messageVi, en: problem.messageEn } })),
  };
}

/**
 * Whether `person` acts somewhere on the route (an officer, a chair, a council member, the one a
 * missed deadline escalates to): who may accept an exception to eligibility. Each of them sees
 * the nomination, flagged, and can refuse what they did not accept.
 */
function onRoute(route: ResolvedLevel[], person: string): boolean {
  const wanted = person.trim().toLowerCase();
  return route.some((level) => [level.assignee, level.escalationAssignee, ...level.members].some((someone) => someone?.toLowerCase() === wanted));
}

/**
 * The unit's figures the award's share rules are checked on: none when the award has no share
 * rule (figures given for it are not kept: nothing reads them) or none were given; given, they
 * must count the holders of each title the rules read, else the field is named.
 */
function unitFiguresFor(facts: NominationFacts, awardTypeId: string): { ok: true; given?: NonNullable<NominationFacts['unitFigures']> } | { ok: false; problems: FieldProblem[] } {
  const titles = facts.unitFigures ? shareRuleTitles(awardTypeId, Number(facts.period), { kind: facts.nominee.kind, adHoc: facts.simplified === true }) : null;
  if (!facts.unitFigures || titles === null) return { ok: true };
  const counted = facts.unitFigures.memberTitles ?? {};
  const problems = titles
    .filter((title) => (counted as Record<string, number | undefined>)[title] === undefined)
    .map((title) => ({ field: `unitFigures.memberTitles.${title}`, message: both('error.titleHoldersRequired') }));
  return problems.length ? { ok: false, problems } : { ok: true, given: facts.unitFigures };
}

/**
 * Checks a nomination the way the procedure needs it, in order: the unit and award exist and
 * fit; the simplified procedure is allowed for the award; every role of the route resolves to
 * people; the nominee is eligible on their award history (or an official of the route overrode
 * it with a reason). Duplicates (the same nominee, award and period already proposed, by any unit) never
 * refuse: they are flagged for the reviewers. Reads only; stores nothing. The history and the
 * duplicates depend on the request alone, so they are read while the other checks run; the
 * first refusal in the order above still decides.
 */
export async function prepareNomination(deps: PrepareDeps, facts: NominationFacts): Promise<{ ok: true; prepared: PreparedNomination } | { ok: false; refusal: Refusal }> {
  const history = readNomineeHistory(deps.store, facts.nominee);
  const duplicates = findDuplicates(deps.store, facts);
  // Awaited only when no check refuses first; a failure of either then surfaces there.
  history.catch(() => {});
  duplicates.catch(() => {});
  const units = deps.units ?? deps.store.units;
  const found = await references(units, facts);
  if (!found.unit || !found.awardType || found.problems.length) return { ok: false, refusal: { code: 'unprocessable', problems: found.problems } };
  const { unit, awardType } = found;
  const simplified = facts.simplified === true;
  if (simplified && !allowsSimplified(awardType.id)) {
    const message = { vi: t('vi', 'error.simplifiedNotAllowed', { award: awardType.nameVi }), en: t('en', 'error.simplifiedNotAllowed', { award: awardType.nameEn }) };
    const problem = { field: 'simplified', message };
    return { ok: false, refusal: { code: 'simplified_not_allowed', problems: [problem] } };
  }
  const resolved = await route(deps, units, unit, awardType, simplified);
  if (!Array.isArray(resolved)) return { ok: false, refusal: resolved };
  const figures = unitFiguresFor(facts, awardType.id);
  if (!figures.ok) return { ok: false, refusal: { code: 'unprocessable', problems: figures.problems } };
  const unitFigures = figures.given
    ? {
        ...figures.given,
        alreadyNominated: await deps.store.nominations.count({ unitId: unit.unitId, awardTypeId: awardType.id, period: facts.period, statuses: countedStatuses }),
      }
    : undefined;
  const eligibility = checkNomineeEligibility(await history, { ...facts, simplified, ...(unitFigures ? { unit: unitFigures } : {}) }, deps.now());
  if (!eligibility.ok) return { ok: false, refusal: eligibility.refusal };
  const override = eligibility.record.override;
  if (override && !onRoute(resolved, override.by)) {
    return { ok: false, refusal: { code: 'override_not_on_route', problems: [{ field: 'eligibilityOverride.by', message: both('error.overrideNotOnRoute') }] } };
  }
  return { ok: true, prepared: { unit, awardType, simplified, route: resolved, eligibility: eligibility.record, duplicates: await duplicates } };
}
