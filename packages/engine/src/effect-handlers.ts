import { effectPayloadSchemas, type EffectType, type PlannedEffect } from '@vinh-danh/domain';
import type { Logger } from '@vinh-danh/log';
import type { Store } from '@vinh-danh/store';
import { EngineError } from './errors.ts';
import { messageIdFor, type Mailer, type OutgoingMail } from './mailer.ts';
import { taskIdFor, taskStatusFor } from './plan-effects.ts';

export { taskIdFor };

export interface EffectContext {
  effectId: string;
  instanceId: string;
  log: Logger;
}

/** Carries out one effect. Must be idempotent: it runs at least once. */
export type EffectHandler = (payload: Record<string, unknown>, context: EffectContext) => Promise<void>;

export type EffectHandlers = Record<string, EffectHandler>;


/**
 * Renders a mail for an effect; the gateway's templates replace this default. Null: the mail is
 * moot and is not sent (it is about a task that has closed since it was planned).
 */
export type MailRenderer = (
  params: PlannedEffect<'sendMail'>,
  context: EffectContext,
) => Promise<Omit<OutgoingMail, 'messageId' | 'to'> | null>;

const defaultRenderer: MailRenderer = async (params) => ({
  subject: `[Vinh Danh] ${params.template}${params.taskKey ? `: ${params.taskKey}` : ''}`,
  text: JSON.stringify({ template: params.template, taskKey: params.taskKey ?? null, data: params.data ?? {} }, null, 2),
});

/** Validates an effect's payload; a bad one fails for good with every bad field named. */
function parse<T extends EffectType>(type: T, payload: Record<string, unknown>): PlannedEffect<T> {
  const parsed = effectPayloadSchemas[type].safeParse(payload);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`).join('; ');
    throw new EngineError(`invalid ${type} effect payload: ${issues}`, { permanent: true });
  }
  return parsed.data as PlannedEffect<T>;
}


export interface DefaultEffectHandlersOptions {
  store: Store;
  mailer: Mailer;
  renderMail?: MailRenderer;
  /** Right side of the Message-IDs (the sender's domain: `messageIdDomainOf(MAIL_FROM)`); default `vinh-danh.local`. */
  messageIdDomain?: string;
}

/**
 * Handlers for the effect descriptors of packages/domain.
 *
 * `createTask`, `closeTask` and `setNominationStatus` are applied by the engine inside the
 * transition's commit (see plan-effects.ts) and no longer become outbox rows. Their handlers
 * stay registered for the outbox rows an older version wrote before it was upgraded: those
 * rows are still pending in the store and complete through them as before (every one of them
 * is idempotent: task ids are derived, a closing or a status write repeats harmlessly).
 */
export function createDefaultEffectHandlers(options: DefaultEffectHandlersOptions): EffectHandlers {
  const { store, mailer } = options;
  const renderMail = options.renderMail ?? defaultRenderer;
  return {
    async createTask(payload, context) {
      const params = parse('createTask', payload);
      const taskId = taskIdFor(context.instanceId, params.taskKey);
      const dueAt = params.dueAt ? new Date(params.dueAt) : null;
      await store.tasks.create({
        taskId,
        instanceId: context.instanceId,
        nominationId: params.nominationId,
        step: params.step,
        assignee: params.assignee,
        dueAt,
        tokenHash: null,
        tokenExpiresAt: dueAt,
      });
    },
    async closeTask(payload, context) {
      const params = parse('closeTask', payload);
      await store.tasks.close(taskIdFor(context.instanceId, params.taskKey), taskStatusFor(params.outcome), params.outcome);
    },
    async setNominationStatus(payload) {
      const params = parse('setNominationStatus', payload);
      if (params.nominationId) await store.nominations.setStatus(params.nominationId, params.status);
    },
    async sendMail(payload, context) {
      const params = parse('sendMail', payload);
      const rendered = await renderMail(params, context);
      if (!rendered) {
        // A mail retried or re-driven late: its task was acted on (or expired) meanwhile.
        context.log.info({ effectId: context.effectId, template: params.template, taskKey: params.taskKey }, 'mail not sent: its task has closed');
        return;
      }
      await mailer.send({ ...rendered, to: params.to, messageId: messageIdFor(context.effectId, options.messageIdDomain) });
    },
  };
}
