import * as records from '../records/record-mappers.ts';
import type { DecisionDocument as DecisionFile } from '../store.port.ts';
import { collections, type CollectionName } from './collections.ts';
import { catalogTable, toStoredRow } from './mongo-catalog.ts';
import { storedBytes, storedDay } from './stored-values.ts';

/**
 * Stored documents (as `lean()` and the driver return them) to the port's records, through the
 * adapter-neutral mappers the SQL adapter uses too (`records/record-mappers.ts`): a document is
 * read as a row of its table first, its fields renamed to their columns by the catalog, and
 * days and bytes are read as the driver returns them.
 */

/** A document as read: field → BSON value. */
export type StoredDocument = Record<string, unknown>;

/** A record mapper over the documents of `collection`. */
function fromCollection<T>(collection: CollectionName, map: (row: records.StoredRow) => T): (doc: StoredDocument) => T {
  const table = catalogTable(collection);
  return (doc) => map(toStoredRow(table, doc));
}

export const toInstanceRecord = fromCollection(collections.instances, records.toInstanceRecord);
export const toHistoryEntry = fromCollection(collections.history, records.toHistoryEntry);
export const toInboxEvent = fromCollection(collections.inbox, records.toInboxEvent);
export const toPendingOutboxRow = fromCollection(collections.outbox, records.toPendingOutboxRow);
export const toFailedInboxEvent = fromCollection(collections.inbox, records.toFailedInboxEvent);
export const toFailedOutboxRow = fromCollection(collections.outbox, records.toFailedOutboxRow);
export const toTimerRecord = fromCollection(collections.timers, records.toTimerRecord);
export const toTaskRecord = fromCollection(collections.tasks, records.toTaskRecord);
export const toNominationRecord = fromCollection(collections.nominations, records.toNominationRecord);
export const toUnitRecord = fromCollection(collections.units, records.toUnitRecord);
export const toAttachmentInfo = fromCollection(collections.attachments, records.toAttachmentInfo);
/** A draft's file as it was uploaded (`draft_attachments`). */
export const toDraftFile = fromCollection(collections.draftAttachments, (row) => records.toNewAttachment(row, storedBytes));
export const toDecisionRecord = fromCollection(collections.decisions, (row) => records.toDecisionRecord(row, storedDay));
export const toAwardHistoryEntry = fromCollection(collections.awardHistory, (row) => records.toAwardHistoryEntry(row, storedDay));
export const toClusterYearRecord = fromCollection(collections.clusterYears, records.toClusterYearRecord);

export const toDecisionFile = (doc: StoredDocument): DecisionFile => ({
  decisionId: String(doc.decisionId),
  kind: doc.kind as DecisionFile['kind'],
  contentType: String(doc.contentType),
  content: Buffer.from(storedBytes(doc.content)),
});
