import path from 'node:path';
import { withoutPassword } from '@vinh-danh/config';
import { createMongoStore } from './mongo/mongo-store.ts';
import { createPgDriver } from './sql/pg-driver.ts';
import { createPgliteDriver } from './sql/pglite-driver.ts';
import { createSqlStore } from './sql/sql-store.ts';
import { pgErrorCode, pgErrorCodes } from './sql/sql-driver.ts';
import type { Store } from './store.port.ts';

export interface CreateStoreOptions {
  /** `postgres://…` for PostgreSQL, `mongodb://…` for MongoDB (a replica set); unset for embedded PGlite under `dataDir`. */
  databaseUrl?: string | undefined;
  /** Folder for PGlite's files (`<dataDir>/pglite`), or `memory://` for an in-memory database. */
  dataDir?: string;
  /** PostgreSQL pool size; default 10. */
  poolSize?: number;
  /**
   * PostgreSQL schema to work in, created if missing by `migrate()` (a store opened without
   * migrating is read as it is: a mistyped schema is not created); for MongoDB, the database
   * (tests isolate themselves this way).
   */
  schema?: string;
  /** Apply pending migrations before returning; default true. */
  migrate?: boolean;
  /** PostgreSQL: how long opening a connection may take, ms; default 10 000. */
  connectTimeoutMs?: number;
}

/** The store could not be opened or migrated; the message names it (its password masked) and why. */
export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';
}

/** The store as a message may show it: the password masked. */
const shown = (url: string | undefined, dataDir: string | undefined) => (url ? `DATABASE_URL ${withoutPassword(url)}` : `the embedded store in ${dataDir ?? './data'}`);

/** Opens the store the configuration names and brings its schema up to date. */
export async function createStore(options: CreateStoreOptions): Promise<Store> {
  const url = options.databaseUrl;
  let store: Store;
  if (!url) {
    const dataDir = options.dataDir ?? './data';
    const driver = await createPgliteDriver({
      dataDir: dataDir.startsWith('memory://') ? dataDir : path.join(dataDir, 'pglite'),
    });
    store = createSqlStore(driver);
  } else if (/^postgres(ql)?:\/\//.test(url)) {
    const driver = createPgDriver({
      connectionString: url,
      poolSize: options.poolSize ?? 10,
      schema: options.schema,
      ...(options.connectTimeoutMs ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
    });
    store = createSqlStore(driver);
    const { schema } = options;
    if (schema) {
      // The schema is made by migrating, not by opening: a store opened to be read as it is
      // (the operator commands) leaves a mistyped schema uncreated.
      const migrate = store.migrate.bind(store);
      store.migrate = async () => {
        try {
          await driver.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
        } catch (error) {
          // Two processes creating the same new schema at once: the loser sees a unique violation and goes on.
          if (pgErrorCode(error) !== pgErrorCodes.uniqueViolation) throw error;
        }
        await migrate();
      };
    }
  } else if (/^mongodb(\+srv)?:\/\//.test(url)) {
    // `schema`, when given, names the database to work in (tests isolate themselves this way).
    store = await createMongoStore({ url, dbName: options.schema, poolSize: options.poolSize ?? 10 });
  } else {
    throw new Error('DATABASE_URL: unsupported scheme; use postgres://…, mongodb://… or leave it unset for the embedded store');
  }
  if (options.migrate !== false) {
    try {
      await store.migrate();
    } catch (error) {
      await store.close().catch(() => {});
      const reason = error instanceof Error ? error.message : String(error);
      throw new StoreOpenError(`cannot open the store (${shown(url, options.dataDir)}): ${reason}`, { cause: error });
    }
  }
  return store;
}
