import type { Connection, Model } from 'mongoose';
import { migrationSchema, sequenceSchema, type MigrationDocument, type SequenceDocument } from './bookkeeping.schema.ts';
import { clusterYearSchema, type ClusterYearDocument } from './clusters.schema.ts';
import type { CollectionKey } from './collections.ts';
import {
  awardHistorySchema,
  decisionCounterSchema,
  decisionFileSchema,
  decisionSchema,
  type AwardHistoryDocument,
  type DecisionCounterDocument,
  type DecisionDocument,
  type DecisionFileDocument,
} from './decisions.schema.ts';
import {
  attachmentSchema,
  draftAttachmentSchema,
  draftSchema,
  type AttachmentDocument,
  type DraftAttachmentDocument,
  type DraftDocument,
} from './files.schema.ts';
import { nominationSchema, taskLinkSchema, taskSchema, unitSchema, type NominationDocument, type TaskDocument, type TaskLinkDocument, type UnitDocument } from './records.schema.ts';
import {
  historySchema,
  inboxSchema,
  instanceSchema,
  outboxSchema,
  timerSchema,
  type HistoryDocument,
  type InboxDocument,
  type InstanceDocument,
  type OutboxDocument,
  type TimerDocument,
} from './runtime.schema.ts';

/** One model per collection, compiled on the store's own connection (never on the global mongoose). */
export interface MongoModels {
  instances: Model<InstanceDocument>;
  history: Model<HistoryDocument>;
  inbox: Model<InboxDocument>;
  outbox: Model<OutboxDocument>;
  timers: Model<TimerDocument>;
  tasks: Model<TaskDocument>;
  taskLinks: Model<TaskLinkDocument>;
  nominations: Model<NominationDocument>;
  units: Model<UnitDocument>;
  attachments: Model<AttachmentDocument>;
  drafts: Model<DraftDocument>;
  draftAttachments: Model<DraftAttachmentDocument>;
  decisionCounters: Model<DecisionCounterDocument>;
  decisions: Model<DecisionDocument>;
  decisionDocuments: Model<DecisionFileDocument>;
  awardHistory: Model<AwardHistoryDocument>;
  clusterYears: Model<ClusterYearDocument>;
  migrations: Model<MigrationDocument>;
  sequences: Model<SequenceDocument>;
}

/** Every key of {@link MongoModels} is a key of `collections`: the model of that collection. */
export type ModelKey = keyof MongoModels & CollectionKey;

export function createModels(connection: Connection): MongoModels {
  return {
    instances: connection.model<InstanceDocument>('Instance', instanceSchema),
    history: connection.model<HistoryDocument>('HistoryEntry', historySchema),
    inbox: connection.model<InboxDocument>('InboxEvent', inboxSchema),
    outbox: connection.model<OutboxDocument>('OutboxEffect', outboxSchema),
    timers: connection.model<TimerDocument>('Timer', timerSchema),
    tasks: connection.model<TaskDocument>('Task', taskSchema),
    taskLinks: connection.model<TaskLinkDocument>('TaskLink', taskLinkSchema),
    nominations: connection.model<NominationDocument>('Nomination', nominationSchema),
    units: connection.model<UnitDocument>('Unit', unitSchema),
    attachments: connection.model<AttachmentDocument>('Attachment', attachmentSchema),
    drafts: connection.model<DraftDocument>('Draft', draftSchema),
    draftAttachments: connection.model<DraftAttachmentDocument>('DraftAttachment', draftAttachmentSchema),
    decisionCounters: connection.model<DecisionCounterDocument>('DecisionCounter', decisionCounterSchema),
    decisions: connection.model<DecisionDocument>('Decision', decisionSchema),
    decisionDocuments: connection.model<DecisionFileDocument>('DecisionFile', decisionFileSchema),
    awardHistory: connection.model<AwardHistoryDocument>('AwardHistoryEntry', awardHistorySchema),
    clusterYears: connection.model<ClusterYearDocument>('ClusterYear', clusterYearSchema),
    migrations: connection.model<MigrationDocument>('SchemaMigration', migrationSchema),
    sequences: connection.model<SequenceDocument>('StoreSequence', sequenceSchema),
  };
}
