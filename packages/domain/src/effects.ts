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
