import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPgliteDriver, createSqlStore, latestMigration, type Store } from '@vinh-danh/store';
import { checkStore, formatStoreCheck } from './store-check.ts';

/** A migrated in-memory store and its driver, so a test can damage the schema behind the port's back. */
async function openDamageable() {
  const driver = await createPgliteDriver({ dataDir: 'memory://' });
  const store: Store = createSqlStore(driver);
  await store.migrate();
  return { driver, store };
}

type Damageable = Awaited<ReturnType<typeof openDamageable>>;

/** Moves a migration's bookkeeping row aside (the schema itself stays), and puts it back. */
const bookkeepingWithout = (version: number) =>
  `CREATE TABLE migrations_aside AS SELECT * FROM schema_migrations WHERE version = ${version}; DELETE FROM schema_migrations WHERE version = ${version}`;
const bookkeepingRestored = 'INSERT INTO schema_migrations SELECT * FROM migrations_aside; DROP TABLE migrations_aside';

describe('store:check', () => {
  // One store for the file: each test damages it, then repairs what it damaged.
  let opened: Damageable;
  before(async () => {
    opened = await openDamageable();
  });
  after(async () => {
    await opened?.store.close();
  });
  const damaged = async (damage: string, repair: string, check: (store: Store) => Promise<void>) => {
    await opened.driver.exec(damage);
    try {
      await check(opened.store);
    } finally {
      await opened.driver.exec(repair);
    }
    assert.deepEqual((await checkStore(opened.store)).problems, [], 'repaired');
  };

  it('when the store is migrated to the latest level, then the check passes and says so', async () => {
    const report = await checkStore(opened.store);
    assert.deepEqual(report.problems, []);
    assert.equal(report.adapter, 'pglite');
    assert.equal(report.migrationLevel, latestMigration);
    assert.equal(report.indexes.found, report.indexes.expected);
    assert.match(report.serverVersion, /^PostgreSQL \d+/);
    const text = formatStoreCheck(report);
    assert.match(text, new RegExp(`migration level: +${latestMigration} of ${latestMigration}`));
    assert.match(text, /^OK: the store matches this version of the code\.$/m);
  });

  it('when an index was dropped, then the check fails naming it and its definition', () =>
    damaged('DROP INDEX tasks_assignee_idx', 'CREATE INDEX tasks_assignee_idx ON tasks (assignee, status)', async (store) => {
      const report = await checkStore(store);
      assert.equal(report.problems.length, 1);
      assert.match(report.problems[0]!, /^index tasks_assignee_idx on tasks is missing; expected: CREATE INDEX tasks_assignee_idx ON tasks USING btree \(assignee, status\)$/);
      assert.match(formatStoreCheck(report), /PROBLEM: index tasks_assignee_idx on tasks is missing[\s\S]*FAILED: 1 problem\(s\)\./);
    }));

  it('when an index exists under its name with other columns, then the check fails showing both definitions', () =>
    damaged(
      'DROP INDEX tasks_instance_idx; CREATE INDEX tasks_instance_idx ON tasks (step)',
      'DROP INDEX tasks_instance_idx; CREATE INDEX tasks_instance_idx ON tasks (instance_id)',
      async (store) => {
        const [problem, ...others] = (await checkStore(store)).problems;
        assert.deepEqual(others, []);
        assert.match(problem!, /index tasks_instance_idx on tasks differs; expected: .*\(instance_id\); found: .*\(step\)/);
      },
    ));

  it('when an operator added an index of their own, then it is noted and the check still passes', () =>
    damaged('CREATE INDEX ops_extra_idx ON tasks (outcome)', 'DROP INDEX ops_extra_idx', async (store) => {
      const report = await checkStore(store);
      assert.deepEqual(report.problems, []);
      assert.match(formatStoreCheck(report), /note: index ops_extra_idx on tasks is not defined by any migration/);
    }));

  it('when the latest migration was not applied, then the check fails: the level is behind', () =>
    damaged(bookkeepingWithout(latestMigration), bookkeepingRestored, async (store) => {
      const report = await checkStore(store);
      assert.equal(report.migrationLevel, latestMigration - 1);
      assert.match(report.problems[0]!, new RegExp(`^migration level ${latestMigration - 1} is behind this code's latest ${latestMigration}: migration\\(s\\) ${latestMigration} not applied`));
    }));

  it('when a migration below the level is missing, then the check fails naming it', () =>
    damaged(bookkeepingWithout(2), bookkeepingRestored, async (store) => {
      const problems = (await checkStore(store)).problems;
      assert.deepEqual(problems, [`migration(s) 2 missing below level ${latestMigration}: the schema was changed by hand or restored in part`]);
    }));

  it('when the database was migrated by a newer version, then the check fails: the level is ahead', () =>
    damaged(
      `INSERT INTO schema_migrations (version, name) VALUES (${latestMigration + 1}, 'from the future')`,
      `DELETE FROM schema_migrations WHERE version = ${latestMigration + 1}`,
      async (store) => {
        const problems = (await checkStore(store)).problems;
        assert.equal(problems.length, 1);
        assert.match(problems[0]!, new RegExp(`^migration level ${latestMigration + 1} is ahead of this code's latest ${latestMigration}`));
      },
    ));

  it('when the store was never migrated, then the check fails with one problem saying so', async () => {
    const driver = await createPgliteDriver({ dataDir: 'memory://' });
    const store = createSqlStore(driver);
    try {
      const { problems } = await checkStore(store);
      assert.equal(problems.length, 1);
      assert.match(problems[0]!, /^the store has never been migrated \(no migration applied, 0 of the \d+ indexes present\)/);
    } finally {
      await store.close();
    }
  });
});
