/**
 * The seed cluster as a ready input: the Northern Midlands and Mountains cluster's year-end
 * evaluation (2022 by default, the year the seed's meeting reviewed), its members with the people
 * who act for them, for the demo, the all-in-one start and the tests. Addresses are under
 * `.example` (RFC 2606), so no real mailbox can ever receive demo mail.
 *
 * Representative: the province's emulation & commendation office (Ban Thi đua – Khen thưởng);
 * head: the Chairman of the provincial People's Committee, where missed deadlines escalate.
 */
import { clusterYear, northernMidlandsCluster, provinces2025 } from '@vinh-danh/domain';
import type { ClusterEvaluationDeadlines } from './cluster-evaluation.timing.ts';
import type { ClusterEvaluationInput, ClusterMemberInput } from './cluster-evaluation.types.ts';

/** `ubnd-tinh-bac-giang` → `bacgiang`: the demo mail domain of the province. */
const domainOf = (memberId: string) => memberId.replace(/^ubnd-tinh-/, '').replaceAll('-', '');

/** The people acting for each seed member, by member id. */
export function seedContacts(memberIds: readonly string[]): ClusterMemberInput[] {
  return memberIds.map((memberId) => ({
    memberId,
    nameVi: provinces2025.find((unit) => unit.unitId === memberId)?.nameVi ?? memberId,
    representative: `ban-tdkt@${domainOf(memberId)}.example`,
    head: `chu-tich@ubnd.${domainOf(memberId)}.example`,
  }));
}

/** The seed cluster's evaluation of `year` (2022 or 2023), with optional deadline overrides. */
export function seedClusterEvaluationInput(options: { year?: number; deadlines?: Partial<ClusterEvaluationDeadlines> } = {}): ClusterEvaluationInput {
  const record = clusterYear(northernMidlandsCluster, options.year ?? 2022);
  const agreement = record.agreement!;
  return {
    clusterId: northernMidlandsCluster.clusterId,
    clusterNameVi: northernMidlandsCluster.nameVi,
    year: record.year,
    members: seedContacts(record.members),
    chair: record.chair,
    deputy: record.deputy,
    rotationOrder: [...northernMidlandsCluster.rotationOrder],
    criteria: [...agreement.criteria],
    rules: { ranking: agreement.ranking, selfAssessmentWeight: agreement.selfAssessmentWeight, vote: agreement.vote, minimumSignatories: 2 },
    ...(options.deadlines ? { deadlines: options.deadlines } : {}),
  };
}
