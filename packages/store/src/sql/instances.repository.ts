import type { CommitResult, InstanceStatus, NewInstance, Store, TransitionCommit } from '../store.port.ts';
import { insertNomination } from './records.repository.ts';
import { toInstance } from './row-mappers.ts';
import type { SqlDriver } from './sql-driver.ts';

const json = (value: unknown) => JSON.stringify(value);

const outboxRecords = (rows: TransitionCommit['outbox']) =>
  json(rows.map((row) => ({ effect_id: row.effectId, queue: row.queue, type: row.type, payload: row.payload })));

const timerRecords = (rows: TransitionCommit['timers']) =>
  json(rows.map((row) => ({ timer_id: row.timerId, send_id: row.sendId, event: row.event, due_at: row.dueAt.toISOString() })));

/**
 * The whole commit is one statement, so it is atomic without an explicit transaction and
 * costs one round trip. Every write hangs on `upd`: when the version moved or the event was
 * already applied, `upd` is empty and nothing at all is written.
 */
const commitSql = `
  WITH upd AS (
    UPDATE instances
       SET snapshot = $3::jsonb, version = version + 1, status = $4, state_value = $5, updated_at = now()
     WHERE instance_id = $1 AND version = $2
       AND NOT EXISTS (SELECT 1 FROM history WHERE instance_id = $1 AND event_id = $6)
    RETURNING version
  ), hist AS (
    INSERT INTO history (instance_id, version, event_id, event_type, event, meta, from_state, to_state, changed)
    SELECT $1, upd.version, $6, $7, $8::jsonb, $9::jsonb, $10, $11, $12 FROM upd
  ), inbox_mark AS (
    -- the event as the history keeps it: secret fields redacted from the inbox copy too
    UPDATE inbox SET status = 'applied', applied_at = now(), event = $8::jsonb
     WHERE instance_id = $1 AND event_id = $6 AND EXISTS (SELECT 1 FROM upd)
  ), outbox_rows AS (
    INSERT INTO outbox (effect_id, instance_id, queue, type, payload)
    SELECT x.effect_id, $1, x.queue, x.type, x.payload
      FROM jsonb_to_recordset($13::jsonb) AS x(effect_id text, queue text, type text, payload jsonb)
     WHERE EXISTS (SELECT 1 FROM upd)
  ), timer_rows AS (
    INSERT INTO timers (timer_id, instance_id, send_id, event, due_at)
    SELECT x.timer_id, $1, x.send_id, x.event, x.due_at
      FROM jsonb_to_recordset($14::jsonb) AS x(timer_id text, send_id text, event jsonb, due_at timestamptz)
     WHERE EXISTS (SELECT 1 FROM upd)
  ), cancelled AS (
    UPDATE timers SET status = 'cancelled'
     WHERE instance_id = $1 AND status = 'pending'
       AND send_id IN (SELECT jsonb_array_elements_text($15::jsonb))
       AND EXISTS (SELECT 1 FROM upd)
    RETURNING timer_id
  )
  SELECT (SELECT version FROM upd) AS version,
         (SELECT coalesce(jsonb_agg(timer_id), '[]'::jsonb) FROM cancelled) AS cancelled_timer_ids`;

export function createInstancesRepository(driver: SqlDriver): Store['instances'] {
  return {
    async create(instance: NewInstance) {
      return driver.transaction(async (tx) => {
        const inserted = await tx.query(
          `INSERT INTO instances (instance_id, definition_id, definition_version, snapshot, version, status, state_value, nomination_id)
           VALUES ($1, $2, $3, $4::jsonb, 1, $5, $6, $7)
           ON CONFLICT (instance_id) DO NOTHING`,
          [
            instance.instanceId,
            instance.definitionId,
            instance.definitionVersion,
            json(instance.snapshot),
            instance.status,
            instance.stateValue,
            instance.nominationId ?? null,
          ],
        );
        if (inserted.rowCount === 0) return 'exists' as const;
        if (instance.nomination) await insertNomination(tx, { ...instance.nomination, instanceId: instance.instanceId });
        const { eventId, event, meta } = instance.startEvent;
        await tx.query(
          `INSERT INTO history (instance_id, version, event_id, event_type, event, meta, from_state, to_state, changed)
           VALUES ($1, 1, $2, $3, $4::jsonb, $5::jsonb, NULL, $6, true)`,
          [instance.instanceId, eventId, event.type, json(event), json(meta), instance.stateValue],
        );
        await tx.query(
          `INSERT INTO outbox (effect_id, instance_id, queue, type, payload)
           SELECT x.effect_id, $1, x.queue, x.type, x.payload
             FROM jsonb_to_recordset($2::jsonb) AS x(effect_id text, queue text, type text, payload jsonb)`,
          [instance.instanceId, outboxRecords(instance.outbox)],
        );
        await tx.query(
          `INSERT INTO timers (timer_id, instance_id, send_id, event, due_at)
           SELECT x.timer_id, $1, x.send_id, x.event, x.due_at
             FROM jsonb_to_recordset($2::jsonb) AS x(timer_id text, send_id text, event jsonb, due_at timestamptz)`,
          [instance.instanceId, timerRecords(instance.timers)],
        );
        return 'created' as const;
      });
    },

    async get(instanceId) {
      const { rows } = await driver.query('SELECT * FROM instances WHERE instance_id = $1', [instanceId]);
      return rows[0] ? toInstance(rows[0]) : null;
    },

    async loadForEvent(instanceId, eventId) {
      const { rows } = await driver.query(
        `SELECT i.*, EXISTS (SELECT 1 FROM history h WHERE h.instance_id = i.instance_id AND h.event_id = $2) AS applied
           FROM instances i WHERE i.instance_id = $1`,
        [instanceId, eventId],
      );
      const row = rows[0];
      return row ? { instance: toInstance(row), applied: Boolean(row.applied) } : null;
    },

    async commit(transition: TransitionCommit): Promise<CommitResult> {
      const { rows } = await driver.query<{ version: number | null; cancelled_timer_ids: string[] }>(commitSql, [
        transition.instanceId,
        transition.expectedVersion,
        json(transition.snapshot),
        transition.status,
        transition.toState,
        transition.eventId,
        transition.event.type,
        json(transition.event),
        json(transition.meta),
        transition.fromState,
        transition.toState,
        transition.changed,
        outboxRecords(transition.outbox),
        timerRecords(transition.timers),
        json(transition.cancelSendIds),
      ]);
      const row = rows[0];
      if (row && row.version !== null) {
        return { outcome: 'committed', version: Number(row.version), cancelledTimerIds: row.cancelled_timer_ids };
      }
      const seen = await driver.query('SELECT 1 FROM history WHERE instance_id = $1 AND event_id = $2', [
        transition.instanceId,
        transition.eventId,
      ]);
      return seen.rowCount > 0 ? { outcome: 'duplicate' } : { outcome: 'conflict' };
    },

    async countByStatus() {
      const counts: Record<InstanceStatus, number> = { active: 0, done: 0, error: 0, stopped: 0 };
      const { rows } = await driver.query<{ status: InstanceStatus; n: number }>(
        'SELECT status, count(*)::int AS n FROM instances GROUP BY status',
      );
      for (const row of rows) counts[row.status] = Number(row.n);
      return counts;
    },
  };
}
