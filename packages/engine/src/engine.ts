import { randomUUID } from 'node:crypto';
import type { Logger } from '@vinh-danh/log';
import { parseJobPayload, toJobId, workflowJobId, workflowJobSchema, type Queues, type WorkflowJob } from '@vinh-danh/queue';
import type {
  CancelledTimer,
  EventMeta,
  InboxEvent,
  InstanceStatus,
  NewNomination,
  OutboxRow,
  PendingOutboxRow,
  Store,
  TimerRow,
  WorkflowEvent,
} from '@vinh-danh/store';
import { workingDeadline, type WorkingCalendar } from '@vinh-danh/domain';
import type { JobsOptions, Queue } from 'bullmq';
import type { AnyMachineSnapshot } from 'xstate';
import type { DefinitionRegistry, WorkflowDefinition } from './definition-registry.ts';
import { createBulkAdd, type JobToAdd } from './bulk-add.ts';
import { ConcurrencyConflictError, InstanceNotFoundError, InvalidInstanceInputError, MachineError, UnrecordedEventError } from './errors.ts';
import { planEffects, type MachineAction, type WorkingTime } from './plan-effects.ts';
import { initialFrom, restoreSnapshot, transitionFrom } from './pure-transition.ts';
import { stateValueToString } from './state-value.ts';

export interface Clock {
  now(): number;
}

export interface CreateEngineOptions {
  store: Store;
  queues: Queues;
  registry: DefinitionRegistry;
  log: Logger;
  /** Business time source; default the system clock. */
  clock?: Clock;
  /** Commit attempts inside one job before it is handed back to BullMQ's backoff; default 5. */
  maxConflictAttempts?: number;
  /**
   * Timers due within this long of their commit get a BullMQ delayed job at once; later ones
   * stay in the store alone until the reconciler's look-ahead pass schedules them. It must be
   * at least the reconciler's interval (services wire 2 × RECONCILE_INTERVAL_MS); default 30 s.
   */
  timerHorizonMs?: number | undefined;
  /**
   * How long a caller waits for Redis to take the jobs of a commit or a dispatch; default 5 s.
   * The store holds the work already, so a Redis that stalls or is down (ioredis queues commands
   * until it is back) must not hold a request: past this the call returns, the jobs go out when
   * Redis answers, and the reconciler re-drives whatever they missed.
   */
  relayWaitMs?: number;
  /**
   * How long an outbox row naming a queue this version does not have is left pending (a newer
   * version wrote it during a rolling deploy, and relays it) before it is failed for operators;
   * default 1 h.
   */
  unknownQueueGraceMs?: number;
  /**
   * The working calendar deadlines in working days are counted on (weekends, public holidays,
   * make-up days). Without one they count in milliseconds, as the procedures give them.
   */
  calendar?: WorkingCalendar;
}

/**
 * Default {@link CreateEngineOptions.unknownQueueGraceMs}: far longer than a rolling deploy. The
 * job processors retry work of an effect type no handler here knows for as long after it was
 * written (always this default: `unknownQueueGraceMs` is the relay's).
 */
export const defaultUnknownQueueGraceMs = 60 * 60 * 1000;

/** Default {@link CreateEngineOptions.timerHorizonMs}: 2 × the reconciler's default interval. */
export const defaultTimerHorizonMs = 30_000;

export interface StartInstanceRequest {
  definitionId: string;
  /** Default: a random UUID. Starting an id that exists is a no-op. */
  instanceId?: string;
  input?: unknown;
  nominationId?: string | null;
  /** Stored in the same transaction as the instance: a submission is kept whole or not at all. */
  nomination?: NewNomination;
  meta?: EventMeta;
}

export interface DispatchRequest {
  instanceId: string;
  /** The idempotency key: the same event id is applied at most once to an instance. */
  eventId: string;
  event: WorkflowEvent;
  meta?: EventMeta;
}

export interface RedriveOptions {
  /**
   * For work the store holds as pending: when a job with the same id sits in BullMQ's failed
   * set, retry it with its attempts counted afresh. Our processors mark what they give up on in
   * the store, so such a job failed outside them (a worker that died twice while holding it,
   * stalled too often), or an operator put its failed work back to pending (`store:retry`).
   * A job in the completed set is run again too: it finished without doing the work (it found
   * the work failed in the store), or it did and the next run finds it done.
   */
  retryFailed?: boolean;
}

/**
 * Adds a job under a fixed id; with `retryFailed`, runs a finished job of that id again, with
 * all its attempts: a failed one, or a completed one (it finished while its work was failed in
 * the store, and was put back since). Two passes reviving one job race harmlessly: the loser
 * finds it no longer finished.
 */
async function addOnce(queue: Queue, name: string, data: object, opts: JobsOptions, options?: RedriveOptions) {
  const job = await queue.add(name, data, opts);
  if (!options?.retryFailed) return;
  const state = await job.getState();
  if (state !== 'failed' && state !== 'completed') return;
  try {
    await job.retry(state, { resetAttemptsMade: true, resetAttemptsStarted: true });
  } catch (error) {
    if ((await job.getState()) === state) throw error;
  }
}

export type ApplyResult =
  | {
      outcome: 'applied';
      version: number;
      state: string;
      status: InstanceStatus;
      changed: boolean;
      /** When the commit was seen to finish, ms since the epoch by this process's wall clock (not `clock`: it times the commit, not the business). */
      committedAt: number;
      /** The event as the store keeps it, when its definition redacted a secret from it (a ballot's choice). */
      redactedEvent?: WorkflowEvent;
    }
  | {
      outcome: 'duplicate';
      /** As for `applied`: the event as the store keeps it, when its definition redacts a secret from it. */
      redactedEvent?: WorkflowEvent;
    }
  | {
      /**
       * Not applied: the store holds the event as failed (a job revived, or made again, after the
       * last attempt gave up on it). It waits for an operator's `store:retry`, as effects do.
       */
      outcome: 'failed-in-store';
      redactedEvent?: WorkflowEvent;
    };

export interface Engine {
  startInstance(request: StartInstanceRequest): Promise<{ instanceId: string; created: boolean; state: string }>;
  /** Records the event in the store's inbox and queues it; the store copy survives a Redis loss. */
  dispatch(request: DispatchRequest): Promise<'accepted' | 'duplicate'>;
  /** Applies one event exactly once (the `workflow` worker calls this). */
  applyEvent(job: WorkflowJob): Promise<ApplyResult>;
  /** Puts effects and timers on their queues; safe to repeat (job id = effect or timer id). */
  relay(
    outbox: readonly OutboxRow[],
    timers: readonly TimerRow[],
    cancelledTimerIds?: readonly string[],
    options?: RedriveOptions,
  ): Promise<void>;
  /** Queues an inbox event for the `workflow` worker; safe to repeat. */
  enqueueEvent(event: Pick<InboxEvent, 'instanceId' | 'eventId' | 'event' | 'meta'>, options?: RedriveOptions): Promise<void>;
  readonly clock: Clock;
  /** Timers due within this long get a delayed job at commit; the reconciler schedules later ones. */
  readonly timerHorizonMs: number;
  /**
   * The event as the store keeps it, when the definition of `instanceId` redacts a secret from it
   * (a ballot's choice); `whole` when it keeps the event whole; `unknown` when the instance or its
   * definition is unknown here. Rejects when the store does not answer.
   */
  redactedEvent(instanceId: string, event: WorkflowEvent): Promise<WorkflowEvent | 'whole' | 'unknown'>;
}

type Redaction = { redactedEvent?: WorkflowEvent };

/** `{ redactedEvent }` when `redactEvent` takes a secret out of `event` (it returns another object), else `{}`. */
function redactionOf(redactEvent: WorkflowDefinition['redactEvent'], event: WorkflowEvent): Redaction {
  const recorded = redactEvent ? redactEvent(event) : event;
  return recorded !== event ? { redactedEvent: recorded } : {};
}

/** {@link transitionFrom}, with what the machine throws as a permanent {@link MachineError}. */
function transitionOf(instanceId: string, ...[machine, restored, event]: Parameters<typeof transitionFrom>): ReturnType<typeof transitionFrom> {
  try {
    return transitionFrom(machine, restored, event);
  } catch (error) {
    throw new MachineError(instanceId, event.type, error);
  }
}

/** {@link restoreSnapshot}, with a snapshot its machine cannot take as a permanent {@link MachineError}. */
function restoredOf(instanceId: string, machine: Parameters<typeof restoreSnapshot>[0], persisted: unknown, eventType: string): ReturnType<typeof restoreSnapshot> {
  try {
    return restoreSnapshot(machine, persisted);
  } catch (error) {
    throw new MachineError(instanceId, eventType, error, { restoring: true });
  }
}

const statusOf = (snapshot: AnyMachineSnapshot): InstanceStatus =>
  snapshot.status === 'done' ? 'done' : snapshot.status === 'error' ? 'error' : snapshot.status === 'stopped' ? 'stopped' : 'active';

export function createEngine(options: CreateEngineOptions): Engine {
  const { store, queues, registry, log } = options;
  const clock = options.clock ?? { now: () => Date.now() };
  const maxConflictAttempts = options.maxConflictAttempts ?? 5;
  const timerHorizonMs = options.timerHorizonMs ?? defaultTimerHorizonMs;
  const relayWaitMs = options.relayWaitMs ?? 5_000;
  const unknownQueueGraceMs = options.unknownQueueGraceMs ?? defaultUnknownQueueGraceMs;
  const calendar = options.calendar;

  /** Waits for `relaying` at most {@link relayWaitMs}; a failure or a stall is logged and left to the reconciler. */
  async function boundedRelay(relaying: Promise<void>, context: Record<string, unknown>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<'stalled'>((resolve) => {
      timer = setTimeout(() => resolve('stalled'), relayWaitMs);
    });
    const settled = relaying.then(
      () => 'done' as const,
      (error: unknown) => {
        log.warn({ err: error, ...context }, 'relay failed after commit; the reconciler will re-drive');
        return 'failed' as const;
      },
    );
    try {
      if ((await Promise.race([settled, stalled])) === 'stalled') {
        log.warn({ ...context, relayWaitMs }, 'Redis did not take the jobs in time; they go out when it answers, and the reconciler re-drives what they miss');
      }
    } finally {
      clearTimeout(timer);
    }
  }

  // Jobs of one turn (the commits of one group, the dispatches of concurrent requests) share a pipeline.
  const bulkAdd = createBulkAdd();

  /** Adds a job under its fixed id; a re-drive (`retryFailed`) adds it alone, to revive a failed one. */
  async function addJob(queue: Queue, job: JobToAdd, options?: RedriveOptions) {
    if (options?.retryFailed) await addOnce(queue, job.name, job.data, job.opts, options);
    else await bulkAdd(queue, [job]);
  }

  async function enqueueEvent(event: Pick<InboxEvent, 'instanceId' | 'eventId' | 'event' | 'meta'>, options?: RedriveOptions) {
    const job: WorkflowJob = { instanceId: event.instanceId, eventId: event.eventId, event: event.event, meta: event.meta };
    await addJob(queues.workflow, { name: event.event.type, data: job, opts: { jobId: workflowJobId(event.instanceId, event.eventId) } }, options);
  }

  async function relay(
    outbox: readonly OutboxRow[],
    timers: readonly TimerRow[],
    cancelledTimerIds: readonly string[] = [],
    options?: RedriveOptions,
  ) {
    const now = clock.now();
    // A row for a queue this version does not have must not stop the rows and timers after it.
    // Written by a newer version (a rolling deploy, where this process is the old one), it is
    // left pending for a newer process to relay; one still unrelayed after
    // `unknownQueueGraceMs` (no version has the queue: an import, a retired queue) fails on its
    // own, with the reason, for operators.
    const known = outbox.filter((row) => Object.hasOwn(queues, row.queue));
    const unknown = known.length === outbox.length ? [] : outbox.filter((row) => !Object.hasOwn(queues, row.queue));
    await Promise.all(
      unknown.map(async (row) => {
        const fields = { effectId: row.effectId, instanceId: row.instanceId, queue: row.queue };
        const createdAt = (row as Partial<PendingOutboxRow>).createdAt;
        if (createdAt && now - createdAt.getTime() < unknownQueueGraceMs) {
          log.warn(fields, 'outbox row names a queue this version does not have; left for a newer version to relay');
          return;
        }
        log.error(fields, 'outbox row names a queue this version does not have; marked failed');
        await store.outbox.markFailed(row.effectId, `UnknownQueueError: no queue "${row.queue}" in this version (effect ${row.type})`);
      }),
    );
    // bulkAdd puts the jobs of this turn, these and other commits' alike, in one pipeline per queue.
    await Promise.all([
      ...known.map((row) =>
        addJob(
          queues[row.queue as keyof Queues],
          { name: row.type, data: { effectId: row.effectId, instanceId: row.instanceId, type: row.type, payload: row.payload }, opts: { jobId: toJobId(row.effectId) } },
          options,
        ),
      ),
      ...timers.map((timer) =>
        addJob(
          queues.timers,
          { name: 'fire', data: { timerId: timer.timerId, instanceId: timer.instanceId }, opts: { jobId: toJobId(timer.timerId), delay: Math.max(0, timer.dueAt.getTime() - now) } },
          options,
        ),
      ),
      // Best effort: a cancelled timer that still fires finds its row cancelled and does nothing.
      ...cancelledTimerIds.map((timerId) => queues.timers.remove(toJobId(timerId)).catch(() => 0)),
    ]);
  }

  /**
   * After the commit, Redis is only an accelerator: a failure here is repaired by the reconciler.
   * Only timers due within the horizon get a delayed job now; the reconciler's look-ahead pass
   * schedules the others from the store in time. A cancelled timer's delayed job is removed
   * only if one can exist, i.e. the timer is due within the horizon from now: a commit gave a
   * job only to timers due within the horizon of its (earlier) time, a reconciler pass only to
   * those due within 2 × its interval (no more than the horizon, as the services wire it).
   * Should a job exist all the same, it finds its timer cancelled in the store and does nothing.
   */
  async function relayAfterCommit(
    instanceId: string,
    outbox: readonly OutboxRow[],
    timers: readonly TimerRow[],
    cancelled: readonly CancelledTimer[] = [],
  ) {
    const horizon = clock.now() + timerHorizonMs;
    const near = timers.filter((timer) => timer.dueAt.getTime() <= horizon);
    const cancelledIds = cancelled.filter((timer) => timer.dueAt.getTime() <= horizon).map((timer) => timer.timerId);
    if (outbox.length + near.length + cancelledIds.length === 0) return;
    await boundedRelay(relay(outbox, near, cancelledIds), { instanceId });
  }

  /**
   * The redaction of `event` for an instance, outside a transition: its event was applied already
   * (its first run died before rewriting its job, say), so that delivery rewrites its job too; or
   * its job failed for good. A definition this version lacks redacts nothing here.
   */
  function appliedRedaction(instance: { definitionId: string; definitionVersion: number }, event: WorkflowEvent): Redaction {
    let definition: ReturnType<DefinitionRegistry['get']>;
    try {
      definition = registry.get(instance.definitionId, instance.definitionVersion);
    } catch {
      return {};
    }
    return redactionOf(definition.redactEvent, event);
  }

  /** With a calendar: deadlines in working days from `now`, and the procedure's reading of its timers in the context it has after the transition. */
  function workingTimeOf(definition: WorkflowDefinition, context: unknown, now: number): WorkingTime | undefined {
    if (!calendar) return undefined;
    const delayOf = (type: string) => /^xstate\.after\.([^.]+)\./.exec(type)?.[1];
    // A level's deadline is read by its task, its deadline timer and its reminder: counted once.
    const deadlines = new Map<number, number>();
    const after = (days: number) => {
      let due = deadlines.get(days);
      if (due === undefined) deadlines.set(days, (due = workingDeadline(calendar, now, days)));
      return due;
    };
    return {
      timerDue: (event) => {
        const delay = delayOf(event.type);
        return delay === undefined || !definition.timerDue ? undefined : definition.timerDue({ delay, now, context, after });
      },
      after,
    };
  }

  /**
   * Whether the event is a timer's (its id is the timer's id) whose timer was cancelled after it
   * fired. Read after the instance, inside the commit loop: a cancel is written with a version
   * bump, so a cancel this read misses makes the commit conflict, and the retry sees it.
   */
  async function isCancelledTimerEvent(job: Pick<WorkflowJob, 'eventId' | 'meta'>): Promise<boolean> {
    // Fired by its job or by the reconciler, a timer's event comes through the timer: `via` is its id.
    if (job.meta.via !== job.eventId) return false;
    return (await store.timers.get(job.eventId))?.status === 'cancelled';
  }

  return {
    clock,
    timerHorizonMs,
    relay,
    enqueueEvent,

    async redactedEvent(instanceId, event) {
      const instance = await store.instances.get(instanceId);
      if (!instance) return 'unknown';
      let definition: WorkflowDefinition;
      try {
        definition = registry.get(instance.definitionId, instance.definitionVersion);
      } catch {
        return 'unknown';
      }
      return redactionOf(definition.redactEvent, event).redactedEvent ?? 'whole';
    },

    async startInstance(request) {
      const definition = registry.latest(request.definitionId);
      const instanceId = request.instanceId ?? randomUUID();
      const [snapshot, actions] = initialFrom(definition.machine, request.input);
      if (snapshot.status === 'error') throw new InvalidInstanceInputError(definition.id, snapshot.error);
      const state = stateValueToString(snapshot.value);
      const now = clock.now();
      const plan = planEffects(actions as MachineAction[], {
        instanceId,
        nominationId: request.nominationId ?? request.nomination?.nominationId ?? null,
        version: 1,
        now,
        workingTime: workingTimeOf(definition, snapshot.context, now),
      });
      const created = await store.instances.create({
        instanceId,
        definitionId: definition.id,
        definitionVersion: definition.version,
        snapshot: definition.machine.getPersistedSnapshot(snapshot),
        status: statusOf(snapshot),
        stateValue: state,
        nominationId: request.nominationId ?? request.nomination?.nominationId ?? null,
        nomination: request.nomination,
        startEvent: { eventId: 'start', event: { type: 'xstate.init', input: request.input ?? null }, meta: request.meta ?? {} },
        outbox: plan.outbox,
        timers: plan.timers,
        tasksToOpen: plan.tasksToOpen,
        tasksToClose: plan.tasksToClose,
        nominationStatus: plan.nominationStatus,
      });
      if (created === 'created') await relayAfterCommit(instanceId, plan.outbox, plan.timers);
      return { instanceId, created: created === 'created', state };
    },

    async dispatch(request) {
      const job = parseJobPayload('workflow', workflowJobSchema, { ...request, meta: request.meta ?? {} });
      // One statement: recorded only if the instance exists.
      const added = await store.inbox.add({ instanceId: job.instanceId, eventId: job.eventId, event: job.event, meta: job.meta });
      if (added === 'no-instance') throw new InstanceNotFoundError(job.instanceId);
      // Queue even when the event was already recorded: a retry of a dispatch whose enqueue was lost repairs it.
      await boundedRelay(enqueueEvent(job), { instanceId: job.instanceId, eventId: job.eventId });
      return added === 'added' ? 'accepted' : 'duplicate';
    },

    async applyEvent(job) {
      for (let attempt = 1; attempt <= maxConflictAttempts; attempt += 1) {
        const loaded = await store.instances.loadForEvent(job.instanceId, job.eventId);
        if (!loaded) throw new InstanceNotFoundError(job.instanceId);
        if (loaded.applied) {
          await store.inbox.markApplied(job.instanceId, job.eventId);
          return { outcome: 'duplicate', ...appliedRedaction(loaded.instance, job.event) };
        }
        // The store's copy is what applies: the job's own copy (for workers of an earlier version) is not read.
        if (!loaded.recorded) throw new UnrecordedEventError(job.instanceId, job.eventId);
        if (loaded.failed) return { outcome: 'failed-in-store', ...appliedRedaction(loaded.instance, job.event) };
        const { event, meta } = loaded.recorded;
        const { instance } = loaded;
        const definition = registry.get(instance.definitionId, instance.definitionVersion);
        const { machine, redactEvent } = definition;
        const restored = restoredOf(instance.instanceId, machine, instance.snapshot, job.event.type);
        const current = restored.snapshot;
        // A finished instance takes no more transitions, nor does a timer's event whose state was
        // left after it fired (the commit that left it cancelled the timer): each is still
        // recorded, unchanged, for audit.
        const takes = instance.status === 'active' && !(await isCancelledTimerEvent({ eventId: job.eventId, meta }));
        const [next, actions]: [AnyMachineSnapshot, MachineAction[]] = takes ? transitionOf(instance.instanceId, machine, restored, event) : [current, []];
        const fromState = stateValueToString(current.value);
        const toState = stateValueToString(next.value);
        const persisted = machine.getPersistedSnapshot(next);
        // XState keeps the context object when no assign ran: only a new one is compared by value.
        const changed =
          fromState !== toState ||
          actions.length > 0 ||
          (next.context !== current.context && JSON.stringify(current.context) !== JSON.stringify(next.context));
        const version = instance.version + 1;
        const now = clock.now();
        const plan = planEffects(actions, {
          instanceId: instance.instanceId,
          nominationId: instance.nominationId,
          version,
          now,
          workingTime: workingTimeOf(definition, next.context, now),
        });
        const status = statusOf(next);
        const redaction = redactionOf(redactEvent, event);
        const result = await store.instances.commit({
          instanceId: instance.instanceId,
          expectedVersion: instance.version,
          eventId: job.eventId,
          event: redaction.redactedEvent ?? event,
          meta,
          snapshot: persisted,
          status,
          fromState,
          toState,
          changed,
          ...plan,
        });
        if (result.outcome === 'duplicate') {
          await store.inbox.markApplied(job.instanceId, job.eventId);
          return { outcome: 'duplicate', ...redaction };
        }
        if (result.outcome === 'committed') {
          const committedAt = Date.now();
          await relayAfterCommit(instance.instanceId, plan.outbox, plan.timers, result.cancelledTimers);
          return { outcome: 'applied', version: result.version, state: toState, status, changed, committedAt, ...redaction };
        }
      }
      throw new ConcurrencyConflictError(job.instanceId, maxConflictAttempts);
    },
  };
}
