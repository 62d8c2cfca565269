import type { OutboxRow, TimerRow, WorkflowEvent } from '@vinh-danh/store';
import { queueNames, type QueueName } from '@vinh-danh/queue';

/** What `transition()` hands back: an action type and its resolved params. */
export interface MachineAction {
  type: string;
  params?: unknown;
}

export interface EffectPlan {
  outbox: OutboxRow[];
  timers: TimerRow[];
  /** XState send ids whose pending timers must be cancelled. */
  cancelSendIds: string[];
}

export interface PlanContext {
  instanceId: string;
  nominationId: string | null;
  /** The version the commit will produce; effect and timer ids hang on it, so they are stable across retries. */
  version: number;
  /** Commit time, ms since epoch: delays and task deadlines become absolute here. */
  now: number;
}

/** Effects whose receiver is slow or external go to their own queue. */
const queueByEffect: Record<string, QueueName> = { sendMail: queueNames.mail };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Turns the actions of one transition into rows for the commit: named effects become outbox
 * rows (effect id = instance.version.index, an idempotency key stable under retries), delayed
 * raises become timers, cancels name the timers to drop. Other built-in actions (assign,
 * immediate raise) were already applied by XState inside the snapshot.
 */
export function planEffects(actions: readonly MachineAction[], context: PlanContext): EffectPlan {
  const plan: EffectPlan = { outbox: [], timers: [], cancelSendIds: [] };
  actions.forEach((action, index) => {
    const params = isRecord(action.params) ? action.params : {};
    if (action.type === 'xstate.raise') {
      if (typeof params.delay !== 'number' || !isRecord(params.event)) return;
      const sendId = String(params.id ?? (params.event as WorkflowEvent).type);
      plan.timers.push({
        timerId: `${context.instanceId}.${context.version}.${sendId}`,
        instanceId: context.instanceId,
        sendId,
        event: params.event as WorkflowEvent,
        dueAt: new Date(context.now + Math.max(0, params.delay)),
      });
      return;
    }
    if (action.type === 'xstate.cancel') {
      if (typeof params.sendId === 'string') plan.cancelSendIds.push(params.sendId);
      return;
    }
    if (action.type.startsWith('xstate.')) return;
    const payload: Record<string, unknown> = { ...params, nominationId: context.nominationId };
    if (typeof params.dueInMs === 'number') payload.dueAt = new Date(context.now + params.dueInMs).toISOString();
    plan.outbox.push({
      effectId: `${context.instanceId}.${context.version}.${index}`,
      instanceId: context.instanceId,
      queue: queueByEffect[action.type] ?? queueNames.effects,
      type: action.type,
      payload,
    });
  });
  return plan;
}
