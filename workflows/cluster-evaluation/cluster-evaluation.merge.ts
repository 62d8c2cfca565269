/**
 * A member merged into another unit mid-year (`memberMerged`, sent by the system when the
 * organisation data records the succession). The rule:
 *
 * - Before the vote, when the member and its successor both take part ("carried"): whatever the
 *   member handed in that the successor has not becomes the successor's — its signature, its
 *   self-assessment, the sheets it gave, the sheets it received — and the successor's own stand
 *   where both exist (a unit is evaluated once; one unit, one sheet per peer). Sheets between the
 *   two are dropped: nobody scores itself. This mirrors `rollUp`: a ceased unit's record counts
 *   towards its successor.
 * - Before the vote, when the successor does not take part (outside the cluster, or it never
 *   signed): the member leaves the evaluation. What it handed in stays in the record but counts
 *   no more; it is not ranked and scores nobody.
 * - During the vote: recorded only. The roster of voters and candidates was fixed when the round
 *   opened; changing it under a secret ballot would change what the ballots already cast mean.
 *
 * When no member taking part is left, the evaluation lapses (`expired`). Otherwise the member's
 * open tasks close (`merged`), and its roles pass on: a merged chair's
 * role goes to the successor if it is a member of the cluster, else to the deputy; a merged
 * deputy's to the successor if it is a member and not the chair, else to the next member in the
 * rotation order (skipping the chair); a cluster merged down to one member gives it both roles.
 */
import type { ScoreSheet } from '@vinh-danh/domain';
import { currentMembers, seatOf } from './cluster-evaluation.context.ts';
import type { ClusterEvaluationContext, MemberMergedEvent, MergeRecord } from './cluster-evaluation.types.ts';

type MergeFields = Pick<ClusterEvaluationContext, 'members' | 'chair' | 'deputy' | 'signatures' | 'selfAssessments' | 'crossScores' | 'merges'>;

/** Which rule applies to this merge (see the module comment). */
export function mergeRule(context: ClusterEvaluationContext, member: string, successor: string): MergeRecord['rule'] {
  if (context.stage === 'voting' || context.stage === 'done') return 'recordedOnly';
  const carried = seatOf(context, member)?.status === 'active' && seatOf(context, successor)?.status === 'active';
  return carried ? 'carriedToSuccessor' : 'leftEvaluation';
}

/** The first member after `from` in the rotation order (cyclic) that is a current member and not excluded. */
function nextInOrder(order: readonly string[], from: string, members: readonly string[], exclude: readonly string[]): string | undefined {
  const start = order.indexOf(from);
  const rotation = [...order.slice(start + 1), ...order.slice(0, Math.max(0, start + 1))];
  return rotation.find((unitId) => members.includes(unitId) && !exclude.includes(unitId));
}

function carrySheets(crossScores: ClusterEvaluationContext['crossScores'], member: string, successor: string): ClusterEvaluationContext['crossScores'] {
  const result: Record<string, Record<string, ScoreSheet>> = {};
  for (const [scorer, sheets] of Object.entries(crossScores)) result[scorer] = { ...sheets };
  // Sheets the member gave: the successor's own stand; none about the successor itself.
  const given = result[member] ?? {};
  const successorGave = (result[successor] ??= {});
  for (const [target, sheet] of Object.entries(given)) {
    if (target !== successor && !Object.hasOwn(successorGave, target)) successorGave[target] = sheet;
  }
  // Sheets the member received: each peer's sheet on the successor stands where it exists.
  for (const [scorer, sheets] of Object.entries(result)) {
    if (scorer === member || scorer === successor) continue;
    const aboutMember = sheets[member];
    if (aboutMember && !Object.hasOwn(sheets, successor)) sheets[successor] = aboutMember;
  }
  return result;
}

/** Roles after `member` leaves; `carried` says whether its successor takes part. */
function rolesAfter(context: ClusterEvaluationContext, member: string, successor: string, members: readonly string[]): { chair: string; deputy: string } {
  const successorTakesPart = members.includes(successor);
  let { chair, deputy } = context;
  if (chair === member) chair = successorTakesPart ? successor : deputy;
  if (deputy === member || deputy === chair) {
    const candidate = successorTakesPart && deputy === member && successor !== chair ? successor : nextInOrder(context.rotationOrder, deputy, members, [chair]);
    // A cluster merged down to one member: it holds both roles (as in `nextRoles`).
    deputy = candidate ?? chair;
  }
  return { chair, deputy };
}

/** The context fields after the merge in `event` (validated by the `isMerge` guard). Pure. */
export function applyMerge(context: ClusterEvaluationContext, event: MemberMergedEvent): MergeFields {
  const { member, successor } = event;
  const rule = mergeRule(context, member, successor);
  const members = context.members.map((seat) => (seat.memberId === member ? { ...seat, status: 'merged' as const } : seat));
  const stillMembers = currentMembers({ members });
  const roles = rolesAfter(context, member, successor, stillMembers);
  const merges = [...context.merges, { memberId: member, successorId: successor, rule, stage: context.stage }];
  const { signatures: signed, selfAssessments: assessed, crossScores: sheets } = context;
  if (rule !== 'carriedToSuccessor') return { members, ...roles, merges, signatures: signed, selfAssessments: assessed, crossScores: sheets };
  const signatures = signed.includes(member) && !signed.includes(successor) ? [...signed, successor] : signed;
  const own = assessed[member];
  const selfAssessments = own && !Object.hasOwn(assessed, successor) ? { ...assessed, [successor]: own } : assessed;
  return { members, ...roles, merges, signatures, selfAssessments, crossScores: carrySheets(sheets, member, successor) };
}
