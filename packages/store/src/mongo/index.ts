/** The MongoDB adapter of the store port, written with Mongoose. */
export { createMongoStore, type CreateMongoStoreOptions } from './mongo-store.ts';
export { dropMongoDatabase } from './mongo-connection.ts';
export { latestMongoMigration, mongoMigrations, type IndexSpec, type MongoMigration } from './migrations.ts';
export { UnsafeQueryValueError } from './mongo-input.ts';
