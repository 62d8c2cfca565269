import type { Store } from '../store.port.ts';
import { unitDocument } from './document-builders.ts';
import { isDuplicateKey } from './mongo-connection.ts';
import { keyText } from './mongo-input.ts';
import type { MongoModels } from './mongo-models.ts';
import { toUnitRecord, type StoredDocument } from './record-mappers.ts';
import { validated } from './validated-document.ts';

export function createUnitsRepository(models: MongoModels): Store['units'] {
  return {
    async upsert(unit) {
      const now = new Date();
      const { _id: unitId, ...fields } = unitDocument(unit, now);
      validated(models.units, { _id: unitId, ...fields, createdAt: now });
      const write = () => models.units.updateOne({ _id: unitId }, { $set: fields, $setOnInsert: { createdAt: now } }, { upsert: true });
      try {
        await write();
      } catch (error) {
        // Two upserts of one new unit at once: the loser's insert hits the key; now it updates.
        if (!isDuplicateKey(error)) throw error;
        await write();
      }
    },
    async get(unitId) {
      const document = await models.units.findOne({ _id: keyText(unitId, 'unitId') }).lean<StoredDocument>();
      return document ? toUnitRecord(document) : null;
    },
    async list() {
      const documents = await models.units.find({}).sort({ _id: 1 }).lean<StoredDocument[]>();
      return documents.map(toUnitRecord);
    },
  };
}
