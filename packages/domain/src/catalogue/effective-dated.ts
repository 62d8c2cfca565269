import { CatalogueNotInForceError, InvalidCatalogueDateError } from './catalogue-errors.ts';

/**
 * A value with the period it is in force, and the legal text that set it. Lists of these are
 * how the catalogue changes: a new base salary or decree is a new entry from its date, so a
 * decision is always priced and routed by the entry in force on its own date, and a change
 * never rewrites a past decision.
 */
export interface EffectiveDated<T> {
  /** First day in force, `YYYY-MM-DD`. */
  from: string;
  /** Last day in force (inclusive), `YYYY-MM-DD`; omitted while in force or superseded by the next entry. */
  to?: string;
  value: T;
  /** The legal text, e.g. `Nghị định 73/2024/NĐ-CP, Điều 3`. */
  source: string;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Throws {@link InvalidCatalogueDateError} unless `date` is a real calendar day `YYYY-MM-DD`. */
export function assertIsoDate(date: string): void {
  const match = ISO_DATE.exec(date);
  if (!match) throw new InvalidCatalogueDateError(date);
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const parsed = new Date(Date.UTC(year, month - 1, day));
  if (parsed.getUTCFullYear() !== year || parsed.getUTCMonth() !== month - 1 || parsed.getUTCDate() !== day) {
    throw new InvalidCatalogueDateError(date);
  }
}

/**
 * The entry in force on `date`, or undefined when none is.
 *
 * Guarantees: among entries with `from ≤ date` (and `date ≤ to` when `to` is given) the one
 * with the latest `from` wins, so a later entry supersedes an earlier one without editing it.
 * ISO dates compare correctly as strings.
 */
export function inForce<T>(list: readonly EffectiveDated<T>[], date: string): EffectiveDated<T> | undefined {
  assertIsoDate(date);
  let found: EffectiveDated<T> | undefined;
  for (const entry of list) {
    if (entry.from > date || (entry.to !== undefined && entry.to < date)) continue;
    if (!found || entry.from > found.from) found = entry;
  }
  return found;
}

/** Like {@link inForce}, but throws {@link CatalogueNotInForceError} naming `what` when nothing is. */
export function requireInForce<T>(list: readonly EffectiveDated<T>[], date: string, what: string): EffectiveDated<T> {
  const entry = inForce(list, date);
  if (!entry) throw new CatalogueNotInForceError(what, date);
  return entry;
}

/** The entry with the latest `from`: what applies from now on, when a caller gives no date. */
export function latestVersion<T>(list: readonly EffectiveDated<T>[]): EffectiveDated<T> {
  const entry = [...list].sort((a, b) => (a.from < b.from ? 1 : -1))[0];
  if (!entry) throw new CatalogueNotInForceError('entry at all', 'any date');
  return entry;
}
