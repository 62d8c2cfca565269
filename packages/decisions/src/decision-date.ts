/**
 * The day a decision is dated: today in Vietnam (Asia/Ho_Chi_Minh, UTC+7), from the business
 * clock, whatever time zone the worker runs in. The base salary and the numbering year follow
 * this day, so a decision signed at 01:00 on 1 July in Hà Nội is a July decision.
 */
export const DECISION_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: DECISION_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** `YYYY-MM-DD` of the instant `epochMs` in Vietnam. */
export function vietnamDay(epochMs: number): string {
  const parts = Object.fromEntries(dayFormat.formatToParts(new Date(epochMs)).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** The day as the store keeps a decision date: midnight UTC of that day. */
export function dayAsDate(isoDay: string): Date {
  return new Date(`${isoDay}T00:00:00Z`);
}

/** `YYYY-MM-DD` of a stored decision date (midnight UTC). */
export function isoDayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}
