/**
 * Pure builders of the tasks and effect params the cluster-evaluation machine emits. Every task
 * key, recipient and mail field is derived here from the context, so the machine's config reads
 * as the procedure. Nothing here reads a ballot's choice: ballot tasks and mails carry the round
 * and the candidates, outcome mails the tallies.
 */
import { findAwardType, type CloseTaskParams, type CreateTaskParams, type HandOverChairParams, type ProposeAwardParams, type SendMailParams } from '@vinh-danh/domain';
import { missingInStage, nextRoles, seatOf, unscoredBy } from './cluster-evaluation.context.ts';
import type { ClusterEvaluationContext, ClusterEvaluationStatus, OpenTask, Stage } from './cluster-evaluation.types.ts';

type Ctx = ClusterEvaluationContext;
export type TaskKind = OpenTask['kind'];

/** An effect as the machine enqueues it. */
export type Effect =
  | { type: 'createTask'; params: CreateTaskParams }
  | { type: 'closeTask'; params: CloseTaskParams }
  | { type: 'sendMail'; params: SendMailParams };

const prefix: Record<Stage, string> = { signing: 'sign', selfAssessment: 'self', crossScoring: 'cross', consolidation: 'consolidate', voting: 'vote', done: 'done' };
const round = (context: Ctx) => (context.election?.rounds.length ?? 0) + 1;

/** The round a ballot task is for, from its key (`vote-<round>-<member>`); undefined for any other task. */
export function ballotRoundOf(taskKey: string): number | undefined {
  const match = /^vote-(\d+)-/.exec(taskKey);
  return match ? Number(match[1]) : undefined;
}

/** Unique within the instance: member ids carry no `-head` / `-deputy` / `-r<n>` suffix (checked at start). */
export function taskKeyFor(context: Ctx, kind: TaskKind, memberId: string): string {
  const stage = context.stage;
  if (kind === 'ballot') return `vote-${round(context)}-${memberId}`;
  if (kind === 'chair' || kind === 'deputy') {
    // A role can return to a member after mergers: a reassigned task gets the reassignment's number.
    const reassigned = (context.reassignments ?? 0) > 0 ? `-r${context.reassignments}` : '';
    return `${stage === 'signing' ? 'proceed' : prefix[stage]}-${memberId}${kind === 'deputy' ? '-deputy' : ''}${reassigned}`;
  }
  return `${prefix[stage]}-${memberId}${kind === 'head' ? '-head' : ''}`;
}

/** The step a task is for, as the task list and the mails name it. */
function stepOf(stage: Stage, kind: TaskKind): string {
  return stage === 'signing' && (kind === 'chair' || kind === 'deputy') ? 'proceedWithoutSigning' : stage;
}

function dueInMs(context: Ctx, kind: TaskKind): number {
  const { deadlines } = context;
  if (kind === 'head' || kind === 'deputy') return deadlines.escalationWindowMs;
  if (kind === 'chair') return deadlines.chairActionMs;
  if (kind === 'ballot') return deadlines.votingMs;
  const byStage: Partial<Record<Stage, number>> = { signing: deadlines.signingMs, selfAssessment: deadlines.selfAssessmentMs, crossScoring: deadlines.crossScoringMs };
  return byStage[context.stage] ?? deadlines.chairActionMs;
}

/** Fields every mail of the evaluation carries, plus what the task's holder needs to act. */
function mailData(context: Ctx, task: OpenTask): Record<string, unknown> {
  const seat = seatOf(context, task.memberId);
  return {
    step: stepOf(task.stage, task.kind),
    clusterId: context.clusterId,
    clusterNameVi: context.clusterNameVi,
    year: context.year,
    memberId: task.memberId,
    memberNameVi: seat?.nameVi ?? task.memberId,
    ...(task.stage === 'signing' && task.kind !== 'member' && task.kind !== 'head' ? { missing: missingInStage(context) } : {}),
    ...(task.stage === 'crossScoring' ? { toScore: unscoredBy(context, task.memberId) } : {}),
    ...(task.kind === 'ballot' ? { round: round(context), candidates: context.election?.pending[0]?.candidates ?? [], secret: true } : {}),
  };
}

/** Who holds a new task of `kind` for `memberId`. */
function assigneeOf(context: Ctx, kind: TaskKind, memberId: string): string {
  const seat = seatOf(context, memberId)!;
  return kind === 'head' ? seat.head : seat.representative;
}

/** Whom a task of `kind` is for, in the current stage: members yet to act, the chair, the deputy or the voters. */
function holders(context: Ctx, kind: TaskKind): string[] {
  if (kind === 'chair') return [context.chair];
  if (kind === 'deputy') return [context.deputy];
  if (kind === 'ballot') return context.ballot.voters.filter((voter) => !context.ballot.voted.includes(voter));
  return missingInStage(context);
}

/**
 * Opens the tasks of `kind` for the current stage: a task and a `task` mail each; an escalated
 * one (`head`, `deputy`) mails `escalation` to its holder and tells the original holder.
 */
export function openTasks(context: Ctx, kind: TaskKind): { tasks: OpenTask[]; effects: Effect[] } {
  const tasks = holders(context, kind).map((memberId) => ({
    taskKey: taskKeyFor(context, kind, memberId), stage: context.stage, memberId, assignee: assigneeOf(context, kind, memberId), kind,
  }));
  const effects = tasks.flatMap((task): Effect[] => {
    const data = mailData(context, task);
    const create: Effect = { type: 'createTask', params: { taskKey: task.taskKey, step: stepOf(context.stage, kind), assignee: task.assignee, dueInMs: dueInMs(context, kind) } };
    if (kind !== 'head' && kind !== 'deputy') return [create, { type: 'sendMail', params: { template: 'task', to: task.assignee, taskKey: task.taskKey, data } }];
    const original = kind === 'head' ? seatOf(context, task.memberId)!.representative : seatOf(context, context.chair)!.representative;
    return [
      create,
      { type: 'sendMail', params: { template: 'escalation', to: task.assignee, taskKey: task.taskKey, data: { ...data, originalAssignee: original } } },
      { type: 'sendMail', params: { template: 'escalation', to: original, data: { ...data, escalatedTo: task.assignee } } },
    ];
  });
  return { tasks, effects };
}

/** A reminder for every open task, before the deadline of the state holding them. */
export function reminders(context: Ctx): SendMailParams[] {
  return context.openTasks.map((task) => ({ template: 'reminder', to: task.assignee, taskKey: task.taskKey, data: mailData(context, task) }));
}

/**
 * Why a task closes: the event that closed it, or the timer's outcome. On a merger: `merged` for
 * the merged member's own tasks, `carried` for a member task the merger fulfilled (the successor
 * inherited what was owed), `closed` for anything else the merger ended.
 */
export function closingOutcome(task: OpenTask, event: { type: string; member?: unknown }, onTimeout: 'escalated' | 'expired' | 'closed'): string {
  if (event.type.startsWith('xstate.after.')) return onTimeout;
  if (event.type === 'memberMerged') return event.member === task.memberId ? 'merged' : task.kind === 'member' || task.kind === 'head' ? 'carried' : 'closed';
  return event.type;
}

/** Whether an open task is still owed after the context changed (a submission, a merger, a ballot). */
export function stillOwed(context: Ctx, task: OpenTask): boolean {
  if (task.kind === 'ballot') return context.ballot.voters.includes(task.memberId) && !context.ballot.voted.includes(task.memberId);
  if (task.kind === 'chair') return task.memberId === context.chair && seatOf(context, task.memberId)?.status !== 'merged';
  if (task.kind === 'deputy') return task.memberId === context.deputy && seatOf(context, task.memberId)?.status !== 'merged';
  return missingInStage(context).includes(task.memberId);
}

/** The leading units proposed for their awards, best seat first. */
export function proposals(context: Ctx): ProposeAwardParams[] {
  return (context.election?.placements ?? []).map(({ awardTypeId, unitId, position }) => ({ awardTypeId, unitId, clusterId: context.clusterId, year: context.year, position }));
}

export function handOver(context: Ctx): HandOverChairParams {
  const { chair, deputy } = nextRoles(context);
  return { clusterId: context.clusterId, year: context.year + 1, chair, deputy };
}

/**
 * Tells every current member's representative how the evaluation ended: ranking, tallies,
 * leading units, next year's chair; members and awards by name as well as by id.
 */
export function outcomeMails(context: Ctx, status: ClusterEvaluationStatus): SendMailParams[] {
  const election = context.election;
  const nameOf = (memberId: string) => seatOf(context, memberId)?.nameVi ?? memberId;
  // Concluded or expired, the year hands over to next year's chair and deputy.
  const next = handOver(context);
  const data = {
    outcome: status,
    clusterId: context.clusterId,
    clusterNameVi: context.clusterNameVi,
    year: context.year,
    stage: context.stage,
    ranking: context.ranking.map(({ memberId, total, rank }) => ({ memberId, nameVi: nameOf(memberId), total, rank })),
    tallies: (election?.rounds ?? []).map(({ round: number, candidates, counts, cast, eligible }) => ({
      round: number,
      candidates: candidates.map((memberId) => ({ memberId, nameVi: nameOf(memberId), votes: counts[memberId] ?? 0 })),
      cast,
      eligible,
    })),
    leadingUnits: (election?.placements ?? []).map(({ unitId, awardTypeId }) => ({ unitId, awardTypeId, nameVi: nameOf(unitId), awardNameVi: findAwardType(awardTypeId)?.nameVi ?? awardTypeId })),
    nextChair: next.chair, nextChairNameVi: nameOf(next.chair), nextDeputy: next.deputy, nextDeputyNameVi: nameOf(next.deputy),
  };
  return context.members.filter((seat) => seat.status !== 'merged').map((seat) => ({ template: 'outcome', to: seat.representative, data }));
}
