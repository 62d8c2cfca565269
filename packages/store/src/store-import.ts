import { StoreImportError } from './store-errors.ts';
import type { StoreExportRow, StoreImportOptions, StoreImportResult } from './store.port.ts';

/**
 * The steps of `Store.admin.importAll` every adapter shares: each row checked against its
 * table, rows gathered into batches, and each batch handed to the adapter to commit in one
 * transaction. How a batch is written is the adapter's.
 */

const defaultBatchRows = 500;
/** A batch is cut early once the files it carries pass this many bytes of base64. */
const batchFileBudget = 32 * 1024 * 1024;

type Row = Record<string, unknown>;

/** What the import steps need of a table: its name and its columns, by their export names. */
export interface ImportTable<Column extends { name: string } = { name: string }> {
  name: string;
  columns: readonly Column[];
}

/** Consecutive rows of one table, in the order given. */
export interface TableRun<Table> {
  table: Table;
  rows: Row[];
}

/** What an adapter brings to {@link importInBatches}. */
export interface ImportTarget<Column extends { name: string }, Table extends ImportTable<Column>> {
  /** The store's tables by name; a row of any other table is refused. */
  tables: ReadonlyMap<string, Table>;
  /** Whether a column holds bytes: base64 text (or null) in export rows. */
  isBinary: (column: Column) => boolean;
  /** Writes one batch: its runs of consecutive rows of a table, in the order given. */
  commitBatch: (runs: ReadonlyArray<TableRun<Table>>) => Promise<void>;
}

/** Checks a row against its table before it joins a batch: exactly the table's columns, binary ones as base64 text or null. */
export function checkRow<Column extends { name: string }>(
  table: ImportTable<Column>,
  row: Row,
  position: number,
  isBinary: (column: Column) => boolean,
): void {
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
    if (isBinary(column) && value !== null && typeof value !== 'string') {
      throw new StoreImportError(`row ${position} of "${table.name}": column ${column.name} must be base64 text or null`);
    }
  }
}

/** The batch cut into runs of consecutive rows of one table, so each run can go in together. */
function tableRuns<Table>(batch: ReadonlyArray<{ table: Table; row: Row }>): Array<TableRun<Table>> {
  const runs: Array<TableRun<Table>> = [];
  for (const { table, row } of batch) {
    const last = runs.at(-1);
    if (last?.table === table) last.rows.push(row);
    else runs.push({ table, rows: [row] });
  }
  return runs;
}

/**
 * Inserts rows as `exportAll` yields them, in batches of `options.batchSize` rows (fewer when
 * they carry files); a failed batch is reported as a {@link StoreImportError} naming it. What a
 * failure leaves in the store is the adapter's to undo and say ({@link importFailed}).
 */
export async function importInBatches<Column extends { name: string }, Table extends ImportTable<Column>>(
  target: ImportTarget<Column, Table>,
  rows: AsyncIterable<StoreExportRow> | Iterable<StoreExportRow>,
  options: StoreImportOptions = {},
): Promise<StoreImportResult> {
  const batchRows = options.batchSize ?? defaultBatchRows;
  const counts: Record<string, number> = Object.fromEntries([...target.tables.keys()].map((name) => [name, 0]));
  let batch: Array<{ table: Table; row: Row }> = [];
  let batchFiles = 0;
  let batches = 0;
  let position = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    try {
      await target.commitBatch(tableRuns(batch));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new StoreImportError(`batch ${batches + 1} was not imported: ${reason}`, { cause: error });
    }
    batches += 1;
    for (const entry of batch) counts[entry.table.name] = (counts[entry.table.name] ?? 0) + 1;
    batch = [];
    batchFiles = 0;
  };
  for await (const { table: name, row } of rows) {
    position += 1;
    const table = target.tables.get(name);
    if (!table) throw new StoreImportError(`row ${position}: the store has no table "${name}"`);
    checkRow(table, row, position, target.isBinary);
    batch.push({ table, row });
    for (const column of table.columns) if (target.isBinary(column)) batchFiles += String(row[column.name] ?? '').length;
    if (batch.length >= batchRows || batchFiles >= batchFileBudget) await flush();
  }
  await flush();
  return { counts, batches };
}

/**
 * A failed import, as the adapter reports it once it has undone what it wrote: the reason, and
 * what the store holds now (`left`, e.g. "nothing was imported: the store is as it was").
 */
export function importFailed(error: unknown, left: string): StoreImportError {
  const reason = error instanceof Error ? error.message : String(error);
  return new StoreImportError(`${reason} (${left})`, { cause: error });
}
