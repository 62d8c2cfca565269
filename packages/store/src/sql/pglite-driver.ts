import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { SqlDriver, SqlExecutor } from './sql-driver.ts';

export interface PgliteDriverOptions {
  /** Folder for the database files; `memory://` keeps it in memory (tests only). */
  dataDir: string;
}

/**
 * A driver over embedded PGlite (PostgreSQL compiled to WebAssembly). It is one connection
 * in this process: queries and transactions queue behind each other.
 */
export async function createPgliteDriver(options: PgliteDriverOptions): Promise<SqlDriver> {
  if (!options.dataDir.startsWith('memory://')) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir);

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
      await db.close();
    },
  };
}
