/**
 * Pure builders of the effect params the nomination-approval machine emits.
 *
 * Kept apart from the machine so its config reads as the procedure, and so every task key,
 * assignee and mail is derived in one place from the context.
 */
import type { CloseTaskParams, CreateTaskParams, SendMailParams } from '@vinh-danh/domain';
import type {
  NominationApprovalContext,
  NominationApprovalStatus,
  NominationApprovers,
  ResubmitStep,
  ReviewStep,
} from './nomination-approval.types.ts';

/** Which approver reviews a step and who takes over when its deadline passes. */
const reviewers = {
  unitLeaderReview: { assignee: 'unitLeader', escalation: 'unitLeaderEscalation' },
  officerReview: { assignee: 'officer', escalation: 'officerEscalation' },
} as const satisfies Record<ReviewStep, { assignee: keyof NominationApprovers; escalation: keyof NominationApprovers }>;

/** The task the machine is about to open: who holds it and under which key. */
export type TaskAssignment = Pick<NominationApprovalContext, 'currentAssignee' | 'currentTaskKey'>;

/** Review task of `step` in the current round; the escalated one gets its own key. */
export function reviewAssignment(
  context: Pick<NominationApprovalContext, 'approvers' | 'round'>,
  step: ReviewStep,
  escalated: boolean,
): TaskAssignment {
  const reviewer = reviewers[step];
  return escalated
    ? { currentAssignee: context.approvers[reviewer.escalation], currentTaskKey: `${step}-${context.round}-escalated` }
    : { currentAssignee: context.approvers[reviewer.assignee], currentTaskKey: `${step}-${context.round}` };
}

/** The submitter's task to amend and resubmit. */
export function resubmitAssignment(context: NominationApprovalContext): TaskAssignment {
  const step: ResubmitStep = 'resubmit';
  return { currentAssignee: context.submitter, currentTaskKey: `${step}-${context.round}` };
}

/** Opens the task just assigned in context. */
export function openTask(
  context: NominationApprovalContext,
  step: ReviewStep | ResubmitStep,
  dueInMs: number,
): CreateTaskParams {
  return { taskKey: context.currentTaskKey, step, assignee: context.currentAssignee, dueInMs };
}

/**
 * Closes the open task when its state is left, whatever the reason. The outcome is the
 * person's event type, `withdrawn` for a withdrawal, and `onTimeout` when a timer fired.
 */
export function closeOpenTask(
  context: NominationApprovalContext,
  event: { type: string },
  onTimeout: 'escalated' | 'expired',
): CloseTaskParams {
  const outcome = event.type.startsWith('xstate.after.')
    ? onTimeout
    : event.type === 'withdraw'
      ? 'withdrawn'
      : event.type;
  return { taskKey: context.currentTaskKey, outcome };
}

/** Tells the current assignee about their open task (`task`) or its coming deadline (`reminder`). */
export function assigneeMail(
  context: NominationApprovalContext,
  template: 'task' | 'reminder',
  step: ReviewStep,
): SendMailParams {
  return { template, to: context.currentAssignee, taskKey: context.currentTaskKey, data: { step } };
}

/** Hands the escalated task to the escalation person; call after the escalated task is assigned. */
export function escalationMail(context: NominationApprovalContext, step: ReviewStep): SendMailParams {
  return {
    template: 'escalation',
    to: context.currentAssignee,
    taskKey: context.currentTaskKey,
    data: { step, originalAssignee: context.approvers[reviewers[step].assignee] },
  };
}

/** Tells the original reviewer their task passed to someone else; no link, their task is closed. */
export function escalationNoticeMail(context: NominationApprovalContext, step: ReviewStep): SendMailParams {
  return {
    template: 'escalation',
    to: context.approvers[reviewers[step].assignee],
    data: { step, escalatedTo: context.currentAssignee },
  };
}

/** Asks the submitter to amend the nomination, quoting the reviewer. */
export function changesRequestedMail(context: NominationApprovalContext): SendMailParams {
  return {
    template: 'changesRequested',
    to: context.submitter,
    taskKey: context.currentTaskKey,
    data: { comment: context.lastComment, round: context.round },
  };
}

/** Tells the submitter how the procedure ended. */
export function outcomeMail(context: NominationApprovalContext, outcome: NominationApprovalStatus): SendMailParams {
  return { template: 'outcome', to: context.submitter, data: { outcome } };
}
