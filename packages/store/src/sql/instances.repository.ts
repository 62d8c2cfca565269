import { toInstanceRecord } from '../records/record-mappers.ts';
import type { CommitResult, InstanceStatus, NewInstance, Store, StoreWrites, TransitionCommit } from '../store.port.ts';
import { createKeyBatcher } from './key-batcher.ts';
import { insertNomination, nominationColumns, nominationPlaceholders, nominationValues } from './records.repository.ts';
import type { SqlDriver } from './sql-driver.ts';

const json = (value: unknown) => JSON.stringify(value);
const iso = (value: Date | null | undefined) => (value ? value.toISOString() : null);

const outboxRecords = (rows: TransitionCommit['outbox']) =>
  json(rows.map((row) => ({ effect_id: row.effectId, queue: row.queue, type: row.type, payload: row.payload })));

const timerRecords = (rows: TransitionCommit['timers']) =>
  json(rows.map((row) => ({ timer_id: row.timerId, send_id: row.sendId, event: row.event, due_at: row.dueAt.toISOString() })));

const taskRecords = (rows: StoreWrites['tasksToOpen'] = []) =>
  json(
    rows.map((task) => ({
      task_id: task.taskId,
      nomination_id: task.nominationId ?? null,
      step: task.step,
      assignee: task.assignee,
      due_at: iso(task.dueAt),
      token_hash: task.tokenHash ?? null,
      token_expires_at: iso(task.tokenExpiresAt),
    })),
  );

/** One closing per task id, the first one: what closing them one after the other would leave. */
const closingRecords = (rows: StoreWrites['tasksToClose'] = []) => {
  const seen = new Set<string>();
  const unique = rows.filter((row) => !seen.has(row.taskId) && seen.add(row.taskId));
  return json(unique.map((row) => ({ task_id: row.taskId, status: row.status, outcome: row.outcome })));
};

/**
 * The writes a transition carries besides the instance row, as CTEs of one statement. Each
 * runs only when the CTE named `guard` returned a row (the instance row was updated or
 * inserted), so a commit that does not happen writes nothing. `$1` is the instance id; `p`
 * numbers the parameters from `first` on, in the order of {@link writeParams}.
 *
 * Tasks: the openings are inserted (an existing task id is left as it is), each already closed
 * when this transition also closes it — sub-statements of one statement cannot see each
 * other's rows, so the closing UPDATE only reaches tasks open before the commit.
 */
function writeCtes(guard: string, first: number): string {
  const p = (offset: number) => `$${first + offset}`;
  const when = `EXISTS (SELECT 1 FROM ${guard})`;
  return `
  outbox_rows AS (
    INSERT INTO outbox (effect_id, instance_id, queue, type, payload)
    SELECT x.effect_id, $1, x.queue, x.type, x.payload
      FROM jsonb_to_recordset(${p(0)}::jsonb) AS x(effect_id text, queue text, type text, payload jsonb)
     WHERE ${when}
  ), timer_rows AS (
    INSERT INTO timers (timer_id, instance_id, send_id, event, due_at)
    SELECT x.timer_id, $1, x.send_id, x.event, x.due_at
      FROM jsonb_to_recordset(${p(1)}::jsonb) AS x(timer_id text, send_id text, event jsonb, due_at timestamptz)
     WHERE ${when}
  ), closing AS (
    SELECT c.task_id, c.status, c.outcome
      FROM jsonb_to_recordset(${p(3)}::jsonb) AS c(task_id text, status text, outcome text)
  ), task_rows AS (
    INSERT INTO tasks (task_id, instance_id, nomination_id, step, assignee, due_at, token_hash, token_expires_at,
                       status, outcome, completed_at)
    SELECT x.task_id, $1, x.nomination_id, x.step, x.assignee, x.due_at, x.token_hash, x.token_expires_at,
           coalesce(c.status, 'open'), c.outcome, CASE WHEN c.task_id IS NULL THEN NULL ELSE now() END
      FROM jsonb_to_recordset(${p(2)}::jsonb)
           AS x(task_id text, nomination_id text, step text, assignee text, due_at timestamptz, token_hash text,
                token_expires_at timestamptz)
      LEFT JOIN closing c ON c.task_id = x.task_id
     WHERE ${when}
    ON CONFLICT (task_id) DO NOTHING
  ), task_closes AS (
    -- \`= ANY\` keeps the lookup on the primary key whatever the planner guesses of the list
    UPDATE tasks t SET status = c.status, outcome = c.outcome, completed_at = now()
      FROM closing c
     WHERE t.task_id = ANY (${p(6)}::text[]) AND t.task_id = c.task_id AND t.status = 'open' AND ${when}
  ), nomination_status AS (
    UPDATE nominations SET status = ${p(5)}
     WHERE nomination_id = ${p(4)} AND ${when}
  )`;
}

const writeParams = (writes: Pick<TransitionCommit, 'outbox' | 'timers'> & StoreWrites) => [
  outboxRecords(writes.outbox),
  timerRecords(writes.timers),
  taskRecords(writes.tasksToOpen),
  closingRecords(writes.tasksToClose),
  writes.nominationStatus?.nominationId ?? null,
  writes.nominationStatus?.status ?? null,
  (writes.tasksToClose ?? []).map((closing) => closing.taskId),
];

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
  ), cancelled AS (
    UPDATE timers SET status = 'cancelled'
     WHERE instance_id = $1 AND status = 'pending'
       AND send_id IN (SELECT jsonb_array_elements_text($13::jsonb))
       AND EXISTS (SELECT 1 FROM upd)
    RETURNING timer_id, due_at
  ), ${writeCtes('upd', 14)}
  SELECT (SELECT version FROM upd) AS version,
         (SELECT coalesce(jsonb_agg(jsonb_build_object('timerId', timer_id, 'dueAtMs', (extract(epoch FROM due_at) * 1000)::float8)), '[]'::jsonb)
            FROM cancelled)
           AS cancelled_timers`;

/**
 * An instance with its first history entry and every write of its initial transition: CTEs
 * that write nothing when the instance id exists (`ins` is then empty).
 */
const createCtes = `
  WITH ins AS (
    INSERT INTO instances (instance_id, definition_id, definition_version, snapshot, version, status, state_value, nomination_id)
    VALUES ($1, $2, $3, $4::jsonb, 1, $5, $6, $7)
    ON CONFLICT (instance_id) DO NOTHING
    RETURNING instance_id
  ), hist AS (
    INSERT INTO history (instance_id, version, event_id, event_type, event, meta, from_state, to_state, changed)
    SELECT $1, 1, $8, $9, $10::jsonb, $11::jsonb, NULL, $6, true FROM ins
  ), ${writeCtes('ins', 12)}`;

/**
 * {@link createCtes} as one statement. A nomination stored with the instance is inserted by
 * the next statement of the same transaction, so its status is set after it.
 */
const createSql = `${createCtes}
  SELECT EXISTS (SELECT 1 FROM ins) AS created`;

/**
 * {@link createCtes} with the instance's nomination (without files) inserted by the same
 * statement, in the state the initial transition gives it (`$30`; the column's default when
 * it gives none): one round trip, whole or not at all — a clashing idempotency key or
 * tracking code fails the statement and nothing of it is written.
 */
const createWithNominationSql = `${createCtes}, nomination_row AS (
    INSERT INTO nominations (${nominationColumns}, status)
    SELECT ${nominationPlaceholders(19)}, coalesce($30::text, 'submitted') FROM ins
  )
  SELECT EXISTS (SELECT 1 FROM ins) AS created`;

/** Key of one `loadForEvent` call in a batch: ids cannot hold a NUL. */
const loadKey = (instanceId: string, eventId: string) => `${instanceId}\u0000${eventId}`;

/**
 * Instances and, for each, which of the asked event ids its history holds (those asked for
 * another instance of the batch may come too; the caller looks for its own pair). Plain
 * `= ANY` lookups, so PostgreSQL settles on one cached plan for the named statement instead
 * of planning each batch afresh.
 */
const loadBatchSql = `
  SELECT i.*,
         ARRAY(SELECT h.event_id FROM history h WHERE h.instance_id = i.instance_id AND h.event_id = ANY ($2::text[])) AS applied_event_ids
    FROM instances i
   WHERE i.instance_id = ANY ($1::text[])`;

export function createInstancesRepository(driver: SqlDriver): Store['instances'] {
  // Every workflow job starts with this read: concurrent jobs share one statement (see key-batcher).
  const loadBatched = createKeyBatcher<string, Record<string, unknown> | null>({
    missing: null,
    async run(keys) {
      const pairs = keys.map((key) => key.split('\u0000') as [string, string]);
      const { rows } = await driver.query(loadBatchSql, [
        [...new Set(pairs.map(([instanceId]) => instanceId))],
        [...new Set(pairs.map(([, eventId]) => eventId))],
      ]);
      const byInstance = new Map(rows.map((row) => [String(row.instance_id), row]));
      const results = new Map<string, Record<string, unknown>>();
      for (const [key, [instanceId, eventId]] of keys.map((key, index) => [key, pairs[index]!] as const)) {
        const row = byInstance.get(instanceId);
        if (row) results.set(key, { ...row, applied: (row.applied_event_ids as string[]).includes(eventId) });
      }
      return results;
    },
  });
  return {
    async create(instance: NewInstance) {
      const { eventId, event, meta } = instance.startEvent;
      const { nomination, nominationStatus } = instance;
      // With a nomination to store, its status change waits until it exists.
      const statusLater = nomination && nominationStatus?.nominationId === nomination.nominationId;
      const params = [
        instance.instanceId,
        instance.definitionId,
        instance.definitionVersion,
        json(instance.snapshot),
        instance.status,
        instance.stateValue,
        instance.nominationId ?? null,
        eventId,
        event.type,
        json(event),
        json(meta),
        ...writeParams({ ...instance, nominationStatus: statusLater ? undefined : nominationStatus }),
      ];
      if (!nomination) {
        const { rows } = await driver.query<{ created: boolean }>(createSql, params);
        return rows[0]?.created ? ('created' as const) : ('exists' as const);
      }
      if (!nomination.attachments?.length) {
        const { rows } = await driver.query<{ created: boolean }>(createWithNominationSql, [
          ...params,
          ...nominationValues({ ...nomination, instanceId: instance.instanceId }),
          statusLater ? nominationStatus!.status : null,
        ]);
        return rows[0]?.created ? ('created' as const) : ('exists' as const);
      }
      return driver.transaction(async (tx) => {
        const { rows } = await tx.query<{ created: boolean }>(createSql, params);
        if (!rows[0]?.created) return 'exists' as const;
        await insertNomination(tx, { ...nomination, instanceId: instance.instanceId });
        if (statusLater) {
          await tx.query('UPDATE nominations SET status = $2 WHERE nomination_id = $1', [
            nominationStatus!.nominationId,
            nominationStatus!.status,
          ]);
        }
        return 'created' as const;
      });
    },

    async get(instanceId) {
      const { rows } = await driver.query('SELECT * FROM instances WHERE instance_id = $1', [instanceId]);
      return rows[0] ? toInstanceRecord(rows[0]) : null;
    },

    async loadForEvent(instanceId, eventId) {
      const row = await loadBatched(loadKey(instanceId, eventId));
      return row ? { instance: toInstanceRecord(row), applied: Boolean(row.applied) } : null;
    },

    async commit(transition: TransitionCommit): Promise<CommitResult> {
      const { rows } = await driver.query<{ version: number | null; cancelled_timers: Array<{ timerId: string; dueAtMs: number }> }>(
        commitSql,
        [
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
          json(transition.cancelSendIds),
          ...writeParams(transition),
        ],
      );
      const row = rows[0];
      if (row && row.version !== null) {
        return {
          outcome: 'committed',
          version: Number(row.version),
          cancelledTimers: row.cancelled_timers.map((timer) => ({ timerId: timer.timerId, dueAt: new Date(Math.round(timer.dueAtMs)) })),
        };
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
