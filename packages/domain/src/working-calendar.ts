/**
 * Working days (ngày làm việc) as the statutory time limits count them: Monday to Friday in
 * Vietnam's time (UTC+7, no daylight saving), public holidays off, and the Saturdays a
 * government notice makes working days (làm bù) on.
 *
 * The Labour Code (Bộ luật Lao động 2019, Điều 112) fixes four holidays by the solar calendar:
 * 1/1, 30/4, 1/5 and 2/9; they are built in. The others move every year and are set by the
 * government's yearly notice: the Tết days, Giỗ Tổ Hùng Vương (10/3 lunar), the day beside 2/9,
 * and days swapped to bridge a holiday. A deployment lists those (`PUBLIC_HOLIDAYS`,
 * `MAKEUP_WORKING_DAYS`); without them, a deadline over Tết comes out days short.
 *
 * A limit of N working days runs from the day after the day it starts (the day of receipt is
 * not counted) and ends when the N-th working day ends: at midnight, Vietnam's time.
 */

/** A day of Vietnam's calendar, `YYYY-MM-DD`. */
export type DayKey = string;

export interface WorkingCalendar {
  /** Days off besides Saturdays and Sundays (the four fixed holidays included). */
  readonly holidays: ReadonlySet<DayKey>;
  /** Saturdays or Sundays worked instead of a bridged day. */
  readonly makeupWorkingDays: ReadonlySet<DayKey>;
}

/** Vietnam's offset from UTC; it has no daylight saving time. */
export const vietnamOffsetMs = 7 * 60 * 60 * 1000;
const dayMs = 24 * 60 * 60 * 1000;

/** The four holidays the Labour Code fixes by the solar calendar (month-day). */
export const fixedHolidays: readonly string[] = ['01-01', '04-30', '05-01', '09-02'];

/** Longest limit in working days a calendar is asked for; past it the request is a bug. */
export const maxWorkingDays = 3_660;

/** Whether `value` is a limit in working days a calendar takes: a whole number from 1 to {@link maxWorkingDays}. */
export const isWorkingDays = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 1 && (value as number) <= maxWorkingDays;

const dayKeyPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `text` is a real day of the calendar, `YYYY-MM-DD` (2025-02-30 is not). */
export function isDayKey(text: string): boolean {
  const match = dayKeyPattern.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
}

/** The day of Vietnam's calendar that the instant `ms` falls on. */
export const dayKeyOf = (ms: number): DayKey => new Date(ms + vietnamOffsetMs).toISOString().slice(0, 10);

/** The instant day `key` begins in Vietnam (midnight, UTC+7). */
export const startOfDay = (key: DayKey): number => Date.parse(`${key}T00:00:00.000Z`) - vietnamOffsetMs;

/** Whether `ms` is midnight in Vietnam, where a limit in working days ends (shown as 24:00 of the day before). */
export const isVietnamMidnight = (ms: number): boolean => (ms + vietnamOffsetMs) % dayMs === 0;

/**
 * A calendar of the fixed holidays of every year plus `holidays` (days, or `from..to` spans such
 * as a Tết break) and `makeupWorkingDays`. Throws a RangeError naming the first entry that is not
 * a real day, a span that runs backwards or past 31 days, or a day given as both.
 */
export function vietnamCalendar(options: { holidays?: readonly string[]; makeupWorkingDays?: readonly string[] } = {}): WorkingCalendar {
  const holidays = new Set<DayKey>();
  for (const entry of options.holidays ?? []) {
    const parts = entry.split('..');
    const from = parts[0] ?? '';
    const to = parts[1] ?? from;
    if (parts.length > 2 || !isDayKey(from) || !isDayKey(to)) throw new RangeError(`"${entry}" is not a day (YYYY-MM-DD) or a span of days (YYYY-MM-DD..YYYY-MM-DD)`);
    const first = startOfDay(from);
    const last = startOfDay(to);
    if (last < first || last - first > 31 * dayMs) throw new RangeError(`"${entry}" must run forwards and span at most 31 days`);
    for (let at = first; at <= last; at += dayMs) holidays.add(dayKeyOf(at));
  }
  const makeupWorkingDays = new Set<DayKey>();
  for (const entry of options.makeupWorkingDays ?? []) {
    if (!isDayKey(entry)) throw new RangeError(`"${entry}" is not a day (YYYY-MM-DD)`);
    if (holidays.has(entry)) throw new RangeError(`"${entry}" is given both as a holiday and as a working day`);
    if (fixedHolidays.includes(entry.slice(5))) throw new RangeError(`"${entry}" is a public holiday by the Labour Code (1/1, 30/4, 1/5, 2/9), never a working day`);
    makeupWorkingDays.add(entry);
  }
  return { holidays, makeupWorkingDays };
}

/** Whether people work on `key`: a weekday that is no holiday, or a make-up day. */
export function isWorkingDay(calendar: WorkingCalendar, key: DayKey): boolean {
  if (calendar.makeupWorkingDays.has(key)) return true;
  if (calendar.holidays.has(key) || fixedHolidays.includes(key.slice(5))) return false;
  const weekday = new Date(`${key}T00:00:00.000Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * When a limit of `days` working days that starts at `fromMs` ends: midnight (Vietnam's time)
 * after the `days`-th working day following the day of `fromMs`.
 */
export function workingDeadline(calendar: WorkingCalendar, fromMs: number, days: number): number {
  if (!(Number.isInteger(days) && days >= 1 && days <= maxWorkingDays)) throw new RangeError(`a limit in working days must be a whole number from 1 to ${maxWorkingDays}, got ${days}`);
  if (!Number.isFinite(fromMs)) throw new RangeError(`a limit must start at an instant, got ${fromMs}`);
  let day = startOfDay(dayKeyOf(fromMs));
  let counted = 0;
  // Bounded: every year has far more working days than holidays.
  for (let step = 0; counted < days; step += 1) {
    if (step > days * 2 + 400) throw new RangeError(`no ${days} working days found after ${dayKeyOf(fromMs)}: the calendar has too few working days`);
    day += dayMs;
    if (isWorkingDay(calendar, dayKeyOf(day))) counted += 1;
  }
  return day + dayMs;
}

/**
 * What a procedure is asked, at the commit that sets one of its timers, to read that timer in
 * working days (a definition's `timerDue` hook): the delay's name, the commit time, the context
 * after the transition, and `after(days)`, when a limit of that many working days from the
 * commit ends on the engine's calendar (worked out once per commit and number of days).
 */
export interface TimerDueRequest {
  /** The delay's name in the machine (`after: { levelDeadline: … }`). */
  delay: string;
  /** Commit time, ms since epoch. */
  now: number;
  /** The machine's context after the transition that set the timer. */
  context: unknown;
  after(days: number): number;
}
