import { z } from 'zod';

// C0 controls and DEL: a NUL joins ids in the store's batched statements and PostgreSQL refuses it in text.
const controlCharacters = /[\u0000-\u001f\u007f]/;
const text = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((value) => !controlCharacters.test(value), 'must not contain control characters (NUL, line breaks, tabs)');
const id = text(200);

/**
 * XState's own event types (`xstate.*`) drive its internals: `xstate.stop`, for one, would stop an
 * instance for good. A job may carry only the `xstate.after.*` events the engine's timers fire.
 */
const isQueueableType = (type: string) => !type.startsWith('xstate.') || type.startsWith('xstate.after.');

export const workflowEventSchema = z
  .object({ type: text(200).refine(isQueueableType, 'xstate.* types are XState\'s own; only a timer\'s xstate.after.* event may be queued') })
  .catchall(z.unknown());

export const eventMetaSchema = z
  .object({
    actor: z.string().max(320).optional(),
    source: z.string().max(100).optional(),
    via: z.string().max(200).optional(),
  })
  .strict();

/** `workflow` queue: apply one event to one instance. */
export const workflowJobSchema = z
  .object({ instanceId: id, eventId: id, event: workflowEventSchema, meta: eventMetaSchema.default({}) })
  .strict();

/** `effects` and `mail` queues: carry out one outbox row. */
export const effectJobSchema = z
  .object({ effectId: id, instanceId: id, type: z.string().min(1), payload: z.record(z.string(), z.unknown()) })
  .strict();

/** `timers` queue: fire one stored timer. */
export const timerJobSchema = z.object({ timerId: id, instanceId: id }).strict();

export type WorkflowJob = z.infer<typeof workflowJobSchema>;
export type EffectJob = z.infer<typeof effectJobSchema>;
export type TimerJob = z.infer<typeof timerJobSchema>;

/** Thrown when a job's payload does not match its queue's schema; the job fails for good. */
export class InvalidJobPayloadError extends Error {
  override readonly name = 'InvalidJobPayloadError';
  constructor(queue: string, issues: string) {
    super(`invalid ${queue} job payload: ${issues}`);
  }
}

/** Parses a job payload, naming every bad field in the error. */
export function parseJobPayload<T>(queue: string, schema: z.ZodType<T>, data: unknown): T {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(payload)'}: ${issue.message}`)
    .join('; ');
  throw new InvalidJobPayloadError(queue, issues);
}
