import type {
  HistoryEntry,
  InboxEvent,
  InstanceRecord,
  NominationRecord,
  PendingOutboxRow,
  TaskRecord,
  TimerRecord,
  UnitRecord,
} from '../store.port.ts';

type Row = Record<string, unknown>;

const date = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));
const dateOrNull = (value: unknown): Date | null => (value === null || value === undefined ? null : date(value));
const textOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

export const toInstance = (row: Row): InstanceRecord => ({
  instanceId: String(row.instance_id),
  definitionId: String(row.definition_id),
  definitionVersion: Number(row.definition_version),
  snapshot: row.snapshot,
  version: Number(row.version),
  status: row.status as InstanceRecord['status'],
  stateValue: String(row.state_value),
  nominationId: textOrNull(row.nomination_id),
  createdAt: date(row.created_at),
  updatedAt: date(row.updated_at),
});

export const toHistory = (row: Row): HistoryEntry => ({
  instanceId: String(row.instance_id),
  version: Number(row.version),
  eventId: String(row.event_id),
  eventType: String(row.event_type),
  event: row.event as HistoryEntry['event'],
  meta: row.meta as HistoryEntry['meta'],
  fromState: textOrNull(row.from_state),
  toState: String(row.to_state),
  changed: Boolean(row.changed),
  at: date(row.at),
});

export const toInbox = (row: Row): InboxEvent => ({
  instanceId: String(row.instance_id),
  eventId: String(row.event_id),
  event: row.event as InboxEvent['event'],
  meta: row.meta as InboxEvent['meta'],
  createdAt: date(row.created_at),
});

export const toOutbox = (row: Row): PendingOutboxRow => ({
  effectId: String(row.effect_id),
  instanceId: String(row.instance_id),
  queue: String(row.queue),
  type: String(row.type),
  payload: row.payload as PendingOutboxRow['payload'],
  createdAt: date(row.created_at),
});

export const toTimer = (row: Row): TimerRecord => ({
  timerId: String(row.timer_id),
  instanceId: String(row.instance_id),
  sendId: String(row.send_id),
  event: row.event as TimerRecord['event'],
  dueAt: date(row.due_at),
  status: row.status as TimerRecord['status'],
});

export const toTask = (row: Row): TaskRecord => ({
  taskId: String(row.task_id),
  instanceId: String(row.instance_id),
  nominationId: textOrNull(row.nomination_id),
  step: String(row.step),
  assignee: String(row.assignee),
  status: row.status as TaskRecord['status'],
  dueAt: dateOrNull(row.due_at),
  tokenHash: textOrNull(row.token_hash),
  tokenExpiresAt: dateOrNull(row.token_expires_at),
  outcome: textOrNull(row.outcome),
  createdAt: date(row.created_at),
  completedAt: dateOrNull(row.completed_at),
});

export const toNomination = (row: Row): NominationRecord => ({
  nominationId: String(row.nomination_id),
  trackingCode: String(row.tracking_code),
  unitId: String(row.unit_id),
  awardTypeId: String(row.award_type_id),
  period: String(row.period),
  nominee: row.nominee as NominationRecord['nominee'],
  details: row.details as NominationRecord['details'],
  status: row.status as NominationRecord['status'],
  instanceId: textOrNull(row.instance_id),
  idempotencyKey: textOrNull(row.idempotency_key),
  requestHash: textOrNull(row.request_hash),
  createdAt: date(row.created_at),
});

export const toUnit = (row: Row): UnitRecord => ({
  unitId: String(row.unit_id),
  nameVi: String(row.name_vi),
  nameEn: String(row.name_en),
  parentId: textOrNull(row.parent_id),
  approvers: row.approvers as UnitRecord['approvers'],
  // Absent rather than empty, so a unit stored without a profile reads back as it was written.
  ...(row.profile && Object.keys(row.profile as object).length > 0 ? { profile: row.profile as UnitRecord['profile'] } : {}),
});
