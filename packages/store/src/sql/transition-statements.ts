/**
 * The statements that write transitions: a group of commits, and a group of new instances
 * (see group-commit.ts). Each is one statement for many instances — atomic without an explicit
 * transaction, one round trip, one WAL flush — and each instance in it is written whole or not
 * at all: every write hangs on the CTE `ok`, the instances whose row was updated (commit) or
 * inserted (create).
 *
 * `$1` carries the group as JSON records; `$2`, `$3` and `$4` list the instance, closing task and
 * nomination ids it touches, so every lookup stays on a primary key or index whatever the
 * planner guesses of the JSON.
 */
import type { NewInstance, StoreWrites, TransitionCommit } from '../store.port.ts';
import { nominationColumns, nominationRecord, nominationRecordColumns } from './records.repository.ts';
import { idList } from './sql-params.ts';

const iso = (value: Date | null | undefined) => (value ? value.toISOString() : null);

/**
 * The writes a transition carries besides the instance row, for each row of `ok` (columns
 * instance_id, outbox, timers, tasks_open, tasks_close, status_nomination_id, nomination_status).
 *
 * Tasks: the openings are inserted (an existing task id is left as it is), each already closed
 * when the same transition also closes it — sub-statements of one statement cannot see each
 * other's rows, so the closing UPDATE only reaches tasks open before the statement.
 */
const writeCtes = `
  outbox_rows AS (
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
     WHERE t.task_id = ANY (${idList(3)}) AND t.task_id = cl.task_id AND t.status = 'open'
  ), nomination_status AS (
    UPDATE nominations n SET status = ok.nomination_status
      FROM ok
     WHERE n.nomination_id = ANY (${idList(4)}) AND n.nomination_id = ok.status_nomination_id AND ok.nomination_status IS NOT NULL
  )`;

/** Columns of the {@link writeCtes} part of a record. */
const writeColumns = `outbox jsonb, timers jsonb, tasks_open jsonb, tasks_close jsonb, status_nomination_id text, nomination_status text`;

/**
 * Commits: each only if its instance's version is unchanged and its event not yet in the
 * history. Returns every commit's instance id with its new version (null: not committed) and
 * the timers it cancelled.
 */
export const commitBatchSql = `
  WITH c AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS c(
      instance_id text, expected_version int, snapshot jsonb, status text, state_value text, event_id text,
      event_type text, event jsonb, meta jsonb, from_state text, to_state text, changed boolean,
      cancel_send_ids jsonb, ${writeColumns})
  ), upd AS (
    UPDATE instances i
       SET snapshot = c.snapshot, version = i.version + 1, status = c.status, state_value = c.state_value, updated_at = now()
      FROM c
     WHERE i.instance_id = ANY (${idList(2)}) AND i.instance_id = c.instance_id AND i.version = c.expected_version
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
     WHERE b.instance_id = ANY (${idList(2)}) AND b.instance_id = ok.instance_id AND b.event_id = ok.event_id
  ), cancelled AS (
    -- A pending timer, or one that fired but whose event was not applied (not the event applied
    -- now): left \`fired\`, that event would act on a later entry of the state that set it. A
    -- timer that fires while this statement waits for its row is re-checked as \`fired\`, and its
    -- inbox row, newer than this statement, is not \`applied\` to it: cancelled too.
    UPDATE timers t SET status = 'cancelled'
      FROM (SELECT ok.instance_id, ok.event_id, x.send_id FROM ok, jsonb_array_elements_text(ok.cancel_send_ids) AS x(send_id)) k
     WHERE t.instance_id = ANY (${idList(2)}) AND t.instance_id = k.instance_id AND t.send_id = k.send_id
       AND t.timer_id <> k.event_id
       AND (t.status = 'pending'
            OR (t.status = 'fired'
                AND NOT EXISTS (SELECT 1 FROM inbox b WHERE b.instance_id = t.instance_id AND b.event_id = t.timer_id AND b.status = 'applied')))
    RETURNING t.instance_id, t.timer_id, t.due_at
  ), cancelled_by_instance AS (
    -- grouped once and joined, not looked up per commit: that would scan every cancelled row for each
    SELECT k.instance_id,
           jsonb_agg(jsonb_build_object('timerId', k.timer_id, 'dueAtMs', (extract(epoch FROM k.due_at) * 1000)::float8)) AS timers
      FROM cancelled k GROUP BY k.instance_id
  ), ${writeCtes}
  SELECT c.instance_id, upd.version, coalesce(k.timers, '[]'::jsonb) AS cancelled_timers
    FROM c LEFT JOIN upd ON upd.instance_id = c.instance_id
           LEFT JOIN cancelled_by_instance k ON k.instance_id = c.instance_id`;

/**
 * New instances, each with its first history entry, the writes of its initial transition and,
 * when its record carries one, its nomination (without files), inserted in the state the initial
 * transition gives it (the column's default when it gives none). An instance id that exists
 * writes nothing; a clashing idempotency key or tracking code fails the statement.
 */
export const createBatchSql = `
  WITH c AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS c(
      instance_id text, definition_id text, definition_version int, snapshot jsonb, status text, state_value text,
      nomination_id text, event_id text, event_type text, event jsonb, meta jsonb, ${writeColumns},
      nomination jsonb, new_nomination_status text)
  ), ins AS (
    INSERT INTO instances (instance_id, definition_id, definition_version, snapshot, version, status, state_value, nomination_id)
    SELECT instance_id, definition_id, definition_version, snapshot, 1, status, state_value, nomination_id
      FROM c WHERE c.instance_id = ANY (${idList(2)})
    ON CONFLICT (instance_id) DO NOTHING
    RETURNING instance_id
  ), ok AS (
    SELECT c.* FROM c JOIN ins ON ins.instance_id = c.instance_id
  ), hist AS (
    INSERT INTO history (instance_id, version, event_id, event_type, event, meta, from_state, to_state, changed)
    SELECT instance_id, 1, event_id, event_type, event, meta, NULL, state_value, true FROM ok
  ), nomination_rows AS (
    INSERT INTO nominations (${nominationColumns}, status)
    SELECT n.*, coalesce(ok.new_nomination_status, 'submitted')
      FROM ok CROSS JOIN jsonb_to_record(ok.nomination) AS n(${nominationRecordColumns})
     WHERE ok.nomination IS NOT NULL
  ), ${writeCtes}
  SELECT c.instance_id, EXISTS (SELECT 1 FROM ins WHERE ins.instance_id = c.instance_id) AS created FROM c`;

/** One closing per task id, the first one: what closing them one after the other would leave. */
const uniqueClosings = (rows: StoreWrites['tasksToClose'] = []) => {
  const seen = new Set<string>();
  return rows
    .filter((row) => !seen.has(row.taskId) && seen.add(row.taskId))
    .map((row) => ({ task_id: row.taskId, status: row.status, outcome: row.outcome }));
};

/** The {@link writeCtes} part of a record. */
const writeRecord = (writes: Pick<TransitionCommit, 'outbox' | 'timers'> & StoreWrites) => ({
  outbox: writes.outbox.map((row) => ({ effect_id: row.effectId, queue: row.queue, type: row.type, payload: row.payload })),
  timers: writes.timers.map((row) => ({ timer_id: row.timerId, send_id: row.sendId, event: row.event, due_at: row.dueAt.toISOString() })),
  tasks_open: (writes.tasksToOpen ?? []).map((task) => ({
    task_id: task.taskId,
    nomination_id: task.nominationId ?? null,
    step: task.step,
    assignee: task.assignee,
    due_at: iso(task.dueAt),
    token_hash: task.tokenHash ?? null,
    token_expires_at: iso(task.tokenExpiresAt),
  })),
  tasks_close: uniqueClosings(writes.tasksToClose),
  status_nomination_id: writes.nominationStatus?.nominationId ?? null,
  nomination_status: writes.nominationStatus?.status ?? null,
});

/** One commit as a record of {@link commitBatchSql}. */
export const commitRecord = (transition: TransitionCommit) => ({
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
  ...writeRecord(transition),
});

/**
 * One new instance as a record of {@link createBatchSql}. A nomination stored with the instance
 * takes the status the initial transition gives it as it is inserted; `withNomination: false`
 * leaves it out (the caller stores it, files and all, in the same transaction).
 */
export function createRecord(instance: NewInstance, withNomination: boolean) {
  const { eventId, event, meta } = instance.startEvent;
  const { nomination, nominationStatus } = instance;
  // The status of the nomination stored with it is set as that one is inserted.
  const statusOfNew = nomination && nominationStatus?.nominationId === nomination.nominationId;
  return {
    instance_id: instance.instanceId,
    definition_id: instance.definitionId,
    definition_version: instance.definitionVersion,
    snapshot: instance.snapshot,
    status: instance.status,
    state_value: instance.stateValue,
    nomination_id: instance.nominationId ?? null,
    event_id: eventId,
    event_type: event.type,
    event,
    meta,
    ...writeRecord({ ...instance, nominationStatus: statusOfNew ? undefined : nominationStatus }),
    nomination: withNomination && nomination ? nominationRecord({ ...nomination, instanceId: instance.instanceId }) : null,
    new_nomination_status: statusOfNew ? nominationStatus!.status : null,
  };
}

type BatchRecord = ReturnType<typeof commitRecord> | ReturnType<typeof createRecord>;

/** The parameters of either statement for a group of its records. */
export const batchParams = (records: BatchRecord[]) => [
  JSON.stringify(records),
  records.map((record) => record.instance_id),
  records.flatMap((record) => record.tasks_close.map((closing) => closing.task_id)),
  records.flatMap((record) => (record.status_nomination_id ? [record.status_nomination_id] : [])),
];

/** What no two commits of one statement may share: the instance, and the nomination whose status they set. */
export const commitKeys = (transition: TransitionCommit) =>
  transition.nominationStatus ? [`i:${transition.instanceId}`, `n:${transition.nominationStatus.nominationId}`] : [`i:${transition.instanceId}`];

/** What no two new instances of one statement may share: their ids, their nominations' ids, keys and codes. */
export const createKeys = (instance: NewInstance) => {
  const keys = [`i:${instance.instanceId}`];
  if (instance.nominationStatus) keys.push(`n:${instance.nominationStatus.nominationId}`);
  const { nomination } = instance;
  if (nomination) {
    if (nomination.nominationId !== instance.nominationStatus?.nominationId) keys.push(`n:${nomination.nominationId}`);
    keys.push(`t:${nomination.trackingCode}`);
    if (nomination.idempotencyKey) keys.push(`k:${nomination.idempotencyKey}`);
  }
  return keys;
};
