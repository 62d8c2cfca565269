/**
 * Closing a runtime while a statement of its store waits on a lock another session holds (a job
 * left running by the drain timeout, say), on real PostgreSQL and Redis: the close returns after
 * a bounded wait, not when the lock is released.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { dropSchema, postgresReachable, startHarness, testPostgresUrl, type Harness } from '../support/harness.ts';
import { testDefinitions } from '../support/test-machines.ts';
import { waitFor } from '../support/wait.ts';

const pgSkip = await postgresReachable();

describe('closing a runtime with a statement stuck on a lock', { skip: pgSkip }, () => {
  let harness: Harness;
  let locker: pg.Client;
  before(async () => {
    harness = await startHarness({ definitions: testDefinitions, store: 'postgres', workers: 0, reconcileIntervalMs: 3_600_000 });
    locker = new pg.Client({ connectionString: testPostgresUrl });
    await locker.connect();
  });
  after(async () => {
    await locker?.query('ROLLBACK').catch(() => {});
    await locker?.end();
    await harness?.reconciler.stop();
    if (harness?.dbSchema) await dropSchema(harness.dbSchema);
  });

  it('when an event is being committed on a row another session holds locked, then the runtime closes within a few seconds all the same', async () => {
    const { engine } = harness.runtime;
    const { instanceId } = await engine.startInstance({ definitionId: 'ledger' });
    await engine.dispatch({ instanceId, eventId: 'held', event: { type: 'record', seq: 1 } });
    await locker.query('BEGIN');
    await locker.query(`SELECT 1 FROM ${harness.dbSchema}.instances WHERE instance_id = $1 FOR UPDATE`, [instanceId]);
    // The commit's statement waits on the lock, holding its pooled connection.
    let settled = false;
    const applying = engine
      .applyEvent({ instanceId, eventId: 'held', event: { type: 'record', seq: 1 }, meta: {} })
      .catch((error: unknown) => error)
      .finally(() => (settled = true));
    await waitFor(
      async () => (await locker.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE '%instances%' AND pid <> pg_backend_pid()`)).rows[0].n as number,
      (waiting) => waiting > 0,
      { what: 'the commit waiting on the lock', timeoutMs: 10_000, intervalMs: 50 },
    );

    const startedAt = Date.now();
    await harness.runtime.close();
    const closedAfter = Date.now() - startedAt;
    assert.equal(settled, false, 'the commit was still waiting on the lock when the close returned');
    assert.ok(closedAfter < 9_000, `closed after ${closedAfter} ms with the statement still waiting`);

    await locker.query('ROLLBACK');
    await applying;
  });
});
