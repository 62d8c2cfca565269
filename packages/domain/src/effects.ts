import { z } from 'zod';
import { clusterEffectPayloadSchemas, type ClusterEffectParamsByType } from './clusters/cluster-effects.ts';
import { maxWorkingDays } from './working-calendar.ts';

/**
 * Effect descriptors: what a pure machine asks the world to do.
 *
 * A machine names these as XState actions with params (`{ type: 'createTask', params }`);
 * the engine turns each one into an outbox row whose effect id is its idempotency key, and
 * a worker carries it out at least once. Receivers dedupe on the effect id or on the keys
 * inside the params (`taskKey`), so a retried effect changes nothing the second time.
 */

/** Opens a task for one person. `taskKey` is unique within the instance (step + round). */
export interface CreateTaskParams {
  taskKey: string;
  step: string;
  assignee: string;
  /** Milliseconds from the commit until the task's deadline; also its link's lifetime. */
  dueInMs: number;
  /**
   * The same deadline in working days, for an engine with a working calendar: the task is then
   * due when the last of them ends (`dueInMs` counts without a calendar).
   */
  dueWorkingDays?: number;
}

/** Closes the open task with that key, recording why. */
export interface CloseTaskParams {
  taskKey: string;
  /** e.g. `approve`, `reject`, `requestChanges`, `expired`, `escalated`, `withdrawn`. */
  outcome: string;
}

export type MailTemplate = 'task' | 'reminder' | 'escalation' | 'changesRequested' | 'outcome';

/** Sends one e-mail. Its Message-ID derives from the effect id, so a retry sends nothing new. */
export interface SendMailParams {
  template: MailTemplate;
  to: string;
  /** The task the mail is about, when it carries a link. */
  taskKey?: string;
  /** Template fields (step, outcome, deadline…), plain JSON. */
  data?: Record<string, unknown>;
}

/** Mirrors the procedure's outcome onto the nomination record. */
export interface SetNominationStatusParams {
  status: 'in_review' | 'approved' | 'rejected' | 'withdrawn' | 'expired';
}

/**
 * Asks for the numbered decision (quyết định khen thưởng) once the competent authority approved.
 * The worker allocates the number (e.g. `123/QĐ-UBND`, restarting each year), computes the
 * reward from the award type and the base salary in force, renders the decision and the
 * certificate, and answers the instance with a `decisionIssued` event
 * `{ decisionNumber: string, amountVnd: number | null }` (null when the catalogue sets no amount
 * for the award; the decision record keeps why). Dedupe on the effect id: one decision
 * number per decision, however often the effect is delivered.
 */
export interface IssueDecisionParams {
  /** The route level that decided, e.g. `decision`. */
  levelId: string;
  /** Who signs, as printed: e.g. `UBND tỉnh Bắc Giang`, `Thủ tướng Chính phủ`. */
  authority: string;
  /** Document type and issuing body of the number, e.g. `QĐ-UBND`, `QĐ-TTg`. */
  issuerCode: string;
  /**
   * The unit that issues the decision: its register numbers it. Absent from effects planned by
   * routes resolved before it was recorded; the worker then finds the unit by its signatory.
   */
  issuingUnitId?: string;
  awardTypeId: string;
}

/** Posts the nomination for public comment (công khai, lấy ý kiến) for `postingDays`. */
export interface PublishDisclosureParams {
  levelId: string;
  postingDays: number;
  /** Round of the nomination, so a re-posting after resubmission is told apart. */
  round: number;
}

/**
 * Makes a council's closed vote visible: the tally only. Individual ballots never leave the
 * instance (secret ballot, bỏ phiếu kín), in this effect or any other.
 */
export interface RecordTallyParams {
  levelId: string;
  round: number;
  yes: number;
  no: number;
  abstain: number;
  /** Members not recused. */
  eligible: number;
  /** All the council's members, recused ones included: the quorum's base (absent from tallies recorded before it was kept). */
  members?: number;
  quorumMet: boolean;
  outcome: 'passed' | 'failed';
}

/**
 * Every effect a machine may emit. The cluster procedures' `proposeAward` and `handOverChair`
 * are declared in `clusters/cluster-effects.ts` (beside the cluster model they speak of) and
 * registered here like the others.
 */
export interface EffectParamsByType extends ClusterEffectParamsByType {
  createTask: CreateTaskParams;
  closeTask: CloseTaskParams;
  sendMail: SendMailParams;
  setNominationStatus: SetNominationStatusParams;
  issueDecision: IssueDecisionParams;
  publishDisclosure: PublishDisclosureParams;
  recordTally: RecordTallyParams;
}

export type EffectType = keyof EffectParamsByType;

export const effectTypes: readonly EffectType[] = [
  'createTask',
  'closeTask',
  'sendMail',
  'setNominationStatus',
  'issueDecision',
  'publishDisclosure',
  'recordTally',
  'proposeAward',
  'handOverChair',
];

export function isEffectType(type: string): type is EffectType {
  return (effectTypes as readonly string[]).includes(type);
}

/** Effect params as stored in the outbox: the machine's params plus what the engine adds. */
const planned = { nominationId: z.string().nullable().default(null), dueAt: z.string().datetime().optional() };

export const effectPayloadSchemas = {
  createTask: z.object({
    taskKey: z.string().min(1).max(200),
    step: z.string().min(1).max(100),
    assignee: z.string().min(1).max(320),
    dueInMs: z.number().int().nonnegative(),
    dueWorkingDays: z.number().int().min(1).max(maxWorkingDays).optional(),
    ...planned,
  }),
  closeTask: z.object({ taskKey: z.string().min(1).max(200), outcome: z.string().min(1).max(100), ...planned }),
  sendMail: z.object({
    template: z.enum(['task', 'reminder', 'escalation', 'changesRequested', 'outcome']),
    to: z.string().min(3).max(320),
    taskKey: z.string().min(1).max(200).optional(),
    data: z.record(z.string(), z.unknown()).optional(),
    ...planned,
  }),
  setNominationStatus: z.object({
    status: z.enum(['in_review', 'approved', 'rejected', 'withdrawn', 'expired']),
    ...planned,
  }),
  issueDecision: z.object({
    levelId: z.string().min(1).max(100),
    authority: z.string().min(1).max(300),
    issuerCode: z.string().min(1).max(50),
    issuingUnitId: z.string().min(1).max(200).optional(),
    awardTypeId: z.string().min(1).max(100),
    ...planned,
  }),
  publishDisclosure: z.object({
    levelId: z.string().min(1).max(100),
    postingDays: z.number().int().positive(),
    round: z.number().int().positive(),
    ...planned,
  }),
  // Strict: a payload carrying anything beyond the tally (a ballot, a voter) is refused, not stripped.
  recordTally: z.strictObject({
    levelId: z.string().min(1).max(100),
    round: z.number().int().positive(),
    yes: z.number().int().nonnegative(),
    no: z.number().int().nonnegative(),
    abstain: z.number().int().nonnegative(),
    eligible: z.number().int().nonnegative(),
    members: z.number().int().nonnegative().optional(),
    quorumMet: z.boolean(),
    outcome: z.enum(['passed', 'failed']),
    ...planned,
  }),
  ...clusterEffectPayloadSchemas,
} satisfies Record<EffectType, z.ZodType>;

export type PlannedEffect<T extends EffectType> = z.infer<(typeof effectPayloadSchemas)[T]>;
