import { randomUUID } from 'node:crypto';
import type {
  EventMeta,
  NewInstance,
  NewNomination,
  NewTask,
  OutboxRow,
  TimerRow,
  TransitionCommit,
} from '../store.port.ts';

/** Builders of valid port inputs with fresh ids, so tests sharing one store never collide. */

const hour = 3_600_000;

export const apiMeta: EventMeta = { actor: 'can-bo@so-noi-vu.gov.vn', source: 'api', via: 'req-1' };

export function newInstance(overrides: Partial<NewInstance> = {}): NewInstance {
  return {
    instanceId: randomUUID(),
    definitionId: 'bang-khen-ubnd-tinh',
    definitionVersion: 1,
    snapshot: { value: 'unitReview', context: { round: 1 } },
    status: 'active',
    stateValue: 'unitReview',
    nominationId: null,
    startEvent: { eventId: randomUUID(), event: { type: 'SUBMIT' }, meta: apiMeta },
    outbox: [],
    timers: [],
    ...overrides,
  };
}

export function outboxRow(instanceId: string, overrides: Partial<OutboxRow> = {}): OutboxRow {
  return {
    effectId: randomUUID(),
    instanceId,
    queue: 'mail',
    type: 'sendMail',
    payload: { template: 'task', to: 'truong-phong@so-noi-vu.gov.vn' },
    ...overrides,
  };
}

/** A timer of `instanceId` for `sendId`, due `dueInMs` from now (negative: already due). */
export function timerRow(instanceId: string, sendId: string, dueInMs = hour, dueAt = new Date(Date.now() + dueInMs)): TimerRow {
  return {
    // The id is unique per scheduling, like `${instanceId}:${sendId}:${version}` in the engine.
    timerId: `${instanceId}:${sendId}:${randomUUID()}`,
    instanceId,
    sendId,
    event: { type: `xstate.after.${sendId}` },
    dueAt,
  };
}

/** A transition of `instance` computed from its current version. */
export function transition(
  instance: { instanceId: string; version: number; stateValue?: string },
  overrides: Partial<TransitionCommit> = {},
): TransitionCommit {
  return {
    instanceId: instance.instanceId,
    expectedVersion: instance.version,
    eventId: randomUUID(),
    event: { type: 'APPROVE', comment: 'Đồng ý' },
    meta: { actor: 'truong-phong@so-noi-vu.gov.vn', source: 'task-link', via: 'task-1' },
    snapshot: { value: 'councilReview', context: { round: 1 } },
    status: 'active',
    fromState: instance.stateValue ?? 'unitReview',
    toState: 'councilReview',
    changed: true,
    outbox: [],
    timers: [],
    cancelSendIds: [],
    ...overrides,
  };
}

export function newTask(instanceId: string, overrides: Partial<NewTask> = {}): NewTask {
  return {
    taskId: randomUUID(),
    instanceId,
    nominationId: null,
    step: 'unitLeaderReview',
    assignee: `${randomUUID()}@so-noi-vu.gov.vn`,
    dueAt: new Date(Date.now() + 72 * hour),
    tokenHash: randomUUID().replaceAll('-', ''),
    tokenExpiresAt: new Date(Date.now() + 72 * hour),
    ...overrides,
  };
}

export function newNomination(overrides: Partial<NewNomination> = {}): NewNomination {
  const nominationId = randomUUID();
  return {
    nominationId,
    trackingCode: `VD-${nominationId.slice(0, 8).toUpperCase()}`,
    unitId: randomUUID(),
    awardTypeId: 'bang-khen-ubnd-tinh',
    period: '2025',
    nominee: { fullName: 'Nguyễn Thị Hoa', position: 'Chuyên viên' },
    details: { achievements: ['Chiến sĩ thi đua cơ sở 2023', 'Chiến sĩ thi đua cơ sở 2024'] },
    instanceId: null,
    ...overrides,
  };
}

/**
 * Resolves once the wall clock has passed `moment`, so the next row the database stamps
 * with `now()` is at least a millisecond later — what `Date`'s precision can tell apart.
 * It waits on the condition, not for a guessed duration.
 */
export async function clockPast(moment: Date): Promise<void> {
  while (Date.now() <= moment.getTime()) await new Promise((resolve) => setImmediate(resolve));
}
