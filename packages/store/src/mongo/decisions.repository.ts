import type { ClientSession, Connection } from 'mongoose';
import type { AwardHistoryEntry, DecisionRecord, DocumentKind, NumberRegister, Store } from '../store.port.ts';
import { awardHistorySequence } from './collections.ts';
import { asBuffer, awardHistoryDocument, decisionDocument } from './document-builders.ts';
import { inSession, inTransaction, isDuplicateKey, retryingDuplicateKey } from './mongo-connection.ts';
import { integerValue, keyText } from './mongo-input.ts';
import type { MongoModels } from './mongo-models.ts';
import { toAwardHistoryEntry, toDecisionFile, toDecisionRecord, type StoredDocument } from './record-mappers.ts';
import { insertedFields, validated } from './validated-document.ts';

/** Attempts at issuing before a duplicate key that is not a repeat of the decision is given up. */
const issueAttempts = 3;

/**
 * Takes the next number of a register for a year: one atomic update of its counter document
 * (`authority` holds the register's key), created by the upsert one past the highest number the
 * registers it continues reached that year. Inside a transaction the counter stays written by
 * it until it commits: a concurrent issue conflicts and retries, and an aborted one gives its
 * number back.
 */
async function takeNumber(models: MongoModels, register: NumberRegister, year: number, session: ClientSession | null): Promise<number> {
  const authority = keyText(register.key, 'register');
  const continued = (register.continues ?? []).map((key) => keyText(key, 'register')).filter((key) => key !== authority);
  const [highest] = continued.length
    ? await models.decisionCounters.find({ authority: { $in: continued }, year }, null, inSession(session)).sort({ lastNumber: -1 }).limit(1).lean<StoredDocument[]>()
    : [];
  const start = highest ? Number(highest.lastNumber) : 0;
  // An update pipeline: an existing counter goes up by one, a new one starts after `start`.
  const counter = await models.decisionCounters
    .findOneAndUpdate({ authority, year }, [{ $set: { lastNumber: { $add: [{ $ifNull: ['$lastNumber', start] }, 1] } } }], { ...inSession(session), upsert: true, new: true })
    .lean<StoredDocument>();
  return Number(counter!.lastNumber);
}

/** The next `award_history` entry id, from its sequence (SQL: `bigserial`). */
export async function nextEntryId(models: MongoModels, session: ClientSession | null): Promise<number> {
  const sequence = await models.sequences
    .findOneAndUpdate({ _id: awardHistorySequence }, { $inc: { value: 1 } }, { ...inSession(session), upsert: true, new: true })
    .lean<StoredDocument>();
  return Number(sequence!.value);
}

async function insertHistory(models: MongoModels, session: ClientSession | null, entry: AwardHistoryEntry): Promise<void> {
  // Outside a transaction, the first entry ever may race another for the sequence's document.
  const entryId = session ? await nextEntryId(models, session) : await retryingDuplicateKey(() => nextEntryId(models, null));
  await models.awardHistory.insertMany([awardHistoryDocument(entryId, entry, new Date())], inSession(session));
}

export function createDecisionsRepository(connection: Connection, models: MongoModels): Store['decisions'] {
  const findDecision = async (decisionId: string) => {
    const document = await models.decisions.findOne({ _id: decisionId }).lean<StoredDocument>();
    return document ? toDecisionRecord(document) : null;
  };
  return {
    async allocateNumber(register, year) {
      const checkedYear = integerValue(year, 'year');
      // A single-document update is atomic: concurrent callers each get the next number.
      const number = await retryingDuplicateKey(() => takeNumber(models, { key: register }, checkedYear, null));
      return { authority: register, year, number };
    },
    async issue(draft, history, register) {
      const decisionId = keyText(draft.decisionId, 'decisionId');
      const year = integerValue(draft.year, 'year');
      // One transaction: the number is never taken without its decision and history entry.
      const issueOnce = () =>
        inTransaction(connection, async (session) => {
          const existing = await models.decisions.findOne({ _id: decisionId }).session(session).lean<StoredDocument>();
          if (existing) return { outcome: 'exists' as const, decision: toDecisionRecord(existing) };
          const number = await takeNumber(models, register, year, session);
          const decision: DecisionRecord = { ...draft, number, decisionNumber: `${number}/${draft.issuerCode}` };
          await models.decisions.insertMany([decisionDocument(decision, keyText(register.key, 'register'), new Date())], { session });
          if (history) await insertHistory(models, session, { ...history, decisionNumber: decision.decisionNumber });
          return { outcome: 'created' as const, decision };
        });
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await issueOnce();
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
          // The same decision issued at once elsewhere committed first: ours kept nothing, its
          // number included. It is a repeat, and gets the decision already issued.
          const decision = await findDecision(decisionId);
          if (decision) return { outcome: 'exists' as const, decision };
          // Otherwise a concurrent first issue of this register and year created the counter
          // first; it exists now, and the next attempt takes a number from it.
          if (attempt >= issueAttempts) throw error;
        }
      }
    },
    async saveDocuments(documents) {
      const checked = documents.map((document) => {
        const decisionId = keyText(document.decisionId, 'decisionId');
        const kind = keyText(document.kind, 'kind');
        return { decisionId, kind, stored: validated(models.decisionDocuments, { decisionId, kind: kind as DocumentKind, contentType: document.contentType, content: asBuffer(document.content) }) };
      });
      // All of them or none, in one transaction: a decision is never left with one document of
      // a rendering and the other of the next.
      await retryingDuplicateKey(() =>
        inTransaction(connection, async (session) => {
          // A document belongs to a decision (SQL: a foreign key).
          for (const decisionId of new Set(checked.map((document) => document.decisionId))) {
            if (!(await models.decisions.exists({ _id: decisionId }).session(session))) throw new Error(`decision ${decisionId} does not exist: its documents were not saved`);
          }
          for (const { decisionId, kind, stored } of checked) {
            // A kind already stored is kept as it is.
            await models.decisionDocuments.updateOne({ decisionId, kind }, { $setOnInsert: insertedFields(stored, ['decisionId', 'kind']) }, { upsert: true, session });
          }
        }),
      );
    },
    get: async (decisionId) => findDecision(keyText(decisionId, 'decisionId')),
    async listByNomination(nominationId) {
      const documents = await models.decisions
        .find({ nominationId: keyText(nominationId, 'nominationId') })
        .sort({ createdAt: 1, _id: 1 })
        .lean<StoredDocument[]>();
      return documents.map(toDecisionRecord);
    },
    async getDocument(decisionId, kind) {
      const document = await models.decisionDocuments
        .findOne({ decisionId: keyText(decisionId, 'decisionId'), kind: keyText(kind, 'kind') })
        .lean<StoredDocument>();
      return document ? { ...toDecisionFile(document), decisionId, kind } : null;
    },
  };
}

export function createAwardHistoryRepository(connection: Connection, models: MongoModels): Store['awardHistory'] {
  return {
    async add(entries) {
      if (entries.length === 0) return;
      // The first entry ever may race another write for the sequence's document (a duplicate key).
      await retryingDuplicateKey(() =>
        inTransaction(connection, async (session) => {
          for (const entry of entries) await insertHistory(models, session, entry);
        }),
      );
    },
    async addUnrecorded(entries) {
      if (entries.length === 0) return 0;
      // Each insert takes the next entry id from the one sequence document: two transactions that
      // both record conflict there, and the one retried reads what the other committed.
      return retryingDuplicateKey(() =>
        inTransaction(connection, async (session) => {
          let recorded = 0;
          for (const entry of entries) {
            const same = await models.awardHistory
              .exists({ nomineeKey: keyText(entry.nomineeKey, 'nomineeKey'), awardTypeId: entry.awardTypeId ?? null, year: integerValue(entry.year, 'year'), disciplined: entry.disciplined === true })
              .session(session);
            if (same) continue;
            await insertHistory(models, session, entry);
            recorded += 1;
          }
          return recorded;
        }),
      );
    },
    async listByNominee(nomineeKey) {
      const documents = await models.awardHistory.find({ nomineeKey: keyText(nomineeKey, 'nomineeKey') }).sort({ year: 1, _id: 1 }).lean<StoredDocument[]>();
      return documents.map(toAwardHistoryEntry);
    },
  };
}
