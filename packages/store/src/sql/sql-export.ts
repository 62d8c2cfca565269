import type { StoreExportRow } from '../store.port.ts';
import { createHandoff, HandoffClosedError } from './handoff.ts';
import { quoteIdent, readCatalog, type CatalogTable } from './sql-catalog.ts';
import type { SqlDriver, SqlExecutor } from './sql-driver.ts';

/** Rows fetched per round trip; tables holding files fetch fewer, so a page stays small in memory. */
const pageRows = 500;
const pageRowsWithFiles = 8;

/** Binary columns come back as Buffer (pg) or Uint8Array (PGlite). */
const base64 = (value: unknown): string | null =>
  value === null || value === undefined ? null : Buffer.from(value as Uint8Array).toString('base64');

/**
 * The cursor over one table: non-binary columns rendered by PostgreSQL itself as JSON
 * (timestamps at full precision, JSON columns as they are), binary columns apart as bytes.
 */
function cursorQuery(table: CatalogTable, cursor: string): string {
  const plain = table.columns.filter((column) => !column.binary);
  const binary = table.columns.filter((column) => column.binary);
  const textual = new Set(table.columns.filter((column) => column.text).map((column) => column.name));
  const order = table.primaryKey.map((name) => `t.${quoteIdent(name)}${textual.has(name) ? ' COLLATE "C"' : ''}`).join(', ');
  const binarySelect = binary.map((column, index) => `, t.${quoteIdent(column.name)} AS b${index}`).join('');
  return `DECLARE ${cursor} NO SCROLL CURSOR FOR
    SELECT (SELECT row_to_json(r) FROM (SELECT ${plain.map((column) => `t.${quoteIdent(column.name)}`).join(', ')}) r) AS row${binarySelect}
      FROM ${quoteIdent(table.name)} t
     ORDER BY ${order}`;
}

/** One fetched row in the neutral form, columns in table order. */
function toExportRow(table: CatalogTable, fetched: Record<string, unknown>): StoreExportRow {
  const rendered = (typeof fetched.row === 'string' ? JSON.parse(fetched.row) : fetched.row) as Record<string, unknown>;
  const row: Record<string, unknown> = {};
  let binaryIndex = 0;
  for (const column of table.columns) {
    row[column.name] = column.binary ? base64(fetched[`b${binaryIndex++}`]) : rendered[column.name];
  }
  return { table: table.name, row };
}

/** Reads every table through cursors inside one read-only, repeatable-read transaction. */
async function produce(tx: SqlExecutor, put: (rows: StoreExportRow[]) => Promise<void>): Promise<void> {
  await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
  // Timestamps render in UTC whatever the server's or the role's time zone.
  await tx.query(`SET LOCAL TimeZone = 'UTC'`);
  const tables = await readCatalog(tx);
  for (const [index, table] of tables.entries()) {
    const cursor = `vd_export_${index}`;
    const size = table.columns.some((column) => column.binary) ? pageRowsWithFiles : pageRows;
    await tx.query(cursorQuery(table, cursor));
    for (;;) {
      const { rows } = await tx.query<Record<string, unknown>>(`FETCH ${size} FROM ${cursor}`);
      if (rows.length > 0) await put(rows.map((fetched) => toExportRow(table, fetched)));
      if (rows.length < size) break;
    }
    await tx.query(`CLOSE ${cursor}`);
  }
}

/** `Store.admin.exportAll` over a PostgreSQL-dialect driver. */
export async function* exportAllRows(driver: SqlDriver): AsyncGenerator<StoreExportRow> {
  const handoff = createHandoff<StoreExportRow[]>();
  const producing = driver.transaction((tx) => produce(tx, (rows) => handoff.put(rows))).then(
    () => handoff.end(),
    (error: unknown) => {
      if (!(error instanceof HandoffClosedError)) handoff.fail(error);
    },
  );
  try {
    for await (const page of handoff.values()) yield* page;
  } finally {
    // Leaving early closed the handoff: wait for the transaction to roll back and free its connection.
    await producing;
  }
}
