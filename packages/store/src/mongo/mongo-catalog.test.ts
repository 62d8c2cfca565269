/**
 * The export catalog against the SQL schema, with no MongoDB server: the SQL side is an
 * embedded PGlite database. A copy made by either adapter must load into the other.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mongoose, { mongo, type Model } from 'mongoose';
import { StoreImportError } from '../store-errors.ts';
import { createPgliteDriver } from '../sql/pglite-driver.ts';
import { readCatalog, type CatalogTable as SqlTable } from '../sql/sql-catalog.ts';
import { createSqlStore } from '../sql/sql-store.ts';
import type { Store, StoreExportRow } from '../store.port.ts';
import { populateThroughPort } from '../testing/populate-store.ts';
import { catalog, toExportRow, toStoredDocument } from './mongo-catalog.ts';
import { checkRow } from './mongo-import.ts';
import { createModels } from './mongo-models.ts';
import { validated } from './validated-document.ts';

const connection = mongoose.createConnection();
const models = createModels(connection);
let sqlTables: SqlTable[];
let sqlRows: StoreExportRow[];
let sqlStore: Store | undefined;

before(async () => {
  const driver = await createPgliteDriver({ dataDir: 'memory://' });
  sqlStore = createSqlStore(driver);
  await sqlStore.migrate();
  await populateThroughPort(sqlStore);
  sqlTables = await readCatalog(driver);
  sqlRows = [];
  for await (const row of sqlStore.admin.exportAll()) sqlRows.push(row);
});
after(async () => {
  await sqlStore?.close();
  await connection.close();
});

const modelOf = (table: (typeof catalog)[number]) => models[table.model] as unknown as Model<Record<string, unknown>>;

describe('export catalog', () => {
  it('when the SQL schema is read, then the catalog has its tables in its export order, each with its columns in order', () => {
    assert.deepEqual(catalog.map((table) => table.name), sqlTables.map((table) => table.name));
    for (const table of catalog) {
      const sql = sqlTables.find((candidate) => candidate.name === table.name)!;
      assert.deepEqual(table.columns.map((column) => column.name), sql.columns.map((column) => column.name), table.name);
      assert.deepEqual(
        table.columns.filter((column) => column.kind === 'binary').map((column) => column.name),
        sql.columns.filter((column) => column.binary).map((column) => column.name),
        `${table.name}: binary columns`,
      );
    }
  });

  it('when a collection\'s schema is compared with its catalog entry, then every column has a field and every field a column', () => {
    for (const table of catalog) {
      const fields = table.columns.map((column) => column.field).sort();
      // Collections keyed by several columns keep MongoDB's own ObjectId `_id`, which is not exported.
      const paths = Object.keys(modelOf(table).schema.paths).filter((path) => fields.includes('_id') || path !== '_id').sort();
      assert.deepEqual(paths, fields, table.name);
    }
  });

  it('when every row the SQL adapter exports is stored as a document and exported again, then the same row comes back', () => {
    assert.ok(sqlRows.length > 0);
    for (const { table: name, row } of sqlRows) {
      const table = catalog.find((candidate) => candidate.name === name)!;
      checkRow(table, row, 1);
      const document = validated(modelOf(table), toStoredDocument(table, row));
      const stored = mongo.BSON.deserialize(mongo.BSON.serialize(document));
      const again = toExportRow(table, stored);
      const timestamps = table.columns.filter((column) => column.kind === 'timestamp').map((column) => column.name);
      // PostgreSQL prints `+00:00` and up to microseconds, MongoDB keeps milliseconds and prints `Z`: the same instants.
      const instant = (value: unknown) => (value === null ? null : new Date(String(value)).toISOString());
      const normalised = (exported: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(exported).map(([column, value]) => [column, timestamps.includes(column) ? instant(value) : value]));
      assert.deepEqual(Object.keys(again.row), Object.keys(row), `${name}: columns in order`);
      assert.deepEqual(normalised(again.row), normalised(row), name);
    }
  });

  it('when an export row has an unknown or a missing column, or a binary column that is not text, then it is refused', () => {
    const units = catalog.find((table) => table.name === 'units')!;
    const unit = sqlRows.find((row) => row.table === 'units')!.row;
    assert.throws(() => checkRow(units, { ...unit, bogus: 1 }, 4), (error: Error) => error instanceof StoreImportError && /row 4 of "units" .*unknown column\(s\) bogus/.test(error.message));
    const { name_en: _dropped, ...incomplete } = unit;
    assert.throws(() => checkRow(units, incomplete, 5), /missing column\(s\) name_en/);
    const files = catalog.find((table) => table.name === 'attachments')!;
    const file = sqlRows.find((row) => row.table === 'attachments')!.row;
    assert.throws(() => checkRow(files, { ...file, content: [1, 2] }, 6), /column content must be base64 text or null/);
  });

  it('when a row holds a value its column cannot take, then building or validating its document fails', () => {
    const decisions = catalog.find((table) => table.name === 'decisions')!;
    const decision = sqlRows.find((row) => row.table === 'decisions')!.row;
    assert.throws(() => toStoredDocument(decisions, { ...decision, decision_date: 'soon' }), /not a date/);
    assert.throws(() => toStoredDocument(decisions, { ...decision, created_at: 'yesterday' }), /not a timestamp/);
    assert.throws(() => validated(modelOf(decisions), toStoredDocument(decisions, { ...decision, year: 2025.5 })), /whole number/);
    assert.throws(() => validated(modelOf(decisions), toStoredDocument(decisions, { ...decision, amount_basis: null })), /amountBasis must not be null/);
  });
});
