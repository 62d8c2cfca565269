/**
 * Emulation clusters and blocs (Cụm, Khối thi đua): groups the Central Emulation–Commendation
 * Council forms — provinces into clusters, ministries and national bodies into blocs. Each year a
 * cluster has members, a chair (Trưởng cụm) and a deputy (Phó trưởng cụm), a member of the
 * central council responsible for it, and the agreement its members sign.
 */
import type { EmulationAgreement } from './agreement.ts';

/** The member of the Central Emulation–Commendation Council (Hội đồng TĐKT Trung ương) responsible for the cluster. */
export interface ResponsibleCouncilMember {
  name: string;
  titleVi: string;
  titleEn: string;
}

export interface ClusterYear {
  year: number;
  /** Member unit ids (see `organisation/`), in no particular order. */
  members: readonly string[];
  chair: string;
  deputy: string;
  responsible: ResponsibleCouncilMember;
  /** Where the chair and deputy come from: a source read, or the rotation rule applied. */
  rolesSource: string;
  agreement?: EmulationAgreement;
}

export interface EmulationCluster {
  clusterId: string;
  /** `cluster` (Cụm: provinces) or `bloc` (Khối: ministries, national bodies). */
  kind: 'cluster' | 'bloc';
  nameVi: string;
  nameEn: string;
  /** The order the chair rotates in, as the cluster agreed it. */
  rotationOrder: readonly string[];
  years: readonly ClusterYear[];
}

/** Who chairs and deputises in a year. */
export interface ChairAndDeputy {
  year: number;
  chair: string;
  deputy: string;
}

/**
 * Next year's roles from this year's, by the rotation rule: the deputy chairs next year (the
 * usual practice), and the new deputy is the first member after the new chair in `order`
 * (cyclically) other than the outgoing chair — unless no one else is left (a two-member
 * cluster). Members missing from `order` are a data bug; ids in `order` that are not members
 * (former members, merged away) are skipped. Throws a `RangeError` naming the problem.
 */
export function rotateChair(current: { year: number; chair: string; deputy: string; members: readonly string[] }, order: readonly string[]): ChairAndDeputy {
  const members = new Set(current.members);
  if (members.size < 2) throw new RangeError(`A cluster needs at least two members to rotate, ${current.year} has ${members.size}`);
  if (!members.has(current.deputy)) throw new RangeError(`Deputy ${current.deputy} is not a member in ${current.year}`);
  const missing = [...members].filter((member) => !order.includes(member));
  if (missing.length > 0) throw new RangeError(`Rotation order lacks ${missing.join(', ')}`);
  const chair = current.deputy;
  const rotation = order.filter((unitId, index) => members.has(unitId) && order.indexOf(unitId) === index);
  const start = rotation.indexOf(chair);
  const after = Array.from({ length: rotation.length - 1 }, (_, offset) => rotation[(start + 1 + offset) % rotation.length]!);
  const deputy = after.find((unitId) => unitId !== current.chair) ?? after[0]!;
  return { year: current.year + 1, chair, deputy };
}

/** The cluster's record for `year`; throws a `RangeError` when it has none. */
export function clusterYear(cluster: EmulationCluster, year: number): ClusterYear {
  const found = cluster.years.find((entry) => entry.year === year);
  if (!found) throw new RangeError(`${cluster.clusterId} has no record for ${year}`);
  return found;
}

/** Chair and deputy for the year after `year` (see {@link rotateChair}); `order` defaults to the cluster's. */
export function nextChairAndDeputy(cluster: EmulationCluster, year: number, order: readonly string[] = cluster.rotationOrder): ChairAndDeputy {
  return rotateChair(clusterYear(cluster, year), order);
}
