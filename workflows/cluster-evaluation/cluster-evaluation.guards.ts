/**
 * Guards of the cluster-evaluation machine, as plain predicates over `{ context, event }`.
 *
 * Events arrive from HTTP (through the gateway) and from workers, so each guard re-checks the
 * shape it relies on; a refused event leaves the snapshot unchanged — except a score sheet that
 * does not fit the scales, whose refusal is recorded so the gateway can show why.
 */
import { scoreSheetProblems, showsText, type ScoreProblem } from '@vinh-danh/domain';
import {
  activeMemberOf, activeMembers, electionAfterRound, signatoriesOf, memberActingAs, missingCrossScores, missingInStage, missingSelfAssessments, missingSignatures, rolesProblem, seatOf, unscoredBy,
} from './cluster-evaluation.context.ts';
import { applyMerge } from './cluster-evaluation.merge.ts';
import type { BallotRound, ClusterEvaluationContext, ClusterEvaluationEvent, Stage } from './cluster-evaluation.types.ts';

interface GuardArgs {
  context: ClusterEvaluationContext;
  event: ClusterEvaluationEvent;
}

/** Text in which something shows (zero-width characters alone are blank). */
const nonBlank = showsText;
const stageOrder: readonly Stage[] = ['signing', 'selfAssessment', 'crossScoring', 'consolidation', 'voting', 'done'];
/** The procedure has moved past `stage`: a submission for it is late. */
const isPast = (context: ClusterEvaluationContext, stage: Stage) => stageOrder.indexOf(context.stage) > stageOrder.indexOf(stage);

/** Evidence: at least one non-blank reference (a link, a document number), 50 at most. */
export function evidenceProblems(evidence: unknown): ScoreProblem[] {
  const ok = Array.isArray(evidence) && evidence.length > 0 && evidence.length <= 50 && evidence.every((item) => nonBlank(item) && item.length <= 2000);
  return ok ? [] : [{ criterionId: '', message: 'Evidence must list 1–50 non-blank references (links or document numbers)' }];
}

/** What is wrong with a `selfAssess` / `crossScore` sheet (and evidence), empty when it is fine. */
export function submissionProblems(context: ClusterEvaluationContext, event: ClusterEvaluationEvent): ScoreProblem[] {
  if (event.type === 'selfAssess') return [...scoreSheetProblems(context.criteria, event.scores), ...evidenceProblems(event.evidence)];
  if (event.type === 'crossScore') return scoreSheetProblems(context.criteria, event.scores);
  return [];
}

const canSign = ({ context, event }: GuardArgs) => {
  const memberId = activeMemberOf(context, event.type === 'sign' ? event.by : undefined);
  return context.stage === 'signing' && memberId !== undefined && !context.signatures.includes(memberId);
};
const canSelfAssess = ({ context, event }: GuardArgs) => {
  const memberId = activeMemberOf(context, event.type === 'selfAssess' ? event.by : undefined);
  return context.stage === 'selfAssessment' && memberId !== undefined && !Object.hasOwn(context.selfAssessments, memberId);
};
const canCrossScore = ({ context, event }: GuardArgs) => {
  if (event.type !== 'crossScore' || context.stage !== 'crossScoring') return false;
  const scorer = activeMemberOf(context, event.by);
  return scorer !== undefined && unscoredBy(context, scorer).includes(event.member);
};
/** The ballot round with `event`'s ballot added. */
export function ballotWith(context: ClusterEvaluationContext, event: ClusterEvaluationEvent): BallotRound {
  if (event.type !== 'vote') return context.ballot;
  const voter = voterOf(context, event.by)!;
  const { ballot } = context;
  return { ...ballot, voted: [...ballot.voted, voter], counts: { ...ballot.counts, [event.choice]: (ballot.counts[event.choice] ?? 0) + 1 } };
}
/** The voter `by` acts for: the roster is fixed for the round, so a member merged since still votes. */
export function voterOf(context: ClusterEvaluationContext, by: unknown): string | undefined {
  return context.members.find((seat) => context.ballot.voters.includes(seat.memberId) && (seat.representative === by || seat.head === by))?.memberId;
}
const canVote = ({ context, event }: GuardArgs) => {
  if (event.type !== 'vote' || context.stage !== 'voting') return false;
  if (event.round !== undefined && event.round !== (context.election?.rounds.length ?? 0) + 1) return false;
  const voter = voterOf(context, event.by);
  const candidates = context.election?.pending[0]?.candidates ?? [];
  return voter !== undefined && !context.ballot.voted.includes(voter) && candidates.includes(event.choice) && (context.rules.vote.selfVote || event.choice !== voter);
};
const isLastBallot = (args: GuardArgs) => canVote(args) && args.context.ballot.voted.length + 1 === args.context.ballot.voters.length;
const isMerge = ({ context, event }: GuardArgs) =>
  event.type === 'memberMerged' && nonBlank(event.successor) && event.successor !== event.member && seatOf(context, event.member)?.status !== undefined && seatOf(context, event.member)!.status !== 'merged';
/** Whether `by` may take the chair's decision: the chair, or the deputy once the chair's task escalated to it. */
const isChairActor = ({ context, event }: GuardArgs) => {
  const memberId = memberActingAs(context, 'by' in event ? event.by : undefined)?.memberId;
  const deputyAsked = context.openTasks.some((task) => task.kind === 'deputy');
  return memberId !== undefined && (memberId === context.chair || (deputyAsked && memberId === context.deputy));
};
const byOf = (event: ClusterEvaluationEvent) => ('by' in event ? event.by : undefined);

export const clusterEvaluationGuards = {
  canSign,
  completesSigning: (args: GuardArgs) => canSign(args) && missingSignatures(args.context).length === 1,
  /** Every member signed before the evaluation started (`signedAlready`): nobody is asked. */
  signedBeforeStart: ({ context }: GuardArgs) => context.stage === 'signing' && missingSignatures(context).length === 0,
  /** After the escalation window, with enough signatories, a stated reason, by the chair (or the deputy it escalated to). */
  canProceedWithoutSigning: (args: GuardArgs) =>
    args.event.type === 'proceedWithoutSigning' && nonBlank(args.event.reason) && isChairActor(args) && signatoriesOf(args.context).length >= args.context.rules.minimumSignatories,
  canSelfAssess,
  validSubmission: ({ context, event }: GuardArgs) => submissionProblems(context, event).length === 0,
  completesSelfAssessment: (args: GuardArgs) => canSelfAssess(args) && missingSelfAssessments(args.context).length === 1,
  canCrossScore,
  /** The sheet is the last one owed by anyone (its scorer owes only this one, and nobody else owes any). */
  completesCrossScoring: (args: GuardArgs) => {
    if (!canCrossScore(args) || args.event.type !== 'crossScore') return false;
    const scorer = activeMemberOf(args.context, args.event.by)!;
    const missing = missingCrossScores(args.context);
    return missing.length === 1 && missing[0] === scorer && unscoredBy(args.context, scorer).length === 1;
  },
  /** The chair's (or deputy's) consolidation, with next year's roles both chosen among the members or neither. */
  canConsolidate: (args: GuardArgs) =>
    args.event.type === 'consolidate' &&
    isChairActor(args) &&
    ((args.event.nextChair === undefined && args.event.nextDeputy === undefined) || rolesProblem(args.context, args.event.nextChair, args.event.nextDeputy) === null),
  canVote,
  isLastBallot,
  lastBallotEndsElection: (args: GuardArgs) => isLastBallot(args) && electionAfterRound(args.context, ballotWith(args.context, args.event)).pending.length === 0,
  closedRoundEndsElection: ({ context }: GuardArgs) => electionAfterRound(context).pending.length === 0,
  isMerge,
  /** The merger leaves no member taking part: nobody is left to evaluate or hand over to. */
  mergeLeavesNoneActive: (args: GuardArgs) => isMerge(args) && args.event.type === 'memberMerged' && activeMembers(applyMerge(args.context, args.event)).length === 0,
  /** The merger leaves nobody owing anything in the current collecting stage (and someone still taking part). */
  mergeCompletesStage: (args: GuardArgs) => {
    if (!isMerge(args) || args.event.type !== 'memberMerged') return false;
    const after = { ...args.context, ...applyMerge(args.context, args.event) };
    return activeMembers(after).length > 0 && missingInStage(after).length === 0;
  },
  isLateSign: ({ context, event }: GuardArgs) => event.type === 'sign' && isPast(context, 'signing') && memberActingAs(context, byOf(event)) !== undefined,
  isLateSelfAssessment: ({ context, event }: GuardArgs) => event.type === 'selfAssess' && isPast(context, 'selfAssessment') && memberActingAs(context, byOf(event)) !== undefined,
  isLateCrossScore: ({ context, event }: GuardArgs) => event.type === 'crossScore' && isPast(context, 'crossScoring') && memberActingAs(context, byOf(event)) !== undefined,
};
