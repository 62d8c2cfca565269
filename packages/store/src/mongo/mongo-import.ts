import type { Connection, Model } from 'mongoose';
import { StoreImportError } from '../store-errors.ts';
import type { StoreExportRow, StoreImportOptions, StoreImportResult } from '../store.port.ts';
import { awardHistorySequence, collections } from './collections.ts';
import { toStoredDocument, type CatalogTable } from './mongo-catalog.ts';
import { database, inTransaction } from './mongo-connection.ts';
import { presentTables } from './mongo-export.ts';
import type { MongoModels } from './mongo-models.ts';

const defaultBatchRows = 500;
/** A batch is cut early once the files it carries pass this many bytes of base64. */
const batchFileBudget = 32 * 1024 * 1024;

type Row = Record<string, unknown>;

/** Checks a row against its table before it joins a batch: exactly the table's columns, binary ones as base64 text or null. */
export function checkRow(table: CatalogTable, row: Row, position: number): void {
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
    if (column.kind === 'binary' && value !== null && typeof value !== 'string') {
      throw new StoreImportError(`row ${position} of "${table.name}": column ${column.name} must be base64 text or null`);
    }
  }
}

/**
 * One transaction: runs of consecutive rows of a table go in together, in the order given,
 * each validated by its collection's schema. The award-history sequence moves past the
 * imported entry ids, so new entries never collide with them.
 */
async function commitBatch(connection: Connection, models: MongoModels, batch: Array<{ table: CatalogTable; row: Row }>, number: number): Promise<void> {
  try {
    await inTransaction(connection, async (session) => {
      let lastEntryId = 0;
      for (let start = 0; start < batch.length; ) {
        const table = batch[start]!.table;
        let end = start;
        while (end < batch.length && batch[end]!.table === table) end += 1;
        const documents = batch.slice(start, end).map((entry) => toStoredDocument(table, entry.row));
        // One model per collection; the catalog names which.
        const model = models[table.model] as unknown as Model<Row>;
        await model.insertMany(documents, { session, ordered: true });
        if (table.name === collections.awardHistory) {
          for (const document of documents) lastEntryId = Math.max(lastEntryId, Number(document._id));
        }
        start = end;
      }
      if (lastEntryId > 0) {
        await models.sequences.updateOne({ _id: awardHistorySequence }, { $max: { value: lastEntryId } }, { session, upsert: true });
      }
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreImportError(`batch ${number} was not imported (earlier batches were): ${reason}`, { cause: error });
  }
}

/** `Store.admin.importAll` for MongoDB. */
export async function importAllDocuments(
  connection: Connection,
  models: MongoModels,
  rows: AsyncIterable<StoreExportRow> | Iterable<StoreExportRow>,
  options: StoreImportOptions = {},
): Promise<StoreImportResult> {
  const tables = new Map((await presentTables(database(connection))).map((table) => [table.name as string, table]));
  const batchRows = options.batchSize ?? defaultBatchRows;
  const counts: Record<string, number> = Object.fromEntries([...tables.keys()].map((name) => [name, 0]));
  let batch: Array<{ table: CatalogTable; row: Row }> = [];
  let batchFiles = 0;
  let batches = 0;
  let position = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await commitBatch(connection, models, batch, batches + 1);
    batches += 1;
    for (const entry of batch) counts[entry.table.name] = (counts[entry.table.name] ?? 0) + 1;
    batch = [];
    batchFiles = 0;
  };
  for await (const { table: name, row } of rows) {
    position += 1;
    const table = tables.get(name);
    if (!table) throw new StoreImportError(`row ${position}: the store has no table "${name}"`);
    checkRow(table, row, position);
    batch.push({ table, row });
    for (const column of table.columns) if (column.kind === 'binary') batchFiles += String(row[column.name] ?? '').length;
    if (batch.length >= batchRows || batchFiles >= batchFileBudget) await flush();
  }
  await flush();
  return { counts, batches };
}

/** `Store.admin.clear`: every collection of the catalog emptied and the key generators reset, in one transaction. */
export async function clearAllDocuments(connection: Connection, models: MongoModels): Promise<void> {
  const tables = await presentTables(database(connection));
  await inTransaction(connection, async (session) => {
    for (const table of tables) await (models[table.model] as unknown as Model<Row>).deleteMany({}, { session });
    await models.sequences.deleteMany({}, { session });
  });
}
