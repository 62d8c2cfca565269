/**
 * The cluster-evaluation machine's context: built and checked when an instance starts, and the
 * queries guards, actions and effect builders share. Pure functions of plain JSON.
 */
import {
  closeRound, consolidateRanking, criteriaProblems, leadingUnitVoteRuleProblems, rotateChair, showsText, type ConsolidatedRanking, type Election,
} from '@vinh-danh/domain';
import { resolveClusterEvaluationDeadlines } from './cluster-evaluation.timing.ts';
import type { ClusterEvaluationContext, ClusterEvaluationInput, MemberSeat } from './cluster-evaluation.types.ts';

/** Member ids become task keys (`sign-<id>-head`): plain words, and no suffix a key uses. */
const MEMBER_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const isName = showsText;

function inputProblems(input: ClusterEvaluationInput): string[] {
  const problems: string[] = [];
  for (const field of ['clusterId', 'clusterNameVi'] as const) if (!isName(input[field])) problems.push(field);
  if (!Number.isSafeInteger(input.year) || input.year < 2000 || input.year > 2100) problems.push('year');
  const members = Array.isArray(input.members) ? input.members : [];
  if (members.length < 3) problems.push('members (at least three: a chair, a deputy and one more)');
  members.forEach((member, index) => {
    if (typeof member.memberId !== 'string' || !MEMBER_ID.test(member.memberId) || /-(head|deputy|r[0-9]+)$/.test(member.memberId)) problems.push(`members[${index}].memberId`);
    for (const field of ['nameVi', 'representative', 'head'] as const) if (!isName(member[field])) problems.push(`members[${index}].${field}`);
  });
  const ids = members.map((member) => member.memberId);
  const people = members.flatMap((member) => [member.representative, member.head]);
  if (new Set(ids).size !== ids.length) problems.push('members (ids repeat)');
  // One person acts for one member, so `by` always names the member.
  if (new Set(people).size !== people.length) problems.push('members (a person acts for two members or is both representative and head)');
  if (!ids.includes(input.chair)) problems.push('chair');
  if (!ids.includes(input.deputy) || input.deputy === input.chair) problems.push('deputy');
  const order = Array.isArray(input.rotationOrder) ? input.rotationOrder : [];
  if (!ids.every((id) => order.includes(id))) problems.push('rotationOrder (every member once)');
  if (input.signedAlready !== undefined && !(Array.isArray(input.signedAlready) && input.signedAlready.every((id) => ids.includes(id)))) {
    problems.push('signedAlready (members only)');
  }
  problems.push(...criteriaProblems(Array.isArray(input.criteria) ? input.criteria : []));
  const rules = input.rules ?? ({} as ClusterEvaluationInput['rules']);
  if (rules.ranking !== 'competition' && rules.ranking !== 'dense') problems.push('rules.ranking');
  if (!(rules.selfAssessmentWeight >= 0 && rules.selfAssessmentWeight < 1)) problems.push('rules.selfAssessmentWeight');
  if (!(Number.isSafeInteger(rules.minimumSignatories) && rules.minimumSignatories >= 2)) problems.push('rules.minimumSignatories');
  problems.push(...(rules.vote ? leadingUnitVoteRuleProblems(rules.vote).map((problem) => `rules.${problem}`) : ['rules.vote']));
  return problems;
}

/**
 * The initial context. Guarantees: at least three members with distinct, key-safe ids and
 * distinct people; chair and deputy are two different members; the rotation order lists every
 * member; criteria, rules and deadlines are sane. A bad input is a configuration bug: it throws a
 * `RangeError` naming every bad field, which xstate turns into a snapshot with `status: 'error'`.
 */
export function createClusterEvaluationContext(input: ClusterEvaluationInput): ClusterEvaluationContext {
  const problems = inputProblems(input);
  let deadlines;
  try {
    deadlines = resolveClusterEvaluationDeadlines(input.deadlines ?? {});
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (problems.length > 0 || !deadlines) throw new RangeError(`Invalid cluster-evaluation input: ${problems.join(', ')}`, { cause: input });
  const { vote } = input.rules;
  return {
    clusterId: input.clusterId,
    clusterNameVi: input.clusterNameVi,
    year: input.year,
    members: input.members.map(({ memberId, nameVi, representative, head }) => ({ memberId, nameVi, representative, head, status: 'active' })),
    chair: input.chair,
    deputy: input.deputy,
    rotationOrder: [...input.rotationOrder],
    criteria: input.criteria.map(({ criterionId, nameVi, nameEn, weight, scale }) => ({ criterionId, nameVi, nameEn, weight, scale: { min: scale.min, max: scale.max, step: scale.step } })),
    rules: {
      ranking: input.rules.ranking,
      selfAssessmentWeight: input.rules.selfAssessmentWeight,
      minimumSignatories: input.rules.minimumSignatories,
      vote: {
        seatAwards: [...vote.seatAwards], quorum: vote.quorum, secret: true, selfVote: vote.selfVote, maxRunoffs: vote.maxRunoffs,
        ...(vote.candidatesFromTop !== undefined ? { candidatesFromTop: vote.candidatesFromTop } : {}),
        ...(vote.majority !== undefined ? { majority: vote.majority } : {}),
      },
    },
    deadlines,
    stage: 'signing',
    openTasks: [],
    reassignments: 0,
    signatures: [...new Set(input.signedAlready ?? [])],
    waiver: null,
    selfAssessments: {},
    crossScores: {},
    refusals: [],
    lateSubmissions: [],
    chosenRoles: null,
    merges: [],
    scores: [],
    ranking: [],
    election: null,
    ballot: { voters: [], voted: [], counts: {} },
  };
}

type Ctx = Pick<ClusterEvaluationContext, 'members'>;

export function seatOf(context: Ctx, memberId: string): MemberSeat | undefined {
  return context.members.find((member) => member.memberId === memberId);
}

/** Members taking part, in input order. */
export function activeMembers(context: Ctx): string[] {
  return context.members.filter((member) => member.status === 'active').map((member) => member.memberId);
}

/** Members still in the cluster (signed or not), for the rotation. */
export function currentMembers(context: Ctx): string[] {
  return context.members.filter((member) => member.status !== 'merged').map((member) => member.memberId);
}

/** The member (not merged away) for whom `by` acts, as representative or head. */
export function memberActingAs(context: Ctx, by: unknown): MemberSeat | undefined {
  if (typeof by !== 'string') return undefined;
  return context.members.find((member) => member.status !== 'merged' && (member.representative === by || member.head === by));
}

/** Whether `by` acts for an active member; returns its id. */
export function activeMemberOf(context: Ctx, by: unknown): string | undefined {
  const seat = memberActingAs(context, by);
  return seat?.status === 'active' ? seat.memberId : undefined;
}

/**
 * Members taking part that signed the agreement: a member merged away counts no more (its
 * signature passed to its successor if that one takes part; see applyMerge).
 */
export function signatoriesOf(context: Pick<ClusterEvaluationContext, 'members' | 'signatures'>): string[] {
  return activeMembers(context).filter((memberId) => context.signatures.includes(memberId));
}

export function missingSignatures(context: ClusterEvaluationContext): string[] {
  return activeMembers(context).filter((memberId) => !context.signatures.includes(memberId));
}

export function missingSelfAssessments(context: ClusterEvaluationContext): string[] {
  return activeMembers(context).filter((memberId) => !Object.hasOwn(context.selfAssessments, memberId));
}

/** The active members `scorer` has yet to score. */
export function unscoredBy(context: ClusterEvaluationContext, scorer: string): string[] {
  return activeMembers(context).filter((target) => target !== scorer && !Object.hasOwn(context.crossScores[scorer] ?? {}, target));
}

/** Active members who have not yet scored every other active member. */
export function missingCrossScores(context: ClusterEvaluationContext): string[] {
  return activeMembers(context).filter((scorer) => unscoredBy(context, scorer).length > 0);
}

/** Members yet to act in the current collecting stage (empty outside those stages). */
export function missingInStage(context: ClusterEvaluationContext): string[] {
  if (context.stage === 'signing') return missingSignatures(context);
  if (context.stage === 'selfAssessment') return missingSelfAssessments(context);
  if (context.stage === 'crossScoring') return missingCrossScores(context);
  return [];
}

/** The consolidated scores and ranking of the active members (see domain `ranking.ts`). */
export function consolidate(context: ClusterEvaluationContext): ConsolidatedRanking {
  const sheets = Object.fromEntries(Object.entries(context.selfAssessments).map(([memberId, self]) => [memberId, self.scores]));
  return consolidateRanking(context.criteria, { members: activeMembers(context), selfAssessments: sheets, crossScores: context.crossScores }, {
    method: context.rules.ranking,
    selfAssessmentWeight: context.rules.selfAssessmentWeight,
  });
}

/** The election after closing the open round with `ballot` (the context's, or one with a ballot added). */
export function electionAfterRound(context: ClusterEvaluationContext, ballot = context.ballot): Election {
  return closeRound(context.election!, context.rules.vote, {
    counts: ballot.counts,
    cast: ballot.voted.length,
    eligible: ballot.voters.length,
    rankOf: Object.fromEntries(context.ranking.map((entry) => [entry.memberId, entry.rank])),
  });
}

/**
 * Whether `chair` and `deputy` may hold next year's roles: current members, two different ones
 * (one member in both when the cluster is down to one).
 */
export function rolesProblem(context: ClusterEvaluationContext, chair: unknown, deputy: unknown): 'notMember' | 'same' | null {
  const members = currentMembers(context);
  if (typeof chair !== 'string' || typeof deputy !== 'string' || !members.includes(chair) || !members.includes(deputy)) return 'notMember';
  return chair === deputy && members.length > 1 ? 'same' : null;
}

/**
 * Next year's chair and deputy: as the meeting chose them at the consolidation (a chosen member
 * merged away since, its successor), else by the rotation rule — also when the successor already
 * holds the other role; a cluster merged down to one member keeps it in both roles.
 */
export function nextRoles(context: ClusterEvaluationContext): { chair: string; deputy: string } {
  const chosen = context.chosenRoles;
  if (chosen) {
    // A chosen member merged away since passes its seat to its successor, as this year's roles do.
    const held = { chair: holderAfterMergers(context, chosen.chair), deputy: holderAfterMergers(context, chosen.deputy) };
    if (rolesProblem(context, held.chair, held.deputy) === null) return held;
  }
  return rotationRoles(context);
}

/** The member holding `memberId`'s place now: itself, or the successor it merged into (followed through later mergers). */
function holderAfterMergers(context: ClusterEvaluationContext, memberId: string): string {
  let holder = memberId;
  for (let step = 0; step < context.merges.length; step += 1) {
    const merge = context.merges.find((record) => record.memberId === holder);
    if (!merge) break;
    holder = merge.successorId;
  }
  return holder;
}

/** Next year's chair and deputy by the rotation rule alone: what the consolidation proposes. */
export function rotationRoles(context: ClusterEvaluationContext): { chair: string; deputy: string } {
  const members = currentMembers(context);
  if (members.length < 2) return { chair: members[0] ?? context.chair, deputy: members[0] ?? context.deputy };
  const { chair, deputy } = rotateChair({ year: context.year, chair: context.chair, deputy: context.deputy, members }, context.rotationOrder);
  return { chair, deputy };
}
