/**
 * Year-end evaluation of an emulation cluster (tổng kết Cụm thi đua): the members sign the
 * agreement (giao ước thi đua), assess themselves, score each other, the chair consolidates the
 * ranking, the members elect the leading units by secret ballot (with runoffs), and the chair
 * proposes them for their awards and hands over to next year's chair and deputy.
 *
 * Pure: reads only its context and events and names its effects (`createTask`, `closeTask`,
 * `sendMail`, `proposeAward`, `handOverChair`); `after` timers come back as delayed raises the
 * engine schedules; their ids repeat when a state is re-entered (a runoff), which is safe
 * because leaving a state cancels its timers in the same commit.
 *
 * Guarantees:
 * - Every task is opened once and closed exactly once; none is open in a final state. Tasks are
 *   tracked in `context.openTasks`, and after each submission or merger those no longer owed close.
 * - Only the member's representative or head signs, assesses, scores or votes for it, once per
 *   stage (per round for ballots); only the chair — or the deputy once the chair's task escalated
 *   — proceeds without signatures or consolidates. Anything else leaves the snapshot unchanged,
 *   except a sheet off the scales (refusal recorded) and a submission after its stage (recorded late).
 * - Ballots are secret: the context keeps who has voted and counts per candidate; effects, mails
 *   and output carry tallies only, and the engine stores `vote` events without `choice`.
 * - Every outcome is a final state whose output is a `ClusterEvaluationOutput`: `concluded`, or
 *   `expired` when the chair and then the deputy let a decision lapse, or when mergers leave no
 *   member taking part.
 */
import { and, assign, enqueueActions, not, setup } from 'xstate';
import type { CloseTaskParams, CreateTaskParams, HandOverChairParams, ProposeAwardParams, SendMailParams } from '@vinh-danh/domain';
import { updates } from './cluster-evaluation.actions.ts';
import { createClusterEvaluationContext } from './cluster-evaluation.context.ts';
import * as build from './cluster-evaluation.effects.ts';
import { clusterEvaluationGuards } from './cluster-evaluation.guards.ts';
import { chairDecision, collecting, finalState } from './cluster-evaluation.states.ts';
import type { ClusterEvaluationContext, ClusterEvaluationEvent, ClusterEvaluationInput, ClusterEvaluationOutput, Stage } from './cluster-evaluation.types.ts';

/** Effects carry no implementation here: the engine executes them from the returned actions. */
function effect<TParams>(_args: unknown, _params: TParams): void {}

/** The effect actions an enqueuing action may emit. */
type EffectAction = build.Effect | { type: 'proposeAward'; params: ProposeAwardParams } | { type: 'handOverChair'; params: HandOverChairParams };
type Ctx = ClusterEvaluationContext;
type Evt = ClusterEvaluationEvent;

/** Opens the current stage's tasks of `kind` and records them as open. */
const openTasksOf = (kind: build.TaskKind) =>
  enqueueActions<Ctx, Evt, undefined, Evt, never, EffectAction, never>(({ context, enqueue }) => {
    const { tasks, effects } = build.openTasks(context, kind);
    enqueue.assign({ openTasks: [...context.openTasks, ...tasks] });
    for (const next of effects) enqueue(next);
  });

/** Closes every open task as its state is left: by the event that left it, or as `onTimeout` when a timer did. */
const closeAllTasksAs = (onTimeout: 'escalated' | 'expired') =>
  enqueueActions<Ctx, Evt, undefined, Evt, never, EffectAction, never>(({ context, event, enqueue }) => {
    for (const task of context.openTasks) enqueue({ type: 'closeTask', params: { taskKey: task.taskKey, outcome: build.closingOutcome(task, event, onTimeout) } });
    enqueue.assign({ openTasks: [] });
  });

/**
 * The final announcement: proposals when concluded; the handover either way (an evaluation that
 * expired ends its year, and the cluster goes on: next year's record, chair and agreement);
 * the outcome mail to every member.
 */
const announce = (status: 'concluded' | 'expired') =>
  enqueueActions<Ctx, Evt, undefined, Evt, never, EffectAction, never>(({ context, enqueue }) => {
    if (status === 'concluded') {
      for (const proposal of build.proposals(context)) enqueue({ type: 'proposeAward', params: proposal });
    }
    enqueue({ type: 'handOverChair', params: build.handOver(context) });
    for (const mail of build.outcomeMails(context, status)) enqueue({ type: 'sendMail', params: mail });
  });

/** Closes the tasks no longer owed after a submission or merger; a chair's decision moves to the role's new holder. */
const reconcileTasks = enqueueActions<Ctx, Evt, undefined, Evt, never, EffectAction, never>(({ context, event, enqueue }) => {
  const stale = context.openTasks.filter((task) => !build.stillOwed(context, task));
  if (stale.length === 0) return;
  let openTasks = context.openTasks.filter((task) => build.stillOwed(context, task));
  for (const task of stale) {
    const moved = (task.kind === 'chair' || task.kind === 'deputy') && event.type === 'memberMerged' && event.member !== task.memberId;
    enqueue({ type: 'closeTask', params: { taskKey: task.taskKey, outcome: moved ? 'reassigned' : build.closingOutcome(task, event, 'closed') } });
  }
  const roleKinds = new Set(stale.map((task) => task.kind).filter((kind) => kind === 'chair' || kind === 'deputy'));
  const reassignments = (context.reassignments ?? 0) + (roleKinds.size > 0 ? 1 : 0);
  for (const kind of roleKinds) {
    const reopened = build.openTasks({ ...context, openTasks, reassignments }, kind);
    openTasks = [...openTasks, ...reopened.tasks];
    for (const next of reopened.effects) enqueue(next);
  }
  enqueue.assign({ openTasks, reassignments });
});

/** The cluster-evaluation procedure, version 1. */
export const clusterEvaluationMachine = setup({
  types: {
    context: {} as ClusterEvaluationContext,
    events: {} as ClusterEvaluationEvent,
    input: {} as ClusterEvaluationInput,
    output: {} as ClusterEvaluationOutput,
  },
  actions: {
    createTask: effect<CreateTaskParams>,
    closeTask: effect<CloseTaskParams>,
    sendMail: effect<SendMailParams>,
    proposeAward: effect<ProposeAwardParams>,
    handOverChair: effect<HandOverChairParams>,
    enterStage: assign({ stage: (_, params: { stage: Stage }) => params.stage }),
    recordSignature: assign(updates.recordSignature),
    recordWaiver: assign(updates.recordWaiver),
    recordSelfAssessment: assign(updates.recordSelfAssessment),
    recordCrossScore: assign(updates.recordCrossScore),
    recordRefusal: assign(updates.recordRefusal),
    recordLate: assign(updates.recordLate),
    consolidate: assign(updates.consolidate),
    openRound: assign(updates.openRound),
    recordBallot: assign(updates.recordBallot),
    closeRound: assign(updates.closeRound),
    applyMerge: assign(updates.applyMerge),
    // Task lists depend on who still owes what, so their effects are enqueued; one action per kind keeps them param-free.
    openMemberTasks: openTasksOf('member'),
    openHeadTasks: openTasksOf('head'),
    openChairTask: openTasksOf('chair'),
    openDeputyTask: openTasksOf('deputy'),
    openBallotTasks: openTasksOf('ballot'),
    closeTasksEscalated: closeAllTasksAs('escalated'),
    closeTasksExpired: closeAllTasksAs('expired'),
    reconcileTasks,
    sendReminders: enqueueActions<Ctx, Evt, undefined, Evt, never, EffectAction, never>(({ context, enqueue }) => {
      for (const mail of build.reminders(context)) enqueue({ type: 'sendMail', params: mail });
    }),
    announceConcluded: announce('concluded'),
    announceExpired: announce('expired'),
  },
  guards: clusterEvaluationGuards,
  // Named so the timers are data: each reads its duration from the context's deadlines.
  delays: {
    signingReminder: ({ context }) => context.deadlines.signingMs - context.deadlines.reminderBeforeMs,
    signingDeadline: ({ context }) => context.deadlines.signingMs,
    selfAssessmentReminder: ({ context }) => context.deadlines.selfAssessmentMs - context.deadlines.reminderBeforeMs,
    selfAssessmentDeadline: ({ context }) => context.deadlines.selfAssessmentMs,
    crossScoringReminder: ({ context }) => context.deadlines.crossScoringMs - context.deadlines.reminderBeforeMs,
    crossScoringDeadline: ({ context }) => context.deadlines.crossScoringMs,
    chairReminder: ({ context }) => context.deadlines.chairActionMs - context.deadlines.reminderBeforeMs,
    chairDeadline: ({ context }) => context.deadlines.chairActionMs,
    votingReminder: ({ context }) => context.deadlines.votingMs - context.deadlines.reminderBeforeMs,
    votingDeadline: ({ context }) => context.deadlines.votingMs,
    escalationWindow: ({ context }) => context.deadlines.escalationWindowMs,
  },
}).createMachine({
  id: 'clusterEvaluation',
  context: ({ input }) => createClusterEvaluationContext(input),
  initial: 'signing',
  output: ({ event }) => event.output as ClusterEvaluationOutput,
  // Submissions for a stage already closed are refused and recorded; merges apply in every stage.
  on: {
    sign: { guard: 'isLateSign', actions: 'recordLate' },
    selfAssess: { guard: 'isLateSelfAssessment', actions: 'recordLate' },
    crossScore: { guard: 'isLateCrossScore', actions: 'recordLate' },
    memberMerged: [
      { guard: 'mergeLeavesNoneActive', target: '.expired', actions: 'applyMerge' },
      { guard: 'isMerge', actions: ['applyMerge', 'reconcileTasks'] },
    ],
  },
  states: {
    signing: {
      entry: { type: 'enterStage', params: { stage: 'signing' } },
      // Entered with every signature recorded already: straight on, no task opened.
      always: { guard: 'signedBeforeStart', target: 'selfAssessment' },
      initial: 'open',
      on: {
        sign: [
          { guard: 'completesSigning', target: 'selfAssessment', actions: 'recordSignature' },
          { guard: 'canSign', actions: ['recordSignature', 'reconcileTasks'] },
        ],
        memberMerged: { guard: 'mergeCompletesStage', target: 'selfAssessment', actions: 'applyMerge' },
      },
      states: {
        ...collecting('signingReminder', 'signingDeadline', 'chairDecides'),
        chairDecides: {
          ...chairDecision,
          on: { proceedWithoutSigning: { guard: 'canProceedWithoutSigning', target: '#clusterEvaluation.selfAssessment', actions: 'recordWaiver' } },
        },
      },
    },
    selfAssessment: {
      entry: { type: 'enterStage', params: { stage: 'selfAssessment' } },
      initial: 'open',
      on: {
        selfAssess: [
          { guard: and(['completesSelfAssessment', 'validSubmission']), target: 'crossScoring', actions: 'recordSelfAssessment' },
          { guard: and(['canSelfAssess', 'validSubmission']), actions: ['recordSelfAssessment', 'reconcileTasks'] },
          { guard: and(['canSelfAssess', not('validSubmission')]), actions: 'recordRefusal' },
        ],
        memberMerged: { guard: 'mergeCompletesStage', target: 'crossScoring', actions: 'applyMerge' },
      },
      states: collecting('selfAssessmentReminder', 'selfAssessmentDeadline', '#clusterEvaluation.crossScoring'),
    },
    crossScoring: {
      entry: { type: 'enterStage', params: { stage: 'crossScoring' } },
      initial: 'open',
      on: {
        crossScore: [
          { guard: and(['completesCrossScoring', 'validSubmission']), target: 'consolidation', actions: 'recordCrossScore' },
          { guard: and(['canCrossScore', 'validSubmission']), actions: ['recordCrossScore', 'reconcileTasks'] },
          { guard: and(['canCrossScore', not('validSubmission')]), actions: 'recordRefusal' },
        ],
        memberMerged: { guard: 'mergeCompletesStage', target: 'consolidation', actions: 'applyMerge' },
      },
      states: collecting('crossScoringReminder', 'crossScoringDeadline', '#clusterEvaluation.consolidation'),
    },
    consolidation: {
      entry: { type: 'enterStage', params: { stage: 'consolidation' } },
      ...chairDecision,
      on: { consolidate: { guard: 'canConsolidate', target: 'voting', actions: 'consolidate' } },
    },
    voting: {
      entry: [{ type: 'enterStage', params: { stage: 'voting' } }, 'openRound', 'openBallotTasks'],
      exit: 'closeTasksExpired',
      on: {
        vote: [
          { guard: 'lastBallotEndsElection', target: 'concluded', actions: ['recordBallot', 'closeRound'] },
          { guard: 'isLastBallot', target: 'voting', reenter: true, actions: ['recordBallot', 'closeRound'] },
          { guard: 'canVote', actions: ['recordBallot', 'reconcileTasks'] },
        ],
      },
      after: {
        votingReminder: { actions: 'sendReminders' },
        votingDeadline: [
          { guard: 'closedRoundEndsElection', target: 'concluded', actions: 'closeRound' },
          { target: 'voting', reenter: true, actions: 'closeRound' },
        ],
      },
    },
    concluded: finalState('concluded'),
    expired: finalState('expired'),
  },
});
