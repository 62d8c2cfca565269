import { date, toFailedInboxEvent, toFailedOutboxRow, toHistoryEntry, toInboxEvent, toPendingOutboxRow, toTimerRecord } from '../records/record-mappers.ts';
import type { FailedEffectSelection, InboxCursor, PageCursor, Store } from '../store.port.ts';
import { createGroupCommit } from './group-commit.ts';
import { createKeyBatcher, pairKey } from './key-batcher.ts';
import type { SqlDriver } from './sql-driver.ts';
import { idList } from './sql-params.ts';

const json = (value: unknown) => JSON.stringify(value);

export function createHistoryRepository(driver: SqlDriver): Store['history'] {
  return {
    async list(instanceId) {
      const { rows } = await driver.query('SELECT * FROM history WHERE instance_id = $1 ORDER BY version', [instanceId]);
      return rows.map(toHistoryEntry);
    },
    async get(instanceId, eventId) {
      // Along the unique (instance_id, event_id) index.
      const { rows } = await driver.query('SELECT * FROM history WHERE instance_id = $1 AND event_id = $2', [instanceId, eventId]);
      return rows[0] ? toHistoryEntry(rows[0]) : null;
    },
    async lastEntered(instanceId, stateValue) {
      // Newest first along the primary key (instance_id, version): stops at the entry into the state.
      const { rows } = await driver.query<{ at: unknown }>(
        `SELECT at FROM history
          WHERE instance_id = $1 AND to_state = $2 AND from_state IS DISTINCT FROM $2
          ORDER BY version DESC LIMIT 1`,
        [instanceId, stateValue],
      );
      return rows[0] ? date(rows[0].at) : null;
    },
  };
}

/**
 * Events for several instances (no event twice: see group-commit.ts) recorded by one
 * statement, each only if its instance exists; every one comes back with whether its instance
 * exists and whether it was added by this statement.
 */
const inboxAddBatchSql = `
  WITH x AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(instance_id text, event_id text, event jsonb, meta jsonb)
  ), known AS (
    SELECT instance_id FROM instances WHERE instance_id = ANY (${idList(2)})
  ), added AS (
    INSERT INTO inbox (instance_id, event_id, event, meta)
    SELECT x.instance_id, x.event_id, x.event, x.meta FROM x WHERE x.instance_id IN (SELECT instance_id FROM known)
    ON CONFLICT (instance_id, event_id) DO NOTHING
    RETURNING instance_id, event_id
  )
  SELECT x.instance_id, x.event_id,
         EXISTS (SELECT 1 FROM known k WHERE k.instance_id = x.instance_id) AS instance,
         EXISTS (SELECT 1 FROM added a WHERE a.instance_id = x.instance_id AND a.event_id = x.event_id) AS added
    FROM x`;

type InboxAddition = Parameters<Store['inbox']['add']>[0];
type InboxAddOutcome = Awaited<ReturnType<Store['inbox']['add']>>;

export function createInboxRepository(driver: SqlDriver): Store['inbox'] {
  // Every dispatched event starts with this write: concurrent dispatches share one statement.
  const addGrouped = createGroupCommit<InboxAddition, InboxAddOutcome>({
    keysOf: (event) => [pairKey(event.instanceId, event.eventId)],
    async run(events) {
      const { rows } = await driver.query<{ instance_id: string; event_id: string; instance: boolean; added: boolean }>(inboxAddBatchSql, [
        json(events.map((event) => ({ instance_id: event.instanceId, event_id: event.eventId, event: event.event, meta: event.meta }))),
        [...new Set(events.map((event) => event.instanceId))],
      ]);
      const outcomes = new Map(
        rows.map((row) => [pairKey(row.instance_id, row.event_id), !row.instance ? 'no-instance' : row.added ? 'added' : 'exists'] as const),
      );
      return events.map((event) => outcomes.get(pairKey(event.instanceId, event.eventId)) ?? 'no-instance');
    },
  });
  return {
    add: addGrouped,
    async listPending(olderThan, limit, after) {
      const { rows } = await driver.query(...inboxPage.pending(olderThan, limit, after));
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
    async listFailed(limit, after) {
      const { rows } = await driver.query(...inboxPage.failed(limit, after));
      return rows.map(toFailedInboxEvent);
    },
    async retryFailed(selection) {
      return retryFailedRows(driver, 'inbox', selection);
    },
  };
}

/**
 * Listings of `table` in creation order, a page at a time: rows of one status, ordered by
 * `created_at` and then the row's key, strictly after the cursor's row. The inbox's key is
 * (instance, event): an event id is unique only within its instance, and the events of one
 * grouped statement share their `created_at`, so the time and the event id alone would tie and
 * a page could skip the rest of a tie.
 *
 * The first page and the next ones are two statements: prepared, a statement ends up with one
 * generic plan for every run, where a cursor written `($n IS NULL OR …)` is only a filter, and
 * each page would read the partial index from its oldest row (a backlog's pages, quadratic).
 */
function pagedListing<Cursor extends PageCursor>(table: 'inbox' | 'outbox', keyColumns: string[], keyValues: (after: Cursor) => string[]) {
  const order = ['created_at', ...keyColumns].join(', ');
  const afterCursor = (first: number) => `(${order}) > ($${first}::timestamptz, ${keyColumns.map((_, i) => `$${first + 1 + i}::text`).join(', ')})`;
  const cursorParams = (after: Cursor) => [after.createdAt.toISOString(), ...keyValues(after)];
  const pendingSql = (after: boolean) =>
    `SELECT * FROM ${table} WHERE status = 'pending' AND created_at < $1${after ? ` AND ${afterCursor(3)}` : ''} ORDER BY ${order} LIMIT $2`;
  const failedSql = (after: boolean) => `SELECT * FROM ${table} WHERE status = 'failed'${after ? ` AND ${afterCursor(2)}` : ''} ORDER BY ${order} LIMIT $1`;
  const [pendingFirst, pendingNext, failedFirst, failedNext] = [pendingSql(false), pendingSql(true), failedSql(false), failedSql(true)];
  return {
    pending: (olderThan: Date, limit: number, after: Cursor | undefined): [string, unknown[]] =>
      after ? [pendingNext, [olderThan.toISOString(), limit, ...cursorParams(after)]] : [pendingFirst, [olderThan.toISOString(), limit]],
    failed: (limit: number, after: Cursor | undefined): [string, unknown[]] => (after ? [failedNext, [limit, ...cursorParams(after)]] : [failedFirst, [limit]]),
  };
}

const inboxPage = pagedListing<InboxCursor>('inbox', ['instance_id', 'event_id'], (after) => [after.instanceId, after.key]);
const outboxPage = pagedListing<PageCursor>('outbox', ['effect_id'], (after) => [after.key]);

/** Failed rows back to pending, reason cleared: all of them, or those the selection names. */
async function retryFailedRows(driver: SqlDriver, table: 'inbox' | 'outbox', selection: FailedEffectSelection): Promise<number> {
  const put = `UPDATE ${table} SET status = 'pending', error = NULL WHERE status = 'failed'`;
  if (selection === 'all') return (await driver.query(put)).rowCount;
  if (table === 'inbox' && 'effectIds' in selection) throw new TypeError('failed events are selected all or by instance, not by effect id');
  const [column, ids] = 'instanceIds' in selection ? ['instance_id', selection.instanceIds] : ['effect_id', selection.effectIds];
  if (ids.length === 0) return 0;
  return (await driver.query(`${put} AND ${column} = ANY ($1::text[])`, [[...ids]])).rowCount;
}

export function createOutboxRepository(driver: SqlDriver): Store['outbox'] {
  // Every effect job reads its row and marks it done: under load these two are the busiest
  // statements of the store, so concurrent calls share one statement each (see key-batcher).
  const getBatched = createKeyBatcher<string, Record<string, unknown> | null>({
    missing: null,
    async run(effectIds) {
      const { rows } = await driver.query(`SELECT * FROM outbox WHERE effect_id = ANY (${idList(1)})`, [effectIds]);
      return new Map(rows.map((row) => [String(row.effect_id), row]));
    },
  });
  const markDoneBatched = createKeyBatcher<string, void>({
    missing: undefined,
    async run(effectIds) {
      await driver.query(`UPDATE outbox SET status = 'done', done_at = now() WHERE effect_id = ANY (${idList(1)}) AND status = 'pending'`, [
        effectIds,
      ]);
      return new Map();
    },
  });
  return {
    async listPending(olderThan, limit, after) {
      const { rows } = await driver.query(...outboxPage.pending(olderThan, limit, after));
      return rows.map(toPendingOutboxRow);
    },
    async get(effectId) {
      const row = await getBatched(effectId);
      return row ? { ...toPendingOutboxRow(row), done: row.status === 'done', failed: row.status === 'failed' } : null;
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
    async listFailed(limit, after) {
      const { rows } = await driver.query(...outboxPage.failed(limit, after));
      return rows.map(toFailedOutboxRow);
    },
    async retryFailed(selection) {
      return retryFailedRows(driver, 'outbox', selection);
    },
  };
}

export function createTimersRepository(driver: SqlDriver): Store['timers'] {
  return {
    async get(timerId) {
      const { rows } = await driver.query('SELECT * FROM timers WHERE timer_id = $1', [timerId]);
      return rows[0] ? toTimerRecord(rows[0]) : null;
    },
    async listPending(dueBefore, limit, dueAfter) {
      const { rows } =
        dueAfter === undefined
          ? await driver.query(`SELECT * FROM timers WHERE status = 'pending' AND due_at <= $1 ORDER BY due_at LIMIT $2`, [dueBefore.toISOString(), limit])
          : await driver.query(`SELECT * FROM timers WHERE status = 'pending' AND due_at <= $1 AND due_at > $3 ORDER BY due_at LIMIT $2`, [
              dueBefore.toISOString(),
              limit,
              dueAfter.toISOString(),
            ]);
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
