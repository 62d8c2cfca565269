import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createStore } from '../create-store.ts';
import { dropMongoDatabase } from '../mongo/mongo-connection.ts';
import type { Store } from '../store.port.ts';

/** The adapters the store contract runs against. */
export type StoreTargetName = 'pglite' | 'postgres' | 'mongodb';

/** One adapter to run the contract against, or the plain reason it cannot run here. */
export interface StoreTarget {
  name: StoreTargetName;
  /** A fresh, migrated, empty store; its `close()` also discards the data it made. */
  open(): Promise<Store>;
  /**
   * Two stores over one fresh database that nobody has migrated yet, as two processes
   * starting at once would see it. Only where separate processes can share a database.
   */
  openTwoProcesses?(): Promise<[Store, Store]>;
  /** Set when the adapter cannot be tested here; the suite prints it and skips. */
  skipReason?: string;
}

const defaultPostgresUrl = 'postgres://postgres@127.0.0.1:5432/test';
const probeTimeoutMs = 2_000;

// Tests may read the environment; services get their settings from packages/config.
const postgresUrl = () => process.env.TEST_DATABASE_URL ?? defaultPostgresUrl;

/** The URL with any password masked, fit for a skip line. */
function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

function errorText(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors.map(errorText).join('; ');
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** Runs one statement on a short-lived connection of its own. */
async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: probeTimeoutMs });
  // A connection dropped by the server must surface as a rejected query, not crash the run.
  client.on('error', () => {});
  try {
    await client.connect();
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export function pgliteTarget(): StoreTarget {
  return { name: 'pglite', open: () => createStore({ dataDir: 'memory://' }) };
}

/** A store in a schema of its own; closing it drops the schema with everything in it. */
async function openPostgres(url: string, schema: string, migrate: boolean): Promise<Store> {
  const store = await createStore({ databaseUrl: url, schema, migrate });
  return {
    ...store,
    async close() {
      try {
        await withClient(url, (client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
      } finally {
        await store.close();
      }
    },
  };
}

/**
 * What a suite that needs PostgreSQL does when the server does not answer. Where a PostgreSQL
 * must be there (`TEST_REQUIRE_POSTGRES=1`: `.ci/run` sets it on a machine that has one), it
 * throws, so the suite fails rather than pass by skipping; else it prints one loud line and
 * returns the reason to skip with.
 */
export function postgresUnreachable(reason: string): string {
  if (process.env.TEST_REQUIRE_POSTGRES === '1') {
    throw new Error(`${reason}; TEST_REQUIRE_POSTGRES=1 says a PostgreSQL must answer here, so this suite fails instead of skipping`);
  }
  process.stdout.write(`\n!!!!! POSTGRESQL TESTS SKIPPED: ${reason} !!!!!\n\n`);
  return reason;
}

/** PostgreSQL, when the server answers within two seconds; `suite` names what the skip line says was skipped. */
export async function postgresTarget(suite = 'the PostgreSQL contract suite'): Promise<StoreTarget> {
  const url = postgresUrl();
  const freshSchema = () => `t_${randomBytes(6).toString('hex')}`;
  try {
    await withClient(url, (client) => client.query('SELECT 1'));
  } catch (error) {
    return {
      name: 'postgres',
      skipReason: postgresUnreachable(`PostgreSQL at ${shownUrl(url)} is unreachable (${errorText(error)}): ${suite} was skipped`),
      open: () => Promise.reject(new Error(`PostgreSQL at ${shownUrl(url)} is unreachable`)),
    };
  }
  return {
    name: 'postgres',
    open: () => openPostgres(url, freshSchema(), true),
    async openTwoProcesses() {
      const schema = freshSchema();
      // One after the other: each open creates the schema if missing, which is not safe to race.
      const first = await openPostgres(url, schema, false);
      const second = await openPostgres(url, schema, false).catch(async (error: unknown) => {
        await first.close();
        throw error;
      });
      return [first, second];
    },
  };
}

/**
 * MongoDB, when MONGODB_URI names a replica set (transactions need one): each store works in
 * a fresh database, dropped when it closes. Listed always, so without MONGODB_URI the run says
 * plainly why it did not run; with it, an unreachable server fails the suite rather than skip.
 */
export function mongodbTarget(): StoreTarget {
  const url = process.env.MONGODB_URI;
  if (!url) {
    const skipReason = 'MONGODB_URI is not set: the MongoDB contract suite was skipped';
    return { name: 'mongodb', skipReason, open: () => Promise.reject(new Error(skipReason)) };
  }
  const freshDatabase = () => `vd_test_${randomBytes(6).toString('hex')}`;
  const openMongo = async (dbName: string, migrate: boolean): Promise<Store> => {
    const store = await createStore({ databaseUrl: url, schema: dbName, migrate });
    return {
      ...store,
      async close() {
        try {
          await dropMongoDatabase(url, dbName);
        } finally {
          await store.close();
        }
      },
    };
  };
  return {
    name: 'mongodb',
    open: () => openMongo(freshDatabase(), true),
    async openTwoProcesses() {
      const dbName = freshDatabase();
      const first = await openMongo(dbName, false);
      const second = await openMongo(dbName, false).catch(async (error: unknown) => {
        await first.close();
        throw error;
      });
      return [first, second];
    },
  };
}

/** Every adapter the contract knows, each either ready to open or carrying its skip reason. */
export async function storeTargets(): Promise<StoreTarget[]> {
  return [pgliteTarget(), await postgresTarget(), mongodbTarget()];
}

/**
 * A fresh, migrated store for a test outside the contract suite; close it when done.
 * Rejects with the skip reason when that adapter cannot run here.
 */
export async function openTestStore(name: StoreTargetName = 'pglite'): Promise<Store> {
  const target = name === 'pglite' ? pgliteTarget() : name === 'postgres' ? await postgresTarget() : mongodbTarget();
  if (target.skipReason) throw new Error(`${name} store is not available: ${target.skipReason}`);
  return target.open();
}
