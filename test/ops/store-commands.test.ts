/**
 * The operator commands as an operator runs them: `node --import tsx services/ops/src/main.ts
 * check | export | import` (what `npm run store:*` runs), configured by the environment.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createPgliteDriver, createStore } from '@vinh-danh/store';
import { populateThroughPort } from '@vinh-danh/store/testing';
import pg from 'pg';
import { dropSchema, postgresReachable, testPostgresUrl } from '../support/harness.ts';
import { runOps } from '../support/ops-cli.ts';

const pgSkip = await postgresReachable();

describe('npm run store:check | store:export | store:import', () => {
  let folder: string;
  before(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'vd-ops-cli-'));
  });
  after(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('when the embedded store is migrated, then store:check exits 0; once an index is dropped, it exits 1 naming it', async () => {
    const dataDir = path.join(folder, 'pglite-check');
    const store = await createStore({ dataDir });
    await store.close();
    const passed = await runOps(['check'], { DATA_DIR: dataDir });
    assert.equal(passed.code, 0, passed.output);
    assert.match(passed.output, /adapter: +pglite[\s\S]*OK: the store matches this version of the code\./);

    const driver = await createPgliteDriver({ dataDir: path.join(dataDir, 'pglite') });
    await driver.exec('DROP INDEX timers_pending_due_idx');
    await driver.close();
    const failed = await runOps(['check'], { DATA_DIR: dataDir });
    assert.equal(failed.code, 1, failed.output);
    assert.match(failed.output, /PROBLEM: index timers_pending_due_idx on timers is missing; expected: CREATE INDEX timers_pending_due_idx ON timers/);
    assert.match(failed.output, /FAILED: 1 problem\(s\)\./);
  });

  it('when DATA_DIR names no embedded store, then store:check exits 1 saying where it looked', async () => {
    const missing = path.join(folder, 'nothing-here');
    const result = await runOps(['check'], { DATA_DIR: missing });
    assert.equal(result.code, 1);
    assert.match(result.output, new RegExp(`StoreUnavailableError: no embedded store at ${missing}/pglite`));
  });

  it('when DATABASE_URL names a server that refuses or never answers, then the command exits 1 naming the store, its password masked', async () => {
    const { freePort } = await import('@vinh-danh/queue');
    const refused = await runOps(['check'], { DATABASE_URL: `postgres://postgres:s3cret@127.0.0.1:${await freePort()}/test` });
    assert.equal(refused.code, 1, refused.output);
    assert.match(refused.output, /StoreUnavailableError: cannot open the store \(postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/test\): .*ECONNREFUSED/);
    assert.doesNotMatch(refused.output, /s3cret/);
    // A server that takes the connection and never answers (a partition, a hung proxy): the connect times out.
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      const started = Date.now();
      const hung = await runOps(['failed'], { DATABASE_URL: `postgres://postgres:s3cret@127.0.0.1:${port}/test` });
      assert.equal(hung.code, 1, hung.output);
      assert.match(hung.output, /cannot open the store \(postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/test\): .*timeout/i);
      assert.ok(Date.now() - started < 60_000, 'bounded by the connect timeout');
    } finally {
      silent.close();
    }
  });

  it('when store:failed is given a number written as hex, an exponent or padded, then it exits 2 with the usage', async () => {
    for (const limit of ['0x10', '1e3', ' 5']) {
      const result = await runOps(['failed', '--limit', limit], { DATA_DIR: folder });
      assert.equal(result.code, 2, `${limit}: ${result.output}`);
      assert.match(result.output, /--limit must be a whole number from 1 to 10,000[\s\S]*Usage/);
    }
  });

  it('when DATA_DIR is memory://, then every command exits 1 saying such a store is gone with its process, and an import imports nothing', async () => {
    for (const args of [['check'], ['export', '--out', path.join(folder, 'memory.ndjson')], ['import', '--in', path.join(folder, 'none.ndjson')], ['failed']]) {
      const result = await runOps(args, { DATA_DIR: 'memory://' });
      assert.equal(result.code, 1, `${args[0]}: ${result.output}`);
      assert.match(result.output, /DATA_DIR=memory:\/\/ is a store in one process's memory, gone when it exits/);
    }
  });

  it("when run in production (the image sets NODE_ENV=production) without the services' TASK_LINK_SECRET, then a command still runs: it reads only the store's variables", async () => {
    const result = await runOps(['check'], { NODE_ENV: 'production', DATA_DIR: folder });
    assert.doesNotMatch(result.output, /TASK_LINK_SECRET|Invalid configuration/);
    assert.match(result.output, /StoreUnavailableError: no embedded store at /, 'it went on to look for the store');
  });

  it('when export is asked without --out, then it exits 2 with the usage', async () => {
    const result = await runOps(['export'], { DATA_DIR: folder });
    assert.equal(result.code, 2);
    assert.match(result.output, /export needs --out FILE[\s\S]*Usage/);
  });

  describe('on PostgreSQL', { skip: pgSkip }, () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const env = { DATABASE_URL: testPostgresUrl, DATABASE_SCHEMA: schema };
    after(async () => {
      await dropSchema(schema);
    });

    it('when a PGlite export is imported with the commands, then store:check passes on the target and a second import is refused (exit 1)', async () => {
      const dataDir = path.join(folder, 'pglite-source');
      const source = await createStore({ dataDir });
      await populateThroughPort(source);
      await source.close();
      const file = path.join(folder, 'cli-export.ndjson');

      const exported = await runOps(['export', '--out', file], { DATA_DIR: dataDir });
      assert.equal(exported.code, 0, exported.output);
      assert.match(exported.output, /Exported \d+ rows from pglite \(PostgreSQL [\d.]+, migration level \d+\) to /);
      const written = readFileSync(file);
      assert.equal(statSync(file).mode & 0o777, 0o600, "the export is its owner's alone: it holds nominees' identifiers and contacts");
      const over = await runOps(['export', '--out', file], { DATA_DIR: dataDir });
      assert.equal(over.code, 1, over.output);
      assert.match(over.output, /cli-export\.ndjson exists already: the export never replaces a file/);
      assert.deepEqual(readFileSync(file), written, 'the earlier export is untouched');
      assert.deepEqual(readdirSync(folder).filter((name) => name.endsWith('.tmp')), [], 'no temporary file is left');

      const imported = await runOps(['import', '--in', file], env);
      assert.equal(imported.code, 0, imported.output);
      assert.match(imported.output, /Imported \d+ rows .* \(exported from pglite\) into .*schema t_\w+.*; counts checked/);
      const checked = await runOps(['check'], env);
      assert.equal(checked.code, 0, checked.output);
      assert.match(checked.output, /adapter: +postgres \(PostgreSQL /);

      const again = await runOps(['import', '--in', file], env);
      assert.equal(again.code, 1);
      assert.match(again.output, /ImportRefusedError: the target is not empty/);

      // A file whose checksum and counts are right but one row of which the store refuses (a
      // unit twice, the last row): imported with --force a row per batch, it fails at the end.
      const [headerLine, ...bodyLines] = readFileSync(file, 'utf8').split('\n').filter((line) => line !== '');
      const unitLine = bodyLines.find((line) => JSON.parse(line).table === 'units')!;
      const badBody = [...bodyLines, unitLine].map((line) => `${line}\n`).join('');
      const header = JSON.parse(headerLine!);
      const badHeader = {
        ...header,
        rows: header.rows + 1,
        counts: { ...header.counts, units: header.counts.units + 1 },
        checksum: `sha256:${createHash('sha256').update(badBody).digest('hex')}`,
      };
      const bad = path.join(folder, 'bad-export.ndjson');
      writeFileSync(bad, `${JSON.stringify(badHeader)}\n${badBody}`);
      const failed = await runOps(['import', '--in', bad, '--force', '--batch-size', '1'], env);
      assert.equal(failed.code, 1, failed.output);
      assert.match(failed.output, /StoreImportError: batch \d+ was not imported: duplicate key value .*\(nothing was imported: the store is as it was\)/);
      const afterFailure = path.join(folder, 'after-failure.ndjson');
      assert.equal((await runOps(['export', '--out', afterFailure], env)).code, 0);
      const kept = JSON.parse(readFileSync(afterFailure, 'utf8').split('\n')[0]!);
      assert.deepEqual([kept.counts, kept.checksum], [header.counts, header.checksum], 'the store holds exactly what it held before the failed import');
    });

    it('when DATABASE_SCHEMA names a schema that holds no store (a typo), then export, failed and retry exit 1 saying so, write nothing, and no schema is created', async () => {
      const typo = `${schema}_typo`;
      const file = path.join(folder, 'typo-export.ndjson');
      // An import of a file that is not there opens no store, so it creates no schema either.
      const missing = await runOps(['import', '--in', path.join(folder, 'no-such-export.ndjson')], { DATABASE_URL: testPostgresUrl, DATABASE_SCHEMA: typo });
      assert.equal(missing.code, 1, missing.output);
      assert.match(missing.output, /TransferFileError/);
      for (const args of [['export', '--out', file], ['failed'], ['retry', '--all']]) {
        const result = await runOps(args, { DATABASE_URL: testPostgresUrl, DATABASE_SCHEMA: typo });
        assert.equal(result.code, 1, `${args[0]}: ${result.output}`);
        assert.match(result.output, new RegExp(`StoreUnavailableError: .*\\(schema ${typo}\\) holds no Vinh Danh store \\(never migrated\\): check DATABASE_URL, DATABASE_SCHEMA and DATA_DIR`));
      }
      const checked = await runOps(['check'], { DATABASE_URL: testPostgresUrl, DATABASE_SCHEMA: typo });
      assert.equal(checked.code, 1, checked.output);
      assert.match(checked.output, /PROBLEM: the store has never been migrated/);
      assert.equal(existsSync(file), false, 'no export file');
      const client = new pg.Client({ connectionString: testPostgresUrl });
      await client.connect();
      try {
        const { rows } = await client.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [typo]);
        assert.equal(rows.length, 0, 'the mistyped schema was not created');
      } finally {
        await client.end();
      }
    });

    it('when an import is refused (the target at another level, or not empty), then the target is left at its level: the import migrated nothing', async () => {
      const older = `${schema}_older`;
      const store = await createStore({ databaseUrl: testPostgresUrl, schema: older });
      await store.units.upsert({ unitId: 'so-noi-vu-bac-giang', nameVi: 'Sở Nội vụ', nameEn: 'Department of Home Affairs', parentId: null, approvers: {} });
      const latest = (await store.info()).latestMigration;
      await store.close();
      const client = new pg.Client({ connectionString: testPostgresUrl });
      await client.connect();
      try {
        // A store of the version before: its last migration not applied yet.
        await client.query(`DELETE FROM ${older}.schema_migrations WHERE version = $1`, [latest]);
        const refused = await runOps(['import', '--in', path.join(folder, 'cli-export.ndjson')], { DATABASE_URL: testPostgresUrl, DATABASE_SCHEMA: older });
        assert.equal(refused.code, 1, refused.output);
        assert.match(refused.output, new RegExp(`ImportRefusedError: .* was exported at migration level ${latest}; the target is at ${latest - 1}`));
        const { rows } = await client.query(`SELECT max(version) AS level FROM ${older}.schema_migrations`);
        assert.equal(Number(rows[0].level), latest - 1, 'the refused import left the target at its level');
      } finally {
        await client.end();
        await dropSchema(older);
      }
    });

    it('when a migration row is gone on PostgreSQL, then store:check exits 1 saying the level is behind', async () => {
      const client = new pg.Client({ connectionString: testPostgresUrl });
      await client.connect();
      try {
        await client.query(`DELETE FROM ${schema}.schema_migrations WHERE version = (SELECT max(version) FROM ${schema}.schema_migrations)`);
      } finally {
        await client.end();
      }
      const result = await runOps(['check'], env);
      assert.equal(result.code, 1, result.output);
      assert.match(result.output, /PROBLEM: migration level \d+ is behind this code's latest \d+/);
    });
  });
});
