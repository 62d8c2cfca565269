import { toHistoryEntry, toInboxEvent, toPendingOutboxRow, toTimerRecord } from '../records/record-mappers.ts';
import type { Store } from '../store.port.ts';
import { createKeyBatcher } from './key-batcher.ts';
import type { SqlDriver } from './sql-driver.ts';

const json = (value: unknown) => JSON.stringify(value);

export function createHistoryRepository(driver: SqlDriver): Store['history'] {
  return {
    async list(instanceId) {
      const { rows } = await driver.query('SELECT * FROM history WHERE instance_id = $1 ORDER BY version', [instanceId]);
      return rows.map(toHistoryEntry);
    },
  };
}

export function createInboxRepository(driver: SqlDriver): Store['inbox'] {
  return {
    async add(event) {
      // One round trip: the existence check and the insert are one statement.
      const { rows } = await driver.query<{ instance: boolean; added: boolean }>(
        `WITH instance AS (
           SELECT 1 FROM instances WHERE instance_id = $1
         ), added AS (
           INSERT INTO inbox (instance_id, event_id, event, meta)
           SELECT $1::text, $2::text, $3::jsonb, $4::jsonb WHERE EXISTS (SELECT 1 FROM instance)
           ON CONFLICT (instance_id, event_id) DO NOTHING
           RETURNING 1
         )
         SELECT EXISTS (SELECT 1 FROM instance) AS instance, EXISTS (SELECT 1 FROM added) AS added`,
        [event.instanceId, event.eventId, json(event.event), json(event.meta)],
      );
      const row = rows[0];
      return !row?.instance ? 'no-instance' : row.added ? 'added' : 'exists';
    },
    async listPending(olderThan, limit, after) {
      const { rows } = await driver.query(
        `SELECT * FROM inbox
          WHERE status = 'pending' AND created_at < $1
            AND ($3::timestamptz IS NULL OR (created_at, event_id) > ($3::timestamptz, $4::text))
          ORDER BY created_at, event_id LIMIT $2`,
        [olderThan.toISOString(), limit, after?.createdAt.toISOString() ?? null, after?.key ?? ''],
      );
      return rows.map(toInboxEvent);
    },
    async markApplied(instanceId, eventId) {
      await driver.query(
        `UPDATE inbox SET status = 'applied', applied_at = now() WHERE instance_id = $1 AND event_id = $2 AND status = 'pending'`,
        [instanceId, eventId],
      );
    },
    async markFailed(instanceId, eventId, reason) {
      await driver.query(
        `UPDATE inbox SET status = 'failed', error = $3 WHERE instance_id = $1 AND event_id = $2 AND status = 'pending'`,
        [instanceId, eventId, reason.slice(0, 2000)],
      );
    },
  };
}

export function createOutboxRepository(driver: SqlDriver): Store['outbox'] {
  // Every effect job reads its row and marks it done: under load these two are the busiest
  // statements of the store, so concurrent calls share one statement each (see key-batcher).
  const getBatched = createKeyBatcher<string, Record<string, unknown> | null>({
    missing: null,
    async run(effectIds) {
      const { rows } = await driver.query('SELECT * FROM outbox WHERE effect_id = ANY($1::text[])', [effectIds]);
      return new Map(rows.map((row) => [String(row.effect_id), row]));
    },
  });
  const markDoneBatched = createKeyBatcher<string, void>({
    missing: undefined,
    async run(effectIds) {
      await driver.query(`UPDATE outbox SET status = 'done', done_at = now() WHERE effect_id = ANY($1::text[]) AND status = 'pending'`, [
        effectIds,
      ]);
      return new Map();
    },
  });
  return {
    async listPending(olderThan, limit, after) {
      const { rows } = await driver.query(
        `SELECT * FROM outbox
          WHERE status = 'pending' AND created_at < $1
            AND ($3::timestamptz IS NULL OR (created_at, effect_id) > ($3::timestamptz, $4::text))
          ORDER BY created_at, effect_id LIMIT $2`,
        [olderThan.toISOString(), limit, after?.createdAt.toISOString() ?? null, after?.key ?? ''],
      );
      return rows.map(toPendingOutboxRow);
    },
    async get(effectId) {
      const row = await getBatched(effectId);
      return row ? { ...toPendingOutboxRow(row), done: row.status === 'done' } : null;
    },
    async markDone(effectId) {
      await markDoneBatched(effectId);
    },
    async markFailed(effectId, reason) {
      await driver.query(`UPDATE outbox SET status = 'failed', error = $2 WHERE effect_id = $1 AND status = 'pending'`, [
        effectId,
        reason.slice(0, 2000),
      ]);
    },
  };
}

export function createTimersRepository(driver: SqlDriver): Store['timers'] {
  return {
    async get(timerId) {
      const { rows } = await driver.query('SELECT * FROM timers WHERE timer_id = $1', [timerId]);
      return rows[0] ? toTimerRecord(rows[0]) : null;
    },
    async listPending(dueBefore, limit) {
      const { rows } = await driver.query(
        `SELECT * FROM timers WHERE status = 'pending' AND due_at <= $1 ORDER BY due_at LIMIT $2`,
        [dueBefore.toISOString(), limit],
      );
      return rows.map(toTimerRecord);
    },
    async fire(timerId, meta) {
      // One statement: the timer leaves `pending` and its event enters the inbox together.
      const { rows } = await driver.query(
        `WITH fired AS (
           UPDATE timers SET status = 'fired', fired_at = now()
            WHERE timer_id = $1 AND status = 'pending'
           RETURNING instance_id, timer_id, event
         ), queued AS (
           INSERT INTO inbox (instance_id, event_id, event, meta)
           SELECT instance_id, timer_id, event, $2::jsonb FROM fired
           ON CONFLICT (instance_id, event_id) DO NOTHING
         )
         SELECT instance_id, timer_id AS event_id, event, $2::jsonb AS meta, now() AS created_at FROM fired`,
        [timerId, json(meta)],
      );
      return rows[0] ? toInboxEvent(rows[0]) : null;
    },
  };
}
