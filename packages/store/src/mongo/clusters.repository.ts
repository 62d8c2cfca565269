import type { Connection } from 'mongoose';
import type { ClusterHandoverOutcome, NewClusterYear, Store } from '../store.port.ts';
import type { ClusterYearDocument } from './clusters.schema.ts';
import { inTransaction, isDuplicateKey, retryingDuplicateKey } from './mongo-connection.ts';
import { asJson, integerValue, keyText, keyTexts } from './mongo-input.ts';
import type { MongoModels } from './mongo-models.ts';
import { toClusterYearRecord, type StoredDocument } from './record-mappers.ts';
import { insertedFields, validated } from './validated-document.ts';

/** A year's fields as an officer or the seed writes them: everything but the handover and the times. */
export const clusterYearFields = (year: NewClusterYear) => ({
  clusterId: keyText(year.clusterId, 'clusterId'),
  year: integerValue(year.year, 'year'),
  kind: year.kind,
  nameVi: year.nameVi,
  nameEn: year.nameEn,
  members: asJson<string[]>(year.members),
  rotationOrder: asJson<string[]>(year.rotationOrder),
  chair: year.chair,
  deputy: year.deputy,
  responsible: asJson(year.responsible ?? null),
  rolesSource: year.rolesSource ?? null,
  agreement: asJson(year.agreement ?? null),
});

export function createClustersRepository(connection: Connection, models: MongoModels): Store['clusters'] {
  return {
    async upsertYear(year) {
      const now = new Date();
      const fields = clusterYearFields(year);
      validated(models.clusterYears, { ...fields, handoverEffectId: null, handedOverAt: null, createdAt: now, updatedAt: now });
      const { clusterId, year: number, ...replaced } = fields;
      // Replaced whole, except the handover: a year handed over stays marked.
      const write = () =>
        models.clusterYears.updateOne(
          { clusterId, year: number },
          { $set: { ...replaced, updatedAt: now }, $setOnInsert: { handoverEffectId: null, handedOverAt: null, createdAt: now } },
          { upsert: true },
        );
      try {
        await write();
      } catch (error) {
        // Two upserts of one new year at once: the loser's insert hits the key; now it updates.
        if (!isDuplicateKey(error)) throw error;
        await write();
      }
    },
    async getYear(clusterId, year) {
      const document = await models.clusterYears.findOne({ clusterId: keyText(clusterId, 'clusterId'), year: integerValue(year, 'year') }).lean<StoredDocument>();
      return document ? toClusterYearRecord(document) : null;
    },
    async listYears(clusterId) {
      const documents = await models.clusterYears.find({ clusterId: keyText(clusterId, 'clusterId') }).sort({ year: 1 }).lean<StoredDocument[]>();
      return documents.map(toClusterYearRecord);
    },
    async recordHandover(handover) {
      const clusterId = keyText(handover.clusterId, 'clusterId');
      const year = integerValue(handover.year, 'year');
      const chair = keyText(handover.chair, 'chair');
      const deputy = keyText(handover.deputy, 'deputy');
      const byEffectId = keyText(handover.byEffectId, 'byEffectId');
      const members = handover.members === undefined ? undefined : keyTexts(handover.members, 'members');
      // One transaction. Two deliveries for one year both write its document; one of them
      // conflicts and is retried whole, and then reads what the other decided.
      return retryingDuplicateKey(() => inTransaction(connection, async (session): Promise<ClusterHandoverOutcome> => {
        const now = new Date();
        const existing = await models.clusterYears.findOne({ clusterId, year }).session(session).lean<StoredDocument>();
        if (!existing) {
          const previous = await models.clusterYears.findOne({ clusterId, year: year - 1 }).session(session).lean<StoredDocument>();
          if (!previous) return 'notFound';
          // Carried from the year before: its agreement unsigned, no roles source; handed over at once.
          const created: ClusterYearDocument = validated(models.clusterYears, {
            clusterId, year, kind: previous.kind as ClusterYearDocument['kind'], nameVi: String(previous.nameVi), nameEn: String(previous.nameEn),
            members: members ?? previous.members, rotationOrder: previous.rotationOrder, chair, deputy, responsible: previous.responsible ?? null,
            rolesSource: null, agreement: previous.agreement ? { ...(previous.agreement as object), signatures: [] } : null,
            handoverEffectId: byEffectId, handedOverAt: now, createdAt: now, updatedAt: now,
          });
          await models.clusterYears.updateOne({ clusterId, year }, { $setOnInsert: insertedFields(created, ['clusterId', 'year']) }, { session, upsert: true });
          return 'recorded';
        }
        if (existing.handoverEffectId === byEffectId) return 'exists';
        if (existing.handoverEffectId !== null && existing.handoverEffectId !== undefined) return 'conflict';
        await models.clusterYears.updateOne(
          { clusterId, year, handoverEffectId: null },
          { $set: { chair, deputy, handoverEffectId: byEffectId, handedOverAt: now, updatedAt: now } },
          { session },
        );
        return 'recorded';
      }));
    },
  };
}
