/**
 * The cluster model of packages/domain (`EmulationCluster`, `ClusterYear`, `EmulationAgreement`)
 * as the store keeps it (`NewClusterYear`, `ClusterAgreement`), both ways. Pure copies: the
 * store gets plain arrays and objects it may keep, the domain gets its own shapes back.
 */
import { clusterYear, type EmulationAgreement, type EmulationCluster } from '@vinh-danh/domain';
import type { ClusterAgreement, ClusterSignature, ClusterYearRecord, NewClusterYear } from '@vinh-danh/store';

/** The domain's agreement with who signed it when, as stored (its cluster and year are the record's). */
export function agreementRecord(agreement: EmulationAgreement, signatures: readonly ClusterSignature[] = []): ClusterAgreement {
  const { vote } = agreement;
  return {
    criteria: agreement.criteria.map(({ criterionId, nameVi, nameEn, weight, scale }) => ({ criterionId, nameVi, nameEn, weight, scale: { ...scale } })),
    ranking: agreement.ranking,
    selfAssessmentWeight: agreement.selfAssessmentWeight,
    vote: {
      seatAwards: [...vote.seatAwards],
      quorum: vote.quorum,
      secret: true,
      selfVote: vote.selfVote,
      maxRunoffs: vote.maxRunoffs,
      ...(vote.candidatesFromTop !== undefined ? { candidatesFromTop: vote.candidatesFromTop } : {}),
      ...(vote.majority !== undefined ? { majority: vote.majority } : {}),
    },
    source: agreement.source,
    signatures: signatures.map((signature) => ({ ...signature })),
  };
}

/** The cluster's record of `year` as the store keeps it; throws a `RangeError` when the cluster has none. */
export function clusterYearRecord(cluster: EmulationCluster, year: number, signatures: readonly ClusterSignature[] = []): NewClusterYear {
  const record = clusterYear(cluster, year);
  return {
    clusterId: cluster.clusterId,
    year,
    kind: cluster.kind,
    nameVi: cluster.nameVi,
    nameEn: cluster.nameEn,
    members: [...record.members],
    rotationOrder: [...cluster.rotationOrder],
    chair: record.chair,
    deputy: record.deputy,
    responsible: { ...record.responsible },
    rolesSource: record.rolesSource,
    agreement: record.agreement ? agreementRecord(record.agreement, signatures) : null,
  };
}

/** The stored agreement of a year as the domain reads it, or null when none is recorded. */
export function emulationAgreementOf(record: ClusterYearRecord): EmulationAgreement | null {
  const { agreement } = record;
  if (!agreement) return null;
  return {
    clusterId: record.clusterId,
    year: record.year,
    criteria: agreement.criteria.map(({ criterionId, nameVi, nameEn, weight, scale }) => ({ criterionId, nameVi, nameEn, weight, scale: { ...scale } })),
    ranking: agreement.ranking,
    selfAssessmentWeight: agreement.selfAssessmentWeight,
    vote: { ...agreement.vote, seatAwards: [...agreement.vote.seatAwards] },
    source: agreement.source,
  };
}
