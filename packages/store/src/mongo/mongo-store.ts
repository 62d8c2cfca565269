import type { Store } from '../store.port.ts';
import { createAdminRepository } from './admin.repository.ts';
import { createClustersRepository } from './clusters.repository.ts';
import { createAttachmentsRepository, createDraftsRepository } from './attachments.repository.ts';
import { createAwardHistoryRepository, createDecisionsRepository } from './decisions.repository.ts';
import { createInboxRepository, createOutboxRepository, createTimersRepository } from './events.repository.ts';
import { createHistoryRepository, createInstancesRepository } from './instances.repository.ts';
import { latestMongoMigration, mongoMigrationLevel, runMongoMigrations } from './migrations.ts';
import { database, openMongoConnection, type MongoConnectionOptions } from './mongo-connection.ts';
import { createModels } from './mongo-models.ts';
import { createNominationsRepository } from './nominations.repository.ts';
import { createTasksRepository } from './tasks.repository.ts';
import { createUnitsRepository } from './units.repository.ts';

export type CreateMongoStoreOptions = MongoConnectionOptions;

/**
 * The store over MongoDB with Mongoose (`DATABASE_URL=mongodb://…`). It needs a replica set
 * or a sharded cluster (every commit is a multi-document transaction) and MongoDB 5.0 or
 * later (snapshot reads for exports). The schema is not migrated here: call `migrate()`.
 */
export async function createMongoStore(options: CreateMongoStoreOptions): Promise<Store> {
  const connection = await openMongoConnection(options);
  const models = createModels(connection);
  return {
    async info() {
      return { adapter: 'mongodb', migrationLevel: await mongoMigrationLevel(connection), latestMigration: latestMongoMigration };
    },
    migrate: () => runMongoMigrations(connection),
    async ping() {
      await database(connection).command({ ping: 1 });
    },
    close: () => connection.close(),
    instances: createInstancesRepository(connection, models),
    history: createHistoryRepository(models),
    inbox: createInboxRepository(models),
    outbox: createOutboxRepository(models),
    timers: createTimersRepository(connection, models),
    tasks: createTasksRepository(models),
    nominations: createNominationsRepository(connection, models),
    units: createUnitsRepository(models),
    attachments: createAttachmentsRepository(models),
    drafts: createDraftsRepository(connection, models),
    decisions: createDecisionsRepository(connection, models),
    awardHistory: createAwardHistoryRepository(connection, models),
    clusters: createClustersRepository(connection, models),
    admin: createAdminRepository(connection, models),
  };
}
