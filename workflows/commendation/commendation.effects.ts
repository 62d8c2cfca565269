/**
 * Pure builders of the effect params the commendation machine emits.
 *
 * Every task key, recipient and mail field is derived here from the context, so the machine's
 * config reads as the procedure. Nothing built here reads a ballot: mails and effects about a
 * council carry the level, the member's own task and, once the vote is closed, the tally.
 */
import type {
  CloseTaskParams,
  CreateTaskParams,
  IssueDecisionParams,
  PublishDisclosureParams,
  RecordTallyParams,
  SendMailParams,
} from '@vinh-danh/domain';
import { councilTally, currentLevel, membersYetToAct, objectionConfirmWindowMs, pendingObjectionsOf, stage } from './commendation.context.ts';
import type { CommendationContext, CommendationStatus } from './commendation.types.ts';

/** The non-ballot task the machine is about to open (or `null`s: none open). */
export type TaskAssignment = Pick<CommendationContext, 'currentAssignee' | 'currentTaskKey'>;

export const noTask: TaskAssignment = { currentAssignee: null, currentTaskKey: null };

/** Task of the current review or decision level; the escalated one gets its own key. */
export function levelAssignment(context: CommendationContext, escalated: boolean): TaskAssignment {
  const level = currentLevel(context);
  const taskKey = `${level.id}-${stage(context)}`;
  return escalated
    ? { currentAssignee: level.escalationAssignee ?? level.assignee, currentTaskKey: `${taskKey}-escalated` }
    : { currentAssignee: level.assignee, currentTaskKey: taskKey };
}

/** The submitter's task to amend and resubmit; one per round, as each request ends the round. */
export function resubmitAssignment(context: CommendationContext): TaskAssignment {
  return { currentAssignee: context.submitter, currentTaskKey: `resubmit-${context.round}` };
}

/**
 * Opens the task just assigned in context; `step` is the level id, or `resubmit`. Due in
 * `dueInMs`, or when `dueWorkingDays` end where the engine has a working calendar.
 */
export function openTask(context: CommendationContext, step: string, dueInMs: number, dueWorkingDays?: number): CreateTaskParams {
  return { taskKey: context.currentTaskKey!, step, assignee: context.currentAssignee!, dueInMs, ...(dueWorkingDays !== undefined ? { dueWorkingDays } : {}) };
}

/** The person's event type, `withdrawn` for a withdrawal, `onTimeout` when a timer fired. */
function closingOutcome(event: { type: string }, onTimeout: string): string {
  if (event.type.startsWith('xstate.after.')) return onTimeout;
  return event.type === 'withdraw' ? 'withdrawn' : event.type;
}

/** Closes the open non-ballot task when its state is left, whatever the reason. */
export function closeOpenTask(context: CommendationContext, event: { type: string }, onTimeout: 'escalated' | 'expired'): CloseTaskParams {
  return { taskKey: context.currentTaskKey!, outcome: closingOutcome(event, onTimeout) };
}

/** Fields every mail about the current level carries. */
function levelData(context: CommendationContext): Record<string, unknown> {
  const level = currentLevel(context);
  return {
    step: level.id,
    levelKind: level.kind,
    levelNameVi: level.nameVi,
    levelNameEn: level.nameEn,
    round: context.round,
    simplified: context.simplified,
  };
}

/** The current assignee's task (`task`) or its coming deadline (`reminder`); carries an open objection. */
export function levelTaskMail(context: CommendationContext, template: 'task' | 'reminder'): SendMailParams {
  const level = currentLevel(context);
  return {
    template,
    to: context.currentAssignee!,
    taskKey: context.currentTaskKey!,
    data: {
      ...levelData(context),
      ...(context.openObjection !== null ? { objection: context.openObjection } : {}),
      ...(level.kind === 'decision' ? { authority: level.authority } : {}),
      // A reminder says what its deadline brings: with no one to escalate to, the nomination lapses.
      ...(template === 'reminder' && level.escalationAssignee === undefined ? { atDeadline: 'expires' } : {}),
    },
  };
}

/** Hands the escalated task to the escalation person; call after it is assigned. */
export function escalationMail(context: CommendationContext): SendMailParams {
  const mail = levelTaskMail(context, 'task');
  return { ...mail, template: 'escalation', data: { ...mail.data, originalAssignee: currentLevel(context).assignee } };
}

/** Tells the original assignee their task passed to someone else; no link, their task is closed. */
export function escalationNoticeMail(context: CommendationContext): SendMailParams {
  return { template: 'escalation', to: currentLevel(context).assignee, data: { ...levelData(context), escalatedTo: context.currentAssignee } };
}

/** Asks the submitter to amend the dossier, quoting the reviewer. */
export function changesRequestedMail(context: CommendationContext): SendMailParams {
  return {
    template: 'changesRequested',
    to: context.submitter,
    taskKey: context.currentTaskKey!,
    data: { ...levelData(context), comment: context.lastComment },
  };
}

/** Key of member `index`'s ballot task at the current council sitting. */
export function ballotTaskKey(context: CommendationContext, index: number): string {
  return `${currentLevel(context).id}-${stage(context)}-ballot-${index}`;
}

/** A ballot task and its mail for every member yet to act (all of them when the sitting opens). */
export function ballotTasks(context: CommendationContext): Array<{ task: CreateTaskParams; mail: SendMailParams }> {
  const level = currentLevel(context);
  const data = { ...levelData(context), secret: level.vote!.secret };
  return membersYetToAct(context).map(({ member, index }) => {
    const taskKey = ballotTaskKey(context, index);
    return {
      task: { taskKey, step: level.id, assignee: member, dueInMs: level.deadlineMs, ...(level.deadlineWorkingDays !== undefined ? { dueWorkingDays: level.deadlineWorkingDays } : {}) },
      mail: { template: 'task', to: member, taskKey, data },
    };
  });
}

/** Reminds every member yet to act before the council's deadline. */
export function ballotReminders(context: CommendationContext): SendMailParams[] {
  return ballotTasks(context).map(({ mail }) => ({ ...mail, template: 'reminder' }));
}

/** Closes the ballot tasks still open when the sitting ends: decided early, deadline, withdrawal. */
export function closeOpenBallots(context: CommendationContext, event: { type: string }): CloseTaskParams[] {
  // A vote or recusal that decided the outcome closes the rest as `closed`.
  const outcome = closingOutcome(event, 'expired');
  return membersYetToAct(context).map(({ index }) => ({
    taskKey: ballotTaskKey(context, index),
    outcome: outcome === 'vote' || outcome === 'recuse' ? 'closed' : outcome,
  }));
}

/** Closes one member's ballot task when they vote (`vote`) or recuse (`recuse`); says nothing of the ballot. */
export function closeMemberBallot(context: CommendationContext, event: { type: string; by?: unknown }): CloseTaskParams {
  const index = currentLevel(context).members.indexOf(String(event.by));
  return { taskKey: ballotTaskKey(context, index), outcome: event.type };
}

/** The visible record of a decided or closed vote: counts only. */
export function tallyRecord(context: CommendationContext, closed: boolean): RecordTallyParams {
  const tally = councilTally(context, closed);
  return {
    levelId: currentLevel(context).id,
    round: context.round,
    yes: tally.yes,
    no: tally.no,
    abstain: tally.abstain,
    eligible: tally.eligible,
    members: tally.members,
    quorumMet: tally.quorumMet,
    // Callers record only decided or closed tallies; `open` cannot reach here.
    outcome: tally.outcome === 'passed' ? 'passed' : 'failed',
  };
}

/**
 * The `recordTally` effect's payload: the tally without `members`. Workers before the members
 * were kept refuse a payload with a field they do not know (the schema is strict, so no ballot
 * slips in), so during a rolling deploy an older worker would fail it for good; the procedure's
 * own record ({@link tallyRecord}, in its context) has them, and it is what pages and the API
 * read. The effect carries them once no worker of the earlier version runs.
 */
export function publishedTally(context: CommendationContext, closed: boolean): RecordTallyParams {
  const { members: _members, ...published } = tallyRecord(context, closed);
  return published;
}

/** Key of the `index`th objection (from 0) filed during the current posting: its writer's confirmation task and lapse timer. */
export function objectionTaskKey(context: CommendationContext, index: number): string {
  return `${currentLevel(context).id}-${stage(context)}-objection-${index}`;
}

/**
 * The confirmation task of an objection just filed (the last pending one) and its mail to the
 * writer: due when its confirmation window ends (it is closed when the posting ends, if sooner).
 * The mail is a `task` mail at a disclosure level, which says what confirming does. It does not
 * carry the objection: whoever filed it chose the address too; the link's page shows the text.
 */
export function objectionConfirmation(context: CommendationContext, options: { outlastsPosting: boolean }): { task: CreateTaskParams; mail: SendMailParams } {
  const level = currentLevel(context);
  const pending = pendingObjectionsOf(context).at(-1)!;
  return {
    task: { taskKey: pending.taskKey, step: level.id, assignee: pending.by, dueInMs: objectionConfirmWindowMs(context) },
    // `outlastsPosting`: the posting waits for it (version 2); without it, its link dies with the posting.
    mail: { template: 'task', to: pending.by, taskKey: pending.taskKey, data: { ...levelData(context), ...(options.outlastsPosting ? { outlastsPosting: true } : {}) } },
  };
}

/**
 * Closes the confirmation tasks of the posting's objections when the posting ends: the one
 * being confirmed as `confirmObjection`, the others `closed` (another was confirmed), `expired`
 * (the posting ran out) or `withdrawn`.
 */
export function closePendingObjections(context: CommendationContext, event: { type: string; by?: unknown }): CloseTaskParams[] {
  const outcome = closingOutcome(event, 'expired');
  return pendingObjectionsOf(context).map(({ taskKey, by }) => ({
    taskKey,
    outcome: event.type === 'confirmObjection' ? (by === event.by ? 'confirmObjection' : 'closed') : outcome,
  }));
}

export function disclosureParams(context: CommendationContext): PublishDisclosureParams {
  const level = currentLevel(context);
  return { levelId: level.id, postingDays: level.postingDays!, round: context.round };
}

export function decisionParams(context: CommendationContext): IssueDecisionParams {
  const level = currentLevel(context);
  return {
    levelId: level.id,
    authority: level.authority!,
    issuerCode: level.issuerCode!,
    ...(level.issuingUnitId !== undefined ? { issuingUnitId: level.issuingUnitId } : {}),
    awardTypeId: context.awardTypeId,
  };
}

/** Tells the submitter how the procedure ended: the reason, the latest tally, the decision number. */
export function outcomeMail(context: CommendationContext, outcome: CommendationStatus): SendMailParams {
  const tally = context.rejection?.reason === 'voteFailed' || context.rejection?.reason === 'noQuorum' ? context.tallies.at(-1) : undefined;
  return {
    template: 'outcome',
    to: context.submitter,
    data: {
      outcome,
      levelId: currentLevel(context).id,
      round: context.round,
      simplified: context.simplified,
      ...(context.rejection ? { reason: context.rejection.reason } : {}),
      ...(tally ? { tally: { yes: tally.yes, no: tally.no, abstain: tally.abstain, eligible: tally.eligible, members: tally.members ?? tally.eligible } } : {}),
      ...(context.decision ? { decisionNumber: context.decision.decisionNumber, amountVnd: context.decision.amountVnd } : {}),
    },
  };
}
