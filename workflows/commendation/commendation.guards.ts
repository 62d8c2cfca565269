/**
 * Guards of the commendation machine, as plain predicates over `{ context, event }`.
 *
 * Events arrive from HTTP (through the gateway) and from workers, so each guard re-checks the
 * shape it relies on; a refused event leaves the snapshot unchanged.
 */
import { showsText, type Ballot } from '@vinh-danh/domain';
import { councilTally, currentLevel, maxPendingObjections, membersYetToAct, pendingObjectionsOf, repeatedObjectionsOf } from './commendation.context.ts';
import type { CommendationContext, CommendationEvent } from './commendation.types.ts';

interface GuardArgs {
  context: CommendationContext;
  event: CommendationEvent;
}

/** Text in which something shows (zero-width characters alone are blank). */
const nonBlank = showsText;
const ballots: readonly unknown[] = ['yes', 'no', 'abstain'] satisfies Ballot[];
const byOf = (event: CommendationEvent): unknown => ('by' in event ? event.by : undefined);

/** Whether `by` sits on the current council and has neither voted nor recused at this sitting. */
const isMemberYetToAct = (context: CommendationContext, by: unknown) =>
  membersYetToAct(context).some(({ member }) => member === by);

/**
 * An objection as the posting takes it: `new` from an address with none waiting, `repeated` from
 * one whose objection waits; null when blank, or when the posting already holds
 * {@link maxPendingObjections} (every address alike).
 */
function objectionFrom(context: CommendationContext, event: CommendationEvent): 'new' | 'repeated' | null {
  if (event.type !== 'object' || !nonBlank(event.by) || !nonBlank(event.objection)) return null;
  const pending = pendingObjectionsOf(context);
  if (pending.length >= maxPendingObjections) return null;
  return pending.some(({ by }) => by === event.by) ? 'repeated' : 'new';
}

export const commendationGuards = {
  /** Only the holder of the open review or decision task acts on it. */
  isCurrentAssignee: ({ context, event }: GuardArgs) => context.currentAssignee !== null && byOf(event) === context.currentAssignee,
  isSubmitter: ({ context, event }: GuardArgs) => byOf(event) === context.submitter,
  // A blank comment gives the submitter nothing to act on.
  hasComment: ({ event }: GuardArgs) => 'comment' in event && nonBlank(event.comment),

  atReview: ({ context }: GuardArgs) => currentLevel(context).kind === 'review',
  atCouncil: ({ context }: GuardArgs) => currentLevel(context).kind === 'council',
  atDisclosure: ({ context }: GuardArgs) => currentLevel(context).kind === 'disclosure',
  atDecision: ({ context }: GuardArgs) => currentLevel(context).kind === 'decision',
  /** Without an escalation assignee a missed deadline ends the procedure `expired`. */
  canEscalate: ({ context }: GuardArgs) => currentLevel(context).escalationAssignee !== undefined,

  /** One ballot per member and sitting: a re-vote, or a vote after recusing, is refused. */
  canVote: ({ context, event }: GuardArgs) =>
    event.type === 'vote' && ballots.includes(event.ballot) && isMemberYetToAct(context, event.by),
  canRecuse: ({ context, event }: GuardArgs) =>
    event.type === 'recuse' && nonBlank(event.reason) && isMemberYetToAct(context, event.by),
  /** Decided early: no completion of the remaining ballots can change the outcome. */
  councilPassed: ({ context }: GuardArgs) => councilTally(context, false).outcome === 'passed',
  councilFailed: ({ context }: GuardArgs) => councilTally(context, false).outcome === 'failed',
  /** At the deadline: whoever has not voted never will. */
  closedVotePasses: ({ context }: GuardArgs) => councilTally(context, true).outcome === 'passed',

  /**
   * A non-blank objection from an address with none waiting already, while fewer than
   * {@link maxPendingObjections} wait: a confirmation link goes to that address.
   */
  canFileObjection: ({ context, event }: GuardArgs) => objectionFrom(context, event) === 'new',
  /**
   * The same from an address whose objection already waits: not taken (no second link), but
   * given a lapse of its own as a new one would (while fewer than that many are due).
   */
  isRepeatedObjection: ({ context, event }: GuardArgs) =>
    objectionFrom(context, event) === 'repeated' && repeatedObjectionsOf(context).length < maxPendingObjections,
  /** The lapse of a repeated objection. */
  isRepeatedObjectionLapse: ({ context, event }: GuardArgs) =>
    event.type === 'objectionLapsed' && repeatedObjectionsOf(context).includes(event.taskKey),
  /** Only the writer of a pending objection confirms it, with its (non-blank) text. */
  canConfirmObjection: ({ context, event }: GuardArgs) =>
    event.type === 'confirmObjection' && nonBlank(event.objection) && pendingObjectionsOf(context).some(({ by }) => by === event.by),
  /**
   * Objections filed that still wait: for their writers' confirmation, or, repeated ones, for
   * their lapse (waited for alike, so how long a posting waits tells nothing of who objected).
   */
  objectionsWait: ({ context }: GuardArgs) => pendingObjectionsOf(context).length > 0 || repeatedObjectionsOf(context).length > 0,
  noObjectionsWait: (args: GuardArgs) => !commendationGuards.objectionsWait(args),
  /** A pending objection's window ended: the timer names its task. */
  isPendingObjectionLapse: ({ context, event }: GuardArgs) =>
    event.type === 'objectionLapsed' && pendingObjectionsOf(context).some(({ taskKey }) => taskKey === event.taskKey),

  approves: ({ event }: GuardArgs) => event.type === 'decide' && event.approve === true,
  declines: ({ event }: GuardArgs) => event.type === 'decide' && event.approve === false,
  /**
   * The worker's answer to `issueDecision`: a number and a whole, non-negative amount of VND, or
   * `null` when the catalogue sets no amount for the award (the decision record keeps the reason).
   */
  isDecisionIssued: ({ event }: GuardArgs) =>
    event.type === 'decisionIssued' &&
    nonBlank(event.decisionNumber) &&
    (event.amountVnd === null || (Number.isSafeInteger(event.amountVnd) && event.amountVnd >= 0)),
};
