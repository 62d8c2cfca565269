export * from './store.port.ts';
export { createStore, StoreOpenError, type CreateStoreOptions } from './create-store.ts';
export { createSqlStore } from './sql/sql-store.ts';
export { createPgDriver } from './sql/pg-driver.ts';
export { createPgliteDriver } from './sql/pglite-driver.ts';
export { latestMigration, migrations } from './sql/migrations.ts';
export { StoreImportError } from './store-errors.ts';
