import { randomBytes } from 'node:crypto';
import type { StoreIndex, StoreIndexReport } from '../store.port.ts';
import { bookkeepingTableSql, migrations, runMigrations } from './migrations.ts';
import { createPgliteDriver } from './pglite-driver.ts';
import { pgErrorCode, type SqlDriver, type SqlExecutor } from './sql-driver.ts';

/** The indexes of the current schema, definitions without the schema name so any schema compares alike. */
export async function readIndexes(executor: SqlExecutor): Promise<StoreIndex[]> {
  const { rows } = await executor.query<{ tablename: string; indexname: string; indexdef: string; schemaname: string }>(
    `SELECT schemaname, tablename, indexname, indexdef FROM pg_indexes
      WHERE schemaname = current_schema() ORDER BY tablename, indexname`,
  );
  return rows.map((row) => ({
    table: row.tablename,
    name: row.indexname,
    definition: row.indexdef.replace(` ON ${row.schemaname}.`, ' ON ').replace(` ON "${row.schemaname}".`, ' ON '),
  }));
}

/** Thrown to roll the scratch schema back once its indexes are read. */
class ScratchDone extends Error {
  constructor(readonly indexes: StoreIndex[]) {
    super('scratch schema read');
  }
}

/**
 * What the migrations define, read from a scratch schema migrated to the latest level inside a
 * transaction that is then rolled back: the migrations themselves are the one description of
 * the schema, so nothing here can drift from them, and nothing of the scratch schema remains.
 * DDL is transactional in PostgreSQL; the scratch schema is invisible to every other session.
 */
async function expectedInRolledBackSchema(driver: SqlDriver): Promise<StoreIndex[]> {
  const scratch = `vd_expected_${randomBytes(6).toString('hex')}`;
  try {
    await driver.transaction(async (tx) => {
      await tx.exec(`CREATE SCHEMA ${scratch}; SET LOCAL search_path = ${scratch}`);
      await tx.exec(bookkeepingTableSql);
      for (const migration of migrations) await tx.exec(migration.sql);
      throw new ScratchDone(await readIndexes(tx));
    });
  } catch (error) {
    if (error instanceof ScratchDone) return error.indexes;
    throw error;
  }
  throw new Error('unreachable: the scratch transaction always rolls back');
}

let fromScratchDatabase: Promise<StoreIndex[]> | undefined;

/** The same from a scratch in-memory database, for a role that may not create schemas. Built once per process. */
function expectedInScratchDatabase(): Promise<StoreIndex[]> {
  fromScratchDatabase ??= (async () => {
    const scratch = await createPgliteDriver({ dataDir: 'memory://' });
    try {
      await runMigrations(scratch);
      return await readIndexes(scratch);
    } finally {
      await scratch.close();
    }
  })();
  fromScratchDatabase.catch(() => (fromScratchDatabase = undefined));
  return fromScratchDatabase;
}

/** PostgreSQL's "insufficient privilege". */
const insufficientPrivilege = '42501';

/** Per driver: the migrations do not change while a process runs. */
const expectedByDriver = new WeakMap<SqlDriver, Promise<StoreIndex[]>>();

/**
 * `Store.admin.indexes` over a PostgreSQL-dialect driver. The expected definitions come from
 * the same server as the found ones, so both are rendered alike whatever its version.
 */
export async function indexReport(driver: SqlDriver): Promise<StoreIndexReport> {
  let expected = expectedByDriver.get(driver);
  if (!expected) {
    expected = expectedInRolledBackSchema(driver).catch((error: unknown) => {
      if (pgErrorCode(error) === insufficientPrivilege) return expectedInScratchDatabase();
      throw error;
    });
    expectedByDriver.set(driver, expected);
    expected.catch(() => expectedByDriver.delete(driver));
  }
  const found = await readIndexes(driver);
  return { expected: await expected, found };
}
