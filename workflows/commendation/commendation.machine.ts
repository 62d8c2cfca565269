/**
 * Commendation (khen thưởng): one machine for every award, parameterised by the resolved route
 * the catalogue gives for the award (unit review → province review → council vote → public
 * disclosure → central review → decision, or a shorter one; the simplified procedure is just a
 * shorter route). The transient `level` state dispatches on `route[levelIndex].kind` to the
 * compound `review`, `council`, `disclosure` or `decision` state; each of them ends by moving
 * `levelIndex` and going back through `level`.
 *
 * The machine is pure: it reads only its context and events and asks for side effects by naming
 * them (see packages/domain/src/effects.ts). `after` timers come back as delayed raises the engine
 * schedules; their ids repeat when a kind is entered again for the next level, which is safe
 * because leaving a state cancels its timers in the same commit.
 *
 * Guarantees:
 * - At most one review, decision or resubmit task is open at any time; ballot tasks are open
 *   only in `council`, objection confirmations only in `disclosure`; every task is closed
 *   exactly once and none is open when final.
 * - An objection counts only once its writer confirms it from the link mailed to the address
 *   they gave, within its confirmation window; one filed while the posting lasts keeps its window
 *   after the posting ends, and the next level waits for it. One waits per address, at most
 *   `maxPendingObjections`.
 * - Only the current assignee reviews or decides, only council members yet to act vote or recuse
 *   (once), only the submitter resubmits or withdraws; anything else leaves the snapshot unchanged.
 * - Individual ballots are never kept: the context holds who voted and the counts; effects, mails
 *   and output carry tallies only, and the engine redacts the ballot from the stored event.
 * - Withdrawal is refused in `decision.issuing`: the authority has signed and the number is being
 *   allocated, so the procedure ends `decided` on `decisionIssued`.
 * - Every outcome is a final state whose output is a `CommendationOutput`.
 */
import { and, assign, enqueueActions, setup } from 'xstate';
import type {
  CloseTaskParams,
  CreateTaskParams,
  IssueDecisionParams,
  PublishDisclosureParams,
  RecordTallyParams,
  SendMailParams,
  SetNominationStatusParams,
} from '@vinh-danh/domain';
import { councilTally, createCommendationContext, currentLevel, emptySitting, objectionConfirmWindowMs, objectionsFiledOf, pendingObjectionsOf, previousReviewIndex, repeatedObjectionsOf } from './commendation.context.ts';
import * as build from './commendation.effects.ts';
import { commendationGuards } from './commendation.guards.ts';
import { finalState, taskStates } from './commendation.states.ts';
import type {
  CommendationContext,
  CommendationEvent,
  CommendationInput,
  CommendationOutput,
  RejectionReason,
} from './commendation.types.ts';

/** Effects carry no implementation here: the engine executes them from the returned actions. */
function effect<TParams>(_args: unknown, _params: TParams): void {}

/** A posting's waiting objections, while it lasts and once it ended: each is confirmed (back to review) or lapses (its task expires). */
const waitingObjections = {
  confirmObjection: { guard: 'canConfirmObjection', target: '#commendation.level', actions: 'recordObjection' },
  objectionLapsed: [
    {
      guard: 'isPendingObjectionLapse',
      actions: [
        { type: 'closeTask', params: ({ event }: { event: CommendationEvent }) => ({ taskKey: event.type === 'objectionLapsed' ? event.taskKey : '', outcome: 'expired' }) },
        'dropLapse',
      ],
    },
    { guard: 'isRepeatedObjectionLapse', actions: 'dropLapse' },
  ],
} as const;

/** Whether a posting of an instance of this version waits, once ended, for the objections filed in time (from version 2). */
export const objectionsOutlastPosting = (definitionVersion: number) => definitionVersion >= 2;

/**
 * The commendation procedure of `version`: from version 2, a posting that ends waits for the
 * objections filed in time (`disclosure.closing`), and their mails say so; version 1 drops them.
 */
function commendationMachineOf(version: 1 | 2) {
  const outlasts = objectionsOutlastPosting(version);
  return setup({
  types: {
    context: {} as CommendationContext,
    events: {} as CommendationEvent,
    input: {} as CommendationInput,
    output: {} as CommendationOutput,
  },
  actions: {
    createTask: effect<CreateTaskParams>,
    closeTask: effect<CloseTaskParams>,
    sendMail: effect<SendMailParams>,
    setNominationStatus: effect<SetNominationStatusParams>,
    issueDecision: effect<IssueDecisionParams>,
    publishDisclosure: effect<PublishDisclosureParams>,
    recordTally: effect<RecordTallyParams>,
    assignTask: assign((_, assignment: build.TaskAssignment) => assignment),
    recordComment: assign({
      lastComment: ({ event }) => ('comment' in event && typeof event.comment === 'string' ? event.comment : null),
    }),
    advanceLevel: assign({ levelIndex: ({ context }) => context.levelIndex + 1 }),
    // The round moves on before the first level's task keys are derived from it.
    startNextRound: assign({ round: ({ context }) => context.round + 1, reopened: 0, levelIndex: 0, openObjection: null }),
    clearObjection: assign({ openObjection: null }),
    recordRejection: assign({
      rejection: ({ context }, params: { reason: RejectionReason }) => ({ levelId: currentLevel(context).id, reason: params.reason }),
    }),
    /** Why a vote failed: no quorum when it closed (or too few members left who may vote to reach it), else the threshold. */
    recordVoteRejection: assign({
      rejection: ({ context }, params: { closed: boolean }) => {
        const tally = councilTally(context, params.closed);
        const noQuorum = !tally.quorumMet && (params.closed || tally.eligible < tally.quorumNeeded);
        return { levelId: currentLevel(context).id, reason: noQuorum ? ('noQuorum' as const) : ('voteFailed' as const) };
      },
    }),
    storeTally: assign({ tallies: ({ context }, params: { closed: boolean }) => [...context.tallies, build.tallyRecord(context, params.closed)] }),
    // A new sitting: earlier ballots of this council (previous round) no longer count.
    openSitting: assign(({ context }) => ({
      ...build.noTask,
      ballots: { ...context.ballots, [currentLevel(context).id]: emptySitting },
      recused: { ...context.recused, [currentLevel(context).id]: {} },
    })),
    recordBallot: assign({
      ballots: ({ context, event }) => {
        if (event.type !== 'vote') return context.ballots;
        const levelId = currentLevel(context).id;
        const sitting = context.ballots[levelId] ?? emptySitting;
        return {
          ...context.ballots,
          [levelId]: { ...sitting, voted: [...sitting.voted, event.by], [event.ballot]: sitting[event.ballot] + 1 },
        };
      },
    }),
    recordRecusal: assign({
      recused: ({ context, event }) => {
        if (event.type !== 'recuse') return context.recused;
        const levelId = currentLevel(context).id;
        return { ...context.recused, [levelId]: { ...context.recused[levelId], [event.by]: event.reason } };
      },
    }),
    fileObjection: assign(({ context, event }) => {
      if (event.type !== 'object') return {};
      const filed = objectionsFiledOf(context);
      return {
        pendingObjections: [...pendingObjectionsOf(context), { taskKey: build.objectionTaskKey(context, filed), by: event.by }],
        objectionsFiled: filed + 1,
      };
    }),
    // A repeated objection: numbered as a new one would be (its lapse is raised after this).
    fileRepeatedObjection: assign(({ context }) => {
      const filed = objectionsFiledOf(context);
      return { repeatedObjections: [...repeatedObjectionsOf(context), build.objectionTaskKey(context, filed)], objectionsFiled: filed + 1 };
    }),
    // A lapse's key is either a waiting objection's or a repeated one's.
    dropLapse: assign(({ context, event }) => {
      const lapsed = event.type === 'objectionLapsed' ? event.taskKey : undefined;
      return {
        pendingObjections: pendingObjectionsOf(context).filter(({ taskKey }) => taskKey !== lapsed),
        repeatedObjections: repeatedObjectionsOf(context).filter((taskKey) => taskKey !== lapsed),
      };
    }),
    clearPendingObjections: assign({ pendingObjections: [], objectionsFiled: 0, repeatedObjections: [] }),
    // A confirmed objection: back to the most recent review before the posting, same round, new task keys.
    recordObjection: assign(({ context, event }) =>
      event.type !== 'confirmObjection'
        ? {}
        : {
            objections: [...context.objections, { levelId: currentLevel(context).id, by: event.by, objection: event.objection, round: context.round }],
            openObjection: event.objection,
            reopened: context.reopened + 1,
            levelIndex: previousReviewIndex(context),
          },
    ),
    recordDecision: assign({
      decision: ({ context, event }) =>
        event.type === 'decisionIssued' ? { decisionNumber: event.decisionNumber, amountVnd: event.amountVnd } : context.decision,
    }),
  },
  guards: { ...commendationGuards, objectionsWait: (args: Parameters<typeof commendationGuards.objectionsWait>[0]) => outlasts && commendationGuards.objectionsWait(args) },
  // Named so the timers are data: each reads its duration from the current level.
  delays: {
    levelReminder: ({ context }) => currentLevel(context).deadlineMs - currentLevel(context).reminderBeforeMs,
    levelDeadline: ({ context }) => currentLevel(context).deadlineMs,
    escalationWindow: ({ context }) => currentLevel(context).escalationWindowMs,
    postingPeriod: ({ context }) => currentLevel(context).deadlineMs,
    resubmitWindow: ({ context }) => context.resubmitWindowMs,
  },
}).createMachine({
  id: 'commendation',
  context: ({ input }) => createCommendationContext(input),
  entry: { type: 'setNominationStatus', params: { status: 'in_review' } },
  initial: 'level',
  // The machine's output is the output of the final state it stopped in.
  output: ({ event }) => event.output as CommendationOutput,
  states: {
    level: {
      always: [
        { guard: 'atReview', target: 'review' },
        { guard: 'atCouncil', target: 'council' },
        { guard: 'atDisclosure', target: 'disclosure' },
        { guard: 'atDecision', target: 'decision' },
      ],
    },
    review: {
      initial: 'pending',
      on: {
        forward: { guard: 'isCurrentAssignee', target: 'level', actions: ['recordComment', 'clearObjection', 'advanceLevel'] },
        requestChanges: { guard: and(['isCurrentAssignee', 'hasComment']), target: 'changesRequested', actions: 'recordComment' },
        reject: {
          guard: 'isCurrentAssignee',
          target: 'rejected',
          actions: ['recordComment', { type: 'recordRejection', params: { reason: 'rejected' } }],
        },
      },
      states: taskStates,
    },
    council: {
      initial: 'voting',
      // Ballot lists vary with the council, so these actions are enqueued (typed against this machine's actions).
      entry: [
        'openSitting',
        enqueueActions(({ context, enqueue }) => {
          for (const { task, mail } of build.ballotTasks(context)) {
            enqueue({ type: 'createTask', params: task });
            enqueue({ type: 'sendMail', params: mail });
          }
        }),
      ],
      exit: enqueueActions(({ context, event, enqueue }) => {
        for (const close of build.closeOpenBallots(context, event)) enqueue({ type: 'closeTask', params: close });
      }),
      on: { withdraw: { guard: 'isSubmitter', target: 'withdrawn' } },
      after: {
        levelReminder: {
          actions: enqueueActions(({ context, enqueue }) => {
            for (const mail of build.ballotReminders(context)) enqueue({ type: 'sendMail', params: mail });
          }),
        },
        levelDeadline: [
          {
            guard: 'closedVotePasses',
            target: 'level',
            actions: [
              { type: 'recordTally', params: ({ context }) => build.publishedTally(context, true) },
              { type: 'storeTally', params: { closed: true } },
              'advanceLevel',
            ],
          },
          {
            target: 'rejected',
            actions: [
              { type: 'recordTally', params: ({ context }) => build.publishedTally(context, true) },
              { type: 'storeTally', params: { closed: true } },
              { type: 'recordVoteRejection', params: { closed: true } },
            ],
          },
        ],
      },
      states: {
        voting: {
          on: {
            vote: {
              guard: 'canVote',
              target: 'counting',
              actions: [{ type: 'closeTask', params: ({ context, event }) => build.closeMemberBallot(context, event) }, 'recordBallot'],
            },
            recuse: {
              guard: 'canRecuse',
              target: 'counting',
              actions: [{ type: 'closeTask', params: ({ context, event }) => build.closeMemberBallot(context, event) }, 'recordRecusal'],
            },
          },
        },
        // Transient: after each ballot or recusal, close the vote as soon as it is decided.
        counting: {
          always: [
            {
              guard: 'councilPassed',
              target: '#commendation.level',
              actions: [
                { type: 'recordTally', params: ({ context }) => build.publishedTally(context, false) },
                { type: 'storeTally', params: { closed: false } },
                'advanceLevel',
              ],
            },
            {
              guard: 'councilFailed',
              target: '#commendation.rejected',
              actions: [
                { type: 'recordTally', params: ({ context }) => build.publishedTally(context, false) },
                { type: 'storeTally', params: { closed: false } },
                { type: 'recordVoteRejection', params: { closed: false } },
              ],
            },
            { target: 'voting' },
          ],
        },
      },
    },
    // An objection waits for its writer to confirm it from the mailed link; a confirmed one sends
    // the dossier back to review, an unconfirmed one lapses when its window ends (in version 1,
    // when the posting ends too; from version 2 the posting waits for it in `closing`).
    disclosure: {
      initial: 'posted',
      entry: [
        { type: 'assignTask', params: build.noTask },
        'clearPendingObjections',
        { type: 'publishDisclosure', params: ({ context }) => build.disclosureParams(context) },
      ],
      // Whatever ends the posting, each waiting objection's task closes and every lapse timer goes;
      // then the snapshot keeps their writers' addresses no longer.
      exit: [
        enqueueActions(({ context, event, enqueue }) => {
          for (const close of build.closePendingObjections(context, event)) {
            enqueue({ type: 'closeTask', params: close });
            enqueue.cancel(close.taskKey);
          }
          for (const taskKey of repeatedObjectionsOf(context)) enqueue.cancel(taskKey);
        }),
        'clearPendingObjections',
      ],
      on: { withdraw: { guard: 'isSubmitter', target: 'withdrawn' } },
      states: {
        posted: {
          on: {
            object: [
              {
                guard: 'canFileObjection',
                actions: [
                  'fileObjection',
                  enqueueActions(({ context, enqueue }) => {
                    const { task, mail } = build.objectionConfirmation(context, { outlastsPosting: outlasts });
                    enqueue({ type: 'createTask', params: task });
                    enqueue({ type: 'sendMail', params: mail });
                    enqueue.raise({ type: 'objectionLapsed', taskKey: task.taskKey }, { delay: task.dueInMs, id: task.taskKey });
                  }),
                ],
              },
              // From an address already waiting: no second link, but the same trace in the history.
              {
                guard: 'isRepeatedObjection',
                actions: [
                  'fileRepeatedObjection',
                  enqueueActions(({ context, enqueue }) => {
                    const taskKey = repeatedObjectionsOf(context).at(-1)!;
                    enqueue.raise({ type: 'objectionLapsed', taskKey }, { delay: objectionConfirmWindowMs(context), id: taskKey });
                  }),
                ],
              },
            ],
            ...waitingObjections,
          },
          after: {
            postingPeriod: [
              // Objections filed in time keep their window to be confirmed: the posting waits for them.
              { guard: 'objectionsWait', target: 'closing' },
              { target: '#commendation.level', actions: 'advanceLevel' },
            ],
          },
        },
        // The posting has ended and takes no new objection; once each one filed in time is
        // confirmed (back to review) or has lapsed, the next level opens.
        closing: {
          always: { guard: 'noObjectionsWait', target: '#commendation.level', actions: 'advanceLevel' },
          on: waitingObjections,
        },
      },
    },
    decision: {
      initial: 'pending',
      on: {
        decide: [
          { guard: and(['isCurrentAssignee', 'approves']), target: '.issuing', actions: 'recordComment' },
          {
            guard: and(['isCurrentAssignee', 'declines']),
            target: 'rejected',
            actions: ['recordComment', { type: 'recordRejection', params: { reason: 'declined' } }],
          },
        ],
      },
      states: {
        ...taskStates,
        issuing: {
          entry: [
            { type: 'assignTask', params: build.noTask },
            { type: 'issueDecision', params: ({ context }) => build.decisionParams(context) },
          ],
          on: { decisionIssued: { guard: 'isDecisionIssued', target: '#commendation.decided', actions: 'recordDecision' } },
        },
      },
    },
    changesRequested: {
      entry: [
        { type: 'assignTask', params: ({ context }) => build.resubmitAssignment(context) },
        { type: 'createTask', params: ({ context }) => build.openTask(context, 'resubmit', context.resubmitWindowMs, context.resubmitWorkingDays) },
        { type: 'sendMail', params: ({ context }) => build.changesRequestedMail(context) },
      ],
      exit: { type: 'closeTask', params: ({ context, event }) => build.closeOpenTask(context, event, 'expired') },
      on: {
        resubmit: { guard: 'isSubmitter', target: 'level', actions: 'startNextRound' },
        withdraw: { guard: 'isSubmitter', target: 'withdrawn' },
      },
      after: { resubmitWindow: { target: 'expired' } },
    },
    // Nomination statuses (store, gateway API, mails) have no `decided`: the record shows `approved`,
    // the decision number and amount travel in the output and the outcome mail.
    decided: finalState('decided', 'approved'),
    rejected: finalState('rejected', 'rejected'),
    withdrawn: finalState('withdrawn', 'withdrawn'),
    expired: finalState('expired', 'expired'),
  },
});
}

/** The commendation procedure, version 2: a posting that ends waits for the objections filed in time. */
export const commendationMachine = commendationMachineOf(2);

/**
 * Version 1, for the instances it started: a posting that ends drops the objections still waiting
 * for confirmation (it never enters `disclosure.closing`).
 */
export const commendationMachineV1 = commendationMachineOf(1);
