/**
 * Values a caller gives become plain scalars before they reach a filter or an update, so
 * nothing a request carries can turn into a query operator: a value such as `{ $gt: '' }`
 * (a parsed JSON body passed on unchecked) is refused here instead of matching every document.
 * Every caller value that reaches the database goes through one of these functions.
 */

/** A caller's value that cannot be used in a query as it is; refused before any query is built. */
export class UnsafeQueryValueError extends TypeError {
  override readonly name = 'UnsafeQueryValueError';
}

/** What kind of value it was, for the message; never the value itself, which may be large or secret. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a date';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * A key or a filter value as a string. Strings pass; finite numbers, bigints and booleans
 * become their text (as the SQL adapter's driver binds them); anything else is refused.
 */
export function keyText(value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value);
  }
  throw new UnsafeQueryValueError(`${what} must be a string, not ${kindOf(value)}`);
}

/** Several keys (e.g. XState send ids), each as {@link keyText}. */
export function keyTexts(values: unknown, what: string): string[] {
  if (!Array.isArray(values)) throw new UnsafeQueryValueError(`${what} must be an array, not ${kindOf(values)}`);
  return values.map((value, index) => keyText(value, `${what}[${index}]`));
}

/** A whole number (a version, a year), as a column of type integer takes it. */
export function integerValue(value: unknown, what: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  throw new UnsafeQueryValueError(`${what} must be a whole number, not ${kindOf(value)}`);
}

/** A valid instant. */
export function dateValue(value: unknown, what: string): Date {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  throw new UnsafeQueryValueError(`${what} must be a valid date, not ${value instanceof Date ? 'an invalid date' : kindOf(value)}`);
}

/**
 * A page size as SQL's `LIMIT` takes it: a whole number, zero or more. MongoDB reads a limit
 * of 0 as "no limit", so callers return no rows for 0 themselves.
 */
export function limitValue(value: unknown, what = 'limit'): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw new UnsafeQueryValueError(`${what} must be a whole number of at least 0, not ${typeof value === 'number' ? String(value) : kindOf(value)}`);
}

/** `nominations.search`'s page size: 100 when absent, kept within 1…1000 as the SQL adapter does. */
export function searchLimit(value: unknown): number {
  if (value === undefined || value === null) return 100;
  if (typeof value !== 'number' || Number.isNaN(value)) throw new UnsafeQueryValueError(`limit must be a number, not ${kindOf(value)}`);
  return Math.min(Math.max(Math.trunc(value), 1), 1000);
}

/**
 * Plain JSON, as a jsonb column would keep it: `undefined` members dropped, dates as ISO text,
 * no class instances. What reads back is exactly what the SQL adapter would return.
 */
export function asJson<T = unknown>(value: unknown): T {
  const text = JSON.stringify(value);
  return (text === undefined ? null : JSON.parse(text)) as T;
}
