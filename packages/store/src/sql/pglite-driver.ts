import { chmodSync, mkdirSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';
import { lockPgliteFolder } from './pglite-lock.ts';
import type { SqlDriver, SqlExecutor } from './sql-driver.ts';

export interface PgliteDriverOptions {
  /** Folder for the database files; `memory://` keeps it in memory (tests only). */
  dataDir: string;
}

/**
 * A driver over embedded PGlite (PostgreSQL compiled to WebAssembly). It is one connection
 * in this process: queries and transactions queue behind each other. A folder is open in one
 * process at a time (pglite-lock.ts).
 */
export async function createPgliteDriver(options: PgliteDriverOptions): Promise<SqlDriver> {
  const inMemory = options.dataDir.startsWith('memory://');
  if (!inMemory) {
    // The owner's alone (PGlite writes its files readable and writable by all): nominees'
    // identifiers, contacts and task-link hashes are in them. A folder made earlier is tightened too.
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    try {
      chmodSync(options.dataDir, 0o700);
    } catch (error) {
      // A folder owned by another user (a volume provisioned for this process) keeps its owner's rights.
      if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
    }
  }
  const unlock = inMemory ? () => {} : lockPgliteFolder(options.dataDir);
  let db: PGlite;
  try {
    // `date` columns as their text (`2025-03-10`): PGlite's own parser makes midnight UTC of
    // them, which toDay (row-mappers.ts) would read in the process's time zone, a day early
    // west of UTC.
    db = await PGlite.create(options.dataDir, { parsers: { [types.DATE]: (value: string) => value } });
  } catch (error) {
    unlock();
    throw error;
  }

  const wrap = (target: Pick<PGlite, 'query' | 'exec'>): SqlExecutor => ({
    async exec(script) {
      await target.exec(script);
    },
    async query(text, params) {
      const result = await target.query(text, params as unknown[]);
      // affectedRows is 0 for a SELECT, so rows answer for statements that return any.
      return { rows: result.rows as never[], rowCount: result.rows.length || (result.affectedRows ?? 0) };
    },
  });

  return {
    adapter: 'pglite',
    ...wrap(db),
    transaction: (work) => db.transaction((tx) => work(wrap(tx))),
    async close() {
      try {
        await db.close();
      } finally {
        unlock();
      }
    },
  };
}
