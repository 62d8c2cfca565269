/**
 * Rolling figures up across mergers, so that a report made after the map changed still adds up.
 *
 * Each entry keeps the unit it was recorded for (a ceased unit keeps its history); a report as of
 * `to` counts it towards the unit carrying that unit's history on `to`. Nothing is rewritten, so
 * a report to 2025-06-30 still shows Bắc Giang, and one to 2025-12-31 shows its figures under
 * Bắc Ninh — with the same grand total.
 */
import { assertIsoDate } from '../catalogue/effective-dated.ts';
import type { OrganisationUnit } from './organisation-unit.ts';
import { successionChain } from './successor-of.ts';
import { withinPeriod } from './organisation-unit.ts';

/** Figures recorded for one unit on one day, e.g. `{ nominations: 3, rewardVnd: 7_020_000 }`. */
export interface FigureEntry {
  unitId: string;
  date: string;
  figures: Readonly<Record<string, number>>;
}

export interface RollUpOptions {
  /** The report's day: entries after it are left out and successions started by then are followed. */
  to: string;
  /** First day of the reporting period (inclusive); all earlier entries count when omitted. */
  from?: string;
}

export interface RollUpRow {
  /** The unit the figures are reported under: the carrier on `to`. */
  unitId: string;
  nameVi: string;
  nameEn: string;
  /** Whether the unit exists on `to`; `false` for a unit that ceased without a successor. */
  active: boolean;
  figures: Record<string, number>;
  /** Ids whose entries were counted here (the row's own included when it had any), sorted. */
  contributors: string[];
}

export interface RollUpReport {
  to: string;
  from: string | null;
  rows: RollUpRow[];
  /** Sum of every row, per figure: equal to the sum of the entries in the period, whatever the date. */
  totals: Record<string, number>;
}

function add(into: Record<string, number>, figures: Readonly<Record<string, number>>): void {
  for (const [name, value] of Object.entries(figures)) into[name] = (into[name] ?? 0) + value;
}

/**
 * Adds up `entries` dated within `[from, to]`, by the unit carrying each entry's unit on `to`.
 *
 * Guarantees: every entry in the period is counted exactly once, so `totals` equals the plain
 * sum of those entries whatever `to` is — before or after a merger; rows are sorted by unit id;
 * a unit that ceased without a successor keeps its own row (`active: false`). Throws
 * `UnknownUnitError` for an entry of an unknown unit, `InvalidCatalogueDateError` for a bad date,
 * and a `RangeError` for a figure that is not a finite number (a report must not silently drop it).
 */
export function rollUp(entries: readonly FigureEntry[], units: readonly OrganisationUnit[], options: RollUpOptions): RollUpReport {
  assertIsoDate(options.to);
  if (options.from !== undefined) assertIsoDate(options.from);
  const rows = new Map<string, { figures: Record<string, number>; contributors: Set<string> }>();
  const totals: Record<string, number> = {};
  for (const entry of entries) {
    assertIsoDate(entry.date);
    if (entry.date > options.to || (options.from !== undefined && entry.date < options.from)) continue;
    const bad = Object.entries(entry.figures).filter(([, value]) => !Number.isFinite(value));
    if (bad.length > 0) throw new RangeError(`Figure ${bad.map(([name]) => name).join(', ')} of ${entry.unitId} on ${entry.date} is not a finite number`);
    const carrier = successionChain(units, entry.unitId, options.to).at(-1)!;
    const row = rows.get(carrier) ?? { figures: {}, contributors: new Set<string>() };
    add(row.figures, entry.figures);
    row.contributors.add(entry.unitId);
    rows.set(carrier, row);
    add(totals, entry.figures);
  }
  return {
    to: options.to,
    from: options.from ?? null,
    totals,
    rows: [...rows.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([unitId, row]) => {
        const unit = units.find((candidate) => candidate.unitId === unitId)!;
        return {
          unitId,
          nameVi: unit.nameVi,
          nameEn: unit.nameEn,
          active: withinPeriod(options.to, unit.validFrom, unit.validTo),
          figures: row.figures,
          contributors: [...row.contributors].sort(),
        };
      }),
  };
}
