import type {
  AwardHistoryEntry,
  DecisionRecord,
  NewAttachment,
  NewInstance,
  NewNomination,
  NewTask,
  OutboxRow,
  TaskClosing,
  TimerRow,
  UnitRecord,
} from '../store.port.ts';
import type { AwardHistoryDocument, DecisionDocument } from './decisions.schema.ts';
import type { AttachmentDocument, DraftAttachmentDocument, StoredFile } from './files.schema.ts';
import { asJson, keyText } from './mongo-input.ts';
import type { NominationDocument, TaskDocument, UnitDocument } from './records.schema.ts';
import type { InstanceDocument, OutboxDocument, TimerDocument } from './runtime.schema.ts';

/**
 * The port's inputs as documents to store. Keys go through {@link keyText}, JSON through
 * {@link asJson}, bytes become Buffers (Mongoose casts a bare Uint8Array wrongly) and days
 * become midnight UTC, so what is stored reads back exactly as the SQL adapter returns it.
 */

const nullableKey = (value: unknown, what: string): string | null => (value === null || value === undefined ? null : keyText(value, what));

/** Bytes as a Buffer over the same memory. */
export const asBuffer = (bytes: Uint8Array): Buffer => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

/** Midnight UTC of the instant's UTC day: a SQL `date` column's value. */
export const asDay = (at: Date): Date => new Date(`${at.toISOString().slice(0, 10)}T00:00:00Z`);

export const instanceDocument = (instance: NewInstance, now: Date): InstanceDocument => ({
  _id: keyText(instance.instanceId, 'instanceId'),
  definitionId: instance.definitionId,
  definitionVersion: instance.definitionVersion,
  snapshot: asJson(instance.snapshot),
  version: 1,
  status: instance.status,
  stateValue: instance.stateValue,
  nominationId: nullableKey(instance.nominationId, 'nominationId'),
  createdAt: now,
  updatedAt: now,
});

/** An effect of the instance `instanceId` (the commit's, whatever the row names: as the SQL adapter does). */
export const outboxDocument = (row: OutboxRow, instanceId: string, now: Date): OutboxDocument => ({
  _id: keyText(row.effectId, 'effectId'),
  instanceId,
  queue: row.queue,
  type: row.type,
  payload: asJson(row.payload),
  status: 'pending',
  createdAt: now,
  doneAt: null,
  error: null,
});

export const timerDocument = (row: TimerRow, instanceId: string, now: Date): TimerDocument => ({
  _id: keyText(row.timerId, 'timerId'),
  instanceId,
  sendId: row.sendId,
  event: asJson(row.event),
  dueAt: row.dueAt,
  status: 'pending',
  createdAt: now,
  firedAt: null,
});

/** A new task; already closed when the same commit closes it (`closing`). */
export const taskDocument = (task: NewTask, instanceId: string, now: Date, closing?: TaskClosing): TaskDocument => ({
  _id: keyText(task.taskId, 'taskId'),
  instanceId,
  nominationId: nullableKey(task.nominationId, 'nominationId'),
  step: task.step,
  assignee: task.assignee,
  status: closing ? closing.status : 'open',
  dueAt: task.dueAt ?? null,
  tokenHash: nullableKey(task.tokenHash, 'tokenHash'),
  tokenExpiresAt: task.tokenExpiresAt ?? null,
  outcome: closing ? closing.outcome : null,
  createdAt: now,
  completedAt: closing ? now : null,
});

export const nominationDocument = (nomination: NewNomination, now: Date): NominationDocument => ({
  _id: keyText(nomination.nominationId, 'nominationId'),
  trackingCode: keyText(nomination.trackingCode, 'trackingCode'),
  unitId: nomination.unitId,
  awardTypeId: nomination.awardTypeId,
  period: nomination.period,
  nominee: asJson(nomination.nominee),
  details: asJson(nomination.details),
  status: 'submitted',
  instanceId: nullableKey(nomination.instanceId, 'instanceId'),
  createdAt: now,
  idempotencyKey: nullableKey(nomination.idempotencyKey, 'idempotencyKey'),
  requestHash: nomination.requestHash ?? null,
  duplicateKey: nullableKey(nomination.duplicateKey, 'duplicateKey'),
});

/** An uploaded file's fields as attachments and drafts' files both keep them. */
const storedFile = (file: NewAttachment, position: number): StoredFile => ({
  position,
  filename: file.filename,
  contentType: file.contentType,
  size: file.size,
  sha256: file.sha256,
  content: asBuffer(file.content),
});

export const attachmentDocument = (file: NewAttachment, nominationId: string, position: number, now: Date): AttachmentDocument => ({
  _id: keyText(file.attachmentId, 'attachmentId'),
  nominationId,
  ...storedFile(file, position),
  createdAt: now,
});

export const draftAttachmentDocument = (draftId: string, file: NewAttachment, position: number): DraftAttachmentDocument => ({
  draftId,
  attachmentId: keyText(file.attachmentId, 'attachmentId'),
  ...storedFile(file, position),
});

/** The unit's fields to set; `createdAt` is set only when it is inserted. */
export const unitDocument = (unit: UnitRecord, now: Date): Omit<UnitDocument, 'createdAt'> => ({
  _id: keyText(unit.unitId, 'unitId'),
  nameVi: unit.nameVi,
  nameEn: unit.nameEn,
  parentId: unit.parentId ?? null,
  approvers: asJson(unit.approvers),
  updatedAt: now,
  profile: asJson(unit.profile ?? {}),
});

export const decisionDocument = (decision: DecisionRecord, register: string, now: Date): DecisionDocument => ({
  _id: keyText(decision.decisionId, 'decisionId'),
  nominationId: decision.nominationId,
  instanceId: decision.instanceId,
  authority: decision.authority,
  issuerCode: decision.issuerCode,
  year: decision.year,
  number: decision.number,
  decisionNumber: decision.decisionNumber,
  awardTypeId: decision.awardTypeId,
  decisionDate: asDay(decision.decisionDate),
  amountVnd: decision.amountVnd ?? null,
  amountBasis: asJson(decision.amountBasis),
  createdAt: now,
  register,
});

export const awardHistoryDocument = (entryId: number, entry: AwardHistoryEntry, now: Date): AwardHistoryDocument => ({
  _id: entryId,
  nomineeKey: entry.nomineeKey,
  awardTypeId: entry.awardTypeId ?? null,
  year: entry.year,
  decisionDate: entry.decisionDate ? asDay(entry.decisionDate) : null,
  decisionNumber: entry.decisionNumber ?? null,
  disciplined: entry.disciplined,
  source: entry.source,
  createdAt: now,
});
