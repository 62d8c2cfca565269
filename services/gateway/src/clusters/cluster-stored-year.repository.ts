/**
 * A cluster's year as the store records it (`store.clusters`): members, chair and deputy, the
 * central council member responsible, the agreement with its signatures, and the handover. This
 * is what the year pages have to show before an evaluation starts, and beside one once it has.
 * Unit names come from the unit directory (`store.units`); a unit the directory lacks shows as its id.
 */
import type { ClusterYearRecord, Store } from '@vinh-danh/store';

export interface StoredClusterYear {
  record: ClusterYearRecord;
  /** Vietnamese names of the units the record mentions (members, chair, deputy, signatories), by unit id; only those the directory holds. */
  unitNames: ReadonlyMap<string, string>;
}

/** The units a year's record names, each once: members first, in the record's order. */
function unitIdsOf(record: ClusterYearRecord): string[] {
  const signatories = (record.agreement?.signatures ?? []).map((signature) => signature.memberId);
  return [...new Set([...record.members, record.chair, record.deputy, ...signatories])];
}

/** The year `clusterId` recorded for `year`, with its units' names; null when the store does not record it. */
export async function loadStoredClusterYear(store: Pick<Store, 'clusters' | 'units'>, clusterId: string, year: number): Promise<StoredClusterYear | null> {
  const record = await store.clusters.getYear(clusterId, year);
  if (!record) return null;
  const unitIds = unitIdsOf(record);
  const units = await Promise.all(unitIds.map((unitId) => store.units.get(unitId)));
  const unitNames = new Map(units.flatMap((unit) => (unit ? [[unit.unitId, unit.nameVi] as const] : [])));
  return { record, unitNames };
}

/** A unit's Vietnamese name (a proper name in both languages), or its id when the directory lacks it. */
export const storedUnitName = (stored: StoredClusterYear, unitId: string): string => stored.unitNames.get(unitId) ?? unitId;

