import type { Store } from '../store.port.ts';
import { createAttachmentsRepository, createDraftsRepository } from './attachments.repository.ts';
import { createHistoryRepository, createInboxRepository, createOutboxRepository, createTimersRepository } from './events.repository.ts';
import { createInstancesRepository } from './instances.repository.ts';
import { latestMigration, migrationLevel, runMigrations } from './migrations.ts';
import { createNominationNoticesRepository } from './nomination-notices.repository.ts';
import { createNominationsRepository, createTasksRepository, createUnitsRepository } from './records.repository.ts';
import { createAwardHistoryRepository, createDecisionsRepository } from './decisions.repository.ts';
import type { SqlDriver } from './sql-driver.ts';
import { createAdminRepository } from './admin.repository.ts';
import { createClustersRepository } from './clusters.repository.ts';

/** The store over any PostgreSQL-dialect driver: PostgreSQL itself or embedded PGlite. */
export function createSqlStore(driver: SqlDriver): Store {
  return {
    async info() {
      return { adapter: driver.adapter, migrationLevel: await migrationLevel(driver), latestMigration };
    },
    migrate: () => runMigrations(driver),
    async ping() {
      await driver.query('SELECT 1');
    },
    close: () => driver.close(),
    instances: createInstancesRepository(driver),
    history: createHistoryRepository(driver),
    inbox: createInboxRepository(driver),
    outbox: createOutboxRepository(driver),
    timers: createTimersRepository(driver),
    tasks: createTasksRepository(driver),
    nominations: { ...createNominationsRepository(driver), ...createNominationNoticesRepository(driver) },
    units: createUnitsRepository(driver),
    attachments: createAttachmentsRepository(driver),
    drafts: createDraftsRepository(driver),
    decisions: createDecisionsRepository(driver),
    awardHistory: createAwardHistoryRepository(driver),
    clusters: createClustersRepository(driver),
    admin: createAdminRepository(driver),
  };
}
