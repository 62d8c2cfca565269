/**
 * Upgrading a store that holds data through a migration, on embedded PGlite: the schema is
 * built to the level before, rows are written the way that level's code wrote them, and the
 * start-up migration then runs as it does in a deployment.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Store } from '../store.port.ts';
import { bookkeepingTableSql, migrations } from './migrations.ts';
import { createPgliteDriver } from './pglite-driver.ts';
import type { SqlDriver } from './sql-driver.ts';
import { createSqlStore } from './sql-store.ts';

/** Applies the migrations up to `level` as the runner does, without the later ones. */
async function migrateTo(driver: SqlDriver, level: number) {
  await driver.exec(bookkeepingTableSql);
  for (const migration of migrations.filter((candidate) => candidate.version <= level)) {
    await driver.exec(migration.sql);
    await driver.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
  }
}

describe('migration 11: decision numbers per register', () => {
  let driver: SqlDriver;
  let store: Store;
  const chairman = 'Chủ tịch UBND xã Tân Phú';
  before(async () => {
    driver = await createPgliteDriver({ dataDir: 'memory://' });
    await migrateTo(driver, 10);
    // Two decisions numbered per signatory text, as before registers: 1 and 2 of 2025.
    for (const number of [1, 2]) {
      await driver.query(
        `INSERT INTO decisions (decision_id, nomination_id, instance_id, authority, issuer_code, year, number, decision_number, award_type_id, decision_date, amount_vnd, amount_basis)
         VALUES ($1, $2, $3, $4, 'QĐ-UBND', 2025, $5, $6, 'giay-khen', '2025-03-10', 702000, '{}')`,
        [`dec-old-${number}`, `nom-old-${number}`, `inst-old-${number}`, chairman, number, `${number}/QĐ-UBND`],
      );
    }
    await driver.query(`INSERT INTO decision_counters (authority, year, last_number) VALUES ($1, 2025, 2)`, [chairman]);
    store = createSqlStore(driver);
    await store.migrate();
  });
  after(() => store.close());

  it('when a store at level 10 holding decisions starts, then it reaches the latest level and each decision keeps its number under its signatory text', async () => {
    const info = await store.info();
    assert.equal(info.migrationLevel, info.latestMigration);
    const { rows } = await driver.query<{ decision_id: string; register: string; decision_number: string }>(
      'SELECT decision_id, register, decision_number FROM decisions ORDER BY decision_id',
    );
    assert.deepEqual(rows, [
      { decision_id: 'dec-old-1', register: chairman, decision_number: '1/QĐ-UBND' },
      { decision_id: 'dec-old-2', register: chairman, decision_number: '2/QĐ-UBND' },
    ]);
  });

  it('when two bodies signed by that text issue after the upgrade, then each continues or starts its own register, and the old numbers stay taken in theirs', async () => {
    const draft = (decisionId: string) => ({
      decisionId, nominationId: `nom-${decisionId}`, instanceId: `inst-${decisionId}`, authority: chairman, issuerCode: 'QĐ-UBND',
      year: 2025, awardTypeId: 'giay-khen', decisionDate: new Date('2025-08-10T00:00:00Z'), amountVnd: 702_000, amountBasis: {},
    });
    // The commune that numbered by this text continues after its 2; the other commune starts at 1.
    const continuing = await store.decisions.issue(draft('dec-a'), null, { key: 'xa-tan-phu-dong-nai QĐ-UBND', continues: [chairman] });
    const fresh = await store.decisions.issue(draft('dec-b'), null, { key: 'xa-tan-phu-vinh-long QĐ-UBND' });
    assert.equal(continuing.decision.decisionNumber, '3/QĐ-UBND');
    assert.equal(fresh.decision.decisionNumber, '1/QĐ-UBND');
    // A number already given in a register is still refused there.
    await assert.rejects(
      driver.query(
        `INSERT INTO decisions (decision_id, nomination_id, instance_id, authority, issuer_code, year, number, decision_number, award_type_id, decision_date, amount_vnd, amount_basis, register)
         VALUES ('dec-c', 'nom-c', 'inst-c', $1, 'QĐ-UBND', 2025, 1, '1/QĐ-UBND', 'giay-khen', '2025-08-11', 702000, '{}', 'xa-tan-phu-vinh-long QĐ-UBND')`,
        [chairman],
      ),
      /decisions_register_year_number_key/,
    );
  });
});
