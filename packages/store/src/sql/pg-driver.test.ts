import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { postgresTarget } from '../testing/store-targets.ts';
import { createPgDriver } from './pg-driver.ts';
import type { SqlDriver } from './sql-driver.ts';

// Tests may read the environment; services get their settings from packages/config.
const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

// The contract suite's probe: PostgreSQL answering within two seconds, or why not.
const skipReason = (await postgresTarget('the pg driver suite')).skipReason;

describe('pg driver: prepared statements', { skip: skipReason }, () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  let driver: SqlDriver;

  before(async () => {
    driver = createPgDriver({ connectionString: url, schema, poolSize: 1 });
    await driver.exec(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.things (id text PRIMARY KEY, name text NOT NULL)`);
    await driver.query('INSERT INTO things (id, name) VALUES ($1, $2)', ['a', 'first']);
  });

  after(async () => {
    await driver.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await driver.close();
  });

  it('when the same parameterised statement runs again, then it gives the same answers as the first time', async () => {
    for (let i = 0; i < 8; i += 1) {
      const { rows, rowCount } = await driver.query<{ name: string }>('SELECT name FROM things WHERE id = $1', ['a']);
      assert.equal(rowCount, 1);
      assert.equal(rows[0]!.name, 'first');
    }
  });

  it('when a migration changes a table under a prepared SELECT *, then the next query still answers, with the new column', async () => {
    const read = () => driver.query<Record<string, unknown>>('SELECT * FROM things WHERE id = $1', ['a']);
    assert.deepEqual(Object.keys((await read()).rows[0]!), ['id', 'name']);
    await driver.exec('ALTER TABLE things ADD COLUMN note text');
    assert.deepEqual(Object.keys((await read()).rows[0]!), ['id', 'name', 'note']);
    assert.deepEqual(Object.keys((await read()).rows[0]!), ['id', 'name', 'note'], 'and it stays prepared afterwards');
  });

  it('when the table changes under a statement prepared in a transaction, then that transaction fails whole and its retry succeeds', async () => {
    const readInTransaction = () =>
      driver.transaction(async (tx) => {
        await tx.query('INSERT INTO things (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', ['tx', 'in a transaction']);
        return (await tx.query<Record<string, unknown>>('SELECT * FROM things WHERE id = $1', ['tx'])).rows[0]!;
      });
    await readInTransaction();
    await driver.exec('ALTER TABLE things ADD COLUMN tag text');
    await driver.exec(`DELETE FROM things WHERE id = 'tx'`);
    await assert.rejects(readInTransaction(), { code: '0A000' });
    assert.equal((await driver.query('SELECT 1 FROM things WHERE id = $1', ['tx'])).rowCount, 0, 'the failed transaction wrote nothing');
    assert.ok('tag' in (await readInTransaction()));
  });

  it('when a statement has run 100 and then 1 000 times, then each time it is prepared afresh and answers the same', async () => {
    const lookup = 'SELECT name FROM things WHERE id = ANY($1::text[])';
    const prepared = async () =>
      (await driver.query('SELECT name FROM pg_prepared_statements WHERE statement = $1', [lookup])).rowCount;
    for (let run = 1; run <= 1000; run += 1) {
      const { rows } = await driver.query<{ name: string }>(lookup, [['a']]);
      assert.equal(rows[0]?.name, 'first');
      if (run === 99) assert.equal(await prepared(), 1, 'one plan for the first 99 runs');
      if (run === 100) assert.equal(await prepared(), 2, 'planned afresh at the 100th run');
      if (run === 999) assert.equal(await prepared(), 2);
    }
    assert.equal(await prepared(), 3, 'and again at the 1 000th');
  });

  it('when a statement fails, then the error reaches the caller and the connection serves the next one', async () => {
    await assert.rejects(driver.query('INSERT INTO things (id, name) VALUES ($1, $2)', ['a', 'again']), { code: '23505' });
    assert.equal((await driver.query('SELECT 1 FROM things WHERE id = $1', ['a'])).rowCount, 1);
  });
});
