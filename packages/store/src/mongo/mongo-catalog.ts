import type { StoredRow } from '../records/record-mappers.ts';
import type { StoreExportRow } from '../store.port.ts';
import type { CollectionName } from './collections.ts';
import type { ModelKey } from './mongo-models.ts';
import type { StoredDocument } from './record-mappers.ts';
import { storedBytes, storedDay } from './stored-values.ts';

/**
 * The adapter-neutral shape of the store (the SQL schema's tables and columns) mapped onto the
 * collections and their fields, for `exportAll`, `importAll`, `counts` and `clear`. A copy
 * taken from one adapter loads into the other.
 */

/** How a column's value travels in an export row (JSON) and is kept in a document. */
export type ColumnKind = 'text' | 'integer' | 'boolean' | 'timestamp' | 'day' | 'json' | 'binary';

export interface CatalogColumn {
  /** The snake_case column name of the export. */
  name: string;
  /** The document field that holds it. */
  field: string;
  kind: ColumnKind;
}

export interface CatalogTable {
  name: CollectionName;
  model: ModelKey;
  /** In the SQL table's column order. */
  columns: CatalogColumn[];
  /** The primary key's fields: the order rows are exported in (a unique index serves each). */
  keyOrder: Record<string, 1>;
}

const column = (name: string, field: string, kind: ColumnKind): CatalogColumn => ({ name, field, kind });
const text = (name: string, field: string) => column(name, field, 'text');
const integer = (name: string, field: string) => column(name, field, 'integer');
const timestamp = (name: string, field: string) => column(name, field, 'timestamp');
const json = (name: string, field: string) => column(name, field, 'json');

/** Every table, parents before children, in the SQL adapter's order, so exports list tables alike. */
export const catalog: readonly CatalogTable[] = [
  {
    name: 'award_history', model: 'awardHistory', keyOrder: { _id: 1 },
    columns: [integer('entry_id', '_id'), text('nominee_key', 'nomineeKey'), text('award_type_id', 'awardTypeId'), integer('year', 'year'), column('decision_date', 'decisionDate', 'day'), text('decision_number', 'decisionNumber'), column('disciplined', 'disciplined', 'boolean'), text('source', 'source'), timestamp('created_at', 'createdAt')],
  },
  {
    name: 'cluster_years', model: 'clusterYears', keyOrder: { clusterId: 1, year: 1 },
    columns: [text('cluster_id', 'clusterId'), integer('year', 'year'), text('kind', 'kind'), text('name_vi', 'nameVi'), text('name_en', 'nameEn'), json('members', 'members'), json('rotation_order', 'rotationOrder'), text('chair', 'chair'), text('deputy', 'deputy'), json('responsible', 'responsible'), text('roles_source', 'rolesSource'), json('agreement', 'agreement'), text('handover_effect_id', 'handoverEffectId'), timestamp('handed_over_at', 'handedOverAt'), timestamp('created_at', 'createdAt'), timestamp('updated_at', 'updatedAt')],
  },
  {
    name: 'decision_counters', model: 'decisionCounters', keyOrder: { authority: 1, year: 1 },
    columns: [text('authority', 'authority'), integer('year', 'year'), integer('last_number', 'lastNumber')],
  },
  {
    name: 'decisions', model: 'decisions', keyOrder: { _id: 1 },
    columns: [text('decision_id', '_id'), text('nomination_id', 'nominationId'), text('instance_id', 'instanceId'), text('authority', 'authority'), text('issuer_code', 'issuerCode'), integer('year', 'year'), integer('number', 'number'), text('decision_number', 'decisionNumber'), text('award_type_id', 'awardTypeId'), column('decision_date', 'decisionDate', 'day'), integer('amount_vnd', 'amountVnd'), json('amount_basis', 'amountBasis'), timestamp('created_at', 'createdAt'), text('register', 'register')],
  },
  {
    name: 'decision_documents', model: 'decisionDocuments', keyOrder: { decisionId: 1, kind: 1 },
    columns: [text('decision_id', 'decisionId'), text('kind', 'kind'), text('content_type', 'contentType'), column('content', 'content', 'binary')],
  },
  {
    name: 'drafts', model: 'drafts', keyOrder: { _id: 1 },
    columns: [text('draft_id', '_id'), timestamp('expires_at', 'expiresAt'), timestamp('created_at', 'createdAt')],
  },
  {
    name: 'draft_attachments', model: 'draftAttachments', keyOrder: { draftId: 1, attachmentId: 1 },
    columns: [text('draft_id', 'draftId'), text('attachment_id', 'attachmentId'), integer('position', 'position'), text('filename', 'filename'), text('content_type', 'contentType'), integer('size', 'size'), text('sha256', 'sha256'), column('content', 'content', 'binary')],
  },
  {
    name: 'inbox', model: 'inbox', keyOrder: { instanceId: 1, eventId: 1 },
    columns: [text('instance_id', 'instanceId'), text('event_id', 'eventId'), json('event', 'event'), json('meta', 'meta'), text('status', 'status'), timestamp('created_at', 'createdAt'), timestamp('applied_at', 'appliedAt'), text('error', 'error')],
  },
  {
    name: 'instances', model: 'instances', keyOrder: { _id: 1 },
    columns: [text('instance_id', '_id'), text('definition_id', 'definitionId'), integer('definition_version', 'definitionVersion'), json('snapshot', 'snapshot'), integer('version', 'version'), text('status', 'status'), text('state_value', 'stateValue'), text('nomination_id', 'nominationId'), timestamp('created_at', 'createdAt'), timestamp('updated_at', 'updatedAt')],
  },
  {
    name: 'history', model: 'history', keyOrder: { instanceId: 1, version: 1 },
    columns: [text('instance_id', 'instanceId'), integer('version', 'version'), text('event_id', 'eventId'), text('event_type', 'eventType'), json('event', 'event'), json('meta', 'meta'), text('from_state', 'fromState'), text('to_state', 'toState'), column('changed', 'changed', 'boolean'), timestamp('at', 'at')],
  },
  {
    name: 'nominations', model: 'nominations', keyOrder: { _id: 1 },
    columns: [text('nomination_id', '_id'), text('tracking_code', 'trackingCode'), text('unit_id', 'unitId'), text('award_type_id', 'awardTypeId'), text('period', 'period'), json('nominee', 'nominee'), json('details', 'details'), text('status', 'status'), text('instance_id', 'instanceId'), timestamp('created_at', 'createdAt'), text('idempotency_key', 'idempotencyKey'), text('request_hash', 'requestHash'), text('duplicate_key', 'duplicateKey')],
  },
  {
    name: 'attachments', model: 'attachments', keyOrder: { _id: 1 },
    columns: [text('attachment_id', '_id'), text('nomination_id', 'nominationId'), integer('position', 'position'), text('filename', 'filename'), text('content_type', 'contentType'), integer('size', 'size'), text('sha256', 'sha256'), column('content', 'content', 'binary'), timestamp('created_at', 'createdAt')],
  },
  {
    name: 'outbox', model: 'outbox', keyOrder: { _id: 1 },
    columns: [text('effect_id', '_id'), text('instance_id', 'instanceId'), text('queue', 'queue'), text('type', 'type'), json('payload', 'payload'), text('status', 'status'), timestamp('created_at', 'createdAt'), timestamp('done_at', 'doneAt'), text('error', 'error')],
  },
  {
    name: 'task_links', model: 'taskLinks', keyOrder: { _id: 1 },
    columns: [text('token_hash', '_id'), text('task_id', 'taskId'), timestamp('created_at', 'createdAt')],
  },
  {
    name: 'tasks', model: 'tasks', keyOrder: { _id: 1 },
    columns: [text('task_id', '_id'), text('instance_id', 'instanceId'), text('nomination_id', 'nominationId'), text('step', 'step'), text('assignee', 'assignee'), text('status', 'status'), timestamp('due_at', 'dueAt'), text('token_hash', 'tokenHash'), timestamp('token_expires_at', 'tokenExpiresAt'), text('outcome', 'outcome'), timestamp('created_at', 'createdAt'), timestamp('completed_at', 'completedAt')],
  },
  {
    name: 'timers', model: 'timers', keyOrder: { _id: 1 },
    columns: [text('timer_id', '_id'), text('instance_id', 'instanceId'), text('send_id', 'sendId'), json('event', 'event'), timestamp('due_at', 'dueAt'), text('status', 'status'), timestamp('created_at', 'createdAt'), timestamp('fired_at', 'firedAt')],
  },
  {
    name: 'units', model: 'units', keyOrder: { _id: 1 },
    columns: [text('unit_id', '_id'), text('name_vi', 'nameVi'), text('name_en', 'nameEn'), text('parent_id', 'parentId'), json('approvers', 'approvers'), timestamp('created_at', 'createdAt'), timestamp('updated_at', 'updatedAt'), json('profile', 'profile')],
  },
];

/** A stored value as an export row carries it: timestamps as ISO-8601 UTC, days as `YYYY-MM-DD`, bytes as base64. */
function exportedValue(kind: ColumnKind, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'timestamp':
      return (value instanceof Date ? value : new Date(String(value))).toISOString();
    case 'day':
      return storedDay(value)!.toISOString().slice(0, 10);
    case 'binary':
      return Buffer.from(storedBytes(value)).toString('base64');
    case 'integer':
      return Number(value);
    default:
      return value;
  }
}

/** The catalog's table of a collection. */
export function catalogTable(name: CollectionName): CatalogTable {
  const table = catalog.find((candidate) => candidate.name === name);
  if (!table) throw new Error(`the catalog has no table "${name}"`);
  return table;
}

/** One document as a row of its table in the store's neutral form, values as the driver returned them. */
export function toStoredRow(table: CatalogTable, document: StoredDocument): StoredRow {
  const row: StoredRow = {};
  for (const { name, field } of table.columns) row[name] = document[field];
  return row;
}

/** One document as an export row, columns in table order; a field the document lacks is null. */
export function toExportRow(table: CatalogTable, document: StoredDocument): StoreExportRow {
  const row: Record<string, unknown> = {};
  for (const { name, field, kind } of table.columns) row[name] = exportedValue(kind, document[field]);
  return { table: table.name, row };
}

/**
 * An export row's value as the document keeps it. Text, numbers and booleans pass as they are
 * and the schema casts and checks them on insert, as a SQL column would.
 */
function storedValue(kind: ColumnKind, value: unknown, column: string): unknown {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'timestamp': {
      const at = value instanceof Date ? value : new Date(String(value));
      if (Number.isNaN(at.getTime())) throw new TypeError(`column ${column}: "${String(value)}" is not a timestamp`);
      return at;
    }
    case 'day': {
      const day = /^(\d{4}-\d{2}-\d{2})/.exec(String(value))?.[1];
      if (!day) throw new TypeError(`column ${column}: "${String(value)}" is not a date (YYYY-MM-DD)`);
      return new Date(`${day}T00:00:00Z`);
    }
    case 'binary':
      return Buffer.from(String(value), 'base64');
    case 'json':
      return JSON.parse(JSON.stringify(value));
    default:
      return value;
  }
}

/** An export row as the document to insert. The row is checked against the table beforehand. */
export function toStoredDocument(table: CatalogTable, row: Record<string, unknown>): Record<string, unknown> {
  const document: Record<string, unknown> = {};
  for (const { name, field, kind } of table.columns) document[field] = storedValue(kind, row[name], name);
  return document;
}
