import { Schema } from 'mongoose';
import type { InstanceStatus, TimerStatus } from '../store.port.ts';
import { collections } from './collections.ts';
import { field, schemaOptions } from './schema-fields.ts';

/** Documents of the workflow runtime: instances, their history, inbox, outbox and timers. */

export const instanceStatuses: readonly InstanceStatus[] = ['active', 'done', 'error', 'stopped'];
export const inboxStatuses = ['pending', 'applied', 'failed'] as const;
export const outboxStatuses = ['pending', 'done', 'failed'] as const;
export const timerStatuses: readonly TimerStatus[] = ['pending', 'fired', 'cancelled'];

export interface InstanceDocument {
  /** The instance id. */
  _id: string;
  definitionId: string;
  definitionVersion: number;
  snapshot: unknown;
  /** The optimistic-concurrency token: a commit updates the document only at the version it was computed from. */
  version: number;
  status: InstanceStatus;
  stateValue: string;
  nominationId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const instanceSchema = new Schema<InstanceDocument>(
  {
    _id: field.text('_id'),
    definitionId: field.text('definitionId'),
    definitionVersion: field.integer('definitionVersion'),
    snapshot: field.json('snapshot'),
    version: field.integer('version'),
    status: field.oneOf('status', instanceStatuses),
    stateValue: field.text('stateValue'),
    nominationId: field.nullableText(),
    createdAt: field.timestamp('createdAt'),
    updatedAt: field.timestamp('updatedAt'),
  },
  schemaOptions(collections.instances),
);

/** Keyed by (instanceId, version) and by (instanceId, eventId), both unique (see migrations). */
export interface HistoryDocument {
  instanceId: string;
  version: number;
  eventId: string;
  eventType: string;
  event: unknown;
  meta: unknown;
  fromState: string | null;
  toState: string;
  changed: boolean;
  at: Date;
}

export const historySchema = new Schema<HistoryDocument>(
  {
    instanceId: field.text('instanceId'),
    version: field.integer('version'),
    eventId: field.text('eventId'),
    eventType: field.text('eventType'),
    event: field.json('event'),
    meta: field.json('meta'),
    fromState: field.nullableText(),
    toState: field.text('toState'),
    changed: field.boolean('changed'),
    at: field.timestamp('at'),
  },
  schemaOptions(collections.history),
);

/** Keyed by (instanceId, eventId), unique. */
export interface InboxDocument {
  instanceId: string;
  eventId: string;
  event: unknown;
  meta: unknown;
  status: (typeof inboxStatuses)[number];
  /** Millisecond precision, as a JavaScript Date: an exact keyset cursor. */
  createdAt: Date;
  appliedAt: Date | null;
  error: string | null;
}

export const inboxSchema = new Schema<InboxDocument>(
  {
    instanceId: field.text('instanceId'),
    eventId: field.text('eventId'),
    event: field.json('event'),
    meta: field.json('meta'),
    status: field.oneOf('status', inboxStatuses),
    createdAt: field.timestamp('createdAt'),
    appliedAt: field.nullableTimestamp(),
    error: field.nullableText(),
  },
  schemaOptions(collections.inbox),
);

export interface OutboxDocument {
  /** The effect id. */
  _id: string;
  instanceId: string;
  queue: string;
  type: string;
  payload: unknown;
  status: (typeof outboxStatuses)[number];
  createdAt: Date;
  doneAt: Date | null;
  error: string | null;
}

export const outboxSchema = new Schema<OutboxDocument>(
  {
    _id: field.text('_id'),
    instanceId: field.text('instanceId'),
    queue: field.text('queue'),
    type: field.text('type'),
    payload: field.json('payload'),
    status: field.oneOf('status', outboxStatuses),
    createdAt: field.timestamp('createdAt'),
    doneAt: field.nullableTimestamp(),
    error: field.nullableText(),
  },
  schemaOptions(collections.outbox),
);

export interface TimerDocument {
  /** The timer id. */
  _id: string;
  instanceId: string;
  sendId: string;
  event: unknown;
  dueAt: Date;
  status: TimerStatus;
  createdAt: Date;
  firedAt: Date | null;
}

export const timerSchema = new Schema<TimerDocument>(
  {
    _id: field.text('_id'),
    instanceId: field.text('instanceId'),
    sendId: field.text('sendId'),
    event: field.json('event'),
    dueAt: field.timestamp('dueAt'),
    status: field.oneOf('status', timerStatuses),
    createdAt: field.timestamp('createdAt'),
    firedAt: field.nullableTimestamp(),
  },
  schemaOptions(collections.timers),
);
