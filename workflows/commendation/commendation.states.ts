/**
 * State configs the commendation machine uses more than once: the task-holding states of
 * `review` and `decision`, and the final states. Typed standalone (params annotated), so the
 * machine spreads them into its config and xstate checks them there against its actions,
 * guards and delays.
 */
import type { SetNominationStatusParams } from '@vinh-danh/domain';
import { currentLevel } from './commendation.context.ts';
import * as build from './commendation.effects.ts';
import type { CommendationContext, CommendationOutput, CommendationStatus } from './commendation.types.ts';

type Args = { context: CommendationContext; event: { type: string } };

/** The typed output of the final state `status`. */
export const outputFor =
  (status: CommendationStatus) =>
  ({ context }: { context: CommendationContext }): CommendationOutput => ({
    status,
    nominationId: context.nominationId,
    awardTypeId: context.awardTypeId,
    round: context.round,
    simplified: context.simplified,
    levelId: currentLevel(context).id,
    reason: context.rejection?.reason ?? null,
    decisionNumber: context.decision?.decisionNumber ?? null,
    amountVnd: context.decision?.amountVnd ?? null,
    tallies: context.tallies,
  });

/** Final states: mirror the outcome onto the nomination and tell the submitter. */
export const finalState = (status: CommendationStatus, nominationStatus: SetNominationStatusParams['status']) => ({
  type: 'final' as const,
  entry: [
    { type: 'setNominationStatus' as const, params: { status: nominationStatus } },
    { type: 'sendMail' as const, params: ({ context }: { context: CommendationContext }) => build.outcomeMail(context, status) },
  ],
  output: outputFor(status),
});

/**
 * The task-holding states shared by `review` and `decision`: the assignee's task with a
 * reminder and a deadline, then the escalation assignee's task (or expiry when there is none).
 */
export const taskStates = {
  pending: {
    entry: [
      { type: 'assignTask' as const, params: ({ context }: Args) => build.levelAssignment(context, false) },
      { type: 'createTask' as const, params: ({ context }: Args) => build.openTask(context, currentLevel(context).id, currentLevel(context).deadlineMs, currentLevel(context).deadlineWorkingDays) },
      { type: 'sendMail' as const, params: ({ context }: Args) => build.levelTaskMail(context, 'task') },
    ],
    exit: {
      type: 'closeTask' as const,
      params: ({ context, event }: Args) =>
        build.closeOpenTask(context, event, currentLevel(context).escalationAssignee !== undefined ? 'escalated' : 'expired'),
    },
    on: { withdraw: { guard: 'isSubmitter' as const, target: '#commendation.withdrawn' } },
    after: {
      levelReminder: { actions: { type: 'sendMail' as const, params: ({ context }: Args) => build.levelTaskMail(context, 'reminder') } },
      levelDeadline: [{ guard: 'canEscalate' as const, target: 'escalated' }, { target: '#commendation.expired' }],
    },
  },
  escalated: {
    entry: [
      { type: 'assignTask' as const, params: ({ context }: Args) => build.levelAssignment(context, true) },
      { type: 'createTask' as const, params: ({ context }: Args) => build.openTask(context, currentLevel(context).id, currentLevel(context).escalationWindowMs, currentLevel(context).escalationWorkingDays) },
      { type: 'sendMail' as const, params: ({ context }: Args) => build.escalationMail(context) },
      { type: 'sendMail' as const, params: ({ context }: Args) => build.escalationNoticeMail(context) },
    ],
    exit: { type: 'closeTask' as const, params: ({ context, event }: Args) => build.closeOpenTask(context, event, 'expired') },
    on: { withdraw: { guard: 'isSubmitter' as const, target: '#commendation.withdrawn' } },
    after: { escalationWindow: { target: '#commendation.expired' } },
  },
};

