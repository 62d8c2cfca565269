/**
 * How the catalogue's time limits become the milliseconds the commendation machine counts.
 *
 * Statutory limits are in working days (ngày làm việc); the machine counts calendar time. Until
 * a holiday calendar exists, a working day is **1 calendar day × 7/5** (five working days take
 * a calendar week), so 10 working days are 14 calendar days. Public holidays (Tết, 30/4, 1/5,
 * 2/9) are not counted yet, which makes deadlines around them a few days short; the holiday
 * calendar will replace {@link RouteTiming.workingDayMs} without changing the machine.
 * Disclosure periods are in calendar days (niêm yết công khai … ngày).
 */

export const CALENDAR_DAY_MS = 24 * 60 * 60 * 1000;

/** The durations routes are resolved with; tests pass tiny ones. */
export interface RouteTiming {
  /** One working day. Default 1 calendar day × 7/5 (see the module comment). */
  workingDayMs: number;
  /** One calendar day, for disclosure periods and reminders. Default 24 h. */
  calendarDayMs: number;
  /** Calendar days before a deadline that the reminder goes out. Default 1. */
  reminderDays: number;
  /** Working days the escalation person has after a missed deadline before the nomination expires. Default 3†. */
  escalationWorkingDays: number;
  /** Working days the submitter has to amend and resubmit after changes were asked for. Default 10†. */
  resubmitWorkingDays: number;
}

/** † The escalation and resubmission windows are this product's choice, not statutory: data to confirm with the users. */
export const defaultRouteTiming: Readonly<RouteTiming> = Object.freeze({
  workingDayMs: (CALENDAR_DAY_MS * 7) / 5,
  calendarDayMs: CALENDAR_DAY_MS,
  reminderDays: 1,
  escalationWorkingDays: 3,
  resubmitWorkingDays: 10,
});

/** Merges overrides over the defaults; throws a RangeError naming every non-positive field. */
export function routeTimingWith(overrides: Partial<RouteTiming> = {}): RouteTiming {
  const timing: RouteTiming = { ...defaultRouteTiming };
  for (const key of Object.keys(defaultRouteTiming) as Array<keyof RouteTiming>) {
    const value = overrides[key];
    if (value !== undefined) timing[key] = value;
  }
  const invalid = (Object.keys(timing) as Array<keyof RouteTiming>).filter((key) => !(Number.isFinite(timing[key]) && timing[key] > 0));
  if (invalid.length > 0) throw new RangeError(`Invalid route timing: ${invalid.join(', ')} must be positive numbers`);
  return timing;
}

/** `days` working days in milliseconds, whole and at least 1. */
export const workingDaysMs = (timing: RouteTiming, days: number) => Math.max(1, Math.round(days * timing.workingDayMs));

/** `days` calendar days in milliseconds, whole and at least 1. */
export const calendarDaysMs = (timing: RouteTiming, days: number) => Math.max(1, Math.round(days * timing.calendarDayMs));

/**
 * The reminder's lead for a period of `deadlineMs`: {@link RouteTiming.reminderDays} before,
 * or half the period when that would not fall strictly inside it (the machine requires it).
 */
export function reminderBeforeMs(timing: RouteTiming, deadlineMs: number): number {
  const lead = calendarDaysMs(timing, timing.reminderDays);
  return lead < deadlineMs ? lead : Math.max(1, Math.floor(deadlineMs / 2));
}
