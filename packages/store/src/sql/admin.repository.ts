import type { Store } from '../store.port.ts';
import { appliedMigrations } from './migrations.ts';
import { indexReport } from './schema-indexes.ts';
import { quoteIdent, readCatalog } from './sql-catalog.ts';
import { exportAllRows } from './sql-export.ts';
import { clearAllTables, importAllRows } from './sql-import.ts';
import type { SqlDriver } from './sql-driver.ts';

/** Operations tooling over a PostgreSQL-dialect driver: generic over whatever tables the migrations made. */
export function createAdminRepository(driver: SqlDriver): Store['admin'] {
  return {
    async serverVersion() {
      const { rows } = await driver.query<{ server_version: string }>('SHOW server_version');
      return `PostgreSQL ${rows[0]?.server_version ?? 'unknown'}`;
    },
    appliedMigrations: () => appliedMigrations(driver),
    indexes: () => indexReport(driver),
    async counts() {
      const counts: Record<string, number> = {};
      for (const table of await readCatalog(driver)) {
        const { rows } = await driver.query<{ count: number }>(`SELECT count(*)::int AS count FROM ${quoteIdent(table.name)}`);
        counts[table.name] = Number(rows[0]?.count ?? 0);
      }
      return counts;
    },
    exportAll: () => exportAllRows(driver),
    importAll: (rows, options) => importAllRows(driver, rows, options),
    clear: () => clearAllTables(driver),
  };
}
