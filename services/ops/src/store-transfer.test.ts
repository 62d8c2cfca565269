import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createStore, latestMigration, type Store, type StoreExportRow } from '@vinh-danh/store';
import { exportedTables, populateThroughPort } from '@vinh-danh/store/testing';
import { ImportCountMismatchError, ImportRefusedError, TransferFileError } from './ops-errors.ts';
import { exportStore } from './store-export.ts';
import { importStore } from './store-import.ts';

const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, count) => sum + count, 0);

describe('store:export and store:import files', () => {
  let folder: string;
  let source: Store;
  let target: Store;
  let exported: string;
  before(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'vd-transfer-'));
    [source, target] = await Promise.all([createStore({ dataDir: 'memory://' }), createStore({ dataDir: 'memory://' })]);
    await populateThroughPort(source);
    await populateThroughPort(source);
    exported = path.join(folder, 'export.ndjson');
    await exportStore(source, exported, new Date('2026-01-02T03:04:05Z'));
  });
  after(async () => {
    await Promise.all([source?.close(), target?.close()]);
    await rm(folder, { recursive: true, force: true });
  });

  /** One target for the file, emptied before each use. */
  const withTarget = async (work: (target: Store) => Promise<void>) => {
    await target.admin.clear();
    await work(target);
  };
  /** The export with its lines changed by `edit`; returns the new file's path. */
  const edited = async (name: string, edit: (lines: string[]) => string[]) => {
    const lines = (await readFile(exported, 'utf8')).split('\n').slice(0, -1);
    const file = path.join(folder, name);
    await writeFile(file, `${edit(lines).join('\n')}\n`);
    return file;
  };

  it('when a store is exported, then the header states format, source, level, counts and the checksum of the rows that follow', async () => {
    const [headerLine, ...body] = (await readFile(exported, 'utf8')).split('\n').slice(0, -1);
    const header = JSON.parse(headerLine!);
    assert.equal(header.format, 'vinh-danh/store-export');
    assert.equal(header.formatVersion, 1);
    assert.equal(header.sourceAdapter, 'pglite');
    assert.equal(header.migrationLevel, latestMigration);
    assert.equal(header.exportedAt, '2026-01-02T03:04:05.000Z');
    assert.deepEqual(header.counts, await source.admin.counts());
    assert.equal(header.rows, body.length);
    assert.equal(header.checksum, `sha256:${createHash('sha256').update(body.map((line) => `${line}\n`).join('')).digest('hex')}`);
    const first = JSON.parse(body[0]!) as StoreExportRow;
    assert.deepEqual(Object.keys(first), ['table', 'row']);
    assert.deepEqual((await readdir(folder)).filter((name) => name.endsWith('.tmp')), [], 'no temporary file left');
  });

  it('when the file is imported into an empty store, then it holds exactly the source rows', () =>
    withTarget(async (target) => {
      const summary = await importStore(target, exported, { batchSize: 5 });
      assert.ok(summary.batches > 1);
      assert.deepEqual(summary.replaced, {});
      assert.deepEqual(await exportedTables(target), await exportedTables(source));
    }));

  it('when the target holds data, then the import is refused and the target kept; with force, its data is replaced', () =>
    withTarget(async (target) => {
      await populateThroughPort(target);
      const before = await exportedTables(target);
      await assert.rejects(() => importStore(target, exported), (error: unknown) => {
        assert.ok(error instanceof ImportRefusedError);
        assert.match(error.message, /the target is not empty \(.*instances 1.*\): import into an empty store, or pass --force/);
        return true;
      });
      assert.deepEqual(await exportedTables(target), before);
      const summary = await importStore(target, exported, { force: true });
      assert.equal(summary.replaced.instances, 1);
      assert.deepEqual(await exportedTables(target), await exportedTables(source));
    }));

  it('when one character of a row was changed, then the checksum refuses the file and nothing is written', () =>
    withTarget(async (target) => {
      const file = await edited('tampered.ndjson', (lines) => {
        const at = lines.findIndex((line, index) => index > 0 && line.includes('"status":"'));
        return lines.map((line, index) => (index === at ? line.replace(/"status":"(\w+)"/, '"status":"$1x"') : line));
      });
      await assert.rejects(() => importStore(target, file), /checksum mismatch .*the file is damaged or was edited/);
      assert.equal(total(await target.admin.counts()), 0);
    }));

  it('when the last row is missing, then the file is refused before anything is written', () =>
    withTarget(async (target) => {
      const file = await edited('truncated.ndjson', (lines) => lines.slice(0, -1));
      await assert.rejects(() => importStore(target, file), TransferFileError);
      assert.equal(total(await target.admin.counts()), 0);
    }));

  it('when the file was exported at another migration level, then the import is refused naming both levels', () =>
    withTarget(async (target) => {
      const file = await edited('older.ndjson', ([header, ...body]) => [JSON.stringify({ ...JSON.parse(header!), migrationLevel: latestMigration - 1 }), ...body]);
      await assert.rejects(() => importStore(target, file), (error: unknown) => {
        assert.ok(error instanceof ImportRefusedError);
        assert.match(error.message, new RegExp(`exported at migration level ${latestMigration - 1}; the target is at ${latestMigration}`));
        return true;
      });
      assert.equal(total(await target.admin.counts()), 0);
    }));

  it('when the file is not a store export, then it is refused saying so', () =>
    withTarget(async (target) => {
      const file = path.join(folder, 'other.ndjson');
      await writeFile(file, '{"hello":"world"}\n');
      await assert.rejects(() => importStore(target, file), /not a store export of format vinh-danh\/store-export v1/);
      await writeFile(file, '');
      await assert.rejects(() => importStore(target, file), /is empty: not a store export/);
    }));

  it('when the target ends up with other counts than the file declares, then the import fails the final check', () =>
    withTarget(async (target) => {
      // A target that silently loses one row: the final count check must catch it.
      async function* dropOne(rows: AsyncIterable<StoreExportRow> | Iterable<StoreExportRow>) {
        let dropped = false;
        for await (const row of rows) {
          if (!dropped && row.table === 'units') dropped = true;
          else yield row;
        }
      }
      const lossy: Store = { ...target, admin: { ...target.admin, importAll: (rows, options) => target.admin.importAll(dropOne(rows), options) } };
      await assert.rejects(() => importStore(lossy, exported), (error: unknown) => {
        assert.ok(error instanceof ImportCountMismatchError);
        assert.match(error.message, /units: expected 2, found 1/);
        return true;
      });
    }));

  it('when the export cannot be written, then it fails naming the path', async () => {
    const out = path.join(folder, 'no-such-folder', 'export.ndjson');
    await assert.rejects(() => exportStore(source, out), (error: unknown) => error instanceof TransferFileError && error.message.includes(out));
  });
});
