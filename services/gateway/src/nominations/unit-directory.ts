import type { Store, UnitRecord } from '@vinh-danh/store';

/** Where a submission reads units from: the store, or a {@link createUnitDirectory} in front of it. */
export type UnitLookup = Pick<Store['units'], 'get'>;

export interface UnitDirectoryOptions {
  /**
   * How long a unit read from the store is used before it is read again, in ms; default 5 000.
   * A change to a unit (its approvers, its parent) reaches submissions within this long.
   */
  ttlMs?: number;
  /** Monotonic milliseconds; default `performance.now`. Cache age is wall time, not business time. */
  nowMs?: () => number;
}

export const defaultUnitTtlMs = 5_000;

/**
 * The units directory as submissions read it: every submission resolves its unit and the chain
 * above it (unit → province → national body), the same handful of rows each time, so each is
 * kept for a few seconds instead of read from the store per submission. Concurrent reads of a
 * unit not held share one store read. An unknown unit is never kept: one created a moment later
 * is found by the next submission.
 */
export function createUnitDirectory(units: UnitLookup, options: UnitDirectoryOptions = {}): UnitLookup {
  const ttlMs = options.ttlMs ?? defaultUnitTtlMs;
  const nowMs = options.nowMs ?? (() => performance.now());
  const held = new Map<string, { unit: Promise<UnitRecord | null>; until: number }>();
  return {
    get(unitId) {
      const now = nowMs();
      const entry = held.get(unitId);
      if (entry && entry.until > now) return entry.unit;
      const unit = units.get(unitId);
      held.set(unitId, { unit, until: now + ttlMs });
      // Neither a miss nor a failure is kept.
      unit.then(
        (found) => found === null && held.get(unitId)?.unit === unit && held.delete(unitId),
        () => held.get(unitId)?.unit === unit && held.delete(unitId),
      );
      return unit;
    },
  };
}
