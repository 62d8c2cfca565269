/**
 * Nomination approval (phê duyệt hồ sơ đề nghị khen thưởng): the unit leader reviews, then the
 * emulation & commendation officer; either may approve, reject or send it back for changes.
 *
 * The machine is pure: it reads only its context and events and asks for side effects by
 * naming them (`createTask`, `closeTask`, `sendMail`, `setNominationStatus` with params). The
 * engine runs it with xstate's `initialTransition` / `transition` and turns those actions into
 * outbox rows; `after` timers come back as delayed `xstate.raise` actions the engine schedules.
 *
 * Guarantees:
 * - Every task-holding state (`pending`, `escalated`, `changesRequested`) opens exactly one
 *   task on entry and closes it on exit, so at most one task is open at any time and none
 *   once the machine is final.
 * - Only `context.currentAssignee` can decide, only the submitter can resubmit or withdraw;
 *   any other event is ignored, leaving the snapshot unchanged.
 * - Every outcome is a final state whose output is a `NominationApprovalOutput`.
 */
import { showsText } from '@vinh-danh/domain';
import { and, assign, setup } from 'xstate';
import type {
  CloseTaskParams,
  CreateTaskParams,
  SendMailParams,
  SetNominationStatusParams,
} from '@vinh-danh/domain';
import {
  assigneeMail,
  changesRequestedMail,
  closeOpenTask,
  escalationMail,
  escalationNoticeMail,
  openTask,
  outcomeMail,
  resubmitAssignment,
  reviewAssignment,
  type TaskAssignment,
} from './nomination-approval.effects.ts';
import { resolveNominationApprovalTiming } from './nomination-approval.timing.ts';
import type {
  NominationApprovalContext,
  NominationApprovalEvent,
  NominationApprovalInput,
  NominationApprovalOutput,
  NominationApprovalStatus,
} from './nomination-approval.types.ts';

/** Effects carry no implementation here: the engine executes them from the returned actions. */
function effect<TParams>(_args: unknown, _params: TParams): void {}

const outputFor =
  (status: NominationApprovalStatus) =>
  ({ context }: { context: NominationApprovalContext }): NominationApprovalOutput => ({
    status,
    nominationId: context.nominationId,
    round: context.round,
  });

/** The nomination-approval procedure, version 1. */
export const nominationApprovalMachine = setup({
  types: {
    context: {} as NominationApprovalContext,
    events: {} as NominationApprovalEvent,
    input: {} as NominationApprovalInput,
    output: {} as NominationApprovalOutput,
  },
  actions: {
    createTask: effect<CreateTaskParams>,
    closeTask: effect<CloseTaskParams>,
    sendMail: effect<SendMailParams>,
    setNominationStatus: effect<SetNominationStatusParams>,
    assignTask: assign((_, assignment: TaskAssignment) => assignment),
    recordComment: assign({
      lastComment: ({ event }) => ('comment' in event && typeof event.comment === 'string' ? event.comment : null),
    }),
    startNextRound: assign({ round: ({ context }) => context.round + 1 }),
  },
  guards: {
    isCurrentAssignee: ({ context, event }) => event.by === context.currentAssignee,
    isSubmitter: ({ context, event }) => event.by === context.submitter,
    // Events arrive from HTTP; a blank comment gives the submitter nothing to act on.
    hasComment: ({ event }) => 'comment' in event && showsText(event.comment),
  },
  // Named so the timers are data: each reads its duration from `context.timing`.
  delays: {
    unitLeaderReminder: ({ context }) => context.timing.unitLeaderReviewMs - context.timing.reminderBeforeMs,
    unitLeaderDeadline: ({ context }) => context.timing.unitLeaderReviewMs,
    officerReminder: ({ context }) => context.timing.officerReviewMs - context.timing.reminderBeforeMs,
    officerDeadline: ({ context }) => context.timing.officerReviewMs,
    escalationWindow: ({ context }) => context.timing.escalationWindowMs,
    resubmitWindow: ({ context }) => context.timing.resubmitWindowMs,
  },
}).createMachine({
  id: 'nominationApproval',
  context: ({ input }) => {
    const base = {
      nominationId: input.nominationId,
      submitter: input.submitter,
      // Copied field by field so nothing but these strings reaches the persisted snapshot.
      approvers: {
        unitLeader: input.approvers.unitLeader,
        unitLeaderEscalation: input.approvers.unitLeaderEscalation,
        officer: input.approvers.officer,
        officerEscalation: input.approvers.officerEscalation,
      },
      timing: resolveNominationApprovalTiming(input.timing),
      round: 1,
      lastComment: null,
    };
    return { ...base, ...reviewAssignment(base, 'unitLeaderReview', false) };
  },
  initial: 'unitLeaderReview',
  // The machine's output is the output of the final state it stopped in.
  output: ({ event }) => event.output as NominationApprovalOutput,
  states: {
    unitLeaderReview: {
      initial: 'pending',
      entry: { type: 'setNominationStatus', params: { status: 'in_review' } },
      on: {
        approve: { guard: 'isCurrentAssignee', target: 'officerReview', actions: 'recordComment' },
        reject: { guard: 'isCurrentAssignee', target: 'rejected', actions: 'recordComment' },
        requestChanges: {
          guard: and(['isCurrentAssignee', 'hasComment']),
          target: 'changesRequested',
          actions: 'recordComment',
        },
        withdraw: { guard: 'isSubmitter', target: 'withdrawn' },
      },
      states: {
        pending: {
          entry: [
            { type: 'assignTask', params: ({ context }) => reviewAssignment(context, 'unitLeaderReview', false) },
            {
              type: 'createTask',
              params: ({ context }) => openTask(context, 'unitLeaderReview', context.timing.unitLeaderReviewMs),
            },
            { type: 'sendMail', params: ({ context }) => assigneeMail(context, 'task', 'unitLeaderReview') },
          ],
          exit: { type: 'closeTask', params: ({ context, event }) => closeOpenTask(context, event, 'escalated') },
          after: {
            unitLeaderReminder: {
              actions: { type: 'sendMail', params: ({ context }) => assigneeMail(context, 'reminder', 'unitLeaderReview') },
            },
            unitLeaderDeadline: { target: 'escalated' },
          },
        },
        escalated: {
          entry: [
            { type: 'assignTask', params: ({ context }) => reviewAssignment(context, 'unitLeaderReview', true) },
            {
              type: 'createTask',
              params: ({ context }) => openTask(context, 'unitLeaderReview', context.timing.escalationWindowMs),
            },
            { type: 'sendMail', params: ({ context }) => escalationMail(context, 'unitLeaderReview') },
            { type: 'sendMail', params: ({ context }) => escalationNoticeMail(context, 'unitLeaderReview') },
          ],
          exit: { type: 'closeTask', params: ({ context, event }) => closeOpenTask(context, event, 'expired') },
          after: { escalationWindow: { target: '#nominationApproval.expired' } },
        },
      },
    },
    officerReview: {
      initial: 'pending',
      on: {
        approve: { guard: 'isCurrentAssignee', target: 'approved', actions: 'recordComment' },
        reject: { guard: 'isCurrentAssignee', target: 'rejected', actions: 'recordComment' },
        requestChanges: {
          guard: and(['isCurrentAssignee', 'hasComment']),
          target: 'changesRequested',
          actions: 'recordComment',
        },
        withdraw: { guard: 'isSubmitter', target: 'withdrawn' },
      },
      states: {
        pending: {
          entry: [
            { type: 'assignTask', params: ({ context }) => reviewAssignment(context, 'officerReview', false) },
            {
              type: 'createTask',
              params: ({ context }) => openTask(context, 'officerReview', context.timing.officerReviewMs),
            },
            { type: 'sendMail', params: ({ context }) => assigneeMail(context, 'task', 'officerReview') },
          ],
          exit: { type: 'closeTask', params: ({ context, event }) => closeOpenTask(context, event, 'escalated') },
          after: {
            officerReminder: {
              actions: { type: 'sendMail', params: ({ context }) => assigneeMail(context, 'reminder', 'officerReview') },
            },
            officerDeadline: { target: 'escalated' },
          },
        },
        escalated: {
          entry: [
            { type: 'assignTask', params: ({ context }) => reviewAssignment(context, 'officerReview', true) },
            {
              type: 'createTask',
              params: ({ context }) => openTask(context, 'officerReview', context.timing.escalationWindowMs),
            },
            { type: 'sendMail', params: ({ context }) => escalationMail(context, 'officerReview') },
            { type: 'sendMail', params: ({ context }) => escalationNoticeMail(context, 'officerReview') },
          ],
          exit: { type: 'closeTask', params: ({ context, event }) => closeOpenTask(context, event, 'expired') },
          after: { escalationWindow: { target: '#nominationApproval.expired' } },
        },
      },
    },
    changesRequested: {
      entry: [
        { type: 'assignTask', params: ({ context }) => resubmitAssignment(context) },
        { type: 'createTask', params: ({ context }) => openTask(context, 'resubmit', context.timing.resubmitWindowMs) },
        { type: 'sendMail', params: ({ context }) => changesRequestedMail(context) },
      ],
      exit: { type: 'closeTask', params: ({ context, event }) => closeOpenTask(context, event, 'expired') },
      on: {
        // The round moves on before the next review's task keys are derived from it.
        resubmit: { guard: 'isSubmitter', target: 'unitLeaderReview', actions: 'startNextRound' },
        withdraw: { guard: 'isSubmitter', target: 'withdrawn' },
      },
      after: { resubmitWindow: { target: 'expired' } },
    },
    approved: {
      type: 'final',
      entry: [
        { type: 'setNominationStatus', params: { status: 'approved' } },
        { type: 'sendMail', params: ({ context }) => outcomeMail(context, 'approved') },
      ],
      output: outputFor('approved'),
    },
    rejected: {
      type: 'final',
      entry: [
        { type: 'setNominationStatus', params: { status: 'rejected' } },
        { type: 'sendMail', params: ({ context }) => outcomeMail(context, 'rejected') },
      ],
      output: outputFor('rejected'),
    },
    withdrawn: {
      type: 'final',
      entry: [
        { type: 'setNominationStatus', params: { status: 'withdrawn' } },
        { type: 'sendMail', params: ({ context }) => outcomeMail(context, 'withdrawn') },
      ],
      output: outputFor('withdrawn'),
    },
    expired: {
      type: 'final',
      entry: [
        { type: 'setNominationStatus', params: { status: 'expired' } },
        { type: 'sendMail', params: ({ context }) => outcomeMail(context, 'expired') },
      ],
      output: outputFor('expired'),
    },
  },
});
