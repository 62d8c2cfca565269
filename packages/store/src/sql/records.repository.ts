import { toNominationRecord, toTaskRecord, toUnitRecord } from '../records/record-mappers.ts';
import type { DuplicateCandidatesQuery, NewNomination, NominationCountQuery, NominationQuery, Store } from '../store.port.ts';
import { insertAttachments } from './attachments.repository.ts';
import { createKeyBatcher, groupRows, pairKey, splitPairKey } from './key-batcher.ts';
import type { SqlDriver, SqlExecutor } from './sql-driver.ts';
import { idList } from './sql-params.ts';

const json = (value: unknown) => JSON.stringify(value);
const iso = (value: Date | null | undefined) => (value ? value.toISOString() : null);

export function createTasksRepository(driver: SqlDriver): Store['tasks'] {
  // Read for every task mail and task page: concurrent reads share one statement (see key-batcher).
  const getBatched = createKeyBatcher<string, Record<string, unknown> | null>({
    missing: null,
    async run(taskIds) {
      const { rows } = await driver.query(`SELECT * FROM tasks WHERE task_id = ANY (${idList(1)})`, [taskIds]);
      return new Map(rows.map((row) => [String(row.task_id), row]));
    },
  });
  // Written for every mail that carries a task link: concurrent ones share one statement and one
  // commit. A closed task's status comes back (nothing is bound to it); every other key is bound.
  const addLinkBatched = createKeyBatcher<string, boolean>({
    missing: true,
    async run(keys) {
      const pairs = keys.map(splitPairKey);
      const { rows } = await driver.query(
        `WITH wanted AS (
           SELECT w.token_hash, w.task_id, t.status
           FROM unnest(${idList(1)}, ${idList(2)}) AS w (token_hash, task_id)
           LEFT JOIN tasks t ON t.task_id = w.task_id
         ), bound AS (
           INSERT INTO task_links (token_hash, task_id)
           SELECT token_hash, task_id FROM wanted WHERE status IS NULL OR status = 'open'
           ON CONFLICT (token_hash) DO NOTHING
         )
         SELECT token_hash, task_id FROM wanted WHERE status <> 'open'`,
        [pairs.map(([tokenHash]) => tokenHash), pairs.map(([, taskId]) => taskId)],
      );
      return new Map(rows.map((row) => [pairKey(String(row.token_hash), String(row.task_id)), false]));
    },
  });
  return {
    async create(task) {
      const { rowCount } = await driver.query(
        `INSERT INTO tasks (task_id, instance_id, nomination_id, step, assignee, due_at, token_hash, token_expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (task_id) DO NOTHING`,
        [
          task.taskId,
          task.instanceId,
          task.nominationId ?? null,
          task.step,
          task.assignee,
          iso(task.dueAt),
          task.tokenHash ?? null,
          iso(task.tokenExpiresAt),
        ],
      );
      return rowCount > 0 ? 'created' : 'exists';
    },
    async get(taskId) {
      const row = await getBatched(taskId);
      return row ? toTaskRecord(row) : null;
    },
    async getByTokenHash(tokenHash) {
      const { rows } = await driver.query(
        `SELECT t.* FROM task_links l JOIN tasks t ON t.task_id = l.task_id WHERE l.token_hash = $1
         UNION ALL
         SELECT * FROM tasks WHERE token_hash = $1
         LIMIT 1`,
        [tokenHash],
      );
      return rows[0] ? toTaskRecord(rows[0]) : null;
    },
    addLink: (taskId, tokenHash) => addLinkBatched(pairKey(tokenHash, taskId)),
    async listByAssignee(assignee, status) {
      const { rows } = await driver.query(
        `SELECT * FROM tasks WHERE assignee = $1 AND ($2::text IS NULL OR status = $2) ORDER BY created_at, task_id`,
        [assignee, status ?? null],
      );
      return rows.map(toTaskRecord);
    },
    async listByInstance(instanceId) {
      const { rows } = await driver.query('SELECT * FROM tasks WHERE instance_id = $1 ORDER BY created_at, task_id', [
        instanceId,
      ]);
      return rows.map(toTaskRecord);
    },
    async close(taskId, status, outcome) {
      const { rowCount } = await driver.query(
        `UPDATE tasks SET status = $2, outcome = $3, completed_at = now() WHERE task_id = $1 AND status = 'open'`,
        [taskId, status, outcome],
      );
      return rowCount > 0;
    },
  };
}

/** The columns a new nomination fills, with their types as `jsonb_to_record` reads a {@link nominationRecord}. */
export const nominationRecordColumns = `nomination_id text, tracking_code text, unit_id text, award_type_id text, period text,
  nominee jsonb, details jsonb, instance_id text, idempotency_key text, request_hash text, duplicate_key text`;

/** The names of {@link nominationRecordColumns}, in their order. */
export const nominationColumns = nominationRecordColumns
  .split(',')
  .map((column) => column.trim().split(' ')[0])
  .join(', ');

/** A new nomination (without its files) as the JSON record its insert reads. */
export const nominationRecord = (nomination: NewNomination) => ({
  nomination_id: nomination.nominationId,
  tracking_code: nomination.trackingCode,
  unit_id: nomination.unitId,
  award_type_id: nomination.awardTypeId,
  period: nomination.period,
  nominee: nomination.nominee,
  details: nomination.details,
  instance_id: nomination.instanceId ?? null,
  idempotency_key: nomination.idempotencyKey ?? null,
  request_hash: nomination.requestHash ?? null,
  duplicate_key: nomination.duplicateKey ?? null,
});

/** Inserts a nomination; shared by `nominations.create` and the instance-with-nomination commit. */
export async function insertNomination(executor: SqlExecutor, nomination: NewNomination): Promise<void> {
  await executor.query(
    `INSERT INTO nominations (${nominationColumns}) SELECT * FROM jsonb_to_record($1::jsonb) AS n(${nominationRecordColumns})`,
    [json(nominationRecord(nomination))],
  );
  if (nomination.attachments?.length) await insertAttachments(executor, nomination.nominationId, nomination.attachments);
}

/**
 * Duplicate candidates for several submissions at once, each oldest first, withdrawn ones
 * aside: those stored with the submission's key, and those stored before keys were kept (same
 * award and period, no key). Each branch has its partial index; the unkeyed one is empty once
 * every writer keeps keys.
 */
const duplicateCandidatesBatchSql = `
  SELECT q.query_key, n.*
    FROM jsonb_to_recordset($1::jsonb) AS q(query_key text, duplicate_key text, award_type_id text, period text)
   CROSS JOIN LATERAL (
     (SELECT * FROM nominations WHERE duplicate_key = q.duplicate_key AND status <> 'withdrawn'
       ORDER BY created_at, nomination_id LIMIT 1000)
     UNION ALL
     (SELECT * FROM nominations
       WHERE duplicate_key IS NULL AND award_type_id = q.award_type_id AND period = q.period AND status <> 'withdrawn'
       ORDER BY created_at LIMIT 1000)
   ) AS n
   ORDER BY q.query_key, n.created_at, n.nomination_id`;

/** Everything of `nominations` but the notices (nomination-notices.repository.ts). */
export function createNominationsRepository(driver: SqlDriver): Omit<Store['nominations'], 'appendDisclosure' | 'appendTally'> {
  // Read for every mail of a nomination (several per submission) and every page about one.
  const getBatched = createKeyBatcher<string, Record<string, unknown> | null>({
    missing: null,
    async run(nominationIds) {
      const { rows } = await driver.query(`SELECT * FROM nominations WHERE nomination_id = ANY (${idList(1)})`, [nominationIds]);
      return new Map(rows.map((row) => [String(row.nomination_id), row]));
    },
  });
  // Read for every submission: concurrent submissions share one statement.
  const duplicateCandidatesBatched = createKeyBatcher<string, Array<Record<string, unknown>>>({
    missing: [],
    async run(keys) {
      const { rows } = await driver.query<Record<string, unknown> & { query_key: string }>(duplicateCandidatesBatchSql, [
        json(keys.map((key) => {
          const [duplicateKey, awardTypeId, period] = JSON.parse(key) as [string, string, string];
          return { query_key: key, duplicate_key: duplicateKey, award_type_id: awardTypeId, period };
        })),
      ]);
      // Each row keeps its `query_key` column; the record mapper reads only the nomination's.
      return groupRows(rows, (row) => row.query_key);
    },
  });
  return {
    // With files it is several statements, so it takes a transaction to stay whole.
    create: (nomination) =>
      nomination.attachments?.length ? driver.transaction((tx) => insertNomination(tx, nomination)) : insertNomination(driver, nomination),
    async getByIdempotencyKey(idempotencyKey) {
      const { rows } = await driver.query('SELECT * FROM nominations WHERE idempotency_key = $1', [idempotencyKey]);
      return rows[0] ? toNominationRecord(rows[0]) : null;
    },
    async get(nominationId) {
      const row = await getBatched(nominationId);
      return row ? toNominationRecord(row) : null;
    },
    async getByTrackingCode(trackingCode) {
      const { rows } = await driver.query('SELECT * FROM nominations WHERE tracking_code = $1', [trackingCode]);
      return rows[0] ? toNominationRecord(rows[0]) : null;
    },
    async search(query: NominationQuery) {
      // Every filter is a bound parameter; user input never becomes SQL text.
      const { rows } = await driver.query(
        `SELECT * FROM nominations
          WHERE ($1::text IS NULL OR unit_id = $1)
            AND ($2::text IS NULL OR award_type_id = $2)
            AND ($3::text IS NULL OR period = $3)
            AND ($4::text IS NULL OR status = $4)
          ORDER BY created_at, nomination_id
          LIMIT $5`,
        [query.unitId ?? null, query.awardTypeId ?? null, query.period ?? null, query.status ?? null, Math.min(Math.max(Math.trunc(query.limit ?? 100), 1), 1000)],
      );
      return rows.map(toNominationRecord);
    },
    async count(query: NominationCountQuery) {
      if (query.statuses.length === 0) return 0;
      const { rows } = await driver.query<{ n: unknown }>(
        `SELECT count(*) AS n FROM nominations
          WHERE unit_id = $1 AND award_type_id = $2 AND period = $3 AND status = ANY ($4::text[])`,
        [query.unitId, query.awardTypeId, query.period, [...query.statuses]],
      );
      return Number(rows[0]?.n ?? 0);
    },
    async listDuplicateCandidates(query: DuplicateCandidatesQuery) {
      const rows = await duplicateCandidatesBatched(JSON.stringify([query.duplicateKey, query.awardTypeId, query.period]));
      return rows.map(toNominationRecord);
    },
    async setStatus(nominationId, status) {
      await driver.query('UPDATE nominations SET status = $2 WHERE nomination_id = $1', [nominationId, status]);
    },
  };
}

export function createUnitsRepository(driver: SqlDriver): Store['units'] {
  return {
    async upsert(unit) {
      await driver.query(
        `INSERT INTO units (unit_id, name_vi, name_en, parent_id, approvers, profile) VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb)
         ON CONFLICT (unit_id) DO UPDATE
           SET name_vi = EXCLUDED.name_vi, name_en = EXCLUDED.name_en, parent_id = EXCLUDED.parent_id,
               approvers = EXCLUDED.approvers, profile = EXCLUDED.profile, updated_at = now()`,
        [unit.unitId, unit.nameVi, unit.nameEn, unit.parentId, json(unit.approvers), json(unit.profile ?? {})],
      );
    },
    async get(unitId) {
      const { rows } = await driver.query('SELECT * FROM units WHERE unit_id = $1', [unitId]);
      return rows[0] ? toUnitRecord(rows[0]) : null;
    },
    async list() {
      const { rows } = await driver.query('SELECT * FROM units ORDER BY unit_id');
      return rows.map(toUnitRecord);
    },
  };
}
