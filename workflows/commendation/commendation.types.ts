import type { Ballot, RecordTallyParams, ResolvedLevel } from '@vinh-danh/domain';

/** How a commendation procedure ends. Each is a final state of the machine. */
export type CommendationStatus = 'decided' | 'rejected' | 'withdrawn' | 'expired';

/**
 * Why a procedure ended `rejected`: a reviewer rejected it, the council voted it down, the
 * council had no quorum when its vote closed, or the competent authority declined.
 */
export type RejectionReason = 'rejected' | 'voteFailed' | 'noQuorum' | 'declined';

/** What the engine passes when it starts a procedure for one nomination. */
export interface CommendationInput {
  nominationId: string;
  /** Award catalogue id (e.g. `bang-khen-thu-tuong`); passed on to `issueDecision`. */
  awardTypeId: string;
  /** Who filed the nomination; the only one who may resubmit or withdraw it. */
  submitter: string;
  /**
   * The levels to climb, people resolved (non-empty; the last level, and only it, is a
   * `decision`; a `disclosure` follows at least one `review`). Checked when the instance starts.
   */
  route: ResolvedLevel[];
  /** Simplified procedure (thủ tục đơn giản): the catalogue already gave a shorter route; recorded and mailed. */
  simplified?: boolean;
  /** Time the submitter has to resubmit after changes were requested before the nomination expires. */
  resubmitWindowMs: number;
  /** The same window in working days, for an engine with a working calendar (see ResolvedLevel.deadlineWorkingDays). */
  resubmitWorkingDays?: number;
}

/** One sitting of a council: who has voted, and how many ballots of each kind were cast. */
export interface CouncilSitting {
  voted: string[];
  yes: number;
  no: number;
  abstain: number;
}

/** A public objection raised while the nomination was posted (công khai). */
export interface Objection {
  /** The disclosure level it was raised at. */
  levelId: string;
  by: string;
  objection: string;
  round: number;
}

/**
 * An objection filed while the nomination is posted and not yet confirmed by its writer: it
 * counts once they confirm it from the link mailed to the address they gave, within its
 * confirmation window and while the posting lasts; otherwise it lapses. Its text stays in the
 * history (the `object` event), so a snapshot holds no more than this per waiting objection.
 */
export interface PendingObjection {
  /** The confirmation task mailed to `by`; also the id of its lapse timer. */
  taskKey: string;
  by: string;
}

/**
 * The machine's extended state. Plain JSON only (no `undefined`, dates or class instances), so
 * `getPersistedSnapshot` → `JSON.stringify` → `resolveState` restores it exactly.
 *
 * Ballots are here because the snapshot stays on the server; they never reach an effect, a mail
 * or the output (the tally does).
 */
export interface CommendationContext {
  nominationId: string;
  awardTypeId: string;
  submitter: string;
  simplified: boolean;
  resubmitWindowMs: number;
  /** Present when the route was resolved for the working calendar. */
  resubmitWorkingDays?: number;
  route: ResolvedLevel[];
  /** The level being worked on (or, in `changesRequested`, the one that asked for changes). */
  levelIndex: number;
  /** 1 for the first submission, incremented on each resubmission; part of every task key. */
  round: number;
  /**
   * Objections that sent the nomination back within this round (0 on each new round). Part of
   * the task keys, so a level walked again after an objection opens new tasks, not the old ones.
   */
  reopened: number;
  /** Who may act on the open non-ballot task; `null` while none is open (council, disclosure, issuing). */
  currentAssignee: string | null;
  currentTaskKey: string | null;
  /**
   * Council levelId → the latest sitting: who has voted and the counts. Which member cast which
   * ballot is never kept (secret ballot, bỏ phiếu kín): the counts are all a tally needs.
   */
  ballots: Record<string, CouncilSitting>;
  /** Council levelId → recused member → reason given, for the council's latest sitting. */
  recused: Record<string, Record<string, string>>;
  /** Every closed council vote, tally only, in order. */
  tallies: RecordTallyParams[];
  objections: Objection[];
  /**
   * Objections filed during the current posting that wait for their writer's confirmation (see
   * {@link PendingObjection}); empty outside a posting. Absent from snapshots persisted before
   * objections were confirmed: read it through `pendingObjectionsOf`.
   */
  pendingObjections?: PendingObjection[];
  /** Objections taken during the current posting, lapsed and repeated ones included: numbers their task keys. */
  objectionsFiled?: number;
  /**
   * Keys of the lapses due for objections repeated from an address whose objection already
   * waits: none is taken, but each lapses as a new one would, so the history cannot tell a
   * repeated objection from a new one. Empty outside a posting; absent from older snapshots.
   */
  repeatedObjections?: string[];
  /** The objection the current review must look into; cleared when that review forwards. */
  openObjection: string | null;
  /** Comment of the latest forward / reject / requestChanges / decide, `null` when it had none. */
  lastComment: string | null;
  rejection: { levelId: string; reason: RejectionReason } | null;
  /** Set by `decisionIssued`. */
  decision: { decisionNumber: string; amountVnd: number | null } | null;
}

/** A review officer passes the dossier to the next level. Only from `currentAssignee`. */
export interface ForwardEvent {
  type: 'forward';
  by: string;
  comment?: string;
}

/** A review officer sends the dossier back to the submitter; the comment must be non-blank. */
export interface RequestChangesEvent {
  type: 'requestChanges';
  by: string;
  comment: string;
}

/** A review officer rejects the nomination; ends `rejected` (reason `rejected`). */
export interface RejectEvent {
  type: 'reject';
  by: string;
  comment?: string;
}

/** The submitter hands in the amended dossier: a new round from the first level. */
export interface ResubmitEvent {
  type: 'resubmit';
  by: string;
}

/** The submitter withdraws the nomination (any non-final state except `decision.issuing`). */
export interface WithdrawEvent {
  type: 'withdraw';
  by: string;
}

/** A council member's ballot; accepted once per member and sitting, re-votes are ignored. */
export interface VoteEvent {
  type: 'vote';
  by: string;
  ballot: Ballot;
}

/** A council member stands aside before voting; the reason must be non-blank. */
export interface RecuseEvent {
  type: 'recuse';
  by: string;
  reason: string;
}

/**
 * Anyone files an objection while the nomination is posted, giving an e-mail address (`by`); the
 * objection must be non-blank. It waits for `confirmObjection` from that address.
 */
export interface ObjectEvent {
  type: 'object';
  by: string;
  objection: string;
}

/**
 * The writer of a pending objection confirms it (from the link mailed to them): it sends the
 * dossier back to review. `objection` is the text they filed, as the history's `object` event
 * holds it (the gateway reads it there when the writer confirms); it must be non-blank.
 */
export interface ConfirmObjectionEvent {
  type: 'confirmObjection';
  by: string;
  objection: string;
}

/** Sent by the engine's scheduler when a pending objection's confirmation window ends unconfirmed. */
export interface ObjectionLapsedEvent {
  type: 'objectionLapsed';
  taskKey: string;
}

/** The competent authority decides; `approve` must be a boolean. Only from `currentAssignee`. */
export interface DecideEvent {
  type: 'decide';
  by: string;
  approve: boolean;
  comment?: string;
}

/** Sent by the decision worker after `issueDecision`: the allocated number and the reward. */
export interface DecisionIssuedEvent {
  type: 'decisionIssued';
  decisionNumber: string;
  /** `null` when the catalogue sets no amount for the award (e.g. an order paid by class). */
  amountVnd: number | null;
}

/** Every event the machine takes. Timer events (`xstate.after.*`) come from the engine's scheduler. */
export type CommendationEvent =
  | ForwardEvent
  | RequestChangesEvent
  | RejectEvent
  | ResubmitEvent
  | WithdrawEvent
  | VoteEvent
  | RecuseEvent
  | ObjectEvent
  | ConfirmObjectionEvent
  | ObjectionLapsedEvent
  | DecideEvent
  | DecisionIssuedEvent;

/** The output of every final state; the engine stores it as the instance's result. Tallies only, never ballots. */
export interface CommendationOutput {
  status: CommendationStatus;
  nominationId: string;
  awardTypeId: string;
  round: number;
  simplified: boolean;
  /** The level the procedure ended at (the decision level when decided). */
  levelId: string;
  reason: RejectionReason | null;
  decisionNumber: string | null;
  amountVnd: number | null;
  tallies: RecordTallyParams[];
}
