import type { Connection, Model } from 'mongoose';
import type { Store } from '../store.port.ts';
import { appliedMongoMigrations } from './migrations.ts';
import { database } from './mongo-connection.ts';
import { exportAllDocuments, presentTables } from './mongo-export.ts';
import { clearAllDocuments, importAllDocuments } from './mongo-import.ts';
import { indexReport } from './mongo-indexes.ts';
import type { MongoModels } from './mongo-models.ts';

/** Operations tooling over MongoDB: the same neutral rows, counts and checks as the SQL adapter's. */
export function createAdminRepository(connection: Connection, models: MongoModels): Store['admin'] {
  return {
    async serverVersion() {
      const info = await database(connection).admin().buildInfo();
      return `MongoDB ${typeof info.version === 'string' ? info.version : 'unknown'}`;
    },
    appliedMigrations: () => appliedMongoMigrations(connection),
    indexes: () => indexReport(connection),
    async counts() {
      const counts: Record<string, number> = {};
      for (const table of await presentTables(database(connection))) {
        counts[table.name] = await (models[table.model] as unknown as Model<Record<string, unknown>>).countDocuments({});
      }
      return counts;
    },
    exportAll: () => exportAllDocuments(connection),
    importAll: (rows, options) => importAllDocuments(connection, models, rows, options),
    clear: () => clearAllDocuments(connection, models),
  };
}
