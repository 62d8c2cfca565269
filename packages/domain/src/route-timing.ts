/**
 * How the catalogue's time limits become the milliseconds the commendation machine counts.
 *
 * Statutory limits are in working days (ngày làm việc). Routes carry them both ways: in working
 * days, which an engine with a working calendar (./working-calendar.ts: weekends, public holidays,
 * make-up days) turns into the real deadline when a level opens, and in milliseconds at **1
 * calendar day × 7/5** a working day (five working days take a calendar week), which is what
 * counts without a calendar. Disclosure periods are in calendar days (niêm yết công khai … ngày).
 */

export const CALENDAR_DAY_MS = 24 * 60 * 60 * 1000;

/** The durations routes are resolved with; tests pass tiny ones. */
export interface RouteTiming {
  /** One working day. Default 1 calendar day × 7/5 (see the module comment). */
  workingDayMs: number;
  /**
   * Whether routes carry their limits in working days for the engine's calendar. Default true;
   * false when `workingDayMs` is given (a test's short day is counted in milliseconds).
   */
  workingCalendar: boolean;
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
  workingCalendar: true,
  calendarDayMs: CALENDAR_DAY_MS,
  reminderDays: 1,
  escalationWorkingDays: 3,
  resubmitWorkingDays: 10,
});

type DurationKey = Exclude<keyof RouteTiming, 'workingCalendar'>;

/** Merges overrides over the defaults; throws a RangeError naming every non-positive field. */
export function routeTimingWith(overrides: Partial<RouteTiming> = {}): RouteTiming {
  const timing: RouteTiming = { ...defaultRouteTiming, workingCalendar: overrides.workingCalendar ?? overrides.workingDayMs === undefined };
  const durations = (Object.keys(defaultRouteTiming) as Array<keyof RouteTiming>).filter((key): key is DurationKey => key !== 'workingCalendar');
  for (const key of durations) {
    const value = overrides[key];
    if (value !== undefined) timing[key] = value;
  }
  const invalid = durations.filter((key) => !(Number.isFinite(timing[key]) && timing[key] > 0));
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

/**
 * The submitter's window to resubmit, as a commendation's input carries it: in milliseconds, and
 * in working days too when the timing is for the working calendar.
 */
export function resubmitWindow(timing: RouteTiming): { resubmitWindowMs: number; resubmitWorkingDays?: number } {
  const resubmitWindowMs = workingDaysMs(timing, timing.resubmitWorkingDays);
  return timing.workingCalendar && Number.isInteger(timing.resubmitWorkingDays) ? { resubmitWindowMs, resubmitWorkingDays: timing.resubmitWorkingDays } : { resubmitWindowMs };
}
