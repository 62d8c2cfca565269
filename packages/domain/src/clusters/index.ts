/**
 * Emulation clusters and blocs (Cụm, Khối thi đua): the cluster per year with its chair and
 * deputy rotation, the agreement (giao ước thi đua) with weighted criteria, the ranking, the
 * secret vote for leading units with runoffs, and the effects the year-end procedure emits.
 */
export {
  assertScoreSheet, criteriaProblems, InvalidScoreError, roundTotal, scoreSheetProblems, validateScore, weightedTotal,
  type Criterion, type EmulationAgreement, type ScoreProblem, type ScoreSheet, type ScoringScale,
} from './agreement.ts';
export {
  consolidateRanking, peerSheetsOf, rankByTotal,
  type ConsolidatedRanking, type ConsolidatedScore, type ConsolidationOptions, type RankedMember, type RankingMethod, type ScoringRecord,
} from './ranking.ts';
export {
  closeRound, currentContest, electionCandidates, leadingUnitVoteRuleProblems, seatsVotedFor, startElection, withCandidatesAmong,
  type Contest, type Election, type LeadingUnitAwardTypeId, type LeadingUnitVoteRule, type Placement, type RoundInput, type RoundTally, type UnfilledSeats,
} from './leading-unit-vote.ts';
export {
  clusterYear, nextChairAndDeputy, rotateChair,
  type ChairAndDeputy, type ClusterYear, type EmulationCluster, type ResponsibleCouncilMember,
} from './cluster.ts';
export {
  NORTHERN_MIDLANDS_CLUSTER_ID, northernMidlandsAgreement2022, northernMidlandsAgreement2023, northernMidlandsCluster, northernMidlandsMembers,
} from './northern-midlands-cluster.ts';
export {
  clusterEffectPayloadSchemas,
  type ClusterEffectParamsByType, type ClusterEffectType, type HandOverChairParams, type ProposeAwardParams,
} from './cluster-effects.ts';
