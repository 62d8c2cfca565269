import type {
  AttachmentInfo,
  AwardHistoryEntry,
  DecisionDocument as DecisionFile,
  DecisionRecord,
  HistoryEntry,
  InboxEvent,
  InstanceRecord,
  NewAttachment,
  NominationRecord,
  PendingOutboxRow,
  TaskRecord,
  TimerRecord,
  UnitRecord,
} from '../store.port.ts';

/**
 * Stored documents (as `lean()` and the driver return them) to the port's records. Each record
 * has exactly the fields the SQL adapter's row mappers give it, so the contract reads the same
 * from both adapters.
 */

/** A document as read: field → BSON value. */
export type StoredDocument = Record<string, unknown>;

const date = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));
const dateOrNull = (value: unknown): Date | null => (value === null || value === undefined ? null : date(value));
const textOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/** A calendar day as the store keeps it (midnight UTC); null stays null. */
export function storedDay(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  const at = date(value);
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

/**
 * Binary content as a fresh `Uint8Array` the caller owns. The driver returns BSON `Binary`
 * (its bytes are `buffer` up to `position`); a Buffer is accepted too.
 */
export function storedBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (typeof value === 'object' && value !== null && (value as { _bsontype?: unknown })._bsontype === 'Binary') {
    const { buffer, position } = value as { buffer: Uint8Array; position: number };
    return new Uint8Array(buffer.subarray(0, position));
  }
  throw new TypeError(`expected binary content, found ${typeof value}`);
}

export const toInstanceRecord = (doc: StoredDocument): InstanceRecord => ({
  instanceId: String(doc._id),
  definitionId: String(doc.definitionId),
  definitionVersion: Number(doc.definitionVersion),
  snapshot: doc.snapshot,
  version: Number(doc.version),
  status: doc.status as InstanceRecord['status'],
  stateValue: String(doc.stateValue),
  nominationId: textOrNull(doc.nominationId),
  createdAt: date(doc.createdAt),
  updatedAt: date(doc.updatedAt),
});

export const toHistoryEntry = (doc: StoredDocument): HistoryEntry => ({
  instanceId: String(doc.instanceId),
  version: Number(doc.version),
  eventId: String(doc.eventId),
  eventType: String(doc.eventType),
  event: doc.event as HistoryEntry['event'],
  meta: doc.meta as HistoryEntry['meta'],
  fromState: textOrNull(doc.fromState),
  toState: String(doc.toState),
  changed: Boolean(doc.changed),
  at: date(doc.at),
});

export const toInboxEvent = (doc: StoredDocument): InboxEvent => ({
  instanceId: String(doc.instanceId),
  eventId: String(doc.eventId),
  event: doc.event as InboxEvent['event'],
  meta: doc.meta as InboxEvent['meta'],
  createdAt: date(doc.createdAt),
});

export const toPendingOutboxRow = (doc: StoredDocument): PendingOutboxRow => ({
  effectId: String(doc._id),
  instanceId: String(doc.instanceId),
  queue: String(doc.queue),
  type: String(doc.type),
  payload: doc.payload as PendingOutboxRow['payload'],
  createdAt: date(doc.createdAt),
});

export const toTimerRecord = (doc: StoredDocument): TimerRecord => ({
  timerId: String(doc._id),
  instanceId: String(doc.instanceId),
  sendId: String(doc.sendId),
  event: doc.event as TimerRecord['event'],
  dueAt: date(doc.dueAt),
  status: doc.status as TimerRecord['status'],
});

export const toTaskRecord = (doc: StoredDocument): TaskRecord => ({
  taskId: String(doc._id),
  instanceId: String(doc.instanceId),
  nominationId: textOrNull(doc.nominationId),
  step: String(doc.step),
  assignee: String(doc.assignee),
  status: doc.status as TaskRecord['status'],
  dueAt: dateOrNull(doc.dueAt),
  tokenHash: textOrNull(doc.tokenHash),
  tokenExpiresAt: dateOrNull(doc.tokenExpiresAt),
  outcome: textOrNull(doc.outcome),
  createdAt: date(doc.createdAt),
  completedAt: dateOrNull(doc.completedAt),
});

export const toNominationRecord = (doc: StoredDocument): NominationRecord => ({
  nominationId: String(doc._id),
  trackingCode: String(doc.trackingCode),
  unitId: String(doc.unitId),
  awardTypeId: String(doc.awardTypeId),
  period: String(doc.period),
  nominee: doc.nominee as NominationRecord['nominee'],
  details: doc.details as NominationRecord['details'],
  status: doc.status as NominationRecord['status'],
  instanceId: textOrNull(doc.instanceId),
  idempotencyKey: textOrNull(doc.idempotencyKey),
  requestHash: textOrNull(doc.requestHash),
  createdAt: date(doc.createdAt),
});

export const toUnitRecord = (doc: StoredDocument): UnitRecord => ({
  unitId: String(doc._id),
  nameVi: String(doc.nameVi),
  nameEn: String(doc.nameEn),
  parentId: textOrNull(doc.parentId),
  approvers: doc.approvers as UnitRecord['approvers'],
  // Absent rather than empty, so a unit stored without a profile reads back as it was written.
  ...(doc.profile && typeof doc.profile === 'object' && Object.keys(doc.profile).length > 0 ? { profile: doc.profile as UnitRecord['profile'] } : {}),
});

export const toAttachmentInfo = (doc: StoredDocument): AttachmentInfo => ({
  attachmentId: String(doc._id),
  nominationId: String(doc.nominationId),
  filename: String(doc.filename),
  contentType: String(doc.contentType),
  size: Number(doc.size),
  sha256: String(doc.sha256),
  createdAt: date(doc.createdAt),
});

/** A draft's file as it was uploaded (`draft_attachments`). */
export const toDraftFile = (doc: StoredDocument): NewAttachment => ({
  attachmentId: String(doc.attachmentId),
  filename: String(doc.filename),
  contentType: String(doc.contentType),
  size: Number(doc.size),
  sha256: String(doc.sha256),
  content: storedBytes(doc.content),
});

export const toDecisionRecord = (doc: StoredDocument): DecisionRecord => ({
  decisionId: String(doc._id),
  nominationId: String(doc.nominationId),
  instanceId: String(doc.instanceId),
  authority: String(doc.authority),
  issuerCode: String(doc.issuerCode),
  year: Number(doc.year),
  number: Number(doc.number),
  decisionNumber: String(doc.decisionNumber),
  awardTypeId: String(doc.awardTypeId),
  decisionDate: storedDay(doc.decisionDate)!,
  amountVnd: doc.amountVnd === null || doc.amountVnd === undefined ? null : Number(doc.amountVnd),
  amountBasis: doc.amountBasis as Record<string, unknown>,
});

export const toDecisionFile = (doc: StoredDocument): DecisionFile => ({
  decisionId: String(doc.decisionId),
  kind: doc.kind as DecisionFile['kind'],
  contentType: String(doc.contentType),
  content: Buffer.from(storedBytes(doc.content)),
});

export const toAwardHistoryEntry = (doc: StoredDocument): AwardHistoryEntry => ({
  nomineeKey: String(doc.nomineeKey),
  awardTypeId: textOrNull(doc.awardTypeId),
  year: Number(doc.year),
  decisionDate: storedDay(doc.decisionDate),
  decisionNumber: textOrNull(doc.decisionNumber),
  disciplined: Boolean(doc.disciplined),
  source: doc.source as AwardHistoryEntry['source'],
});
