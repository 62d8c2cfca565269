import { StoreImportError } from '../store-errors.ts';
import type { StoreExportRow, StoreImportOptions, StoreImportResult } from '../store.port.ts';
import { migrationsTable, quoteIdent, readCatalog, type CatalogTable } from './sql-catalog.ts';
import type { SqlDriver, SqlExecutor } from './sql-driver.ts';

const defaultBatchRows = 500;
/** A batch is cut early once the files it carries pass this many bytes of base64. */
const batchFileBudget = 32 * 1024 * 1024;

type Row = Record<string, unknown>;

/** Checks a row against its table: exactly the table's columns, binary ones as base64 text or null. */
function checkRow(table: CatalogTable, row: Row, position: number): void {
  const known = new Set(table.columns.map((column) => column.name));
  const unknown = Object.keys(row).filter((key) => !known.has(key));
  const missing = [...known].filter((name) => !(name in row));
  if (unknown.length > 0 || missing.length > 0) {
    throw new StoreImportError(
      `row ${position} of "${table.name}" does not match the table: ` +
        [unknown.length ? `unknown column(s) ${unknown.join(', ')}` : '', missing.length ? `missing column(s) ${missing.join(', ')}` : '']
          .filter(Boolean)
          .join('; '),
    );
  }
  for (const column of table.columns) {
    const value = row[column.name];
    if (column.binary && value !== null && typeof value !== 'string') {
      throw new StoreImportError(`row ${position} of "${table.name}": column ${column.name} must be base64 text or null`);
    }
  }
}

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

/** One transaction: runs of consecutive rows of a table go in together, in the order given. */
async function commitBatch(driver: SqlDriver, batch: Array<{ table: CatalogTable; row: Row }>, number: number): Promise<void> {
  try {
    await driver.transaction(async (tx) => {
      const touched = new Set<CatalogTable>();
      for (let start = 0; start < batch.length; ) {
        const table = batch[start]!.table;
        let end = start;
        while (end < batch.length && batch[end]!.table === table) end += 1;
        const rows = batch.slice(start, end).map((entry) => entry.row);
        if (table.columns.some((column) => column.binary)) await insertWithFiles(tx, table, rows);
        else await insertPlain(tx, table, rows);
        touched.add(table);
        start = end;
      }
      await advanceSequences(tx, touched);
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreImportError(`batch ${number} was not imported (earlier batches were): ${reason}`, { cause: error });
  }
}

/** `Store.admin.importAll` over a PostgreSQL-dialect driver. */
export async function importAllRows(
  driver: SqlDriver,
  rows: AsyncIterable<StoreExportRow> | Iterable<StoreExportRow>,
  options: StoreImportOptions = {},
): Promise<StoreImportResult> {
  const tables = new Map((await readCatalog(driver)).map((table) => [table.name, table]));
  const batchRows = options.batchSize ?? defaultBatchRows;
  const counts: Record<string, number> = Object.fromEntries([...tables.keys()].map((name) => [name, 0]));
  let batch: Array<{ table: CatalogTable; row: Row }> = [];
  let batchFiles = 0;
  let batches = 0;
  let position = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await commitBatch(driver, batch, batches + 1);
    batches += 1;
    for (const entry of batch) counts[entry.table.name] = (counts[entry.table.name] ?? 0) + 1;
    batch = [];
    batchFiles = 0;
  };
  for await (const { table: name, row } of rows) {
    position += 1;
    const table = tables.get(name);
    if (!table || name === migrationsTable) throw new StoreImportError(`row ${position}: the store has no table "${name}"`);
    checkRow(table, row, position);
    batch.push({ table, row });
    for (const column of table.columns) if (column.binary) batchFiles += String(row[column.name] ?? '').length;
    if (batch.length >= batchRows || batchFiles >= batchFileBudget) await flush();
  }
  await flush();
  return { counts, batches };
}

/** `Store.admin.clear`: every table emptied and its sequences reset, in one statement. */
export async function clearAllTables(driver: SqlDriver): Promise<void> {
  const tables = await readCatalog(driver);
  if (tables.length === 0) return;
  await driver.exec(`TRUNCATE ${tables.map((table) => quoteIdent(table.name)).join(', ')} RESTART IDENTITY`);
}
