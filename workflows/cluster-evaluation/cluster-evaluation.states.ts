/**
 * State configs the cluster-evaluation machine uses more than once: the collecting stages'
 * representative-then-head substates, the chair's decision with its escalation to the deputy,
 * and the final states. Typed standalone (`as const`), so the machine spreads them into its
 * config and xstate checks them there against its actions, guards and delays.
 */
import { nextRoles } from './cluster-evaluation.context.ts';
import type { ClusterEvaluationContext, ClusterEvaluationOutput, ClusterEvaluationStatus } from './cluster-evaluation.types.ts';

/**
 * A collecting stage (signing, self-assessment, cross-scoring): each member still owing gets a
 * task, a reminder before `deadline`, then its head gets the task (escalation) for the
 * escalation window, after which the stage moves on to `next` with whatever was handed in.
 */
export function collecting<R extends string, D extends string, N extends string>(reminder: R, deadline: D, next: N) {
  return {
    open: {
      entry: 'openMemberTasks' as const,
      exit: 'closeTasksEscalated' as const,
      after: { [reminder]: { actions: 'sendReminders' as const }, [deadline]: { target: 'escalated' as const } } as Record<R, { actions: 'sendReminders' }> &
        Record<D, { target: 'escalated' }>,
    },
    escalated: {
      entry: 'openHeadTasks' as const,
      exit: 'closeTasksExpired' as const,
      after: { escalationWindow: { target: next } },
    },
  };
}

/**
 * A decision of the chair (Trưởng cụm): a task with a reminder; past its deadline the deputy
 * (Phó trưởng cụm) is asked too, and when the deputy's window passes the evaluation lapses.
 */
export const chairDecision = {
  initial: 'chair' as const,
  states: {
    chair: {
      entry: 'openChairTask' as const,
      exit: 'closeTasksEscalated' as const,
      after: { chairReminder: { actions: 'sendReminders' as const }, chairDeadline: { target: 'deputy' as const } },
    },
    deputy: {
      entry: 'openDeputyTask' as const,
      exit: 'closeTasksExpired' as const,
      after: { escalationWindow: { target: '#clusterEvaluation.expired' as const } },
    },
  },
};

/** The typed output of the final state `status`. */
export const outputFor =
  (status: ClusterEvaluationStatus) =>
  ({ context }: { context: ClusterEvaluationContext }): ClusterEvaluationOutput => {
    const roles = nextRoles(context);
    return {
      status,
      clusterId: context.clusterId,
      year: context.year,
      stage: context.stage,
      ranking: context.ranking,
      scores: context.scores,
      votes: context.election?.rounds ?? [],
      leadingUnits: context.election?.placements ?? [],
      unfilledSeats: context.election?.unfilled ?? [],
      nextChair: roles.chair,
      nextDeputy: roles.deputy,
      notSigned: context.members.filter((seat) => seat.status === 'notSigned').map((seat) => seat.memberId),
      waiver: context.waiver,
      merges: context.merges,
      lateSubmissions: context.lateSubmissions,
    };
  };

/** Final states: proposals and handover when concluded, an outcome mail to every member either way. */
export const finalState = (status: ClusterEvaluationStatus) => ({
  type: 'final' as const,
  entry: [
    ...(status === 'concluded' ? [{ type: 'enterStage' as const, params: { stage: 'done' as const } }] : []),
    status === 'concluded' ? ('announceConcluded' as const) : ('announceExpired' as const),
  ],
  output: outputFor(status),
});

