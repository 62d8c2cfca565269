import { toInstanceRecord } from '../records/record-mappers.ts';
import type { CommitResult, InstanceStatus, LoadedForEvent, NewInstance, Store, TransitionCommit } from '../store.port.ts';
import { createGroupCommit } from './group-commit.ts';
import { createKeyBatcher, pairKey, splitPairKey } from './key-batcher.ts';
import { insertNomination } from './records.repository.ts';
import type { SqlDriver } from './sql-driver.ts';
import { batchParams, commitBatchSql, commitKeys, commitRecord, createBatchSql, createKeys, createRecord } from './transition-statements.ts';
import { idList } from './sql-params.ts';

/**
 * A group in instance id order: two groups that lock some of the same instance rows (two worker
 * processes) then take those locks in the same order, and cannot deadlock on them.
 */
const byInstanceId = <T extends { instanceId: string }>(items: T[]) =>
  [...items].sort((a, b) => (a.instanceId < b.instanceId ? -1 : a.instanceId > b.instanceId ? 1 : 0));

interface CommitRow {
  instance_id: string;
  version: number | null;
  cancelled_timers: Array<{ timerId: string; dueAtMs: number }>;
}

/**
 * Instances and, for each, which of the asked event ids its history holds (those asked for
 * another instance of the batch may come too; the caller looks for its own pair). Both lists
 * are read through {@link idList}, so PostgreSQL settles on one cached plan for the named
 * statement instead of planning each batch afresh.
 */
const loadBatchSql = `
  SELECT i.*,
         ARRAY(SELECT h.event_id FROM history h WHERE h.instance_id = i.instance_id AND h.event_id = ANY (${idList(2)})) AS applied_event_ids,
         (SELECT jsonb_object_agg(x.event_id, jsonb_build_object('event', x.event, 'meta', x.meta, 'failed', x.status = 'failed'))
            FROM inbox x WHERE x.instance_id = i.instance_id AND x.event_id = ANY (${idList(2)})) AS recorded_events
    FROM instances i
   WHERE i.instance_id = ANY (${idList(1)})`;

export function createInstancesRepository(driver: SqlDriver): Store['instances'] {
  // Every workflow job starts with this read: concurrent jobs share one statement (see key-batcher).
  const loadBatched = createKeyBatcher<string, Record<string, unknown> | null>({
    missing: null,
    async run(keys) {
      const pairs = keys.map(splitPairKey);
      const { rows } = await driver.query(loadBatchSql, [
        [...new Set(pairs.map(([instanceId]) => instanceId))],
        [...new Set(pairs.map(([, eventId]) => eventId))],
      ]);
      const byInstance = new Map(rows.map((row) => [String(row.instance_id), row]));
      const results = new Map<string, Record<string, unknown>>();
      for (const [key, [instanceId, eventId]] of keys.map((key, index) => [key, pairs[index]!] as const)) {
        const row = byInstance.get(instanceId);
        if (!row) continue;
        const recorded = (row.recorded_events as Record<string, NonNullable<LoadedForEvent['recorded']> & { failed: boolean }> | null) ?? {};
        const inbox = Object.hasOwn(recorded, eventId) ? recorded[eventId]! : null;
        results.set(key, {
          ...row,
          applied: (row.applied_event_ids as string[]).includes(eventId),
          recorded: inbox && { event: inbox.event, meta: inbox.meta },
          failed: inbox?.failed === true,
        });
      }
      return results;
    },
  });
  // Every workflow job ends with this write: concurrent jobs' commits share one statement.
  const commitGrouped = createGroupCommit<TransitionCommit, CommitRow>({
    keysOf: commitKeys,
    async run(transitions) {
      const { rows } = await driver.query<CommitRow>(commitBatchSql, batchParams(byInstanceId(transitions).map(commitRecord)));
      const byInstance = new Map(rows.map((row) => [row.instance_id, row]));
      return transitions.map((transition) => byInstance.get(transition.instanceId) ?? { instance_id: transition.instanceId, version: null, cancelled_timers: [] });
    },
  });
  // Every submission ends with this write: concurrent submissions share one statement.
  const createGrouped = createGroupCommit<NewInstance, 'created' | 'exists'>({
    keysOf: createKeys,
    async run(instances) {
      const { rows } = await driver.query<{ instance_id: string; created: boolean }>(
        createBatchSql,
        batchParams(byInstanceId(instances).map((instance) => createRecord(instance, true))),
      );
      const created = new Set(rows.filter((row) => row.created).map((row) => row.instance_id));
      return instances.map((instance) => (created.has(instance.instanceId) ? 'created' : 'exists'));
    },
  });
  return {
    async create(instance: NewInstance) {
      const { nomination, nominationStatus } = instance;
      if (!nomination?.attachments?.length) return createGrouped(instance);
      // Files are several statements more: the instance, its nomination and the files take one transaction.
      return driver.transaction(async (tx) => {
        const { rows } = await tx.query<{ created: boolean }>(createBatchSql, batchParams([createRecord(instance, false)]));
        if (!rows[0]?.created) return 'exists' as const;
        await insertNomination(tx, { ...nomination, instanceId: instance.instanceId });
        if (nominationStatus?.nominationId === nomination.nominationId) {
          await tx.query('UPDATE nominations SET status = $2 WHERE nomination_id = $1', [nomination.nominationId, nominationStatus.status]);
        }
        return 'created' as const;
      });
    },

    async get(instanceId) {
      const { rows } = await driver.query('SELECT * FROM instances WHERE instance_id = $1', [instanceId]);
      return rows[0] ? toInstanceRecord(rows[0]) : null;
    },

    async loadForEvent(instanceId, eventId) {
      const row = await loadBatched(pairKey(instanceId, eventId));
      return row
        ? { instance: toInstanceRecord(row), applied: Boolean(row.applied), recorded: row.recorded as LoadedForEvent['recorded'], failed: row.failed === true }
        : null;
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

    async listInState(stateValue, limit, after) {
      // The first page and the next are two statements: in one prepared for both, its generic
      // plan would read the cursor as a filter, each page scanning the state from its start.
      const { rows } = await driver.query(
        after === undefined
          ? 'SELECT * FROM instances WHERE state_value = $1 ORDER BY instance_id LIMIT $2'
          : 'SELECT * FROM instances WHERE state_value = $1 AND instance_id > $3 ORDER BY instance_id LIMIT $2',
        after === undefined ? [stateValue, limit] : [stateValue, limit, after],
      );
      return rows.map(toInstanceRecord);
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
