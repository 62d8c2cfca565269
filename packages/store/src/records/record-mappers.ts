import type {
  AttachmentInfo,
  AwardHistoryEntry,
  ClusterAgreement,
  ClusterYearRecord,
  DecisionRecord,
  FailedInboxEvent,
  FailedOutboxRow,
  HistoryEntry,
  InboxEvent,
  InstanceRecord,
  NewAttachment,
  NominationRecord,
  PendingOutboxRow,
  StoreExportRow,
  TaskRecord,
  TimerRecord,
  UnitRecord,
} from '../store.port.ts';

/**
 * Stored rows to the port's records, for every adapter. A row here is in the store's neutral
 * form, the one a {@link StoreExportRow} travels in: keyed by the snake_case column names of
 * the schema, values as the adapter's driver returns them. The SQL adapter's rows come so; the
 * MongoDB adapter renames a document's fields through its catalog. Each mapper applies the
 * coercions the contract promises (text, numbers, nulls, times, JSON as it is) and ignores the
 * columns its record lacks. Days and bytes, whose form differs by driver, are read by the
 * reader the adapter passes.
 */

/** A stored row keyed by the schema's column names (`task_id`, `created_at`). */
export type StoredRow = Record<string, unknown>;

/** A calendar day as the adapter's driver returns it, read as midnight UTC of that day; null stays null. */
export type DayReader = (value: unknown) => Date | null;

/** Binary content as the adapter's driver returns it, read as a fresh `Uint8Array` the caller owns. */
export type BytesReader = (value: unknown) => Uint8Array;

/** A time as a Date: drivers return a Date, an export ISO 8601 text. */
export const date = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));
const dateOrNull = (value: unknown): Date | null => (value === null || value === undefined ? null : date(value));
const textOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

export const toInstanceRecord = (row: StoredRow): InstanceRecord => ({
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

export const toHistoryEntry = (row: StoredRow): HistoryEntry => ({
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

export const toInboxEvent = (row: StoredRow): InboxEvent => ({
  instanceId: String(row.instance_id),
  eventId: String(row.event_id),
  event: row.event as InboxEvent['event'],
  meta: row.meta as InboxEvent['meta'],
  createdAt: date(row.created_at),
});

export const toPendingOutboxRow = (row: StoredRow): PendingOutboxRow => ({
  effectId: String(row.effect_id),
  instanceId: String(row.instance_id),
  queue: String(row.queue),
  type: String(row.type),
  payload: row.payload as PendingOutboxRow['payload'],
  createdAt: date(row.created_at),
});

export const toFailedInboxEvent = (row: StoredRow): FailedInboxEvent => ({ ...toInboxEvent(row), error: textOrNull(row.error) });

export const toFailedOutboxRow = (row: StoredRow): FailedOutboxRow => ({ ...toPendingOutboxRow(row), error: textOrNull(row.error) });

export const toTimerRecord = (row: StoredRow): TimerRecord => ({
  timerId: String(row.timer_id),
  instanceId: String(row.instance_id),
  sendId: String(row.send_id),
  event: row.event as TimerRecord['event'],
  dueAt: date(row.due_at),
  status: row.status as TimerRecord['status'],
});

export const toTaskRecord = (row: StoredRow): TaskRecord => ({
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

export const toNominationRecord = (row: StoredRow): NominationRecord => ({
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

export const toUnitRecord = (row: StoredRow): UnitRecord => ({
  unitId: String(row.unit_id),
  nameVi: String(row.name_vi),
  nameEn: String(row.name_en),
  parentId: textOrNull(row.parent_id),
  approvers: row.approvers as UnitRecord['approvers'],
  // Absent rather than empty, so a unit stored without a profile reads back as it was written.
  ...(row.profile && Object.keys(row.profile as object).length > 0 ? { profile: row.profile as UnitRecord['profile'] } : {}),
});

/** A nomination's file without its bytes. */
export const toAttachmentInfo = (row: StoredRow): AttachmentInfo => ({
  attachmentId: String(row.attachment_id),
  nominationId: String(row.nomination_id),
  filename: String(row.filename),
  contentType: String(row.content_type),
  size: Number(row.size),
  sha256: String(row.sha256),
  createdAt: date(row.created_at),
});

/** A draft's file as it was uploaded, bytes included. */
export const toNewAttachment = (row: StoredRow, bytes: BytesReader): NewAttachment => ({
  attachmentId: String(row.attachment_id),
  filename: String(row.filename),
  contentType: String(row.content_type),
  size: Number(row.size),
  sha256: String(row.sha256),
  content: bytes(row.content),
});

export const toDecisionRecord = (row: StoredRow, day: DayReader): DecisionRecord => ({
  decisionId: String(row.decision_id),
  nominationId: String(row.nomination_id),
  instanceId: String(row.instance_id),
  authority: String(row.authority),
  issuerCode: String(row.issuer_code),
  year: Number(row.year),
  number: Number(row.number),
  decisionNumber: String(row.decision_number),
  awardTypeId: String(row.award_type_id),
  decisionDate: day(row.decision_date)!,
  amountVnd: row.amount_vnd === null || row.amount_vnd === undefined ? null : Number(row.amount_vnd),
  amountBasis: row.amount_basis as DecisionRecord['amountBasis'],
});

export const toAwardHistoryEntry = (row: StoredRow, day: DayReader): AwardHistoryEntry => ({
  nomineeKey: String(row.nominee_key),
  awardTypeId: textOrNull(row.award_type_id),
  year: Number(row.year),
  decisionDate: day(row.decision_date),
  decisionNumber: textOrNull(row.decision_number),
  disciplined: Boolean(row.disciplined),
  source: row.source as AwardHistoryEntry['source'],
});

type StoredAgreement = Omit<ClusterAgreement, 'signatures'> & { signatures?: Array<{ memberId: string; signedBy?: string | null; signedAt: string }> };

/** The agreement as stored (plain JSON, signature times as ISO 8601 text) back to the port's shape. */
export function agreementFromJson(value: unknown): ClusterAgreement | null {
  if (value === null || value === undefined) return null;
  const stored = value as StoredAgreement;
  return {
    criteria: stored.criteria,
    ranking: stored.ranking,
    selfAssessmentWeight: Number(stored.selfAssessmentWeight),
    vote: stored.vote,
    source: stored.source,
    signatures: (stored.signatures ?? []).map((signature) => ({
      memberId: signature.memberId,
      signedBy: signature.signedBy ?? null,
      signedAt: new Date(signature.signedAt),
    })),
  };
}

export const toClusterYearRecord = (row: StoredRow): ClusterYearRecord => ({
  clusterId: String(row.cluster_id),
  year: Number(row.year),
  kind: row.kind as ClusterYearRecord['kind'],
  nameVi: String(row.name_vi),
  nameEn: String(row.name_en),
  members: row.members as string[],
  rotationOrder: row.rotation_order as string[],
  chair: String(row.chair),
  deputy: String(row.deputy),
  responsible: (row.responsible ?? null) as ClusterYearRecord['responsible'],
  rolesSource: textOrNull(row.roles_source),
  agreement: agreementFromJson(row.agreement),
  handover:
    row.handover_effect_id === null || row.handover_effect_id === undefined
      ? null
      : { byEffectId: String(row.handover_effect_id), at: date(row.handed_over_at) },
});
