/**
 * The cluster-evaluation machine's context updates, as pure functions of `{ context, event }`
 * returning the changed fields. The machine wraps each in `assign`; keeping them here keeps the
 * machine's config readable as the procedure and lets tests call them directly.
 */
import { electionCandidates, startElection, withCandidatesAmong } from '@vinh-danh/domain';
import { activeMemberOf, activeMembers, consolidate, electionAfterRound, memberActingAs, missingSignatures } from './cluster-evaluation.context.ts';
import { ballotWith, submissionProblems } from './cluster-evaluation.guards.ts';
import { applyMerge } from './cluster-evaluation.merge.ts';
import type { ClusterEvaluationContext as Ctx, ClusterEvaluationEvent, LateSubmission } from './cluster-evaluation.types.ts';

interface Args {
  context: Ctx;
  event: ClusterEvaluationEvent;
}

const emptyBallot = { voters: [], voted: [], counts: {} };

export const updates = {
  recordSignature: ({ context, event }: Args): Partial<Ctx> =>
    event.type === 'sign' ? { signatures: [...context.signatures, activeMemberOf(context, event.by)!] } : {},

  /** The members still missing stay outside the agreement for the year; the chair's reason is kept. */
  recordWaiver: ({ context, event }: Args): Partial<Ctx> => {
    if (event.type !== 'proceedWithoutSigning') return {};
    const missing = missingSignatures(context);
    return {
      members: context.members.map((seat) => (missing.includes(seat.memberId) ? { ...seat, status: 'notSigned' as const } : seat)),
      waiver: { memberIds: missing, by: event.by, reason: event.reason.trim() },
    };
  },

  recordSelfAssessment: ({ context, event }: Args): Partial<Ctx> =>
    event.type === 'selfAssess'
      ? { selfAssessments: { ...context.selfAssessments, [activeMemberOf(context, event.by)!]: { scores: { ...event.scores }, evidence: [...event.evidence] } } }
      : {},

  recordCrossScore: ({ context, event }: Args): Partial<Ctx> => {
    if (event.type !== 'crossScore') return {};
    const scorer = activeMemberOf(context, event.by)!;
    return { crossScores: { ...context.crossScores, [scorer]: { ...context.crossScores[scorer], [event.member]: { ...event.scores } } } };
  },

  /** A sheet off the scales: kept out of the scores, its problems kept for the gateway to show. */
  recordRefusal: ({ context, event }: Args): Partial<Ctx> => {
    if (event.type !== 'selfAssess' && event.type !== 'crossScore') return {};
    const refusal = {
      stage: context.stage,
      type: event.type,
      by: event.by,
      memberId: activeMemberOf(context, event.by)!,
      target: event.type === 'crossScore' ? event.member : null,
      problems: submissionProblems(context, event),
    };
    return { refusals: [...context.refusals, refusal] };
  },

  /** A submission after its stage closed: refused, and who sent it when is kept. Never a ballot's choice. */
  recordLate: ({ context, event }: Args): Partial<Ctx> => {
    if (event.type !== 'sign' && event.type !== 'selfAssess' && event.type !== 'crossScore') return {};
    const late: LateSubmission = { type: event.type, by: event.by, memberId: memberActingAs(context, event.by)!.memberId, stage: context.stage };
    return { lateSubmissions: [...context.lateSubmissions, late] };
  },

  consolidate: ({ context, event }: Args): Partial<Ctx> => ({
    ...consolidate(context),
    ...(event.type === 'consolidate' && event.nextChair !== undefined && event.nextDeputy !== undefined ? { chosenRoles: { chair: event.nextChair, deputy: event.nextDeputy } } : {}),
  }),

  /**
   * Opens a ballot round: the first starts the election among the ranking's candidates; the
   * roster is fixed here, voters and candidates alike (a unit merged away since the last round
   * stands no more).
   */
  openRound: ({ context }: Args): Partial<Ctx> => ({
    election: withCandidatesAmong(context.election ?? startElection(context.rules.vote, electionCandidates(context.rules.vote, context.ranking)), activeMembers(context)),
    ballot: { voters: activeMembers(context), voted: [], counts: {} },
  }),

  recordBallot: ({ context, event }: Args): Partial<Ctx> => ({ ballot: ballotWith(context, event) }),

  closeRound: ({ context }: Args): Partial<Ctx> => ({ election: electionAfterRound(context), ballot: emptyBallot }),

  applyMerge: ({ context, event }: Args): Partial<Ctx> => (event.type === 'memberMerged' ? applyMerge(context, event) : {}),
};
