import type { Logger } from '@vinh-danh/log';
import { withLazyScope } from '@vinh-danh/log';
import {
  effectJobSchema,
  InvalidJobPayloadError,
  parseJobPayload,
  timerJobSchema,
  toJobId,
  workflowJobId,
  workflowJobSchema,
  type Queues,
} from '@vinh-danh/queue';
import type { Store, WorkflowEvent } from '@vinh-danh/store';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { EffectHandlers } from './effect-handlers.ts';
import { defaultUnknownQueueGraceMs, type Engine } from './engine.ts';
import { isPermanent, UnknownEffectError } from './errors.ts';

export interface ProcessorDeps {
  engine: Engine;
  store: Store;
  handlers: EffectHandlers;
  log: Logger;
}

type Processor = (job: Job, token?: string) => Promise<unknown>;

/** How far ahead of its timer's due time a timer job may run and still fire it (clocks differ a little). */
const timerEarlyToleranceMs = 1_000;

const isLastAttempt = (job: Job) => job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

/** A text field of a job's data, whatever the rest of it holds. */
const textOf = (job: Job, field: string): string | undefined => {
  const value = (job.data as Record<string, unknown> | null)?.[field];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/**
 * Wraps a processor: bad payloads and permanent errors fail the job for good (never the
 * worker); then, or on the last attempt, `onGiveUp` records the failure in the store.
 *
 * A bad payload is recorded only on a job under the id the engine gives the store's row it
 * names (`storeJobId`): such a job was made from that row, which can then never run as it is,
 * and left pending the reconciler would revive the job on every pass. A bad job under any other
 * id came from elsewhere and leaves the store's row to the reconciler.
 */
function guarded(
  queue: string,
  log: Logger,
  run: (job: Job, log: Logger, token?: string) => Promise<unknown>,
  onGiveUp: (job: Job, reason: string) => Promise<void>,
  storeJobId: (job: Job) => string | undefined,
): Processor {
  return async (job, token) => {
    // Made only if the job logs: most succeed silently.
    const jobLog = withLazyScope(log, { queue, jobId: job.id, instanceId: (job.data as { instanceId?: string })?.instanceId });
    try {
      return await run(job, jobLog, token);
    } catch (error) {
      // The job moved itself back to the delayed set: not a failure.
      if (error instanceof DelayedError) throw error;
      const permanent = error instanceof InvalidJobPayloadError || isPermanent(error);
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      if (permanent || isLastAttempt(job)) {
        jobLog.error({ err: error, attemptsMade: job.attemptsMade + 1 }, 'job failed for good');
        const recorded = !(error instanceof InvalidJobPayloadError) || (job.id !== undefined && job.id === storeJobId(job));
        if (recorded) await onGiveUp(job, reason).catch(() => {});
        throw new UnrecoverableError(reason);
      }
      jobLog.warn({ err: error, attemptsMade: job.attemptsMade + 1 }, 'job failed; will retry');
      throw error;
    }
  };
}

/** Pauses between the attempts of {@link markDoneOnceRun}. */
const markDonePausesMs = [200, 1_000];

/**
 * Marks an effect done once its handler has run. A store that fails for a moment is retried
 * here, twice, rather than by the job: the job's retry would run the handler again, and send
 * its mail a second time (with a link of its own) for a write that failed after the send.
 */
async function markDoneOnceRun(store: Store, effectId: string, log: Logger): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await store.outbox.markDone(effectId);
    } catch (error) {
      const pause = markDonePausesMs[attempt];
      if (pause === undefined) throw error;
      log.warn({ err: error, effectId, attempt: attempt + 1 }, 'could not mark a carried-out effect done; trying again');
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

export function createProcessors(deps: ProcessorDeps): Record<keyof Queues, Processor> {
  const { engine, store, handlers, log } = deps;

  /**
   * Rewrites a failed workflow job's event as the store keeps it, when its definition redacts a
   * secret from it. When that cannot be told (the store does not answer, the instance or its
   * definition is unknown here), only its type and who sent it are kept: the store's inbox copy,
   * not the job's, is what a retry applies.
   */
  const redactFailed = async (job: Job) => {
    const event = (job.data as { event?: unknown } | null)?.event;
    if (typeof event !== 'object' || event === null || typeof (event as { type?: unknown }).type !== 'string') return;
    const { type, by } = event as { type: string; by?: unknown };
    const bare = { type, ...(typeof by === 'string' ? { by } : {}) };
    const instanceId = textOf(job, 'instanceId');
    const redacted = instanceId ? await engine.redactedEvent(instanceId, event as WorkflowEvent).catch(() => 'unknown' as const) : 'unknown';
    if (redacted === 'whole') return;
    await job.updateData({ ...job.data, event: redacted === 'unknown' ? bare : redacted });
  };

  const workflow = guarded(
    'workflow',
    log,
    async (job, jobLog) => {
      const payload = parseJobPayload('workflow', workflowJobSchema, job.data);
      const { redactedEvent, ...result } = await engine.applyEvent(payload);
      // A completed job stays in Redis for an hour: without the secret. (Redis's append-only
      // file keeps the first version until Redis rewrites it.)
      if (redactedEvent) await job.updateData({ ...payload, event: redactedEvent });
      jobLog.debug({ eventType: payload.event.type, ...result }, 'event processed');
      return result;
    },
    async (job, reason) => {
      // A failed job stays in Redis for days: without the secret, like a completed one. The
      // store's inbox copy is what a retry (`store:retry`) applies.
      await Promise.allSettled([store.inbox.markFailed(job.data.instanceId, job.data.eventId, reason), redactFailed(job)]);
    },
    (job) => {
      const [instanceId, eventId] = [textOf(job, 'instanceId'), textOf(job, 'eventId')];
      return instanceId && eventId ? workflowJobId(instanceId, eventId) : undefined;
    },
  );

  const effect = (queue: string) =>
    guarded(
      queue,
      log,
      async (job, jobLog) => {
        const payload = parseJobPayload(queue, effectJobSchema, job.data);
        // The store's row is the truth: it says whether the effect is already done.
        const row = await store.outbox.get(payload.effectId);
        if (!row) throw new UnknownEffectError(`${payload.type} (no outbox row ${payload.effectId})`);
        if (row.done) return 'already-done';
        // Given up on (this job raced a reconciler's revival of it, say): failed work waits for `store:retry`.
        if (row.failed) return 'failed-in-store';
        const handler = handlers[row.type];
        // A type a newer version added, during its rollout: left to BullMQ's retries (half an hour
        // on the effect queues), for a newer worker to take; written before the grace, it fails.
        if (!handler) throw new UnknownEffectError(row.type, { newer: Date.now() - row.createdAt.getTime() < defaultUnknownQueueGraceMs });
        await handler(row.payload, { effectId: row.effectId, instanceId: row.instanceId, log: jobLog });
        await markDoneOnceRun(store, row.effectId, jobLog);
        return 'done';
      },
      (job, reason) => store.outbox.markFailed(job.data.effectId, reason),
      (job) => {
        const effectId = textOf(job, 'effectId');
        return effectId ? toJobId(effectId) : undefined;
      },
    );

  const timers = guarded(
    'timers',
    log,
    async (job, jobLog, token) => {
      const payload = parseJobPayload('timers', timerJobSchema, job.data);
      // A job that runs before its timer is due by this worker's clock (added by a host whose
      // clock runs ahead, or by hand) goes back to the delayed set for the time still to run.
      // A worker whose own clock runs ahead is not caught here: the hosts keep time by NTP.
      const timer = await store.timers.get(payload.timerId);
      const early = timer?.status === 'pending' ? timer.dueAt.getTime() - engine.clock.now() : 0;
      if (early > timerEarlyToleranceMs && token) {
        jobLog.warn({ timerId: payload.timerId, dueAt: timer!.dueAt.toISOString() }, 'timer job ran before its timer was due; delayed until then');
        await job.moveToDelayed(Date.now() + early, token);
        throw new DelayedError();
      }
      const fired = await store.timers.fire(payload.timerId, { actor: 'system', source: 'timer', via: payload.timerId });
      if (fired) {
        await engine.enqueueEvent(fired);
        return 'fired';
      }
      return 'not-pending';
    },
    async () => {},
    () => undefined,
  );

  return { workflow, effects: effect('effects'), mail: effect('mail'), timers };
}
