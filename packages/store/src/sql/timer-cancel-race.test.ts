/**
 * A timer that fires while a commit leaving its state is already running, on PostgreSQL (two
 * connections; PGlite has one, so the race cannot happen there). The fire's transaction is held
 * open until the commit waits for the timer's row, then committed: the commit must still cancel
 * the timer, whose event then waits in the inbox for the engine to record without a transition.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { postgresTarget } from '../testing/store-targets.ts';
import { createStore } from '../create-store.ts';
import type { Store } from '../store.port.ts';
import { newInstance, timerRow, transition } from '../testing/store-fixtures.ts';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

// The contract suite's probe: PostgreSQL answering within two seconds, or why not.
const skipReason = (await postgresTarget('the timer race suite')).skipReason;

describe('a timer that fires during a commit that leaves its state (PostgreSQL)', { skip: skipReason }, () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  let store: Store;
  let client: pg.Client;
  before(async () => {
    store = await createStore({ databaseUrl: url, schema });
    client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`SET search_path TO ${schema}`);
  });
  after(async () => {
    await client?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
    await client?.end();
    await store?.close();
  });

  /** Whether some backend waits for a lock: the commit has reached the timer's row. */
  const someoneWaits = async () => (await client.query(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted`)).rows[0].n > 0;

  it('when the fire commits while the commit waits for the timer row, then the commit still cancels the timer and reports it', async () => {
    const instance = newInstance();
    const deadline = timerRow(instance.instanceId, 'deadline', -60_000);
    await store.instances.create({ ...instance, timers: [deadline] });

    await client.query('BEGIN');
    try {
      // What timers.fire writes, held open: the timer leaves `pending`, its event enters the inbox.
      await client.query(`UPDATE timers SET status = 'fired', fired_at = now() WHERE timer_id = $1 AND status = 'pending'`, [deadline.timerId]);
      await client.query(`INSERT INTO inbox (instance_id, event_id, event, meta) VALUES ($1, $2, $3::jsonb, $4::jsonb)`, [
        instance.instanceId,
        deadline.timerId,
        JSON.stringify(deadline.event),
        JSON.stringify({ source: 'timer', via: deadline.timerId }),
      ]);
      const committing = store.instances.commit(transition({ instanceId: instance.instanceId, version: 1 }, { eventId: randomUUID(), cancelSendIds: ['deadline'] }));
      for (let attempt = 0; attempt < 100 && !(await someoneWaits()); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.ok(await someoneWaits(), 'the commit waits for the timer row the fire holds');
      await client.query('COMMIT');
      const result = await committing;
      assert.ok(result.outcome === 'committed', JSON.stringify(result));
      assert.deepEqual(result.cancelledTimers.map((timer) => timer.timerId), [deadline.timerId]);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
    assert.equal((await store.timers.get(deadline.timerId))?.status, 'cancelled', 'the stale event will be recorded without a transition');
  });
});
