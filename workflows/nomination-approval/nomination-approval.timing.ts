/**
 * Deadlines of the nomination-approval procedure, as data.
 *
 * Durations are plain calendar milliseconds. The statutory rules count working days
 * (Luật Thi đua, Khen thưởng and its decrees); a working-day calendar will replace these
 * constants later without changing the machine, which only reads `context.timing`.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** How long each step of the procedure may take, in milliseconds. */
export interface NominationApprovalTiming {
  /** Time the unit leader (thủ trưởng đơn vị) has to review, from task creation. */
  unitLeaderReviewMs: number;
  /** Time the emulation & commendation officer (cán bộ thi đua) has to review. */
  officerReviewMs: number;
  /** A reminder goes out this long before each review deadline; must be shorter than both. */
  reminderBeforeMs: number;
  /** Time the escalation person has after a missed review deadline before the nomination expires. */
  escalationWindowMs: number;
  /** Time the submitter has to resubmit after changes were requested before the nomination expires. */
  resubmitWindowMs: number;
}

/** Defaults used for every field the instance's input does not override. */
export const defaultNominationApprovalTiming: Readonly<NominationApprovalTiming> = Object.freeze({
  unitLeaderReviewMs: 5 * DAY_MS,
  officerReviewMs: 10 * DAY_MS,
  reminderBeforeMs: 1 * DAY_MS,
  escalationWindowMs: 3 * DAY_MS,
  resubmitWindowMs: 15 * DAY_MS,
});

/**
 * Merges `overrides` over the defaults and checks the result.
 *
 * Guarantees: every duration is a positive safe integer and the reminder falls strictly
 * inside both review windows. A bad timing is a configuration bug, not a business outcome,
 * so it throws a `RangeError` naming the offending fields rather than starting a procedure
 * whose timers would fire in the wrong order. Called from the machine's context factory,
 * where xstate turns the throw into an initial snapshot with `status: 'error'`.
 */
export function resolveNominationApprovalTiming(
  overrides: Partial<NominationApprovalTiming> = {},
): NominationApprovalTiming {
  const timing: NominationApprovalTiming = { ...defaultNominationApprovalTiming };
  // Copy only known keys with defined values, so `{ officerReviewMs: undefined }` keeps the
  // default and stray keys never reach the persisted context.
  for (const key of Object.keys(defaultNominationApprovalTiming) as Array<keyof NominationApprovalTiming>) {
    const value = overrides[key];
    if (value !== undefined) timing[key] = value;
  }

  const invalid = (Object.keys(timing) as Array<keyof NominationApprovalTiming>).filter(
    (key) => !Number.isSafeInteger(timing[key]) || timing[key] <= 0,
  );
  if (timing.reminderBeforeMs >= Math.min(timing.unitLeaderReviewMs, timing.officerReviewMs)) {
    invalid.push('reminderBeforeMs');
  }
  if (invalid.length > 0) {
    throw new RangeError(`Invalid nomination-approval timing: ${[...new Set(invalid)].join(', ')}`, {
      cause: timing,
    });
  }
  return timing;
}
