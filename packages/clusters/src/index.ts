/**
 * Emulation clusters and blocs (Cụm, Khối thi đua) on the runtime: their years in the store, the
 * start of a year-end evaluation, the worker side of its `proposeAward` and `handOverChair`
 * effects, and the seed cluster.
 */
export { createClusterHandlers, type ClusterHandlersOptions } from './cluster-handlers.ts';
export { proposalRolesOf, proposeAward, type ProposalResult, type ProposeAwardDeps } from './propose-award.ts';
export { handOverChair } from './hand-over-chair.ts';
export { startClusterEvaluation, type StartClusterEvaluationOptions, type StartClusterEvaluationRequest } from './start-cluster-evaluation.ts';
export { memberContactRoles, memberContacts } from './member-contacts.ts';
export { evaluationContext } from './evaluation-context.ts';
export { agreementRecord, clusterYearRecord, emulationAgreementOf } from './cluster-year-record.ts';
export { clusterDirectoryUnits, nationalBodyIds } from './northern-midlands-directory.ts';
export {
  agreement2023SignedAt, seedClusterYears, seedNorthernMidlandsCluster, type SeedClusterOptions, type SeedClusterReport,
} from './seed-northern-midlands-cluster.ts';
export { clusterEvaluationInstanceId, newTrackingCode, proposalInstanceId, uuidFrom } from './derived-ids.ts';
export { ClusterError, ClusterHandoverError, ClusterProposalError, ClusterSetupError, ClusterYearNotFoundError } from './cluster-errors.ts';
