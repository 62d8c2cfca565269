/**
 * Writes the seed's cluster into the store: the Northern Midlands and Mountains cluster
 * (packages/domain `northernMidlandsCluster`) — 2022 with its seven members, Bắc Giang chairing
 * and Bắc Kạn deputising, the year the March 2023 meeting evaluated; and 2023 with the agreement
 * the seven signed at that meeting — plus, unless told not to, the unit directory it needs
 * (`clusterDirectoryUnits` of 2022, the year whose leading units are proposed).
 *
 * Safe to run at every start: it writes only what the store does not hold, so a year handed
 * over, an agreement re-signed or a unit an officer edited is never replaced by the seed.
 */
import { northernMidlandsCluster } from '@vinh-danh/domain';
import type { ClusterSignature, Store } from '@vinh-danh/store';
import { clusterYearRecord } from './cluster-year-record.ts';
import { clusterDirectoryUnits } from './northern-midlands-directory.ts';

/** The seed's years: the one evaluated at the meeting, and the one whose agreement was signed there. */
export const seedClusterYears = Object.freeze([2022, 2023]);

/** The meeting in Bắc Giang, 10 March 2023, where the seven signed the 2023 agreement; the report gives the day, not the hour. */
export const agreement2023SignedAt = new Date('2023-03-10T00:00:00+07:00');

export interface SeedClusterOptions {
  /** Also seed the unit directory (the seven provinces and the national bodies), where missing. Default true. */
  units?: boolean;
}

export interface SeedClusterReport {
  clusterId: string;
  /** Years written now (those already stored are left as they are). */
  yearsWritten: number[];
  /** Units written now. */
  unitsWritten: string[];
}

/** Seeds the cluster (and its directory) where the store lacks it; see the module comment. */
export async function seedNorthernMidlandsCluster(store: Pick<Store, 'clusters' | 'units'>, options: SeedClusterOptions = {}): Promise<SeedClusterReport> {
  const cluster = northernMidlandsCluster;
  const report: SeedClusterReport = { clusterId: cluster.clusterId, yearsWritten: [], unitsWritten: [] };
  for (const year of seedClusterYears) {
    if (await store.clusters.getYear(cluster.clusterId, year)) continue;
    // The 2022 agreement's signing is not in the seed: its members sign it in the evaluation's first stage.
    const signatures: ClusterSignature[] =
      year === 2023 ? cluster.years.find((entry) => entry.year === 2023)!.members.map((memberId) => ({ memberId, signedBy: null, signedAt: agreement2023SignedAt })) : [];
    await store.clusters.upsertYear(clusterYearRecord(cluster, year, signatures));
    report.yearsWritten.push(year);
  }
  if (options.units === false) return report;
  for (const unit of clusterDirectoryUnits(cluster.years.find((entry) => entry.year === 2022)!)) {
    if (await store.units.get(unit.unitId)) continue;
    await store.units.upsert(unit);
    report.unitsWritten.push(unit.unitId);
  }
  return report;
}
