import { existsSync } from 'node:fs';
import path from 'node:path';
import { withoutPassword, type Config } from '@vinh-danh/config';
import { createStore, StoreOpenError, type Store } from '@vinh-danh/store';
import { StoreUnavailableError } from './ops-errors.ts';

export interface OpenOpsStoreOptions {
  /** Apply pending migrations (import, like the services at start); a check or an export leaves the schema as it is. */
  migrate: boolean;
  /** Refuse an embedded data folder that does not exist yet, rather than create an empty store there. */
  mustExist: boolean;
}

/** Where the configured store is, for messages: never the password. */
export function describeStore(config: Config): string {
  if (!config.databaseUrl) return `PGlite in ${path.resolve(config.dataDir, 'pglite')}`;
  const shown = withoutPassword(config.databaseUrl, '');
  return shown ? `${shown}${config.databaseSchema ? ` (schema ${config.databaseSchema})` : ''}` : 'DATABASE_URL';
}

/** Opens the store that DATABASE_URL / DATA_DIR / DATABASE_SCHEMA name, with a small pool. */
/** Refuses an embedded store in memory: no other process can reach it, and what is written there is gone on exit. */
export function assertKeptStore(config: Config): void {
  if (!config.databaseUrl && config.dataDir.startsWith('memory://')) {
    throw new StoreUnavailableError("DATA_DIR=memory:// is a store in one process's memory, gone when it exits: set DATA_DIR to the folder `npm start` uses, or DATABASE_URL");
  }
}

export async function openOpsStore(config: Config, options: OpenOpsStoreOptions): Promise<Store> {
  assertKeptStore(config);
  if (!config.databaseUrl && options.mustExist) {
    const folder = path.resolve(config.dataDir, 'pglite');
    if (!existsSync(folder)) {
      throw new StoreUnavailableError(`no embedded store at ${folder}: set DATA_DIR to the folder \`npm start\` uses, or DATABASE_URL`);
    }
  }
  let store: Store | undefined;
  try {
    store = await createStore({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      schema: config.databaseSchema,
      poolSize: Math.min(config.dbPoolSize, 4),
      migrate: options.migrate,
    });
    // Without migrating nothing has connected yet: a server that is down or unknown is named here.
    if (!options.migrate) await store.ping();
    return store;
  } catch (error) {
    await store?.close().catch(() => {});
    // A store that could not migrate names itself already: its cause is the reason here.
    const cause = error instanceof StoreOpenError ? error.cause : error;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new StoreUnavailableError(`cannot open the store (${describeStore(config)}): ${reason}`, 1, { cause: error });
  }
}
