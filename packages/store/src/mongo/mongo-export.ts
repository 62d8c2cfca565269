import type { Connection, mongo } from 'mongoose';
import type { StoreExportRow } from '../store.port.ts';
import { catalog, toExportRow, type CatalogTable } from './mongo-catalog.ts';
import { database } from './mongo-connection.ts';
import type { StoredDocument } from './record-mappers.ts';

/** Documents fetched per round trip; collections holding files fetch fewer, so a batch stays small in memory. */
const batchDocuments = 500;
const batchDocumentsWithFiles = 8;

/** The catalog's tables whose collection exists, in export order: a store nobody migrated has none. */
export async function presentTables(db: mongo.Db): Promise<CatalogTable[]> {
  const names = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((info) => info.name));
  return catalog.filter((table) => names.has(table.name));
}

/**
 * `Store.admin.exportAll` for MongoDB: every collection in catalog order, each in key order,
 * read through one snapshot session (MongoDB 5.0+), so all reads see the same point in time.
 * Leaving the loop early closes the cursor and the session.
 */
export async function* exportAllDocuments(connection: Connection): AsyncGenerator<StoreExportRow> {
  const db = database(connection);
  const session = await connection.startSession({ snapshot: true });
  try {
    for (const table of await presentTables(db)) {
      const withFiles = table.columns.some((column) => column.kind === 'binary');
      const cursor = db
        .collection<StoredDocument>(table.name)
        .find({}, { session, sort: table.keyOrder, batchSize: withFiles ? batchDocumentsWithFiles : batchDocuments });
      try {
        for await (const document of cursor) yield toExportRow(table, document);
      } finally {
        await cursor.close();
      }
    }
  } finally {
    await session.endSession();
  }
}
