/**
 * Cluster evaluation: the year-end procedure of an emulation cluster or bloc (Cụm, Khối thi đua)
 * — agreement signing, self-assessment, cross-scoring, consolidation, secret vote for the leading
 * units, proposals and handover. See `cluster-evaluation.machine.ts` for guarantees.
 */
import { clusterEvaluationMachine } from './cluster-evaluation.machine.ts';

export { clusterEvaluationMachine } from './cluster-evaluation.machine.ts';
export { createClusterEvaluationContext } from './cluster-evaluation.context.ts';
// Queries over a stored context for readers (the gateway's pages): the machine's own rules, not copies of them.
export {
  activeMembers as activeClusterMembers, consolidate as consolidateClusterScores, currentMembers as currentClusterMembers, missingSignatures, rolesProblem as clusterRolesProblem,
  rotationRoles as clusterRotationRoles, signatoriesOf, unscoredBy,
} from './cluster-evaluation.context.ts';
export { evidenceProblems } from './cluster-evaluation.guards.ts';
export { ballotRoundOf } from './cluster-evaluation.effects.ts';
export { applyMerge, mergeRule } from './cluster-evaluation.merge.ts';
export {
  defaultClusterEvaluationDeadlines, resolveClusterEvaluationDeadlines, type ClusterEvaluationDeadlines,
} from './cluster-evaluation.timing.ts';
export { seedClusterEvaluationInput, seedContacts } from './cluster-evaluation.seed.ts';
// `VoteEvent` is commendation's; this procedure's ballot is `ClusterVoteEvent`.
export type {
  BallotRound, ClusterEvaluationContext, ClusterEvaluationEvent, ClusterEvaluationInput, ClusterEvaluationOutput, ClusterEvaluationRules,
  ClusterEvaluationStatus, ClusterMemberInput, ClusterVoteEvent, ConsolidateEvent, CrossScoreEvent, LateSubmission, MemberMergedEvent,
  MemberSeat, MemberStatus, MergeRecord, OpenTask, ProceedWithoutSigningEvent, Refusal, SelfAssessEvent, SelfAssessment, SignEvent, Stage,
} from './cluster-evaluation.types.ts';

/**
 * What the engine registers and stores with each instance. `version` pins running instances
 * to the machine they started with: bump it (and keep the old definition) when a change
 * would not restore old persisted snapshots.
 */
export const clusterEvaluationDefinition = {
  id: 'cluster-evaluation',
  version: 1,
  machine: clusterEvaluationMachine,
  redactEvent: redactChoice,
} as const;

/** A `vote` event is kept as "voted", never with its choice: the ballot is secret (bỏ phiếu kín). */
export function redactChoice<E extends { type: string; [field: string]: unknown }>(event: E): E {
  if (event.type !== 'vote' || !('choice' in event)) return event;
  const { choice: _secret, ...kept } = event;
  return kept as E;
}
