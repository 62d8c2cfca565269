import type { ClientSession, Connection } from 'mongoose';
import type { DuplicateCandidatesQuery, NewNomination, NominationCountQuery, NominationQuery, NominationRecord, Store } from '../store.port.ts';
import { attachmentDocument, nominationDocument } from './document-builders.ts';
import { inSession, inTransaction } from './mongo-connection.ts';
import { asJson, keyText, searchLimit } from './mongo-input.ts';
import { unkeyed } from './migrations.ts';
import type { MongoModels } from './mongo-models.ts';
import { toNominationRecord, type StoredDocument } from './record-mappers.ts';

/** Candidates of each kind (same key; unkeyed of the same award and period) at most. */
const duplicateCandidatesEach = 1000;

const byCreationThenId = (a: NominationRecord, b: NominationRecord) =>
  a.createdAt.getTime() - b.createdAt.getTime() || (a.nominationId < b.nominationId ? -1 : a.nominationId > b.nominationId ? 1 : 0);

/**
 * Inserts a nomination and its files; shared by `nominations.create` and the
 * instance-with-nomination commit. A clashing tracking code, idempotency key or attachment id
 * is refused by a unique index, and the caller's transaction (when it has files) keeps none of it.
 */
export async function insertNomination(models: MongoModels, session: ClientSession | null, nomination: NewNomination, now: Date): Promise<void> {
  const document = nominationDocument(nomination, now);
  await models.nominations.insertMany([document], inSession(session));
  const files = nomination.attachments ?? [];
  if (files.length > 0) {
    await models.attachments.insertMany(
      files.map((file, position) => attachmentDocument(file, document._id, position, now)),
      inSession(session),
    );
  }
}

/**
 * Appends `record` to the array `details[field]` unless an element with the same `record[key]`
 * is there. One update of one document, which MongoDB applies atomically: concurrent appends
 * to one nomination each land once.
 */
async function appendOnce(
  models: MongoModels,
  nominationId: string,
  field: 'disclosures' | 'tallies',
  key: 'disclosureId' | 'tallyId',
  record: { [name: string]: unknown },
): Promise<'added' | 'exists' | 'notFound'> {
  const id = keyText(nominationId, 'nominationId');
  const recordKey = keyText(record[key], key);
  const { matchedCount } = await models.nominations.updateOne(
    { _id: id, [`details.${field}.${key}`]: { $ne: recordKey } },
    { $push: { [`details.${field}`]: asJson(record) } },
  );
  if (matchedCount > 0) return 'added';
  return (await models.nominations.exists({ _id: id })) ? 'exists' : 'notFound';
}

export function createNominationsRepository(connection: Connection, models: MongoModels): Store['nominations'] {
  const findOne = async (filter: Record<string, string>) => {
    const document = await models.nominations.findOne(filter).lean<StoredDocument>();
    return document ? toNominationRecord(document) : null;
  };
  return {
    async create(nomination) {
      const now = new Date();
      // With files it is several documents, so it takes a transaction to stay whole.
      if (nomination.attachments?.length) await inTransaction(connection, (session) => insertNomination(models, session, nomination, now));
      else await insertNomination(models, null, nomination, now);
    },
    get: async (nominationId) => findOne({ _id: keyText(nominationId, 'nominationId') }),
    getByIdempotencyKey: async (idempotencyKey) => findOne({ idempotencyKey: keyText(idempotencyKey, 'idempotencyKey') }),
    getByTrackingCode: async (trackingCode) => findOne({ trackingCode: keyText(trackingCode, 'trackingCode') }),
    async search(query: NominationQuery) {
      // Every filter value is a plain string: user input is compared, never interpreted.
      const filter: Record<string, string> = {};
      if (query.unitId !== undefined && query.unitId !== null) filter.unitId = keyText(query.unitId, 'unitId');
      if (query.awardTypeId !== undefined && query.awardTypeId !== null) filter.awardTypeId = keyText(query.awardTypeId, 'awardTypeId');
      if (query.period !== undefined && query.period !== null) filter.period = keyText(query.period, 'period');
      if (query.status !== undefined && query.status !== null) filter.status = keyText(query.status, 'status');
      const documents = await models.nominations.find(filter).sort({ createdAt: 1, _id: 1 }).limit(searchLimit(query.limit)).lean<StoredDocument[]>();
      return documents.map(toNominationRecord);
    },
    async count(query: NominationCountQuery) {
      if (query.statuses.length === 0) return 0;
      return models.nominations.countDocuments({
        unitId: keyText(query.unitId, 'unitId'),
        awardTypeId: keyText(query.awardTypeId, 'awardTypeId'),
        period: keyText(query.period, 'period'),
        status: { $in: query.statuses.map((status) => keyText(status, 'status')) },
      });
    },
    async listDuplicateCandidates(query: DuplicateCandidatesQuery) {
      const notWithdrawn = { $ne: 'withdrawn' };
      // Each look-up has its partial index; the unkeyed one is empty once every writer keeps keys.
      const [keyed, unkeyedCandidates] = await Promise.all([
        models.nominations
          .find({ duplicateKey: keyText(query.duplicateKey, 'duplicateKey'), status: notWithdrawn })
          .sort({ createdAt: 1, _id: 1 })
          .limit(duplicateCandidatesEach)
          .lean<StoredDocument[]>(),
        models.nominations
          .find({ ...unkeyed, awardTypeId: keyText(query.awardTypeId, 'awardTypeId'), period: keyText(query.period, 'period'), status: notWithdrawn })
          .sort({ createdAt: 1 })
          .limit(duplicateCandidatesEach)
          .lean<StoredDocument[]>(),
      ]);
      return [...keyed, ...unkeyedCandidates].map(toNominationRecord).sort(byCreationThenId);
    },
    async setStatus(nominationId, status) {
      await models.nominations.updateOne(
        { _id: keyText(nominationId, 'nominationId') },
        { $set: { status: keyText(status, 'status') } },
        { runValidators: true, context: 'query' },
      );
    },
    appendDisclosure: (nominationId, disclosure) => appendOnce(models, nominationId, 'disclosures', 'disclosureId', { ...disclosure }),
    appendTally: (nominationId, tally) => appendOnce(models, nominationId, 'tallies', 'tallyId', { ...tally }),
  };
}
