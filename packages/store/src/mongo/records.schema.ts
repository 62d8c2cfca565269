import { Schema } from 'mongoose';
import type { NominationStatus, TaskStatus } from '../store.port.ts';
import { collections } from './collections.ts';
import { field, schemaOptions } from './schema-fields.ts';

/** Documents of the gateway's records: tasks, nominations and units. */

export const taskStatuses: readonly TaskStatus[] = ['open', 'done', 'cancelled', 'expired'];
export const nominationStatuses: readonly NominationStatus[] = ['submitted', 'in_review', 'approved', 'rejected', 'withdrawn', 'expired'];

export interface TaskDocument {
  /** The task id. */
  _id: string;
  instanceId: string;
  nominationId: string | null;
  step: string;
  assignee: string;
  status: TaskStatus;
  dueAt: Date | null;
  /** Unique among tasks that have one (see migrations). */
  tokenHash: string | null;
  tokenExpiresAt: Date | null;
  outcome: string | null;
  createdAt: Date;
  completedAt: Date | null;
}

export const taskSchema = new Schema<TaskDocument>(
  {
    _id: field.text('_id'),
    instanceId: field.text('instanceId'),
    nominationId: field.nullableText(),
    step: field.text('step'),
    assignee: field.text('assignee'),
    status: field.oneOf('status', taskStatuses),
    dueAt: field.nullableTimestamp(),
    tokenHash: field.nullableText(),
    tokenExpiresAt: field.nullableTimestamp(),
    outcome: field.nullableText(),
    createdAt: field.timestamp('createdAt'),
    completedAt: field.nullableTimestamp(),
  },
  schemaOptions(collections.tasks),
);

/** A mailed task link: the SHA-256 of its token (never the token) and its task. */
export interface TaskLinkDocument {
  /** The token's hash. */
  _id: string;
  taskId: string;
  createdAt: Date;
}

export const taskLinkSchema = new Schema<TaskLinkDocument>(
  {
    _id: field.text('_id'),
    taskId: field.text('taskId'),
    createdAt: field.timestamp('createdAt'),
  },
  schemaOptions(collections.taskLinks),
);

export interface NominationDocument {
  /** The nomination id. */
  _id: string;
  /** Unique. */
  trackingCode: string;
  unitId: string;
  awardTypeId: string;
  period: string;
  nominee: Record<string, unknown>;
  /** Also holds `disclosures` and `tallies`, appended by the procedure. */
  details: Record<string, unknown>;
  status: NominationStatus;
  instanceId: string | null;
  createdAt: Date;
  /** Unique among nominations that have one. */
  idempotencyKey: string | null;
  requestHash: string | null;
  /**
   * The caller's key for finding duplicates; null on documents stored before keys were kept
   * (always present, so the partial index over the unkeyed ones can select them by `$type`).
   */
  duplicateKey: string | null;
}

export const nominationSchema = new Schema<NominationDocument>(
  {
    _id: field.text('_id'),
    trackingCode: field.text('trackingCode'),
    unitId: field.text('unitId'),
    awardTypeId: field.text('awardTypeId'),
    period: field.text('period'),
    nominee: field.json('nominee'),
    details: field.json('details'),
    status: field.oneOf('status', nominationStatuses),
    instanceId: field.nullableText(),
    createdAt: field.timestamp('createdAt'),
    idempotencyKey: field.nullableText(),
    requestHash: field.nullableText(),
    duplicateKey: field.nullableText(),
  },
  schemaOptions(collections.nominations),
);

export interface UnitDocument {
  /** The unit id. */
  _id: string;
  nameVi: string;
  nameEn: string;
  parentId: string | null;
  approvers: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
  /** `{}` for a unit that signs no decisions (migration 5 fills it in on older documents). */
  profile: Record<string, unknown>;
}

export const unitSchema = new Schema<UnitDocument>(
  {
    _id: field.text('_id'),
    nameVi: field.text('nameVi'),
    nameEn: field.text('nameEn'),
    parentId: field.nullableText(),
    approvers: field.json('approvers'),
    createdAt: field.timestamp('createdAt'),
    updatedAt: field.timestamp('updatedAt'),
    profile: field.json('profile'),
  },
  schemaOptions(collections.units),
);
