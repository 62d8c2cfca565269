/**
 * Opening a PostgreSQL store whose server takes the connection and never answers (a partition,
 * a hung proxy): the open fails within the connect timeout, naming the store with its password
 * masked, instead of holding a process's start for good. The server here is a real TCP listener
 * on 127.0.0.1 that never speaks.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createStore, StoreOpenError } from './create-store.ts';
import { createPgDriver } from './sql/pg-driver.ts';
import { postgresUnreachable } from './testing/store-targets.ts';

const postgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** Whether the PostgreSQL of the tests answers (the machine runs one; said plainly when it does not). */
async function postgresAnswers(): Promise<boolean> {
  const probe = createPgDriver({ connectionString: postgresUrl, poolSize: 1, connectTimeoutMs: 2_000 });
  try {
    await probe.query('SELECT 1', []);
    return true;
  } catch {
    return false;
  } finally {
    await probe.close();
  }
}
const pgSkip = (await postgresAnswers()) ? false : postgresUnreachable(`no PostgreSQL answers at ${postgresUrl}: its createStore tests skipped`);

describe('createStore on a PostgreSQL that never answers', () => {
  it('when the server accepts and stays silent, then opening fails within the connect timeout with StoreOpenError naming the masked URL', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const started = Date.now();
      await assert.rejects(createStore({ databaseUrl: `postgres://vinhdanh:s3cret@127.0.0.1:${port}/vd`, connectTimeoutMs: 300 }), (error: unknown) => {
        assert.ok(error instanceof StoreOpenError);
        assert.match(error.message, new RegExp(`^cannot open the store \\(DATABASE_URL postgres://vinhdanh:\\*\\*\\*@127\\.0\\.0\\.1:${port}/vd\\): .*timeout`, 'i'));
        assert.doesNotMatch(error.message, /s3cret/);
        return true;
      });
      assert.ok(Date.now() - started < 10_000, `failed after ${Date.now() - started} ms`);
    } finally {
      silent.close();
    }
  });
});

describe('the connect timeout on a busy PostgreSQL pool', { skip: pgSkip }, () => {
  it('when every connection is busy longer than the connect timeout, then a query waits for one rather than failing', async () => {
    const driver = createPgDriver({ connectionString: postgresUrl, poolSize: 1, connectTimeoutMs: 300 });
    try {
      const holding = driver.query('SELECT pg_sleep(1)', []);
      const waiting = await driver.query<{ one: number }>('SELECT 1 AS one', []);
      assert.deepEqual(waiting.rows, [{ one: 1 }], 'it waited a second for the busy connection, past the 300 ms connect timeout');
      await holding;
    } finally {
      await driver.close();
    }
  });
});

describe('createStore on embedded PGlite', () => {
  it('when it keeps its files in the data dir, then their folder is the owner\'s alone (0700), a folder made earlier with wider rights included', async () => {
    const fresh = mkdtempSync(path.join(os.tmpdir(), 'vd-pglite-mode-'));
    const earlier = mkdtempSync(path.join(os.tmpdir(), 'vd-pglite-mode-'));
    try {
      mkdirSync(path.join(earlier, 'pglite'));
      chmodSync(path.join(earlier, 'pglite'), 0o777);
      for (const dataDir of [fresh, earlier]) {
        const store = await createStore({ dataDir });
        await store.close();
        assert.equal(statSync(path.join(dataDir, 'pglite')).mode & 0o777, 0o700, dataDir);
      }
    } finally {
      rmSync(fresh, { recursive: true, force: true });
      rmSync(earlier, { recursive: true, force: true });
    }
  });
});
