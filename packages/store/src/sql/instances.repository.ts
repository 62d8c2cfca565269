import { toInstanceRecord } from '../records/record-mappers.ts';
import type { CommitResult, InstanceStatus, NewInstance, Store, StoreWrites, TransitionCommit } from '../store.port.ts';
import { createGroupCommit } from './group-commit.ts';
import { createKeyBatcher } from './key-batcher.ts';
import { insertNomination, nominationColumns, nominationPlaceholders, nominationValues } from './records.repository.ts';
import type { SqlDriver } from './sql-driver.ts';

const json = (value: unknown) => JSON.stringify(value);
const iso = (value: Date | null | undefined) => (value ? value.toISOString() : null);

const outboxItems = (rows: TransitionCommit['outbox']) =>
  rows.map((row) => ({ effect_id: row.effectId, queue: row.queue, type: row.type, payload: row.payload }));

const timerItems = (rows: TransitionCommit['timers']) =>
  rows.map((row) => ({ timer_id: row.timerId, send_id: row.sendId, event: row.event, due_at: row.dueAt.toISOString() }));

const taskItems = (rows: StoreWrites['tasksToOpen'] = []) =>
  rows.map((task) => ({
    task_id: task.taskId,
    nomination_id: task.nominationId ?? null,
    step: task.step,
    assignee: task.assignee,
    due_at: iso(task.dueAt),
    token_hash: task.tokenHash ?? null,
    token_expires_at: iso(task.tokenExpiresAt),
  }));

/** One closing per task id, the first one: what closing them one after the other would leave. */
const uniqueClosings = (rows: StoreWrites['tasksToClose'] = []) => {
  const seen = new Set<string>();
  const unique = rows.filter((row) => !seen.has(row.taskId) && seen.add(row.taskId));
  return unique.map((row) => ({ task_id: row.taskId, status: row.status, outcome: row.outcome }));
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
  json(outboxItems(writes.outbox)),
  json(timerItems(writes.timers)),
  json(taskItems(writes.tasksToOpen)),
  json(uniqueClosings(writes.tasksToClose)),
  writes.nominationStatus?.nominationId ?? null,
  writes.nominationStatus?.status ?? null,
  (writes.tasksToClose ?? []).map((closing) => closing.taskId),
];

/**
 * Commits of several instances (no two of one instance or one nomination: see group-commit.ts)
 * as one statement, so they are atomic without an explicit transaction and cost one round trip
 * together. `$1` is the commits as JSON; `$2`, `$3` and `$4` list the instance, closing task and
 * nomination ids they touch, so every lookup stays on a primary key or index whatever the
 * planner guesses of the JSON. Every write hangs on `ok`, the commits whose instance row was
 * updated: when the version moved or the event was already applied, nothing of that commit is
 * written. Sub-statements of one statement cannot see each other's rows, so the closing UPDATE
 * only reaches tasks open before the statement; one opened and closed by the same commit is
 * inserted closed.
 */
const commitBatchSql = `
  WITH c AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS c(
      instance_id text, expected_version int, snapshot jsonb, status text, state_value text, event_id text,
      event_type text, event jsonb, meta jsonb, from_state text, to_state text, changed boolean,
      cancel_send_ids jsonb, outbox jsonb, timers jsonb, tasks_open jsonb, tasks_close jsonb,
      nomination_id text, nomination_status text)
  ), upd AS (
    UPDATE instances i
       SET snapshot = c.snapshot, version = i.version + 1, status = c.status, state_value = c.state_value, updated_at = now()
      FROM c
     WHERE i.instance_id = ANY ($2::text[]) AND i.instance_id = c.instance_id AND i.version = c.expected_version
       AND NOT EXISTS (SELECT 1 FROM history h WHERE h.instance_id = c.instance_id AND h.event_id = c.event_id)
    RETURNING i.instance_id, i.version
  ), ok AS (
    SELECT c.*, upd.version AS new_version FROM c JOIN upd ON upd.instance_id = c.instance_id
  ), hist AS (
    INSERT INTO history (instance_id, version, event_id, event_type, event, meta, from_state, to_state, changed)
    SELECT instance_id, new_version, event_id, event_type, event, meta, from_state, to_state, changed FROM ok
  ), inbox_mark AS (
    -- the event as the history keeps it: secret fields redacted from the inbox copy too
    UPDATE inbox b SET status = 'applied', applied_at = now(), event = ok.event
      FROM ok
     WHERE b.instance_id = ANY ($2::text[]) AND b.instance_id = ok.instance_id AND b.event_id = ok.event_id
  ), cancelled AS (
    UPDATE timers t SET status = 'cancelled'
      FROM (SELECT ok.instance_id, x.send_id FROM ok, jsonb_array_elements_text(ok.cancel_send_ids) AS x(send_id)) k
     WHERE t.instance_id = ANY ($2::text[]) AND t.status = 'pending'
       AND t.instance_id = k.instance_id AND t.send_id = k.send_id
    RETURNING t.instance_id, t.timer_id, t.due_at
  ), outbox_rows AS (
    INSERT INTO outbox (effect_id, instance_id, queue, type, payload)
    SELECT x.effect_id, ok.instance_id, x.queue, x.type, x.payload
      FROM ok, jsonb_to_recordset(ok.outbox) AS x(effect_id text, queue text, type text, payload jsonb)
  ), timer_rows AS (
    INSERT INTO timers (timer_id, instance_id, send_id, event, due_at)
    SELECT x.timer_id, ok.instance_id, x.send_id, x.event, x.due_at
      FROM ok, jsonb_to_recordset(ok.timers) AS x(timer_id text, send_id text, event jsonb, due_at timestamptz)
  ), closing AS (
    SELECT x.task_id, x.status, x.outcome
      FROM ok, jsonb_to_recordset(ok.tasks_close) AS x(task_id text, status text, outcome text)
  ), task_rows AS (
    INSERT INTO tasks (task_id, instance_id, nomination_id, step, assignee, due_at, token_hash, token_expires_at,
                       status, outcome, completed_at)
    SELECT x.task_id, ok.instance_id, x.nomination_id, x.step, x.assignee, x.due_at, x.token_hash, x.token_expires_at,
           coalesce(cl.status, 'open'), cl.outcome, CASE WHEN cl.task_id IS NULL THEN NULL ELSE now() END
      FROM ok
     CROSS JOIN jsonb_to_recordset(ok.tasks_open)
           AS x(task_id text, nomination_id text, step text, assignee text, due_at timestamptz, token_hash text,
                token_expires_at timestamptz)
      LEFT JOIN closing cl ON cl.task_id = x.task_id
    ON CONFLICT (task_id) DO NOTHING
  ), task_closes AS (
    UPDATE tasks t SET status = cl.status, outcome = cl.outcome, completed_at = now()
      FROM closing cl
     WHERE t.task_id = ANY ($3::text[]) AND t.task_id = cl.task_id AND t.status = 'open'
  ), nomination_status AS (
    UPDATE nominations n SET status = ok.nomination_status
      FROM ok
     WHERE n.nomination_id = ANY ($4::text[]) AND n.nomination_id = ok.nomination_id AND ok.nomination_status IS NOT NULL
  )
  SELECT c.instance_id, upd.version,
         (SELECT coalesce(jsonb_agg(jsonb_build_object('timerId', k.timer_id, 'dueAtMs', (extract(epoch FROM k.due_at) * 1000)::float8)), '[]'::jsonb)
            FROM cancelled k WHERE k.instance_id = c.instance_id) AS cancelled_timers
    FROM c LEFT JOIN upd ON upd.instance_id = c.instance_id`;

/** One commit as a record of {@link commitBatchSql}'s `$1`. */
const commitRecord = (transition: TransitionCommit) => {
  const closings = uniqueClosings(transition.tasksToClose);
  return {
    instance_id: transition.instanceId,
    expected_version: transition.expectedVersion,
    snapshot: transition.snapshot,
    status: transition.status,
    state_value: transition.toState,
    event_id: transition.eventId,
    event_type: transition.event.type,
    event: transition.event,
    meta: transition.meta,
    from_state: transition.fromState,
    to_state: transition.toState,
    changed: transition.changed,
    cancel_send_ids: transition.cancelSendIds,
    outbox: outboxItems(transition.outbox),
    timers: timerItems(transition.timers),
    tasks_open: taskItems(transition.tasksToOpen),
    tasks_close: closings,
    nomination_id: transition.nominationStatus?.nominationId ?? null,
    nomination_status: transition.nominationStatus?.status ?? null,
  };
};

/** What no two commits of one statement may share: the instance, and the nomination whose status they set. */
const commitKeys = (transition: TransitionCommit) =>
  transition.nominationStatus ? [`i:${transition.instanceId}`, `n:${transition.nominationStatus.nominationId}`] : [`i:${transition.instanceId}`];

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

interface CommitRow {
  instance_id: string;
  version: number | null;
  cancelled_timers: Array<{ timerId: string; dueAtMs: number }>;
}

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
  // Every workflow job ends with this write: concurrent jobs' commits share one statement.
  const commitGrouped = createGroupCommit<TransitionCommit, CommitRow>({
    keysOf: commitKeys,
    async run(transitions) {
      const { rows } = await driver.query<CommitRow>(commitBatchSql, [
        json(transitions.map(commitRecord)),
        transitions.map((transition) => transition.instanceId),
        transitions.flatMap((transition) => (transition.tasksToClose ?? []).map((closing) => closing.taskId)),
        transitions.flatMap((transition) => (transition.nominationStatus ? [transition.nominationStatus.nominationId] : [])),
      ]);
      const byInstance = new Map(rows.map((row) => [row.instance_id, row]));
      return transitions.map((transition) => byInstance.get(transition.instanceId) ?? { instance_id: transition.instanceId, version: null, cancelled_timers: [] });
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
      const row = await commitGrouped(transition);
      if (row.version !== null) {
        return {
          outcome: 'committed',
          version: Number(row.version),
          cancelledTimers: row.cancelled_timers.map((timer) => ({ timerId: timer.timerId, dueAt: new Date(Math.round(timer.dueAtMs)) })),
        };
      }
      // Not committed (rare): the history, read now, tells a repeat from a moved version.
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
