import type { NominationApprovalTiming } from './nomination-approval.timing.ts';

/** The two review steps; each names its task keys (`${step}-${round}`) and its timers. */
export type ReviewStep = 'unitLeaderReview' | 'officerReview';

/** Step name of the submitter's task while changes are requested. */
export type ResubmitStep = 'resubmit';

/** How a nomination-approval procedure ends. Each is a final state of the machine. */
export type NominationApprovalStatus = 'approved' | 'rejected' | 'withdrawn' | 'expired';

/** Who acts at each step, as the user ids the engine addresses tasks and mail to. */
export interface NominationApprovers {
  /** Head of the nominating unit (thủ trưởng đơn vị); reviews first. */
  unitLeader: string;
  /** Takes over the unit leader's review when its deadline passes. */
  unitLeaderEscalation: string;
  /** Emulation & commendation officer (cán bộ thi đua); reviews second. */
  officer: string;
  /** Takes over the officer's review when its deadline passes. */
  officerEscalation: string;
}

/** What the engine passes when it starts a procedure for one nomination. */
export interface NominationApprovalInput {
  nominationId: string;
  /** Who filed the nomination; the only one who may resubmit or withdraw it. */
  submitter: string;
  approvers: NominationApprovers;
  /** Merged over `defaultNominationApprovalTiming`; tests and benchmarks pass tiny values. */
  timing?: Partial<NominationApprovalTiming>;
}

/**
 * The machine's extended state. Plain JSON only (no `undefined`, dates or class instances),
 * so `getPersistedSnapshot` → `JSON.stringify` → `resolveState` restores it exactly.
 */
export interface NominationApprovalContext {
  nominationId: string;
  submitter: string;
  approvers: NominationApprovers;
  timing: NominationApprovalTiming;
  /** 1 for the first submission, incremented on each resubmission; part of every task key. */
  round: number;
  /** Who may act on the task opened most recently (open while the machine is not final). */
  currentAssignee: string;
  /** Key of the task opened most recently; closed exactly once, when its state is left. */
  currentTaskKey: string;
  /** Comment of the latest approve / reject / requestChanges, `null` when it had none. */
  lastComment: string | null;
}

/** A reviewer's decision. Accepted only from `context.currentAssignee`. */
export interface ApproveEvent {
  type: 'approve';
  by: string;
  comment?: string;
}

/** A reviewer's rejection; ends the procedure as `rejected`. */
export interface RejectEvent {
  type: 'reject';
  by: string;
  comment?: string;
}

/** Sends the nomination back to the submitter. The comment must be non-blank. */
export interface RequestChangesEvent {
  type: 'requestChanges';
  by: string;
  comment: string;
}

/** The submitter hands in the amended nomination; starts the next round. */
export interface ResubmitEvent {
  type: 'resubmit';
  by: string;
}

/** The submitter withdraws the nomination from any non-final state. */
export interface WithdrawEvent {
  type: 'withdraw';
  by: string;
}

/** Every event a person can send. Timer events (`xstate.after.*`) come from the engine's scheduler. */
export type NominationApprovalEvent = ApproveEvent | RejectEvent | RequestChangesEvent | ResubmitEvent | WithdrawEvent;

/** The output of every final state; the engine stores it as the instance's result. */
export interface NominationApprovalOutput {
  status: NominationApprovalStatus;
  nominationId: string;
  round: number;
}
