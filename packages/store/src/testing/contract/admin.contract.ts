import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { StoreImportError } from '../../store-errors.ts';
import type { Store, StoreExportRow } from '../../store.port.ts';
import { migrations } from '../../sql/migrations.ts';
import { exportedTables, populateThroughPort } from '../populate-store.ts';
import type { StoreTarget } from '../store-targets.ts';

/** Opens a fresh store of the target for one test: these tests count and copy whole stores. */
async function withFresh<T>(target: StoreTarget, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await target.open();
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** The tables of the migrations, each given rows by populateThroughPort. */
const populatedTables = [
  'instances', 'history', 'inbox', 'outbox', 'timers', 'tasks', 'task_links', 'nominations', 'attachments', 'units',
  'drafts', 'draft_attachments', 'decisions', 'decision_documents', 'decision_counters', 'award_history', 'cluster_years',
];

const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, count) => sum + count, 0);

/** The operators' port: server version, migrations, indexes, counts, and whole-store copies. */
export function adminContract(target: StoreTarget): void {
  describe('admin', () => {
    it('when a fresh store is inspected, then it names its server, every migration, and holds every index the migrations define', () =>
      withFresh(target, async (store) => {
        assert.match(await store.admin.serverVersion(), /\d+\.\d+/);
        assert.deepEqual(await store.admin.appliedMigrations(), migrations.map((migration) => migration.version));
        const { expected, found } = await store.admin.indexes();
        assert.ok(expected.length > 0);
        const byName = new Map(found.map((index) => [`${index.table}.${index.name}`, index.definition]));
        for (const index of expected) assert.equal(byName.get(`${index.table}.${index.name}`), index.definition, `${index.table}.${index.name}`);
        const counts = await store.admin.counts();
        assert.ok(Object.keys(counts).length > 0);
        assert.equal(total(counts), 0);
      }));

    it('when a populated store is exported and imported into a fresh one, then every table holds the same rows and the port reads the same records', () =>
      withFresh(target, (source) =>
        withFresh(target, async (copy) => {
          const ids = await populateThroughPort(source);
          const rows: StoreExportRow[] = [];
          for await (const row of source.admin.exportAll()) rows.push(row);
          const counts = await source.admin.counts();
          assert.equal(rows.length, total(counts));
          for (const table of populatedTables) assert.ok((counts[table] ?? 0) > 0, `${table} has rows to copy`);
          // Parents come before children: each table's rows arrive together, in the order counts() lists tables.
          const order = [...new Set(rows.map((row) => row.table))];
          assert.deepEqual(order, Object.keys(counts).filter((table) => (counts[table] ?? 0) > 0));

          const result = await copy.admin.importAll(rows, { batchSize: 7 });
          assert.deepEqual(result.counts, counts);
          assert.ok(result.batches >= Math.ceil(rows.length / 7));
          assert.deepEqual(await exportedTables(copy), await exportedTables(source));

          assert.deepEqual(await copy.instances.get(ids.instanceId), await source.instances.get(ids.instanceId));
          assert.deepEqual(await copy.history.list(ids.instanceId), await source.history.list(ids.instanceId));
          assert.deepEqual(await copy.attachments.get(ids.attachment.attachmentId), await source.attachments.get(ids.attachment.attachmentId));
          assert.deepEqual(await copy.decisions.getDocument(ids.decisionId, 'decision'), await source.decisions.getDocument(ids.decisionId, 'decision'));
          assert.deepEqual(await copy.drafts.get(ids.draftId), await source.drafts.get(ids.draftId));
          assert.deepEqual(await copy.awardHistory.listByNominee(ids.nomineeKey), await source.awardHistory.listByNominee(ids.nomineeKey));
          assert.deepEqual(await copy.clusters.listYears(ids.clusterId), await source.clusters.listYears(ids.clusterId));
          // Generated keys continue past the imported ones.
          await copy.awardHistory.add([{ nomineeKey: ids.nomineeKey, awardTypeId: null, year: 2026, decisionDate: null, decisionNumber: null, disciplined: false, source: 'import' }]);
          assert.equal((await copy.awardHistory.listByNominee(ids.nomineeKey)).length, 3);
        }),
      ));

    it('when rows name an unknown table or column, or break a constraint, then importAll rejects with StoreImportError and keeps nothing of that batch', () =>
      withFresh(target, async (store) => {
        // A valid unit row, whatever columns later migrations added: exported from the store itself.
        await store.units.upsert({ unitId: randomUUID(), nameVi: 'Sở Nội vụ', nameEn: 'Home Affairs', parentId: null, approvers: {} });
        const unit = (await exportedTables(store)).get('units')![0]!;
        await store.admin.clear();
        await assert.rejects(() => store.admin.importAll([{ table: 'no_such_table', row: {} }]), StoreImportError);
        await assert.rejects(() => store.admin.importAll([{ table: 'units', row: { ...unit, bogus: 1 } }]), StoreImportError);
        const { name_en: _dropped, ...incomplete } = unit;
        await assert.rejects(() => store.admin.importAll([{ table: 'units', row: incomplete }]), StoreImportError);
        // The second row repeats the first's key: the batch is rolled back whole.
        await assert.rejects(() => store.admin.importAll([{ table: 'units', row: unit }, { table: 'units', row: unit }]), StoreImportError);
        assert.equal(total(await store.admin.counts()), 0);
        await store.admin.importAll([{ table: 'units', row: unit }]);
        assert.equal((await store.admin.counts()).units, 1);
      }));

    it('when an import fails after batches went in, then nothing of it stays; with replace, the SQL stores keep what they held and MongoDB is left empty', () =>
      withFresh(target, (source) =>
        withFresh(target, async (store) => {
          await populateThroughPort(source);
          const rows: StoreExportRow[] = [];
          for await (const row of source.admin.exportAll()) rows.push(row);
          const unitRow = rows.find((row) => row.table === 'units')!;
          // Every row, then one the store refuses (a unit twice): the failure comes in the last batch of many.
          const failing = [...rows, unitRow];
          await assert.rejects(() => store.admin.importAll(failing, { batchSize: 3 }), (error: unknown) => error instanceof StoreImportError && /was not imported/.test(error.message));
          assert.equal(total(await store.admin.counts()), 0, 'an empty store stays empty');

          await store.units.upsert({ unitId: randomUUID(), nameVi: 'Đơn vị có sẵn', nameEn: 'Unit already there', parentId: null, approvers: {} });
          const before = await exportedTables(store);
          await assert.rejects(() => store.admin.importAll(failing, { batchSize: 3, replace: true }), StoreImportError);
          if ((await store.info()).adapter === 'mongodb') assert.equal(total(await store.admin.counts()), 0);
          else assert.deepEqual(await exportedTables(store), before, 'the SQL store holds what it held');

          const replaced = await store.admin.importAll(rows, { batchSize: 3, replace: true });
          assert.equal(total(replaced.counts), rows.length);
          assert.deepEqual(await exportedTables(store), await exportedTables(source), 'replace: exactly the file\'s rows');
        }),
      ));

    it('when clear() runs, then every table is empty and the store takes new rows', () =>
      withFresh(target, async (store) => {
        await populateThroughPort(store);
        assert.ok(total(await store.admin.counts()) > 0);
        await store.admin.clear();
        assert.equal(total(await store.admin.counts()), 0);
        await populateThroughPort(store);
      }));

    it('when an export is abandoned after the first row, then the store goes on serving', () =>
      withFresh(target, async (store) => {
        await populateThroughPort(store);
        for await (const row of store.admin.exportAll()) {
          assert.ok(row.table);
          break;
        }
        await store.ping();
        assert.ok(total(await store.admin.counts()) > 0);
      }));
  });
}
