import { z } from 'zod';

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

export interface EffectParamsByType {
  createTask: CreateTaskParams;
  closeTask: CloseTaskParams;
  sendMail: SendMailParams;
  setNominationStatus: SetNominationStatusParams;
}

export type EffectType = keyof EffectParamsByType;

export const effectTypes: readonly EffectType[] = ['createTask', 'closeTask', 'sendMail', 'setNominationStatus'];

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
} satisfies Record<EffectType, z.ZodType>;

export type PlannedEffect<T extends EffectType> = z.infer<(typeof effectPayloadSchemas)[T]>;
