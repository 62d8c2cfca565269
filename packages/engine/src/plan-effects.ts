import { effectPayloadSchemas, type EffectType, type PlannedEffect } from '@vinh-danh/domain';
import type { NewTask, NominationStatusChange, OutboxRow, TaskClosing, TimerRow, WorkflowEvent } from '@vinh-danh/store';
import { queueNames, type QueueName } from '@vinh-danh/queue';
import { InvalidEffectError } from './errors.ts';

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
  /** `createTask` effects, written by the commit itself. */
  tasksToOpen: NewTask[];
  /** `closeTask` effects, written by the commit itself. */
  tasksToClose: TaskClosing[];
  /** The last `setNominationStatus` effect, written by the commit itself; absent without a nomination. */
  nominationStatus?: NominationStatusChange;
}

export interface PlanContext {
  instanceId: string;
  nominationId: string | null;
  /** The version the commit will produce; effect and timer ids hang on it, so they are stable across retries. */
  version: number;
  /** Commit time, ms since epoch: delays and task deadlines become absolute here. */
  now: number;
  /** Where the engine has a working calendar: deadlines in working days, read against it (see {@link WorkingTime}). */
  workingTime?: WorkingTime;
}

/** Deadlines in working days, from the commit time, as the engine's calendar counts them. */
export interface WorkingTime {
  /** When a delayed event is due by the procedure's own reading of it, or undefined for `now + delay`. */
  timerDue(event: WorkflowEvent): number | undefined;
  /** When a limit of `days` working days from the commit ends. */
  after(days: number): number;
}

/** Task ids are derived, not random: the same effect applied twice finds its task already there. */
export const taskIdFor = (instanceId: string, taskKey: string) => `${instanceId}/${taskKey}`;

/** How a task's closing outcome maps onto its status. */
export const taskStatusFor = (outcome: string): TaskClosing['status'] =>
  outcome === 'escalated' || outcome === 'expired' ? 'expired' : outcome === 'withdrawn' ? 'cancelled' : 'done';

/** Effects whose receiver is slow or external go to their own queue. */
const queueByEffect: Record<string, QueueName> = { sendMail: queueNames.mail };

/**
 * Effects whose whole job is one store write. The commit applies them itself, in the same
 * statement as the transition: exactly once, with no outbox row and no queue round trip.
 */
export const storeEffectTypes = ['createTask', 'closeTask', 'setNominationStatus'] as const satisfies readonly EffectType[];
const isStoreEffect = (type: string): type is (typeof storeEffectTypes)[number] => (storeEffectTypes as readonly string[]).includes(type);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Validates an effect's params as its handler would; a bad one fails the event for good, naming every bad field. */
function parseEffect<T extends EffectType>(type: T, payload: Record<string, unknown>, context: PlanContext): PlannedEffect<T> {
  const parsed = effectPayloadSchemas[type].safeParse(payload);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`).join('; ');
    throw new InvalidEffectError(context.instanceId, type, issues);
  }
  return parsed.data as PlannedEffect<T>;
}

/**
 * `now + ms` as a date. A delay that is not a finite number, or lands outside the dates a Date
 * holds, is a bug of the machine: as with a malformed store effect, the event fails for good
 * ({@link InvalidEffectError}) instead of being retried for days.
 */
function afterDelay(context: PlanContext, ms: number, effectType: string, what: string): Date {
  const at = new Date(context.now + ms);
  if (!Number.isFinite(ms) || Number.isNaN(at.getTime())) {
    throw new InvalidEffectError(context.instanceId, effectType, `${what}: ${ms} is not a delay in milliseconds that a date can hold`);
  }
  return at;
}

/** An instant a working-time reading gave, as a date; one a date cannot hold fails the event for good. */
function atInstant(context: PlanContext, ms: number, effectType: string, what: string): Date {
  const at = new Date(ms);
  if (!Number.isFinite(ms) || Number.isNaN(at.getTime()) || ms < context.now) {
    throw new InvalidEffectError(context.instanceId, effectType, `${what}: ${ms} is not an instant at or after the commit`);
  }
  return at;
}

/** A delayed event's due date: the procedure's working-time reading where there is one, else `now + delay`. */
function timerDueAt(context: PlanContext, event: WorkflowEvent, delayMs: number): Date {
  let due: number | undefined;
  try {
    due = context.workingTime?.timerDue(event);
  } catch (error) {
    throw new InvalidEffectError(context.instanceId, 'xstate.raise', `working-time due date of ${event.type}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return due === undefined ? afterDelay(context, delayMs, 'xstate.raise', `delay of ${event.type}`) : atInstant(context, due, 'xstate.raise', `due date of ${event.type}`);
}

/**
 * Turns the actions of one transition into what the commit writes:
 * - `createTask`, `closeTask`, `setNominationStatus` become store writes of the commit itself
 *   (task id `${instanceId}/${taskKey}`, deadline = commit time + `dueInMs`, or the end of
 *   `dueWorkingDays` where the engine has a working calendar; a closing outcome
 *   of `escalated`/`expired` → `expired`, `withdrawn` → `cancelled`, else `done`; the
 *   nomination's status only when the instance has a nomination). Their params are validated
 *   here: a machine that emits a malformed one makes the event fail for good
 *   ({@link InvalidEffectError}) and nothing is committed;
 * - other named effects become outbox rows (effect id = instance.version.index, an
 *   idempotency key stable under retries) for their queues; a mail about a task this same
 *   transition opens carries that task's deadline as `dueAt` (what its renderer would
 *   otherwise read back from the task);
 * - delayed raises become timers, cancels name the timers to drop (and drop a timer this same
 *   transition set before the cancel). Other built-in actions (assign, immediate raise) were
 *   already applied by XState inside the snapshot.
 */
export function planEffects(actions: readonly MachineAction[], context: PlanContext): EffectPlan {
  const plan: EffectPlan = { outbox: [], timers: [], cancelSendIds: [], tasksToOpen: [], tasksToClose: [] };
  const opened = new Set<string>();
  const closed = new Set<string>();
  actions.forEach((action, index) => {
    const params = isRecord(action.params) ? action.params : {};
    if (action.type === 'xstate.raise') {
      if (typeof params.delay !== 'number' || !isRecord(params.event)) return;
      // Without an id XState gives each delayed raise a random one: it stands alone and no cancel
      // names it. Here its place among the transition's actions makes it unique, and stable
      // across retries of the commit.
      const event = params.event as WorkflowEvent;
      const sendId = typeof params.id === 'string' ? params.id : `${event.type}#${index}`;
      const timerId = `${context.instanceId}.${context.version}.${sendId}`;
      plan.timers.push({
        // Two raises with one id in one transition both fire, as in XState. A cancel of the id
        // drops both here (XState's own drops only the later one): the second keeps the send id,
        // its timer id adds its place.
        timerId: plan.timers.some((timer) => timer.timerId === timerId) ? `${timerId}#${index}` : timerId,
        instanceId: context.instanceId,
        sendId,
        event,
        dueAt: timerDueAt(context, event, Math.max(0, params.delay)),
      });
      return;
    }
    if (action.type === 'xstate.cancel') {
      if (typeof params.sendId !== 'string') return;
      const sendId = params.sendId;
      plan.cancelSendIds.push(sendId);
      // A timer this same transition set is dropped here: the commit cancels only the rows that
      // were there before it (a state entered and left at once, through an eventless transition).
      plan.timers = plan.timers.filter((timer) => timer.sendId !== sendId);
      return;
    }
    if (action.type.startsWith('xstate.')) return;
    const payload: Record<string, unknown> = { ...params, nominationId: context.nominationId };
    if (isStoreEffect(action.type)) {
      planStoreEffect(plan, action.type, payload, context, opened, closed);
      return;
    }
    if (typeof params.dueInMs === 'number') payload.dueAt = afterDelay(context, params.dueInMs, action.type, 'dueInMs').toISOString();
    plan.outbox.push({
      effectId: `${context.instanceId}.${context.version}.${index}`,
      instanceId: context.instanceId,
      queue: queueByEffect[action.type] ?? queueNames.effects,
      type: action.type,
      payload,
    });
  });
  if (plan.tasksToOpen.length > 0) {
    for (const row of plan.outbox) {
      if (row.type !== 'sendMail' || typeof row.payload.taskKey !== 'string' || row.payload.dueAt !== undefined) continue;
      const task = plan.tasksToOpen.find((candidate) => candidate.taskId === taskIdFor(context.instanceId, row.payload.taskKey as string));
      if (task?.dueAt) row.payload.dueAt = task.dueAt.toISOString();
    }
  }
  return plan;
}

function planStoreEffect(
  plan: EffectPlan,
  type: (typeof storeEffectTypes)[number],
  payload: Record<string, unknown>,
  context: PlanContext,
  opened: Set<string>,
  closed: Set<string>,
): void {
  switch (type) {
    case 'createTask': {
      const params = parseEffect('createTask', payload, context);
      const taskId = taskIdFor(context.instanceId, params.taskKey);
      // One opening per task: a second one would find the task there, as the first left it.
      if (opened.has(taskId)) return;
      opened.add(taskId);
      const dueAt =
        params.dueWorkingDays !== undefined && context.workingTime
          ? atInstant(context, context.workingTime.after(params.dueWorkingDays), 'createTask', 'dueWorkingDays')
          : afterDelay(context, params.dueInMs, 'createTask', 'dueInMs');
      plan.tasksToOpen.push({
        taskId,
        instanceId: context.instanceId,
        nominationId: context.nominationId,
        step: params.step,
        assignee: params.assignee,
        dueAt,
        // Its mailed links (bound as each mail goes out) work until the deadline.
        tokenHash: null,
        tokenExpiresAt: dueAt,
      });
      return;
    }
    case 'closeTask': {
      const params = parseEffect('closeTask', payload, context);
      const taskId = taskIdFor(context.instanceId, params.taskKey);
      // One closing per task: a second one would find it no longer open.
      if (closed.has(taskId)) return;
      closed.add(taskId);
      plan.tasksToClose.push({ taskId, status: taskStatusFor(params.outcome), outcome: params.outcome });
      return;
    }
    case 'setNominationStatus': {
      const params = parseEffect('setNominationStatus', payload, context);
      // The last one wins, as if they were applied in order.
      if (context.nominationId) plan.nominationStatus = { nominationId: context.nominationId, status: params.status };
      return;
    }
  }
}
