import { importFailed, importInBatches, type TableRun } from '../store-import.ts';
import type { StoreExportRow, StoreImportOptions, StoreImportResult } from '../store.port.ts';
import { migrationsTable, quoteIdent, readCatalog, type CatalogColumn, type CatalogTable } from './sql-catalog.ts';
import type { SqlDriver, SqlExecutor } from './sql-driver.ts';

type Row = Record<string, unknown>;

const isBinary = (column: CatalogColumn) => column.binary;

/** Rows of one table without files: one statement for the lot, PostgreSQL converting each JSON value to its column's type. */
async function insertPlain(tx: SqlExecutor, table: CatalogTable, rows: Row[]): Promise<void> {
  const columns = table.columns.map((column) => quoteIdent(column.name)).join(', ');
  await tx.query(
    `INSERT INTO ${quoteIdent(table.name)} (${columns})
     SELECT ${columns} FROM json_populate_recordset(NULL::${quoteIdent(table.name)}, $1::json)`,
    [JSON.stringify(rows)],
  );
}

/** Rows carrying files: one statement each, the bytes as binary parameters rather than inside JSON. */
async function insertWithFiles(tx: SqlExecutor, table: CatalogTable, rows: Row[]): Promise<void> {
  const columns = table.columns.map((column) => quoteIdent(column.name)).join(', ');
  let parameter = 1;
  const select = table.columns.map((column) => (column.binary ? `$${++parameter}::bytea` : `r.${quoteIdent(column.name)}`)).join(', ');
  const text = `INSERT INTO ${quoteIdent(table.name)} (${columns})
     SELECT ${select} FROM json_populate_record(NULL::${quoteIdent(table.name)}, $1::json) r`;
  for (const row of rows) {
    const plain: Row = {};
    const files: Array<Buffer | null> = [];
    for (const column of table.columns) {
      const value = row[column.name];
      if (column.binary) files.push(value === null ? null : Buffer.from(value as string, 'base64'));
      else plain[column.name] = value;
    }
    await tx.query(text, [JSON.stringify(plain), ...files]);
  }
}

/** Moves each sequence of the tables past the largest key now in them, so new rows never collide. */
async function advanceSequences(tx: SqlExecutor, tables: Iterable<CatalogTable>): Promise<void> {
  for (const table of tables) {
    for (const column of table.columns.filter((candidate) => candidate.serial)) {
      await tx.query(
        `SELECT setval(pg_get_serial_sequence('${quoteIdent(table.name)}', '${column.name}'), COALESCE(max(${quoteIdent(column.name)}), 0) + 1, false)
           FROM ${quoteIdent(table.name)}`,
      );
    }
  }
}

/** Each run of rows of a table goes in together, in the order given. */
async function writeBatch(tx: SqlExecutor, runs: ReadonlyArray<TableRun<CatalogTable>>): Promise<void> {
  for (const { table, rows } of runs) {
    if (table.columns.some(isBinary)) await insertWithFiles(tx, table, rows);
    else await insertPlain(tx, table, rows);
  }
  await advanceSequences(tx, new Set(runs.map((run) => run.table)));
}

const truncateSql = (tables: readonly CatalogTable[]) => `TRUNCATE ${tables.map((table) => quoteIdent(table.name)).join(', ')} RESTART IDENTITY`;

/**
 * `Store.admin.importAll` over a PostgreSQL-dialect driver: the whole import (with `replace`,
 * the deletion of what was there first) in one transaction, so a bad row, a refused batch or a
 * process stopped midway leaves the store as it was.
 */
export async function importAllRows(
  driver: SqlDriver,
  rows: AsyncIterable<StoreExportRow> | Iterable<StoreExportRow>,
  options: StoreImportOptions = {},
): Promise<StoreImportResult> {
  const catalog = await readCatalog(driver);
  // The migration runner's bookkeeping is no table to import into (the catalog leaves it out too).
  const tables = new Map(catalog.filter((table) => table.name !== migrationsTable).map((table) => [table.name, table]));
  try {
    return await driver.transaction(async (tx) => {
      if (options.replace && catalog.length > 0) await tx.exec(truncateSql(catalog));
      return importInBatches({ tables, isBinary, commitBatch: (runs) => writeBatch(tx, runs) }, rows, options);
    });
  } catch (error) {
    throw importFailed(error, 'nothing was imported: the store is as it was');
  }
}

/** `Store.admin.clear`: every table emptied and its sequences reset, in one statement. */
export async function clearAllTables(driver: SqlDriver): Promise<void> {
  const tables = await readCatalog(driver);
  if (tables.length === 0) return;
  await driver.exec(truncateSql(tables));
}
