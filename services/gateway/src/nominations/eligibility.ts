import {
  CatalogueError, checkEligibility, normaliseIdentifier,
  type AwardHistoryEntry, type EligibilityFailure, type NomineeKind, type UnitFigures,
} from '@vinh-danh/domain';
import type { Store } from '@vinh-danh/store';
import type { FieldProblem } from '../http/http-errors.ts';
import type { NominationRequest } from './nomination.schema.ts';
import type { Refusal } from './prepare-nomination.ts';

/** Histories follow the nominee, not the unit: `individual:<id>` or `collective:<code>`. */
export const nomineeKeyOf = (kind: NomineeKind, identifier: string) => `${kind}:${normaliseIdentifier(identifier)}`;

/** An officer's acceptance of a nomination the check refused. */
export interface EligibilityOverride {
  by: string;
  reason: string;
  /** ISO time of the submission that carried it. */
  at: string;
}

/** What the submission's eligibility check found, kept in the nomination's details. */
export interface EligibilityRecord {
  nomineeKey: string;
  /** No rule failed that the history could decide (share rules aside). */
  eligible: boolean;
  /** Rules the history shows failing; present only with an override (otherwise the submission was refused). */
  failures: EligibilityFailure[];
  /**
   * Share rules (a unit's headcount, its members' titles) a submission without the unit's
   * figures could not check: left to the reviewers, who see them on the task page.
   */
  unchecked: Array<Pick<EligibilityFailure, 'ruleId' | 'messageVi' | 'messageEn'>>;
  /**
   * The unit's figures the submission gave, and the unit's nominations for the award and period
   * counted when it was checked: what the share rules were checked on, for the reviewers.
   */
  unitFigures?: UnitFigures;
  /**
   * Disciplinary measures the history shows in the way of the award. They do not refuse the
   * submission, whose answer anyone who knows a citizen id could read: the reviewers see them on
   * their task pages and decide, and the API never shows them (see {@link publicEligibility}).
   */
  disciplinary?: EligibilityFailure[];
  override: EligibilityOverride | null;
}

const needsUnitFigures = (failure: EligibilityFailure) => failure.kind === 'shareOfUnit' || failure.kind === 'memberShare';
const isDisciplinary = (failure: EligibilityFailure) => failure.kind === 'noDiscipline';

/** The eligibility record as the public API shows it: without the disciplinary measures. */
export function publicEligibility<T extends { disciplinary?: unknown }>(record: T): Omit<T, 'disciplinary'> {
  const { disciplinary: _reviewersOnly, ...shown } = record;
  return shown;
}

/** Names the rule and what is missing: `Needs 2 consecutive times …; missing 2022, 2025 (rule …)`. */
export const failureMessage = (failure: EligibilityFailure) => ({
  vi: `${failure.messageVi} (quy tắc ${failure.ruleId})`,
  en: `${failure.messageEn} (rule ${failure.ruleId})`,
});

type Facts = Pick<NominationRequest, 'awardTypeId' | 'nominee' | 'period' | 'eligibilityOverride'> & {
  simplified: boolean;
  /** The unit's figures as given, with its nominations for the award and period already made. */
  unit?: UnitFigures;
};

/** The nominee's award history as the rules read it; a read only, so it can run beside the other checks' reads. */
export async function readNomineeHistory(store: Pick<Store, 'awardHistory'>, nominee: Facts['nominee']): Promise<AwardHistoryEntry[]> {
  return (await store.awardHistory.listByNominee(nomineeKeyOf(nominee.kind, nominee.identifier))).map((entry) => ({
    ...(entry.awardTypeId ? { awardTypeId: entry.awardTypeId } : {}),
    year: entry.year,
    ...(entry.decisionDate ? { decisionDate: entry.decisionDate.toISOString().slice(0, 10) } : {}),
    disciplined: entry.disciplined,
  }));
}

/**
 * Checks the nominee against the award's rules on their award history ({@link readNomineeHistory})
 * and, given the unit's figures, the share rules (else those are left to the reviewers).
 * An ineligible nominee is refused (422 naming each failing rule and the years missing) unless
 * the request carries an officer's override with a reason, which is then recorded with the
 * failures it overrode. A disciplinary measure in the way refuses nothing and is never named in
 * the answer: it is recorded for the reviewers ({@link EligibilityRecord.disciplinary}).
 */
export function checkNomineeEligibility(
  history: AwardHistoryEntry[],
  facts: Facts,
  now: Date,
): { ok: true; record: EligibilityRecord } | { ok: false; refusal: Refusal } {
  const nomineeKey = nomineeKeyOf(facts.nominee.kind, facts.nominee.identifier);
  let result;
  try {
    result = checkEligibility({
      awardTypeId: facts.awardTypeId, nomineeKind: facts.nominee.kind, period: Number(facts.period), history, adHoc: facts.simplified,
      ...(facts.unit ? { unit: facts.unit } : {}),
    });
  } catch (error) {
    if (!(error instanceof CatalogueError)) throw error;
    return { ok: false, refusal: { code: 'unprocessable', problems: [{ field: 'period', message: { vi: error.message, en: error.message } }] } };
  }
  // Without the unit's figures a share rule fails for want of them: left to the reviewers.
  const leftToReviewers = (failure: EligibilityFailure) => needsUnitFigures(failure) && !facts.unit;
  const failures = result.failures.filter((failure) => !leftToReviewers(failure) && !isDisciplinary(failure));
  const unchecked = result.failures.filter(leftToReviewers).map(({ ruleId, messageVi, messageEn }) => ({ ruleId, messageVi, messageEn }));
  const disciplinary = result.failures.filter(isDisciplinary);
  const given = facts.eligibilityOverride;
  if (failures.length > 0 && !given) {
    const problems: FieldProblem[] = failures.map((failure) => ({ field: needsUnitFigures(failure) ? 'unitFigures' : 'eligibility', message: failureMessage(failure) }));
    return { ok: false, refusal: { code: 'not_eligible', problems } };
  }
  return {
    ok: true,
    record: {
      nomineeKey,
      eligible: failures.length === 0,
      failures,
      unchecked,
      ...(facts.unit ? { unitFigures: facts.unit } : {}),
      ...(disciplinary.length > 0 ? { disciplinary } : {}),
      // An override is kept only where it overrode something: an eligible nominee needs none.
      override: given && failures.length > 0 ? { by: given.by, reason: given.reason, at: now.toISOString() } : null,
    },
  };
}
