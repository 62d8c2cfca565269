import type { Connection } from 'mongoose';
import type { Store } from '../store.port.ts';
import { draftAttachmentDocument } from './document-builders.ts';
import { inTransaction, retryingDuplicateKey } from './mongo-connection.ts';
import { dateValue, keyText } from './mongo-input.ts';
import type { MongoModels } from './mongo-models.ts';
import { toAttachmentInfo, toDraftFile, type StoredDocument } from './record-mappers.ts';
import { storedBytes } from './stored-values.ts';

/** Expired drafts removed per transaction, so a clean-up after a long pause stays within a transaction's limits. */
const expiredPerTransaction = 500;

export function createAttachmentsRepository(models: MongoModels): Store['attachments'] {
  return {
    async listByNomination(nominationId) {
      const documents = await models.attachments
        .find({ nominationId: keyText(nominationId, 'nominationId') }, { content: 0 })
        .sort({ position: 1 })
        .lean<StoredDocument[]>();
      return documents.map(toAttachmentInfo);
    },
    async get(attachmentId) {
      const document = await models.attachments.findOne({ _id: keyText(attachmentId, 'attachmentId') }).lean<StoredDocument>();
      return document ? { ...toAttachmentInfo(document), content: storedBytes(document.content) } : null;
    },
  };
}

export function createDraftsRepository(connection: Connection, models: MongoModels): Store['drafts'] {
  return {
    async save(draft) {
      const draftId = keyText(draft.draftId, 'draftId');
      const expiresAt = dateValue(draft.expiresAt, 'expiresAt');
      const files = draft.attachments.map((file, position) => draftAttachmentDocument(draftId, file, position));
      const now = new Date();
      // The draft and its files are replaced whole, or not at all; a save racing the first one
      // of a new draft finds it on its next attempt.
      await retryingDuplicateKey(() => inTransaction(connection, async (session) => {
        await models.drafts.updateOne({ _id: draftId }, { $set: { expiresAt }, $setOnInsert: { createdAt: now } }, { session, upsert: true });
        await models.draftAttachments.deleteMany({ draftId }, { session });
        if (files.length > 0) await models.draftAttachments.insertMany(files, { session });
      }));
    },
    async get(draftId, now = new Date()) {
      const id = keyText(draftId, 'draftId');
      const draft = await models.drafts.findOne({ _id: id, expiresAt: { $gt: dateValue(now, 'now') } }).lean<StoredDocument>();
      if (!draft) return null;
      const files = await models.draftAttachments.find({ draftId: id }).sort({ position: 1 }).lean<StoredDocument[]>();
      return {
        draftId: id,
        attachments: files.map(toDraftFile),
        expiresAt: new Date(draft.expiresAt as Date),
        createdAt: new Date(draft.createdAt as Date),
      };
    },
    async delete(draftId) {
      const id = keyText(draftId, 'draftId');
      // A draft's files go with it (SQL: ON DELETE CASCADE).
      await inTransaction(connection, async (session) => {
        await models.draftAttachments.deleteMany({ draftId: id }, { session });
        await models.drafts.deleteOne({ _id: id }, { session });
      });
    },
    async deleteExpired(now) {
      const before = dateValue(now, 'now');
      let deleted = 0;
      for (;;) {
        const removed = await inTransaction(connection, async (session) => {
          const expired = await models.drafts
            .find({ expiresAt: { $lte: before } }, { _id: 1 })
            .limit(expiredPerTransaction)
            .session(session)
            .lean<StoredDocument[]>();
          const draftIds = expired.map((draft) => String(draft._id));
          if (draftIds.length === 0) return 0;
          await models.draftAttachments.deleteMany({ draftId: { $in: draftIds } }, { session });
          const { deletedCount } = await models.drafts.deleteMany({ _id: { $in: draftIds }, expiresAt: { $lte: before } }, { session });
          return deletedCount;
        });
        deleted += removed;
        if (removed < expiredPerTransaction) return deleted;
      }
    },
  };
}
