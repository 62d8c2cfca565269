import type { Connection, Model } from 'mongoose';
import { StoreImportError } from '../store-errors.ts';
import { checkRow as checkImportRow, importFailed, importInBatches, type TableRun } from '../store-import.ts';
import type { StoreExportRow, StoreImportOptions, StoreImportResult } from '../store.port.ts';
import { awardHistorySequence, collections } from './collections.ts';
import { toStoredDocument, type CatalogColumn, type CatalogTable } from './mongo-catalog.ts';
import { database, inTransaction } from './mongo-connection.ts';
import { presentTables } from './mongo-export.ts';
import type { MongoModels } from './mongo-models.ts';

type Row = Record<string, unknown>;

const isBinary = (column: CatalogColumn) => column.kind === 'binary';

/** Checks a row against its collection's table before it joins a batch (see {@link checkImportRow}). */
export const checkRow = (table: CatalogTable, row: Row, position: number): void => checkImportRow(table, row, position, isBinary);

/**
 * One transaction: each run of rows of a table goes in together, in the order given, each
 * validated by its collection's schema. The award-history sequence moves past the imported
 * entry ids, so new entries never collide with them.
 */
async function commitBatch(connection: Connection, models: MongoModels, runs: ReadonlyArray<TableRun<CatalogTable>>): Promise<void> {
  await inTransaction(connection, async (session) => {
    let lastEntryId = 0;
    for (const { table, rows } of runs) {
      const documents = rows.map((row) => toStoredDocument(table, row));
      // One model per collection; the catalog names which.
      const model = models[table.model] as unknown as Model<Row>;
      await model.insertMany(documents, { session, ordered: true });
      if (table.name === collections.awardHistory) {
        for (const document of documents) lastEntryId = Math.max(lastEntryId, Number(document._id));
      }
    }
    if (lastEntryId > 0) {
      await models.sequences.updateOne({ _id: awardHistorySequence }, { $max: { value: lastEntryId } }, { session, upsert: true });
    }
  });
}

/**
 * `Store.admin.importAll` for MongoDB: a transaction per batch (one for the whole would outgrow
 * a transaction's limits). It imports into an empty store only (with `replace`, emptied first);
 * a failed import empties it again, so it holds nothing half-imported.
 */
export async function importAllDocuments(
  connection: Connection,
  models: MongoModels,
  rows: AsyncIterable<StoreExportRow> | Iterable<StoreExportRow>,
  options: StoreImportOptions = {},
): Promise<StoreImportResult> {
  const db = database(connection);
  const tables = new Map((await presentTables(db)).map((table) => [table.name as string, table]));
  if (options.replace) await clearAllDocuments(connection, models);
  else {
    // Undoing a failure empties the store: only an empty one may be imported into without `replace`.
    for (const table of tables.values()) {
      if ((await db.collection(table.name).countDocuments({}, { limit: 1 })) > 0) {
        throw new StoreImportError(`the store is not empty (${table.name} holds documents): import into an empty store, or replace what it holds`);
      }
    }
  }
  try {
    return await importInBatches({ tables, isBinary, commitBatch: (runs) => commitBatch(connection, models, runs) }, rows, options);
  } catch (error) {
    const left = options.replace ? 'the store is empty: what it held was deleted first, what was imported deleted again' : 'what was imported is deleted again: the store is empty, as it was';
    try {
      await clearAllDocuments(connection, models);
    } catch (cleanup) {
      const reason = cleanup instanceof Error ? cleanup.message : String(cleanup);
      throw importFailed(error, `and deleting what was imported failed too (${reason}): the store holds part of the file; empty it before importing again`);
    }
    throw importFailed(error, left);
  }
}

/** `Store.admin.clear`: every collection of the catalog emptied and the key generators reset, in one transaction. */
export async function clearAllDocuments(connection: Connection, models: MongoModels): Promise<void> {
  const tables = await presentTables(database(connection));
  await inTransaction(connection, async (session) => {
    for (const table of tables) await (models[table.model] as unknown as Model<Row>).deleteMany({}, { session });
    await models.sequences.deleteMany({}, { session });
  });
}
